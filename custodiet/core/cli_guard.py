"""Django commands the ``custodiet`` command line refuses or audits, because they would go around the
people pages' four eyes or print confidential data in clear without a trace.

- ``changepassword`` would set any account's password, a secretariat member's included, with no second
  person, no forced change at the next login and no audit entry. A password is set by its owner, or
  issued as a one-time password on the people pages (approved by the secretariat where the account
  sees testimony).
- ``createsuperuser`` would make an account outside the role model: ``custodiet people bootstrap``
  makes the first ones, the people pages the others.
- ``dumpdata`` decrypts what it prints: it is allowed only for the reference data that is public
  anyway (treaties, places, standards), each time with an audit entry; the whole database goes into
  an encrypted ``custodiet backup create``.

Someone with a shell on the server can still read everything (they hold the key file: see
docs/security.md); this keeps the documented commands from doing it silently.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

DUMPABLE = frozenset({"treaties", "places", "standards"})


class Refused(Exception):
    """The command is not run; the message says what to use instead."""


def guard(argv: list[str]) -> None:
    """Refuse a command named in the module's docstring, or write the audit entry of an allowed dump.

    ``argv`` is the command line without the program's name and without ``--language``."""
    if not argv:
        return
    command, rest = argv[0], argv[1:]
    if command == "changepassword":
        raise Refused(
            _(
                "changepassword is disabled: a password is set by its owner, or issued as a one-time "
                "password on the people pages (/people/), with the secretariat's approval for an "
                "account that sees testimony"
            )
        )
    if command == "createsuperuser":
        raise Refused(
            _(
                "createsuperuser is disabled: `custodiet people bootstrap` makes the first administrator "
                "and secretariat; the people pages make every other account"
            )
        )
    if command == "dumpdata" and not any(word in ("-h", "--help") for word in rest):
        labels = _dump_labels(rest)
        apps = {label.split(".")[0] for label in labels}
        if not apps or not apps <= DUMPABLE:
            raise Refused(
                _(
                    "dumpdata prints decrypted data: it is allowed only for %(apps)s, named on the command "
                    "line; the whole database goes into an encrypted `custodiet backup create`"
                )
                % {"apps": ", ".join(sorted(DUMPABLE))}
            )
        from custodiet.core.audit import audit_record

        audit_record(actor=None, verb="data.dump", detail={"labels": sorted(labels)})


def _dump_labels(rest: list[str]) -> list[str]:
    """The app labels (``app`` or ``app.Model``) a ``dumpdata`` line names, read by the command's own
    parser so that an option's value (``-o FILE``, ``--indent 2``) is not taken for one."""
    from django.core.management.commands.dumpdata import Command

    known, _unknown = Command().create_parser("custodiet", "dumpdata").parse_known_args(rest)
    return [str(label) for label in known.args]
