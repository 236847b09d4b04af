"""Steps every write to reports shares: the report's row lock, and texts checked for presence and length."""

from __future__ import annotations

from django.utils.translation import gettext as _

from custodiet.core.errors import DomainError
from custodiet.reports.models import Report

TEXT_LIMIT = 20_000
# The fields that say where a report stands in its life: re-read under the lock before every step.
LIFECYCLE_FIELDS = (
    "status",
    "adopted_on",
    "transmitted_on",
    "response_due",
    "response_received_on",
    "publication_requested_on",
    "publication_request_reference",
    "published_on",
)


def lock_report(report: Report) -> Report:
    """Re-read the report's status under a row lock so that two steps cannot interleave."""
    report.refresh_from_db(from_queryset=Report.objects.select_for_update(), fields=LIFECYCLE_FIELDS)
    return report


def checked_text(value: str, what: str, *, required: bool = True) -> str:
    """The text stripped; refused when it is required and empty, or longer than ``TEXT_LIMIT``. ``what``
    names the text in the reader's language (the callers mark it for translation)."""
    value = (value or "").strip()
    if required and not value:
        raise DomainError(_("%(what)s needs a text.") % {"what": what})
    if len(value) > TEXT_LIMIT:
        raise DomainError(
            _("%(what)s is longer than %(limit)s characters.") % {"what": what, "limit": TEXT_LIMIT}
        )
    return value
