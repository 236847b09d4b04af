"""The OpenAPI schema is the truth (issue 13): schemathesis calls every operation of /api/schema/ with
data generated from the schema, as the secretariat and as an anonymous caller, and no response is a
server error or outside the schema (its status documented, its body the documented one).

A short run, seeded and derandomized (the same calls every time), on the frozen clock, in process (no
network); the long run is ``bench/bench_api_schema.py`` in ``make bench`` (figures in BENCHMARKS.md).
"""

from __future__ import annotations

from typing import Any

import pytest

from custodiet.core.models import Role
from custodiet.core.tests.schema_run import connections_kept, load_schema, run, session_headers

pytestmark = pytest.mark.django_db(transaction=False)

EXAMPLES = 3  # per operation and caller: about 450 calls over the 70-odd operations


@pytest.fixture
def world(reference_data: Any, make_user: Any) -> dict[str, Any]:
    """The reference data, a secretariat account and a planned visit, so that some calls find records."""
    from datetime import date

    from custodiet.treaties.models import MonitoringBody, State
    from custodiet.visits.services import visit_plan

    secretariat = make_user(Role.SECRETARIAT, username="schema-secretariat")
    visit_plan(
        body=MonitoringBody.objects.get(code="CPT"),
        state=State.objects.get(code="RU"),
        time_zone="Europe/Moscow",
        kind="periodic",
        planned_start=date(2026, 12, 1),
        planned_end=date(2026, 12, 5),
        by=secretariat,
    )
    return {"secretariat": secretariat}


def test_every_api_response_is_inside_the_schema(world: dict[str, Any]) -> None:
    with connections_kept():
        stats = run(
            load_schema(),
            [("secretariat", session_headers(world["secretariat"])), ("anonymous", session_headers(None))],
            examples=EXAMPLES,
        )
    assert stats.calls >= 300, stats.summary()
    problems = "\n".join(f"{where} [{check}] {message}" for where, check, message in stats.failures[:60])
    assert stats.server_errors == 0 and not stats.failures, f"{stats.summary()}\n{problems}"
