"""Links from the standards pages to the pages of the apps below them, in one place.

A measurement or a finding belongs to a visit: its pages link back to the
visit's own page (the visits app's), never to a copy of it. The views, the
template tags and the tests import the link from here.
"""

from __future__ import annotations

from django.urls import reverse


def visit_url(visit_pk: int) -> str:
    """The visit's page, where its measurements and findings are shown with the rest of the visit."""
    return reverse("visits:visit_detail", args=[visit_pk])
