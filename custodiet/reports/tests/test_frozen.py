"""A published report is frozen: its PDF rendered once by a background job when it is published, kept
under the data directory and served as it is after its hash is checked; a file missing or altered is
never served. Unpublished reports still render on request for those who may read them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.ops.models import Job, JobState
from custodiet.ops.testing import run_queued_jobs
from custodiet.reports import frozen, rendering
from custodiet.reports.models import FrozenRendering

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def pdf_url(report: Any) -> str:
    return reverse("reports:published_file", args=[report.pk, "pdf"])


def test_publishing_queues_one_freeze_and_the_worker_keeps_the_pdf(
    published: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [job] = Job.objects.filter(name=frozen.FREEZE)
    assert job.arguments == {"report": published.pk, "language": "en"} and job.state == JobState.QUEUED
    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    kept = FrozenRendering.objects.get(report=published)
    assert (data_dir / kept.path).read_bytes().startswith(b"%PDF")

    def no_rendering(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("a frozen report is not rendered again")

    monkeypatch.setattr(rendering, "to_pdf", no_rendering)
    response = Client().get(pdf_url(published))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == (data_dir / kept.path).read_bytes()
    assert response["Content-Disposition"].endswith('.pdf"')


def test_an_altered_or_missing_file_is_never_served_and_is_made_again(
    published: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_queued_jobs()
    kept = FrozenRendering.objects.get(report=published)
    file = data_dir / kept.path
    file.write_bytes(file.read_bytes().replace(b"%PDF", b"%PDF\n% altered", 1))
    monkeypatch.setattr(rendering, "to_pdf", lambda document: b"%PDF rendered in the request")
    response = Client().get(pdf_url(published))
    assert response.content == b"%PDF rendered in the request"  # not the altered file
    again = Job.objects.filter(name=frozen.FREEZE).exclude(state=JobState.SUCCEEDED)
    assert again.count() == 1  # a new rendering queued, once however many ask
    Client().get(pdf_url(published))
    assert again.count() == 1
    run_queued_jobs()
    kept.refresh_from_db()
    assert (data_dir / kept.path).read_bytes() == b"%PDF rendered in the request"
    file.unlink(missing_ok=True)
    (data_dir / kept.path).unlink()
    assert Client().get(pdf_url(published)).content == b"%PDF rendered in the request"


def test_a_freeze_job_for_an_unpublished_report_refuses(answered: Any, users: dict[str, Any]) -> None:
    from custodiet.ops.jobs import job_enqueue

    job = job_enqueue(
        frozen.FREEZE, by=users["secretariat"], title="freeze", arguments={"report": answered.pk}
    )
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "not published" in job.error
    assert not FrozenRendering.objects.exists()


def test_an_unpublished_report_still_renders_on_request_for_the_office(
    answered: Any, users: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rendering, "to_pdf", lambda document: b"%PDF on request")
    client = Client()
    client.force_login(users["secretariat"])
    response = client.get(reverse("reports:report_render_file", args=[answered.pk, "pdf"]))
    assert response.status_code == 200 and response.content == b"%PDF on request"
    assert not Job.objects.filter(name=frozen.FREEZE).exists()
    assert Client().get(pdf_url(answered)).status_code == 404  # and nobody else sees it
