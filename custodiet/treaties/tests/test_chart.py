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

    def test_the_bundled_ecpt_chart_loads_and_gives_47_parties_before_the_denunciation(
        self, reference_data: object
    ) -> None:
        from custodiet.treaties.selectors import engine_for_instrument
        from custodiet.treaties.services import chart_load_bundled

        chart_load_bundled(TODAY)
        assert len(engine_for_instrument("ETS-126").parties("ETS-126", date(2025, 1, 1))) == 47
