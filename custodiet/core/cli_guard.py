"""Django commands the ``custodiet`` command line refuses or audits, because they would go around the
people pages' four eyes, or print confidential data or the keys in clear, without a trace.

- ``changepassword`` would set any account's password, a secretariat member's included, with no second
  person, no forced change at the next login and no audit entry. A password is set by its owner, or
  issued as a one-time password on the people pages (approved by the secretariat where the account
  sees testimony).
- ``createsuperuser`` and ``loaddata`` would make accounts (any role, any password) outside the role
  model: ``custodiet people bootstrap`` makes the first ones, the people pages the others, and
  ``custodiet backup restore`` brings a whole database back.
- ``diffsettings`` prints the settings, the secret key and the encryption keys among them.
- ``dumpdata`` decrypts what it prints: it is allowed only for the treaty records and the catalogue
  of standards, which are public anyway, each time with an audit entry; the whole database goes into
  an encrypted ``custodiet backup create``.

``shell`` and ``dbshell`` are not guarded: whoever may run them on the server holds the key file and
can read everything (docs/security.md); this keeps the documented commands from doing it silently.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

# What dumpdata may print: app labels, or app.model in lower case.
DUMPABLE = frozenset({"treaties", "standards.standard"})


class Refused(Exception):
    """The command is not run; the message says what to use instead."""


def _refusals() -> dict[str, str]:
    return {
        "changepassword": _(
            "changepassword is disabled: a password is set by its owner, or issued as a one-time password "
            "on the people pages (/people/), with the secretariat's approval for an account that sees "
            "testimony"
        ),
        "createsuperuser": _(
            "createsuperuser is disabled: `custodiet people bootstrap` makes the first administrator and "
            "secretariat; the people pages make every other account"
        ),
        "loaddata": _(
            "loaddata is disabled: it would write accounts and records outside the services and their "
            "audit trail; `custodiet backup restore` brings a database back, the load commands the "
            "reference data"
        ),
        "diffsettings": _("diffsettings is disabled: it prints the secret key and the encryption keys"),
    }


def guard(argv: list[str]) -> None:
    """Refuse a command named in the module's docstring, or write the audit entry of an allowed dump.

    ``argv`` is the command line without the program's name and without ``--language``."""
    if not argv:
        return
    command, rest = argv[0], argv[1:]
    refusal = _refusals().get(command)
    if refusal is not None:
        raise Refused(refusal)
    if command == "dumpdata" and not any(word in ("-h", "--help") for word in rest):
        labels = _dump_labels(rest)
        if labels is None:
            return  # a line the command's own parser refuses: Django says why, and nothing is dumped
        if not labels or not all(_dumpable(label) for label in labels):
            raise Refused(
                _(
                    "dumpdata prints decrypted data: it is allowed only for the treaty records (treaties) "
                    "and the catalogue of standards (standards.Standard), named on the command line; the "
                    "whole database goes into an encrypted `custodiet backup create`"
                )
            )
        from custodiet.core.audit import audit_record

        audit_record(actor=None, verb="data.dump", detail={"labels": sorted(labels)})


def _dumpable(label: str) -> bool:
    app = label.split(".")[0].lower()
    return app in DUMPABLE or label.lower() in DUMPABLE


def _dump_labels(rest: list[str]) -> list[str] | None:
    """The app labels (``app`` or ``app.Model``) a ``dumpdata`` line names, read by the command's own
    parser so that an option's value (``-o FILE``, ``--indent 2``) is not taken for one; None for a line
    that parser refuses (Django then reports it)."""
    from django.core.management.base import CommandError
    from django.core.management.commands.dumpdata import Command

    try:
        known, unknown = Command().create_parser("custodiet", "dumpdata").parse_known_args(rest)
    except (CommandError, SystemExit):
        return None
    if unknown:
        return None
    return [str(label) for label in known.args]
