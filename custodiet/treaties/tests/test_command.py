"""`custodiet treaty ...` as a user runs it."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from custodiet.treaties.models import TreatyAction


def run(*args: str) -> str:
    out = StringIO()
    call_command("treaty", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
class TestTreatyCommand:
    def test_status_reads_well_and_explains(self, reference_data: object) -> None:
        out = run("status", "RU", "ETS-126", "--on", "2026-11-22")
        assert "Russian Federation (RU) · ETS-126 · on 2026-11-22: BOUND" in out
        assert "no notification" in out and "[Article 22]" in out

    def test_status_json_for_machines(self, reference_data: object) -> None:
        payload = json.loads(run("status", "russian federation", "ecpt", "--on", "2000-01-01", "--json"))
        assert (payload["bound"], payload["in_force_from"]) == (True, "1998-09-01")

    def test_coverage(self, reference_data: object) -> None:
        payload = json.loads(run("coverage", "RU", "--on", "2026-11-22", "--json"))
        assert payload["mechanisms"] == ["CPT"]
        assert "visiting mechanisms with a treaty right: CPT" in run("coverage", "RU", "--on", "2026-11-22")

    def test_parties(self, reference_data: object) -> None:
        payload = json.loads(run("parties", "ETS-126", "--on", "2000-01-01", "--json"))
        assert [row["state"] for row in payload["parties"]] == ["RU"]
        assert "Parties to ETS-126 on 2000-01-01: 1" in run("parties", "ETS-126", "--on", "2000-01-01")

    def test_import_then_a_bad_file_is_refused_whole(self, reference_data: object, tmp_path: Path) -> None:
        good = tmp_path / "chart.csv"
        good.write_text("state,signature,consent,source\nFR,1987-11-26,1989-01-09,https://e.org\n")
        assert "added 2 actions" in run("import", str(good), "--instrument", "ETS-126")
        before = TreatyAction.objects.count()
        bad = tmp_path / "bad.csv"
        bad.write_text(
            "state,signature,consent,source\nDE,1987-11-26,1990-06-21,https://e.org\nZZ,,,https://e.org\n"
        )
        with pytest.raises(CommandError, match="line 3: unknown state 'ZZ'"):
            run("import", str(bad), "--instrument", "ETS-126")
        assert TreatyAction.objects.count() == before

    def test_unknown_names_and_bad_dates_get_clear_errors(self, reference_data: object) -> None:
        with pytest.raises(CommandError, match="No State is known as 'Atlantis'"):
            run("status", "Atlantis", "ETS-126")
        with pytest.raises(CommandError, match="No instrument is known as 'ETS-999'"):
            run("status", "RU", "ETS-999")
        with pytest.raises(CommandError, match="not a date"):
            run("status", "RU", "ETS-126", "--on", "29/09/2025")
        with pytest.raises(CommandError, match="outside the range answered"):
            run("coverage", "RU", "--on", "9999-12-31")
        with pytest.raises(CommandError, match="no such file"):
            run("import", "/nonexistent.csv", "--instrument", "ETS-126")
        with pytest.raises(CommandError, match="No instrument is known as 'Geneva'"):
            run("import", "/nonexistent.csv", "--instrument", "Geneva")

    def test_states_and_instruments_answer_to_their_codes_names_and_aliases(
        self, reference_data: object
    ) -> None:
        for state, instrument in (("RUS", "ETS No. 126"), ("Fédération de Russie", "ECPT"), ("ru", "ets126")):
            payload = json.loads(run("status", state, instrument, "--on", "2000-01-01", "--json"))
            assert (payload["state"], payload["instrument"], payload["bound"]) == ("RU", "ETS-126", True)
        payload = json.loads(run("status", "Russian Federation", "CAT", "--on", "2000-01-01", "--json"))
        assert payload["instrument"] == "UN-CAT"
        assert "Parties to ETS-126 on 2000-01-01: 1" in run("parties", "ETS No. 126", "--on", "2000-01-01")

    def test_with_no_reference_data_it_says_what_to_run(self) -> None:
        with pytest.raises(CommandError, match="load-reference"):
            run("parties", "ECPT")


@pytest.mark.django_db
def test_a_bad_date_on_the_command_line_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_code:
        ManagementUtility(["custodiet", "treaty", "coverage", "RU", "--on", "29/09/2025"]).execute()
    assert exit_code.value.code == 1
    error = capsys.readouterr().err
    assert "'29/09/2025' is not a date; use YYYY-MM-DD" in error and "Traceback" not in error
