"""Who sees which report (Report.objects.visible_to / published), overdue answers, and indicators."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from custodiet.reports import selectors, services
from custodiet.reports.models import Report

pytestmark = pytest.mark.django_db


def test_the_office_sees_every_report_and_a_liaison_only_its_states_transmitted_ones(
    users: dict[str, Any], draft: Any, cpt: Any, ukraine: Any, secretariat: Any
) -> None:
    other = services.report_create(body=cpt, state=ukraine, title="Report on Ukraine", by=secretariat)
    for role in ("administrator", "secretariat", "committee_member"):
        assert set(Report.objects.visible_to(users[role])) == {draft, other}, role
    for role in ("delegation_member", "analyst", "public", "state_liaison", "other_liaison"):
        assert not Report.objects.visible_to(users[role]).exists(), role
    assert not Report.objects.visible_to(AnonymousUser()).exists()


def test_a_liaison_sees_the_report_once_transmitted(users: dict[str, Any], transmitted: Any) -> None:
    assert list(Report.objects.visible_to(users["state_liaison"])) == [transmitted]
    assert not Report.objects.visible_to(users["other_liaison"]).exists()
    assert list(Report.objects.answerable_by(users["state_liaison"])) == [transmitted]
    assert not Report.objects.answerable_by(users["other_liaison"]).exists()


def test_a_liaison_without_an_assignment_sees_nothing(make_user: Any, transmitted: Any) -> None:
    assert not Report.objects.visible_to(make_user("state_liaison", username="unassigned")).exists()


def test_only_published_reports_are_public(published: Any, draft: Any) -> None:
    assert list(Report.objects.published()) == [published]


def test_overdue_lists_reports_and_immediate_observations(
    overdue_report: Any, users: dict[str, Any], today: date, visit: Any
) -> None:
    lines = selectors.overdue(users["secretariat"], today=today)
    assert [(line.awaited.kind, line.days) for line in lines] == [("observation", 60), ("report", 20)]
    assert selectors.overdue(users["analyst"], today=today) == []
    liaison_lines = selectors.overdue(users["state_liaison"], today=today)
    assert [line.awaited.kind for line in liaison_lines] == ["report"]  # its own report, no visit records


def test_indicators_of_a_state(answered: Any, russia: Any, reference_data: Any, today: date) -> None:
    services.reference_load()
    result = selectors.indicators(russia, today=today)
    assert result.visits_total == 1
    assert (result.reports_adopted, result.reports_published) == (5, 4)
    assert result.median_days_to_response == 40.0
    assert result.access_refusals == 1 and result.objections == 1
    assert result.public_statements == 5
    assert result.observations_overdue == 1


def test_the_committee_has_a_seat_per_party(reference_data: Any) -> None:
    assert selectors.committee_size("ETS-126", date(2019, 3, 11)) == 1  # the reference data: Russia alone
    assert selectors.committee_size("ETS-126", date(1990, 1, 1) - timedelta(days=1)) == 0
