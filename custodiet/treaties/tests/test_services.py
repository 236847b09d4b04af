"""Loading the reference data, and committee terms."""

from datetime import date

import pytest

from custodiet.core.errors import DomainError
from custodiet.treaties.models import CommitteeMembership, Instrument, MonitoringBody, State, TreatyAction
from custodiet.treaties.services import display_name, membership_record, reference_load


@pytest.mark.django_db
class TestReferenceData:
    def test_it_loads_states_instruments_and_the_russian_record_with_sources(
        self, reference_data: object
    ) -> None:
        assert State.objects.count() == 249
        assert State.objects.get(code="RU").name_fr == "Fédération de Russie"
        assert set(Instrument.objects.values_list("code", flat=True)) >= {
            "ETS-001",
            "ETS-005",
            "ETS-126",
            "ETS-151",
            "ETS-152",
            "UN-CAT",
            "UN-OPCAT",
        }
        assert TreatyAction.objects.filter(state__code="RU").count() == 20
        assert not TreatyAction.objects.filter(source="").exists()

    def test_loading_twice_changes_nothing(self, reference_data: object) -> None:
        before = (TreatyAction.objects.count(), CommitteeMembership.objects.count(), State.objects.count())
        summary = reference_load()
        assert (summary.actions, summary.memberships, summary.states) == (0, 0, 0)
        assert (
            TreatyAction.objects.count(),
            CommitteeMembership.objects.count(),
            State.objects.count(),
        ) == before

    def test_the_russian_cpt_seat_is_vacant_since_december_2023(self, reference_data: object) -> None:
        seat = CommitteeMembership.objects.get(seat_state__code="RU", body__code="CPT")
        assert seat.term_end == date(2023, 12, 19)
        assert seat.member_name is None  # unknown stays unknown


@pytest.mark.django_db
class TestCommitteeTerms:
    def test_a_member_may_serve_three_terms_under_protocol_no_2_but_not_four(
        self, reference_data: object
    ) -> None:
        cpt = MonitoringBody.objects.get(code="CPT")
        france = State.objects.get(code="FR")
        for start in (2004, 2008, 2012):
            membership_record(
                body=cpt,
                seat_state=france,
                member_name="A. Member",
                term_start=date(start, 12, 20),
                term_end=date(start + 4, 12, 19),
                source="test",
            )
        with pytest.raises(DomainError, match="re-elected 2 times"):
            membership_record(
                body=cpt,
                seat_state=france,
                member_name="A. Member",
                term_start=date(2016, 12, 20),
                term_end=date(2020, 12, 19),
                source="test",
            )

    def test_two_members_cannot_hold_one_seat_at_once(self, reference_data: object) -> None:
        cpt = MonitoringBody.objects.get(code="CPT")
        france = State.objects.get(code="FR")
        membership_record(
            body=cpt,
            seat_state=france,
            member_name="A",
            term_start=date(2019, 12, 20),
            term_end=date(2023, 12, 19),
            source="test",
        )
        with pytest.raises(DomainError, match="already has a member"):
            membership_record(
                body=cpt,
                seat_state=france,
                member_name="B",
                term_start=date(2021, 12, 20),
                term_end=date(2025, 12, 19),
                source="test",
            )


def test_iso_inverted_names_read_naturally() -> None:
    assert display_name("Russie, Fédération de") == "Fédération de Russie"
    assert display_name("Iran, République islamique d'") == "République islamique d'Iran"
    assert display_name("France") == "France"


@pytest.mark.django_db
class TestNotificationRecord:
    def record(self, **changes: object) -> TreatyAction:
        from custodiet.treaties.services import notification_record

        values: dict[str, object] = {
            "state": State.objects.get(code="RU"),
            "instrument": Instrument.objects.get(code="ETS-126"),
            "received_on": date(2025, 10, 2),
            "source": "Council of Europe, JJ notification (test)",
            "today": date(2026, 11, 22),
        }
        values.update(changes)
        return notification_record(**values)  # type: ignore[arg-type]

    def test_a_recorded_notification_makes_the_answer_certain(self, reference_data: object) -> None:
        from custodiet.core.models import AuditEntry
        from custodiet.treaties.selectors import engine_for_state

        ru = State.objects.get(code="RU")
        assert engine_for_state(ru).status("RU", "ETS-126", date(2026, 12, 2)).answer == "uncertain"
        row = self.record()
        assert (row.kind, row.on, row.confidence) == ("denunciation", date(2025, 10, 2), "sourced")
        status = engine_for_state(ru).status("RU", "ETS-126", date(2026, 12, 2))
        assert (status.answer, status.ceases_on, status.window) == ("not_bound", date(2026, 11, 1), None)
        assert engine_for_state(ru).status("RU", "ETS-126", date(2026, 10, 15)).answer == "bound"
        assert AuditEntry.objects.filter(verb="treaty.notification_record").count() == 1

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"source": "  "}, "needs its source"),
            ({"received_on": date(2026, 11, 23)}, "is in the future"),
            ({"instrument": "ETS-151"}, "no denunciation clause of its own"),
            ({"instrument": "UN-OPCAT"}, "was not a Party"),
            ({"received_on": date(1997, 1, 1)}, "was not a Party"),
            ({"precision": "week"}, "precision 'week'"),
        ],
    )
    def test_a_refused_notification_writes_nothing(
        self, reference_data: object, changes: dict[str, object], expected: str
    ) -> None:
        from custodiet.core.models import AuditEntry

        if isinstance(changes.get("instrument"), str):
            changes = {**changes, "instrument": Instrument.objects.get(code=changes["instrument"])}
        before = TreatyAction.objects.count()
        with pytest.raises(DomainError, match=expected):
            self.record(**changes)
        assert TreatyAction.objects.count() == before
        assert not AuditEntry.objects.filter(verb="treaty.notification_record").exists()

    def test_a_second_notification_in_the_same_period_is_refused(self, reference_data: object) -> None:
        self.record()
        with pytest.raises(DomainError, match="already recorded"):
            self.record(received_on=date(2025, 11, 2))
