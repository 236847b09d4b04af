"""`custodiet treaty ...` as a user runs it."""

# ruff: noqa: RUF001  # Cyrillic letters are the point: the command in Russian and Ukrainian

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.utils import translation

from custodiet.core.errors import ImportRejected
from custodiet.treaties.models import TreatyAction


def run(*args: str) -> str:
    out = StringIO()
    call_command("treaty", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
class TestTreatyCommand:
    def test_status_reads_well_and_explains(self, reference_data: object) -> None:
        out = run("status", "RU", "ETS-126", "--on", "2026-09-30")
        assert "Russian Federation (RU) · ETS-126 · on 30 September 2026: BOUND" in out
        assert "no notification" in out and "[Article 22]" in out
        out = run("status", "RU", "ETS-126", "--on", "2026-12-02")
        assert "on 2 December 2026: UNCERTAIN" in out
        assert "! window: if the Secretary General" in out and "! settled by:" in out

    def test_status_json_for_machines(self, reference_data: object) -> None:
        payload = json.loads(run("status", "russian federation", "ecpt", "--on", "2000-01-01", "--json"))
        assert (payload["answer"], payload["bound"], payload["in_force_from"]) == (
            "bound",
            True,
            "1998-09-01",
        )
        assert payload["confidence"] == "unverified"
        assert payload["known_later"]
        later = json.loads(run("status", "RU", "ECPT", "--on", "2027-06-01", "--json"))
        assert (later["answer"], later["bound"], later["window"]["from"]) == ("uncertain", None, "2026-10-01")

    def test_an_unverified_answer_says_so(self, reference_data: object) -> None:
        out = run("status", "RU", "ETS-126", "--on", "2000-01-01")
        assert "! unverified" in out
        assert "Known later (not used for this answer):" in out

    def test_coverage(self, reference_data: object) -> None:
        payload = json.loads(run("coverage", "RU", "--on", "2024-01-01", "--json"))
        assert payload["mechanisms"] == ["CPT"]
        assert "visiting mechanisms with a treaty right: CPT" in run("coverage", "RU", "--on", "2024-01-01")
        today = json.loads(run("coverage", "RU", "--on", "2026-12-02", "--json"))
        assert (today["mechanisms"], today["uncertain"], today["unknown"]) == ([], ["CPT"], ["SPT"])
        assert "none; uncertain: CPT; unknown: SPT" in run("coverage", "RU", "--on", "2026-12-02")

    def test_parties(self, reference_data: object) -> None:
        payload = json.loads(run("parties", "ETS-126", "--on", "2000-01-01", "--json"))
        assert [row["state"] for row in payload["parties"]] == ["RU"]
        assert "Parties to ETS-126 on 1 January 2000: 1" in run("parties", "ETS-126", "--on", "2000-01-01")

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
        assert "Parties to ETS-126 on 1 January 2000: 1" in run(
            "parties", "ETS No. 126", "--on", "2000-01-01"
        )

    def test_with_no_reference_data_it_says_what_to_run(self) -> None:
        with pytest.raises(CommandError, match="load-reference"):
            run("parties", "ECPT")

    def test_notify_records_a_notification_and_refuses_a_bad_one(self, reference_data: object) -> None:
        out = run("notify", "RU", "ECPT", "--received", "2025-10-02", "--source", "JJ notification (test)")
        assert "Recorded: the notification of denunciation of the ECPT" in out
        payload = json.loads(run("status", "RU", "ECPT", "--on", "2026-12-02", "--json"))
        assert (payload["answer"], payload["ceases_on"]) == ("not_bound", "2026-11-01")
        with pytest.raises(CommandError, match="already recorded"):
            run("notify", "RU", "ECPT", "--received", "2025-10-03", "--source", "x")
        with pytest.raises(CommandError, match="--received: '2025-02-30' is not a date"):
            run("notify", "RU", "ECPT", "--received", "2025-02-30", "--source", "x")

    def test_changes_for_a_state_and_the_world(self, reference_data: object) -> None:
        out = run("changes", "RU", "--from", "2022-01-01", "--to", "2026-12-02")
        assert "ETS-126: bound -> uncertain" in out and "CPT: may visit -> uncertain" in out
        payload = json.loads(run("changes", "--from", "2022-01-01", "--to", "2026-12-02", "--json"))
        assert [item["state"] for item in payload["states"]] == ["RU"]
        with pytest.raises(CommandError, match="must come after"):
            run("changes", "--from", "2026-12-02", "--to", "2022-01-01")

    def test_world_on_a_date_and_over_the_years(self, reference_data: object) -> None:
        assert "CPT on 2 December 2026: yes 0, uncertain 1, unknown 248, no 0" in run(
            "world", "--on", "2026-12-02"
        )
        payload = json.loads(run("world", "--years", "1997-1999", "--json"))
        assert [item["yes"] for item in payload["counts"]["CPT"]] == [0, 0, 1]
        with pytest.raises(CommandError, match="--years"):
            run("world", "--years", "1999")

    def test_load_reference_loads_every_bundled_chart(self, db: object) -> None:
        out = run("load-reference")
        assert "chart un-opcat.csv (UN-OPCAT)" in out and "complete to 30 April 2022" in out
        payload = json.loads(run("coverage", "FR", "--on", "2026-12-02", "--json"))
        assert payload["mechanisms"] == ["CPT", "SPT"]
        parties = json.loads(run("parties", "OPCAT", "--on", "2026-01-01", "--json"))
        assert parties["count"] >= 90
        andorra = json.loads(run("status", "AD", "ECPT", "--on", "1997-05-01", "--json"))
        assert (andorra["answer"], andorra["confidence"]) == ("bound", "unverified")
        assert "actions added: 0" in run("load-reference")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["coverage", "RU", "--on", "29/09/2025"], "'29/09/2025' is not a date; use YYYY-MM-DD"),
        (["status", "RU", "ECPT", "--on", "2025-02-30"], "'2025-02-30' is not a date; use YYYY-MM-DD"),
        (["status", "RU", "ECPT", "--on", "1899-12-31"], "1899-12-31 is outside the range answered"),
        (["status", "RU", "ECPT", "--on", ""], "no date given; use YYYY-MM-DD"),
        (["parties", "ECPT", "--on", "2000-13-01"], "is not a date"),
        (["status", "Atlantis", "ECPT"], "No State is known as 'Atlantis'"),
    ],
)
def test_a_bad_input_on_the_command_line_is_one_line_and_exit_1_not_a_traceback(
    capsys: pytest.CaptureFixture[str], reference_data: object, argv: list[str], expected: str
) -> None:
    with pytest.raises(SystemExit) as exit_code:
        ManagementUtility(["custodiet", "treaty", *argv]).execute()
    assert exit_code.value.code == 1
    error = capsys.readouterr().err
    assert expected in error and "Traceback" not in error
    assert len(error.strip().splitlines()) == 1, error


@pytest.mark.django_db
def test_the_command_speaks_the_chosen_language_and_its_json_stays_english(reference_data: object) -> None:
    """The human text in the language chosen (the State's name, the date as the language writes it, the
    answer, the engine's sentence); ``--json`` the same bytes whatever the language, ISO dates and codes."""
    argv = ("status", "RU", "ETS-126", "--on", "2026-12-02")
    english = run(*argv, "--json")
    said = {}
    for language in ("fr", "ru", "uk"):
        with translation.override(language):
            assert run(*argv, "--json") == english
            said[language] = run(*argv)
    assert "2026-10-01" in english and "октября" not in english
    assert "Россия (RU) · ETS-126 ·" in said["ru"] and "2 декабря 2026 г.: НЕОПРЕДЕЛЁННО" in said["ru"]
    assert "одобрено внутри страны 29 сентября 2025 г." in " ".join(said["ru"].split())
    assert "Росія (RU) · ETS-126 ·" in said["uk"] and "2 грудня 2026 р.: НЕВИЗНАЧЕНО" in said["uk"]
    assert "Fédération de Russie (RU) · ETS-126 ·" in said["fr"] and "2 décembre 2026" in said["fr"]
    assert "INCERTAIN" in said["fr"]
    assert all("2026-12-02" not in text and "UNCERTAIN" not in text for text in said.values())
    changes = ("changes", "RU", "--from", "2022-01-01", "--to", "2026-12-02")
    english_changes = run(*changes, "--json")
    with translation.override("uk"):
        world = run("world", "--on", "2026-12-02")
        assert run(*changes, "--json") == english_changes
        changed = run(*changes)
    assert "Росія (RU)" in changed and "1 січня 2022 р." in changed and "Russian Federation" not in changed
    assert '"name": "Russian Federation"' in english_changes
    assert "CPT" in world and "2 грудня 2026 р." in world and "2026-12-02" not in world


@pytest.mark.django_db
class TestClockBehindTheData:
    """A machine whose clock is behind the bundled data (set wrong, or set back on purpose) still loads
    it; each day is answered from the acts dated up to it, and a chart row dated after the day its own
    chart was compiled is refused on any clock."""

    def test_load_reference_with_the_clock_two_years_back(self, db: object, clock: Any) -> None:
        clock.move_to(datetime(2024, 12, 4, 9, 0, tzinfo=UTC))
        out = run("load-reference")
        assert "chart un-cat.csv (UN-CAT)" in out
        # Dominica acceded on 5 December 2024 (un-cat.csv), the day after the machine's today.
        dominica = TreatyAction.objects.get(state__code="DM", instrument__code="UN-CAT", kind="accession")
        assert dominica.on == date(2024, 12, 5)
        before = json.loads(run("status", "DM", "UN-CAT", "--json"))
        assert before["on"] == "2024-12-04" and before["answer"] != "bound"
        after = json.loads(run("status", "DM", "UN-CAT", "--on", "2025-01-04", "--json"))
        assert after["answer"] == "bound"

    def test_a_row_dated_after_its_chart_was_compiled_is_refused(
        self, reference_data: object, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from custodiet.treaties import services
        from custodiet.treaties.bundled import manifest

        entries = [
            replace(entry, read_on=date(2024, 12, 1)) if entry.file == "un-cat.csv" else entry
            for entry in manifest()
        ]
        monkeypatch.setattr(services, "manifest", lambda: entries)
        TreatyAction.objects.filter(instrument__code="UN-CAT").delete()
        with pytest.raises(ImportRejected) as rejected:
            services.charts_load(date(2026, 11, 22))
        assert any(
            "un-cat.csv" in reason
            and "2024-12-05 is after the day the chart was compiled (2024-12-01" in reason
            for _line, reason in rejected.value.problems
        )
        assert not TreatyAction.objects.filter(instrument__code="UN-CAT").exists()
