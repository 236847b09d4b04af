"""Acceptance on the five seed articles: the pipeline's output, with no knowledge of them in the code."""

from __future__ import annotations

from typing import Any

import pytest

from custodiet.intake.claims import Finding
from custodiet.intake.models import Document, Event, Segment
from custodiet.intake.selectors import event_timeline

pytestmark = pytest.mark.django_db


def finding(timeline: Any, attribute: str, subject: str = "ETS-126") -> Finding:
    matches = [f for f in timeline.findings if f.attribute == attribute and f.subject == subject]
    assert len(matches) == 1, f"{attribute}: {[(f.subject, f.status) for f in timeline.findings]}"
    return matches[0]


def values(found: Finding) -> list[str]:
    return [
        reading.best.shown() if reading.best.count is not None else reading.best.value.iso()
        for reading in found.readings
    ]  # type: ignore[union-attr]


@pytest.fixture
def timeline(seeded: Any) -> Any:
    return event_timeline(Event.objects.get())


def test_all_five_articles_form_one_event_about_the_ecpt_in_russia(seeded: Any) -> None:
    assert seeded.added == 5 and not seeded.skipped
    event = Event.objects.get()
    assert event.documents.count() == 5
    assert (event.state.code, event.instrument.code, event.action) == ("RU", "ETS-126", "denunciation")  # type: ignore[union-attr]


def test_comments_and_boilerplate_are_removed_with_their_reasons(seeded: Any) -> None:
    removed = " ".join(Segment.objects.exclude(reason="").values_list("reason", flat=True))
    for reason in (
        "reader comments",
        "donation appeal",
        "newsletter or subscription prompt",
        "photo credit",
        "read-more or related-links block",
    ):
        assert reason in removed
    text = " ".join(Document.objects.values_list("text", flat=True))
    assert "Comments" not in text and "newsletter" not in text.lower() and "Remind me later" not in text


def test_the_repeated_paragraphs_of_one_article_are_found(seeded: Any) -> None:
    repeated = Segment.objects.filter(reason__startswith="repeated paragraph")
    assert repeated.count() == 4
    assert repeated.values("document").distinct().count() == 1


def test_the_legislative_dates(timeline: Any) -> None:
    assert values(finding(timeline, "law_signed")) == ["2025-09-29"]
    assert values(finding(timeline, "lower_house_approval")) == ["2025-09-17"]
    assert finding(timeline, "lower_house_approval").readings[0].sources == 2
    assert values(finding(timeline, "upper_house_approval")) == ["2025-09-24"]
    assert values(finding(timeline, "bill_submitted")) == ["2025-09-08"]


def test_the_government_proposal_is_two_claims_that_do_not_agree(timeline: Any) -> None:
    proposal = finding(timeline, "government_proposal")
    assert proposal.contradiction
    assert sorted(values(proposal)) == ["2025-08-25", "W6"]  # 25 August 2025 (a Monday) against "on Saturday"
    saturday = next(r for r in proposal.readings if r.best.value.iso() == "W6")  # type: ignore[union-attr]
    assert "Saturday" in saturday.best.sentence


def test_ratification_and_signature_are_told_apart_from_joined(timeline: Any) -> None:
    ratification = finding(timeline, "ratification")
    assert values(ratification)[0][:4] == "1998" and not ratification.contradiction
    assert ratification.readings[0].sources >= 2
    signature = finding(timeline, "signature")
    assert values(signature)[0][:4] == "1996" and not signature.contradiction
    joined = finding(timeline, "joined")
    assert values(joined) == ["1996"]
    # the UN Convention against Torture's ratification is another treaty's, not a contradiction
    assert all(f.subject != "ETS-126" or "1985" not in values(f) for f in timeline.findings)


def test_the_counts(timeline: Any) -> None:
    visits = finding(timeline, "visits_made")
    assert values(visits) == ["30"] and visits.readings[0].sources == 2
    reports = finding(timeline, "reports_written")
    assert reports.contradiction and sorted(values(reports)) == ["27", "30"]
    published = finding(timeline, "reports_published")
    assert values(published) == ["4"] and published.corroborated


def test_the_claim_on_legal_effect_is_flagged_against_the_treaty(timeline: Any) -> None:
    [row] = timeline.effects
    assert row.check.verdict == "inconsistent"
    assert row.check.article == "Article 22"
    assert "notification" in row.check.rule
    assert "State Duma" in row.claim.sentence
    assert row.check.rule_on is not None and row.check.rule_on.day == 1


def test_importing_the_seeds_again_changes_nothing(seeded: Any, seeds: Any) -> None:
    from custodiet.intake.services import intake_add

    before = (Document.objects.count(), Segment.objects.count(), Event.objects.count())
    again = intake_add(paths=[seeds])
    assert again.unchanged == 5 and again.added == 0
    assert (Document.objects.count(), Segment.objects.count(), Event.objects.count()) == before
