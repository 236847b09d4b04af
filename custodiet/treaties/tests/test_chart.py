"""Chart imports: all rows or none, every bad line named, a second import changes nothing."""

from datetime import date

import pytest

from custodiet.core.errors import ImportRejected
from custodiet.treaties.models import TreatyAction
from custodiet.treaties.services import chart_import

TODAY = date(2026, 11, 22)
HEADER = "state,signature,consent,consent_type,entry_into_force,denunciation,source,note\n"
GOOD = (
    HEADER
    + "FR,1987-11-26,1989-01-09,ratification,1989-05-01,,https://example.org/chart,\n"
    + "Armenia,11/05/2001,18/06/2002,ratification,2002-10-01,,https://example.org/chart,\n"
)


def count() -> int:
    return TreatyAction.objects.count()


@pytest.mark.django_db
class TestChartImport:
    def test_it_imports_every_row_by_code_or_name(self, reference_data: object) -> None:
        before = count()
        summary = chart_import(text=GOOD, instrument="ETS-126", today=TODAY)
        assert (summary.rows, summary.created, summary.warnings) == (2, 4, [])
        assert count() == before + 4
        assert TreatyAction.objects.filter(
            state__code="AM", kind="ratification", on=date(2002, 6, 18)
        ).exists()

    def test_an_import_leaves_one_audit_entry_and_a_repeat_none(self, reference_data: object) -> None:
        from custodiet.core.models import AuditEntry

        chart_import(text=GOOD, instrument="ETS-126", today=TODAY)
        chart_import(text=GOOD, instrument="ETS-126", today=TODAY)
        [entry] = AuditEntry.objects.filter(verb="treaty.chart_import")
        assert (entry.actor_label, entry.detail["actions"]) == ("system", 4)

    def test_the_same_file_twice_changes_nothing(self, reference_data: object) -> None:
        chart_import(text=GOOD, instrument="ETS-126", today=TODAY)
        before = count()
        summary = chart_import(text=GOOD, instrument="ETS-126", today=TODAY)
        assert (summary.created, summary.unchanged_rows, count()) == (0, 2, before)

    @pytest.mark.parametrize(
        ("row", "expected"),
        [
            ("XX,1987-11-26,1989-01-09,ratification,,,https://e.org,", "unknown state 'XX'"),
            ("FR,1987-11-26,1989-13-09,ratification,,,https://e.org,", "consent: '1989-13-09' is not a date"),
            ("FR,1987-11-26,2031-01-09,ratification,,,https://e.org,", "is in the future"),
            ("FR,1990-11-26,1989-01-09,ratification,,,https://e.org,", "before the signature"),
            ("FR,,1989-01-09,ratification,,,https://e.org,", "with no signature"),
            ("FR,1987-11-26,,,,2020-01-01,https://e.org,", "never ratified"),
            ("FR,1987-11-26,1989-01-09,ratification,,1988-01-01,https://e.org,", "before the consent"),
            ("FR,1987-11-26,1989-01-09,ratified,,,https://e.org,", "consent_type 'ratified'"),
            ("FR,1980-11-26,1989-01-09,ratification,,,https://e.org,", "before the ECPT was adopted"),
            ("FR,1987-11-26,1989-01-09,ratification,,,,", "no source"),
            ("RU,1996-02-28,1998-06-05,ratification,,,https://e.org,", "already recorded as 1998-05-05"),
        ],
    )
    def test_a_bad_row_names_its_line_and_nothing_is_written(
        self, reference_data: object, row: str, expected: str
    ) -> None:
        before = count()
        text = GOOD + row + "\n"
        with pytest.raises(ImportRejected) as rejected:
            chart_import(text=text, instrument="ETS-126", today=TODAY)
        assert rejected.value.problems[0][0] == 4  # the header is line 1, the bad row line 4
        assert expected in rejected.value.problems[0][1]
        assert count() == before

    def test_every_bad_line_is_reported_at_once(self, reference_data: object) -> None:
        text = HEADER + "XX,,,,,,https://e.org,\nFR,1987-11-26,bad,ratification,,,https://e.org,\n"
        with pytest.raises(ImportRejected) as rejected:
            chart_import(text=text, instrument="ETS-126", today=TODAY)
        assert [line for line, _ in rejected.value.problems] == [2, 3]

    def test_a_state_twice_in_one_file_is_refused(self, reference_data: object) -> None:
        text = GOOD + "FR,1987-11-26,1989-01-09,ratification,,,https://e.org,\n"
        with pytest.raises(ImportRejected, match="appears twice"):
            chart_import(text=text, instrument="ETS-126", today=TODAY)

    def test_a_missing_column_or_instrument_is_refused(self, reference_data: object) -> None:
        with pytest.raises(ImportRejected, match="lacks the column"):
            chart_import(text="state,consent\nFR,1989-01-09\n", instrument="ETS-126", today=TODAY)
        with pytest.raises(ImportRejected, match="no instrument"):
            chart_import(text=GOOD, instrument=None, today=TODAY)
        with pytest.raises(ImportRejected, match="empty"):
            chart_import(text="", instrument="ETS-126", today=TODAY)

    def test_an_entry_into_force_that_disagrees_with_the_clause_is_a_warning(
        self, reference_data: object
    ) -> None:
        text = HEADER + "FR,1987-11-26,1989-01-09,ratification,1989-04-01,,https://e.org,\n"
        summary = chart_import(text=text, instrument="ETS-126", today=TODAY)
        assert summary.created == 2
        assert "Article 19(2) gives 1989-05-01" in summary.warnings[0][1]

    def test_a_dry_run_writes_nothing(self, reference_data: object) -> None:
        before = count()
        assert chart_import(text=GOOD, instrument="ETS-126", today=TODAY, commit=False).created == 4
        assert count() == before

    def test_the_new_columns_record_endings_declarations_and_reservations(
        self, reference_data: object
    ) -> None:
        text = (
            "state,signature,consent,consent_type,entry_into_force,denunciation,denunciation_effective,"
            "ending_kind,declaration,declaration_on,declaration_withdrawn_on,declaration_until,reservations,"
            "confidence,source,note\n"
            "BG,1986-06-10,1986-12-16,ratification,,,,,art28,,1999-06-24,,,uncertain,https://e.org/bg,\n"
            "FR,1985-02-04,1986-02-18,ratification,,2027-01-01,,,,,,,,sourced,https://e.org/fr,\n"
        )
        with pytest.raises(ImportRejected, match="denunciation 2027-01-01 is in the future"):
            chart_import(text=text, instrument="UN-CAT", today=TODAY)
        text = text.replace("2027-01-01,,,", "2020-01-10,2021-01-10,denunciation,")
        text += "CN,1986-12-12,1988-10-04,ratification,,,,,art28,,,,reservation on art. 30(1),sourced,https://e.org/cn,\n"
        summary = chart_import(text=text, instrument="UN-CAT", today=TODAY)
        assert summary.warnings == []
        declaration = TreatyAction.objects.get(state__code="BG", kind="declaration")
        assert (declaration.detail, declaration.on, declaration.confidence) == (
            "art28",
            date(1986, 12, 16),
            "uncertain",
        )
        assert TreatyAction.objects.get(state__code="BG", kind="declaration_withdrawn").on == date(
            1999, 6, 24
        )
        ending = TreatyAction.objects.get(state__code="FR", kind="denunciation")
        assert (ending.on, ending.effective_on) == (date(2020, 1, 10), date(2021, 1, 10))
        assert (
            TreatyAction.objects.get(state__code="CN", kind="reservation").note == "reservation on art. 30(1)"
        )

    def test_a_second_period_after_an_ending_is_a_second_row(self, reference_data: object) -> None:
        text = (
            "state,signature,consent,consent_type,entry_into_force,denunciation,denunciation_effective,ending_kind,source\n"
            "GR,,1949-08-09,accession,1949-08-09,1969-12-12,,withdrawal,https://e.org\n"
            "GR,,1974-11-28,accession,1974-11-28,,,,https://e.org\n"
        )
        assert chart_import(text=text, instrument="ETS-001", today=TODAY).created == 3
        overlapping = text.replace("1974-11-28,accession,1974-11-28", "1960-01-01,accession,1960-01-01")
        with pytest.raises(ImportRejected, match="appears twice"):
            chart_import(text=overlapping.replace("GR,", "NL,"), instrument="ETS-001", today=TODAY)

    def test_an_entry_into_force_alone_records_a_state_bound_from_that_day(
        self, reference_data: object
    ) -> None:
        text = "state,signature,consent,entry_into_force,source\nBE,1949-05-05,,1949-08-03,https://e.org\n"
        chart_import(text=text, instrument="ETS-001", today=TODAY)
        act = TreatyAction.objects.get(state__code="BE", instrument__code="ETS-001", kind="entry_into_force")
        assert act.on == date(1949, 8, 3)

    def test_a_row_with_no_date_is_kept_as_a_note_on_the_record(self, reference_data: object) -> None:
        from custodiet.treaties.models import RecordNote

        text = "state,signature,consent,confidence,source,note\nCI,,,uncertain,https://e.org/ci,party by June 2024\n"
        summary = chart_import(text=text, instrument="UN-OPCAT", today=TODAY)
        assert (summary.created, summary.notes) == (0, 1)
        note = RecordNote.objects.get(state__code="CI", instrument__code="UN-OPCAT")
        assert "party by June 2024" in note.text and note.source == "https://e.org/ci"

    @pytest.mark.parametrize(
        ("row", "expected"),
        [
            (
                "FR,1985-02-04,1986-02-18,ratification,,,2020-01-01,denunciation,,https://e.org",
                "needs the day",
            ),
            (
                "FR,1985-02-04,1986-02-18,ratification,,2020-01-01,2019-01-01,,,https://e.org",
                "is before the denunciation",
            ),
            (
                "FR,1985-02-04,1986-02-18,ratification,,2020-01-01,,resignation,,https://e.org",
                "ending_kind 'resignation'",
            ),
            (
                "FR,1985-02-04,1986-02-18,ratification,,,,,art99,https://e.org",
                "declaration 'art99' is not one",
            ),
        ],
    )
    def test_bad_endings_and_declarations_are_refused(
        self, reference_data: object, row: str, expected: str
    ) -> None:
        header = "state,signature,consent,consent_type,entry_into_force,denunciation,denunciation_effective,ending_kind,declaration,source\n"
        with pytest.raises(ImportRejected) as rejected:
            chart_import(text=header + row + "\n", instrument="UN-CAT", today=TODAY)
        assert expected in rejected.value.problems[0][1]


@pytest.mark.django_db
class TestBundledCharts:
    def test_load_reference_loads_every_chart_with_its_completeness_once(
        self, reference_data: object
    ) -> None:
        from custodiet.treaties.bundled import manifest
        from custodiet.treaties.models import Chart
        from custodiet.treaties.selectors import engine_for_instrument
        from custodiet.treaties.services import charts_load

        summary = charts_load(TODAY)
        assert {item["instrument"] for item in summary.charts} == {entry.instrument for entry in manifest()}
        assert Chart.objects.get(instrument__code="UN-OPCAT").complete_to == date(2022, 4, 30)
        assert len(engine_for_instrument("ETS-126").parties("ETS-126", date(2025, 1, 1))) == 47
        before = count()
        assert charts_load(TODAY).created == 0
        assert count() == before
