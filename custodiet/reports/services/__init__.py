"""Writes to reports: drafting (from a visit's findings), items, adoption, transmission, the State's
responses, publication at the State's request, implementation status, public statements, reminders,
liaison assignments, protected names and the reference record.

One keyword-only function per change, named ``<entity>_<verb>``. Each runs in a transaction: it
checks the rules (custodiet.reports.rules), saves, and writes an audit entry, or raises
``DomainError`` and changes nothing. Pages, the API and commands call them as ``services.<name>``;
they live in one module per seam:

- ``lifecycle``: a report from draft to publication (drafting, adoption, transmission, deadline,
  the State's request to publish, publication with its check for names on record);
- ``items``: items, the State's responses to them, and their implementation status;
- ``statements``: public statements and protected names;
- ``liaisons``: which State a liaison answers for, and reminders of overdue answers;
- ``reference``: the published record loaded from ``data/reference.json``;
- ``common``: the report's row lock and text checks they share.
"""

from __future__ import annotations

from custodiet.reports.services.items import (
    Answer,
    item_add,
    item_remove,
    item_set_status,
    item_update,
    response_record,
)
from custodiet.reports.services.liaisons import liaison_assign, reminder_send
from custodiet.reports.services.lifecycle import (
    default_title,
    publication_request_record,
    report_adopt,
    report_create,
    report_create_from_visit,
    report_draft,
    report_publish,
    report_set_response_due,
    report_transmit,
)
from custodiet.reports.services.reference import ReferenceSummary, reference_load
from custodiet.reports.services.statements import protected_name_add, public_statement_make

__all__ = [
    "Answer",
    "ReferenceSummary",
    "default_title",
    "item_add",
    "item_remove",
    "item_set_status",
    "item_update",
    "liaison_assign",
    "protected_name_add",
    "public_statement_make",
    "publication_request_record",
    "reference_load",
    "reminder_send",
    "report_adopt",
    "report_create",
    "report_create_from_visit",
    "report_draft",
    "report_publish",
    "report_set_response_due",
    "report_transmit",
    "response_record",
]
