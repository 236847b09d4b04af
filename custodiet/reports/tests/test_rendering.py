"""The report in the structure of a CPT report, to HTML, PDF and DOCX; Cyrillic intact; the public
rendering without personal data."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from custodiet.reports import rendering, selectors
from custodiet.reports.models import Item, Report

pytestmark = pytest.mark.django_db


def document(report: Any, *, public: bool) -> rendering.ReportDocument:
    return rendering.assemble(selectors.with_record(Report.objects.filter(pk=report.pk)).get(), public=public)


def test_the_document_follows_the_structure_of_a_cpt_report(answered: Any) -> None:
    doc = document(answered, public=False)
    assert [label for label, _ in doc.dates][:3] == ["Visit", "Adopted", "Transmitted to the authorities"]
    assert ("Anna Member", "Head of delegation") in doc.delegation
    assert [name for name, _, _ in doc.places] == ["Pre-trial centre No. 1", "Tverskoy police station"]
    assert any("access refused" in line for line in doc.cooperation)
    assert any("objected" in line and "Art. 9(1)" in line for line in doc.cooperation)
    assert [section.heading for section in doc.sections] == [
        "Cooperation",
        "Material conditions of detention",
        "Regime and activities",
        "Other issues",
    ]
    assert len(doc.sections[1].findings) == 2
    assert [line.number for line in doc.items] == [1, 2, 3, 4, 5]
    assert [heading for heading, _ in doc.appendix] == [
        "Recommendations",
        "Comments",
        "Requests for information",
    ]
    assert doc.votes.startswith("10 for, 1 against, 1 abstaining")


def test_the_public_document_names_no_one_but_the_committees_members(published: Any) -> None:
    doc = document(published, public=True)
    assert ("Anna Member", "Head of delegation") in doc.delegation
    assert ("", "Expert (doctor)") in doc.delegation  # the expert by role only
    assert doc.votes == "" and all(label != "Response due" for label, _ in doc.dates)
    page = Client().get(reverse("reports:published_detail", args=[published.pk])).content.decode()
    assert "Pierre Expert" not in page and "Anna Member" in page


def test_an_items_own_deadline_is_left_out_of_the_public_rendering(published: Any) -> None:
    Item.objects.filter(report=published, number=5).update(deadline="2026-01-31")
    confidential = document(published, public=False)
    assert confidential.items[4].notes == [
        "addressed to Ministry of Internal Affairs",
        "answer by 31 January 2026",
    ]
    Item.objects.filter(report=published, number=5).update(authority="")
    assert document(published, public=False).items[4].notes == ["answer by 31 January 2026"]
    html = rendering.to_html(document(published, public=False))
    assert "(answer by 31 January 2026)" in html  # no stray separator before the first note
    public = document(published, public=True)
    assert all(not line.deadline for line in public.items)
    assert "31 January 2026" not in rendering.to_html(public)


def test_the_confidential_rendering_is_marked_and_refused_to_the_public(answered: Any) -> None:
    with pytest.raises(ValueError, match="confidential"):
        document(answered, public=True)
    html = rendering.to_html(document(answered, public=False))
    assert "confidential unless published" in html
    intro, findings, appendix = (html.index(s) for s in ("I. Introduction", "II. Facts found", "Appendix"))
    assert intro < findings < appendix


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_carries_the_report_in_cyrillic_too(
    published: Any, tmp_path: Path, users: dict[str, Any]
) -> None:
    client = Client()
    response = client.get(reverse("reports:published_file", args=[published.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)  # noqa: S603, S607
    text = " ".join(done.stdout.decode("utf-8").split())
    for expected in (
        published.title.split()[0],
        "I. Introduction",
        "СИЗО-1 «Матросская тишина»",
        "ОВД Тверской",
        "Living space of 2.5 m² per prisoner in cell 12",
        "1. Recommendation:",
        "A new detention block is under construction.",
        "Appendix",
    ):
        assert expected in text, expected
    assert "Pierre Expert" not in text


def test_the_docx_carries_the_report_in_cyrillic_too(answered: Any, users: dict[str, Any]) -> None:
    from docx import Document

    client = Client()
    client.force_login(users["secretariat"])
    response = client.get(reverse("reports:report_render_file", args=[answered.pk, "docx"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    opened = Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in opened.paragraphs)
    assert "I. Introduction" in text and "СИЗО-1 «Матросская тишина»" in text
    assert "Appendix: list of the Committee's recommendations" in text
    assert "1. Recommendation: During the visit, access to" in text and "The Committee recommends" in text
    cells = [cell.text for table in opened.tables for row in table.rows for cell in row.cells]
    assert "Adopted" in cells


def test_the_docx_is_written_whatever_control_characters_a_text_holds(
    answered: Any, users: dict[str, Any]
) -> None:
    """Word's own line break (a vertical tab), pasted into an item, and other control characters XML
    cannot hold: the file is still written (a published report cannot be corrected afterwards)."""
    from docx import Document

    item = answered.items.order_by("number").first()
    type(item).objects.filter(pk=item.pk).update(text="Line one\x0bline two\x01\x1b end.")
    client = Client()
    client.force_login(users["secretariat"])
    response = client.get(reverse("reports:report_render_file", args=[answered.pk, "docx"]))
    assert response.status_code == 200
    text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(response.content)).paragraphs)
    assert "Line one\nline two end." in text


def test_a_reference_report_renders_with_its_source(reference_data: Any) -> None:
    from custodiet.reports.services import reference_load

    reference_load()
    report = Report.objects.get(visit_from="2011-04-27")
    page = Client().get(reverse("reports:published_detail", args=[report.pk])).content.decode()
    assert "27 April 2011 to 6 May 2011" in page and "coe.int" in page and "24 January 2013" in page
