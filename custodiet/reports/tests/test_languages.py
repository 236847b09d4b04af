"""The report pages in the reader's language (issue 16): the confidential pages (the list, a report's
record, its forms, overdue answers), the refusals and messages, the State's record and its chart speak
French, Russian or Ukrainian, with ``lang`` said and dates written the way each language writes them;
the report itself (its rendering, its generated title and drafted items) stays in the language it is
written in; and a reminder reaches each State liaison in the liaison's own language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from custodiet.reports import services
from custodiet.reports.models import Report

pytestmark = pytest.mark.django_db


def reader(user: Any, language: str) -> Client:
    """A signed-in browser asking for ``language`` (the account has chosen none)."""
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def test_a_reports_record_speaks_russian_with_its_dates_in_russian(
    answered: Any, users: dict[str, Any]
) -> None:
    html = (
        reader(users["secretariat"], "ru").get(reverse("reports:report_detail", args=[answered.pk])).content
    )
    page = html.decode()
    assert '<html lang="ru">' in page
    assert "Рекомендации, комментарии и запросы информации" in page
    assert "Ответы государства" in page and "Следующие шаги" in page
    assert "Получен ответ (конфиденциально)" in page  # the report's status
    assert "Рекомендация" in page and "Без ответа" in page  # an item's kind and status
    assert "«за» — 10, «против» — 1, воздержались — 1" in page  # the vote
    # Dates as Russian writes them; no English month, no English heading left.
    assert "12 ноября 2026 г." in page  # noqa: RUF001  # the response received ten days ago
    assert "November" not in page and "October" not in page
    for english in ("Next steps", "Responses of the State", "Recommendation", "Not answered"):
        assert english not in page


def test_the_list_of_reports_counts_in_ukrainian_plural_forms(
    draft: Any, users: dict[str, Any], cpt: Any, russia: Any
) -> None:
    office = reader(users["secretariat"], "uk")
    page = office.get(reverse("reports:report_list")).content.decode()
    assert '<html lang="uk">' in page and "1 доповідь" in page and ">Проєкт<" in page
    for number in (2, 3):
        services.report_draft(by=users["secretariat"], body=cpt, state=russia, title=f"Draft {number}")
    assert "3 доповіді" in office.get(reverse("reports:report_list")).content.decode()


def test_the_overdue_answers_speak_french_with_french_dates(
    overdue_report: Any, users: dict[str, Any]
) -> None:
    page = reader(users["secretariat"], "fr").get(reverse("reports:overdue")).content.decode()
    assert '<html lang="fr">' in page
    assert "<h1>Réponses en retard</h1>" in page and "Jours de retard" in page
    assert "en retard au 22 novembre 2026" in page  # the frozen clock's day, written in French
    assert "Observations immédiates du" in page  # the observations awaited, named in French


def test_a_refusal_and_a_message_come_back_in_the_readers_language(
    draft: Any, users: dict[str, Any], today: Any
) -> None:
    member = reader(users["committee_member"], "fr")
    future = today + timedelta(days=3)
    response = member.post(
        reverse("reports:report_adopt", args=[draft.pk]),
        {"adopted_on": future.isoformat(), "votes_for": 9, "votes_against": 0, "abstentions": 0},
    )
    page = response.content.decode()
    assert "La date d&#x27;adoption ne peut pas se situer dans le futur (25 novembre 2026)." in page
    assert "Voix pour" in page  # the form's own labels
    draft.refresh_from_db()
    assert draft.status == "draft"  # nothing changed
    office = reader(users["secretariat"], "ru")
    item = draft.items.order_by("number").first()
    response = office.post(reverse("reports:item_remove", args=[draft.pk, item.pk]), follow=True)
    assert f"Пункт {item.number} удалён; следующие пункты сдвинулись вверх." in response.content.decode()


def test_the_report_itself_stays_in_the_language_it_is_written_in(
    answered: Any, users: dict[str, Any]
) -> None:
    page = reader(users["secretariat"], "fr").get(reverse("reports:report_render", args=[answered.pk]))
    html = page.content.decode()
    assert '<html lang="fr">' in html and "Retour au dossier du rapport" in html  # the interface around it
    document = html[html.index('<article class="report-document" lang="en">') :]
    assert "Recommendation" in document and "Recommandation" not in document
    assert "Response received on" in document and "novembre" not in document and "octobre" not in document


def test_a_draft_made_from_a_french_page_has_its_title_and_items_in_the_reports_language(
    visit: Any, users: dict[str, Any]
) -> None:
    office = reader(users["secretariat"], "fr")
    response = office.post(reverse("reports:report_create"), {"visit": visit.pk, "title": ""}, follow=True)
    assert "Projet créé avec 5 points." in response.content.decode()
    report = Report.objects.get()
    assert report.title.startswith("Report on the periodic visit of ")
    assert "2026" in report.title and not any(
        month in report.title for month in ("août", "septembre", "juillet", "octobre")
    )
    for item in report.items.all():
        assert " la " not in item.text and " le " not in item.text  # the committee's English draft


def test_the_state_record_and_its_chart_speak_ukrainian_and_the_csv_stays_english(
    transmitted: Any, users: dict[str, Any]
) -> None:
    office = reader(users["secretariat"], "uk")
    page = office.get(reverse("reports:state_record", args=["RU"])).content.decode()
    assert '<html lang="uk">' in page
    assert "Зареєстровані відвідування" in page and "Ухвалені доповіді" in page  # the indicators' labels
    assert (
        "Відвідування (Росія) за роками та видами" in page
    )  # the chart's title, the State named in Ukrainian
    assert "Періодичні" in page and "Visits recorded" not in page
    csv_text = office.get(reverse("reports:state_indicators_csv", args=["RU"])).content.decode()
    assert "Visits recorded" in csv_text and "Зареєстровані" not in csv_text  # what a machine reads


def test_a_reminder_reaches_each_liaison_in_their_own_language(
    overdue_report: Any, users: dict[str, Any], make_user: Any, russia: Any
) -> None:
    from custodiet.reports.models import LiaisonAssignment

    liaison = users["state_liaison"]
    liaison.language = "ru"
    liaison.save()
    english = make_user("state_liaison", username="second_liaison", email="second@example.org")
    LiaisonAssignment.objects.create(user=english, state=russia, assigned_on=overdue_report.transmitted_on)
    # Sent from a French page: the secretariat's language is not the liaisons'.
    response = reader(users["secretariat"], "fr").post(
        reverse("reports:report_remind", args=[overdue_report.pk]), follow=True
    )
    assert "Rappel enregistré ; 2 agents de liaison prévenus par courriel." in response.content.decode()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 2 and set(by_address) == {"liaison@example.org", "second@example.org"}
    russian = by_address["liaison@example.org"]
    assert russian.subject.startswith("Напоминание: ответ просрочен (доклад «")
    assert "Ответ властей государства Россия" in russian.body
    assert "2 ноября 2026 г." in russian.body  # noqa: RUF001  # the day it was due
    assert overdue_report.title in russian.subject  # the report's title as it is written
    plain = by_address["second@example.org"]
    assert plain.subject.startswith("Reminder: an answer is overdue (the report “")
    assert "was due on 2 November 2026 and is overdue" in plain.body


def test_the_refusal_to_publish_a_name_says_where_in_the_readers_language(
    answered: Any, users: dict[str, Any], secretariat: Any, russia: Any, today: Any
) -> None:
    services.protected_name_add(name="Ivan Petrov", state=russia, by=secretariat)
    services.response_record(
        report=answered,
        received_on=today,
        answers={2: services.Answer("Mr PETROV Ivan was transferred.")},
        by=users["state_liaison"],
    )
    services.publication_request_record(
        report=answered, requested_on=today, reference="Letter 7", by=users["state_liaison"]
    )
    response = reader(secretariat, "uk").post(
        reverse("reports:report_publish", args=[answered.pk]), {"published_on": today.isoformat()}
    )
    page = response.content.decode()
    assert "у ній названо людину, чию особу записано (відповідь на пункт 2)" in page  # noqa: RUF001
    assert "Відповідно до ст. 11(3) ЄКЗК" in page and "Petrov" not in page.split("<main")[1]
    answered.refresh_from_db()
    assert answered.status == "response_received"  # nothing published


def test_the_job_keeping_the_pdf_speaks_the_language_of_the_page_that_published(
    answered: Any, users: dict[str, Any], secretariat: Any, today: Any, settings: Any, tmp_path: Any
) -> None:
    from custodiet.ops.models import Job, JobState
    from custodiet.ops.testing import run_queued_jobs
    from custodiet.reports import frozen

    settings.DATA_DIR = tmp_path
    services.publication_request_record(
        report=answered, requested_on=today, reference="Letter 7", by=users["state_liaison"]
    )
    reader(secretariat, "fr").post(
        reverse("reports:report_publish", args=[answered.pk]), {"published_on": today.isoformat()}
    )
    job = Job.objects.get(name=frozen.FREEZE)
    assert job.title == f"Conserver le PDF du rapport publié « {answered.title} »"
    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.result["summary"].startswith("Le PDF du rapport publié est conservé (")
    assert " octets, SHA-256 " in job.result["summary"]
