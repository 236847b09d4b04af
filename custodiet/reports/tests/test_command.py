"""``custodiet reports``: overdue answers and reminders, the reference record, liaisons, protected names."""

# ruff: noqa: RUF001  # Cyrillic letters are the point: the command in Russian and Ukrainian

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from custodiet.reports.models import LiaisonAssignment, ProtectedName, PublicStatement, Reminder, Report

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("reports", *args, stdout=out)
    return out.getvalue()


def test_overdue_lists_reports_and_observations(overdue_report: Any) -> None:
    text = run("overdue")
    assert "Overdue answers" in text and f"report #{overdue_report.pk}" in text and "observations #" in text
    rows = json.loads(run("overdue", "--json", "--state", "RU"))
    assert [(row["kind"], row["days_overdue"]) for row in rows] == [("observation", 60), ("report", 20)]
    assert not Reminder.objects.exists()


def test_overdue_with_remind_records_a_reminder_each_and_emails_the_liaison(overdue_report: Any) -> None:
    text = run("overdue", "--remind", "--note", "Second reminder")
    assert "2 reminders recorded." in text
    assert Reminder.objects.count() == 2 and len(mail.outbox) == 2


def test_nothing_overdue(transmitted: Any) -> None:
    assert run("overdue", "--state", "UA").startswith("No answer is overdue")
    with pytest.raises(CommandError, match="No State is known as 'XX'"):
        run("overdue", "--state", "XX")


def test_a_state_is_named_by_either_code_or_its_name(overdue_report: Any, make_user: Any) -> None:
    for wanted in ("RUS", "Russian Federation", "ru"):
        rows = json.loads(run("overdue", "--json", "--state", wanted))
        assert [row["kind"] for row in rows] == ["observation", "report"]
    make_user("state_liaison", username="ru.second")
    assert run("assign-liaison", "ru.second", "RUS") == "ru.second answers for Russian Federation.\n"


def test_load_reference_twice_changes_nothing_the_second_time(reference_data: Any) -> None:
    assert run("load-reference").startswith("Loaded: 4 reports, 5 public statements, 2 notes;")
    assert "Loaded: 0 reports, 0 public statements, 0 notes; already there: 11." in run("load-reference")
    assert Report.objects.filter(origin="reference", status="published").count() == 4
    assert PublicStatement.objects.filter(origin="reference").count() == 5


def test_assign_a_liaison(make_user: Any, reference_data: Any) -> None:
    make_user("state_liaison", username="ru.liaison")
    assert run("assign-liaison", "ru.liaison", "RU") == "ru.liaison answers for Russian Federation.\n"
    assert LiaisonAssignment.objects.get().state.code == "RU"
    make_user("analyst", username="someone")
    with pytest.raises(CommandError, match="only state-liaison accounts"):
        run("assign-liaison", "someone", "RU")


def test_protect_names_from_a_file(tmp_path: Path, reference_data: Any) -> None:
    names = tmp_path / "names.txt"
    names.write_text("Иван Петров\n\nAnna Smith\n", encoding="utf-8")
    assert run("protect-names", str(names), "--state", "RU") == "2 names protected.\n"
    assert sorted(p.name for p in ProtectedName.objects.all()) == ["Anna Smith", "Иван Петров"]
    with pytest.raises(CommandError, match="No such file"):
        run("protect-names", str(tmp_path / "missing.txt"))


@pytest.mark.parametrize(
    ("language", "shown_today", "due"),
    [
        ("ru", "22 ноября 2026 г.", "ноября 2026 г."),
        ("uk", "22 листопада 2026 р.", "2026 р."),
        ("fr", "22 novembre 2026", "2026"),
    ],
)
def test_the_overdue_list_writes_its_dates_for_the_language_and_its_json_in_iso(
    overdue_report: Any, language: str, shown_today: str, due: str
) -> None:
    english = run("overdue", "--json")
    with translation.override(language):
        assert run("overdue", "--json") == english
        table = run("overdue")
        nothing = run("overdue", "--state", "UA")
    assert '"due": "20' in english and shown_today not in english
    assert shown_today in table and due in table and "2026-11-22" not in table
    assert shown_today in nothing and "2026-11-22" not in nothing
    assert not Reminder.objects.exists()
