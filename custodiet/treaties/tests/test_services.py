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
