"""The intake's forms: correcting an event's title and its links to a State and a treaty; an import.

The links are typed as a user names them (RU, RUS or the State's name; ETS-126,
ECPT or "ETS No. 126"); the service resolves them and refuses an unknown one. The
import form refuses, before anything is started, a file larger than a file may be
and a text longer than one document may be. The fields are shown with
``core/_form_fields.html``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms

from custodiet.intake.models import Event
from custodiet.intake.sources import (
    JSONL_SUFFIXES,
    MAX_BYTES,
    MAX_DOCUMENT_CHARS,
    decode,
    parse_published,
)


class EventLinksForm(forms.Form):
    title = forms.CharField(max_length=300, widget=forms.TextInput(attrs={"size": 50}))
    state = forms.CharField(
        label="State",
        required=False,
        max_length=100,
        help_text="ISO code (RU, RUS) or name; blank for none.",
    )
    instrument = forms.CharField(
        label="Treaty",
        required=False,
        max_length=200,
        help_text="Code, short title or alias (ETS-126, ECPT, ETS No. 126); blank for none.",
    )

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        """The event's title and links as they stand, to show in the form."""
        return {
            "title": event.title,
            "state": event.state.code if event.state else "",
            "instrument": event.instrument.code if event.instrument else "",
        }


class _MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class _FilesField(forms.FileField):
    """Several uploaded files (text, HTML, JSON Lines), each of at most ``sources.MAX_BYTES``."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ImportForm(forms.Form):
    """Import from the web page: upload files, or paste one article's text (with what is known of it)."""

    uploads = _FilesField(
        label="Files",
        required=False,
        widget=_MultipleFiles(),
        help_text="Text (.txt, .md), HTML (.html) or JSON Lines (.jsonl) files; several at once.",
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        label="Or paste an article's text",
    )
    title = forms.CharField(required=False, max_length=500)
    url = forms.CharField(required=False, max_length=1000, label="Where it was published (URL)")
    published = forms.CharField(
        required=False,
        max_length=25,
        label="Published",
        help_text="As precise as known: 2025-05-20, 2025-05 or 2025; blank if unknown.",
    )

    def clean_uploads(self) -> list[Any]:
        uploads: list[Any] = self.cleaned_data.get("uploads") or []
        for upload in uploads:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(
                    f"{upload.name} is too large: {upload.size:,} bytes, and a file may have {MAX_BYTES:,}."
                )
            suffix = Path(upload.name or "").suffix.lower()
            if suffix not in JSONL_SUFFIXES and upload.size > MAX_DOCUMENT_CHARS:
                characters = len(decode(upload.read()))
                upload.seek(0)
                if characters > MAX_DOCUMENT_CHARS:
                    raise forms.ValidationError(_too_long(upload.name, characters))
        return uploads

    def clean_published(self) -> str:
        published: str = (self.cleaned_data.get("published") or "").strip()
        try:
            parse_published(published)
        except ValueError as problem:
            raise forms.ValidationError(str(problem)) from problem
        return published

    def clean_text(self) -> str:
        text: str = self.cleaned_data.get("text") or ""
        if len(text) > MAX_DOCUMENT_CHARS:
            raise forms.ValidationError(_too_long("The pasted text", len(text)))
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("uploads") and not (data.get("text") or "").strip() and not self.errors:
            raise forms.ValidationError("Choose files to upload, or paste an article's text.")
        return data


def _too_long(what: str, characters: int) -> str:
    return (
        f"{what} is too long for one document: {characters:,} characters, and the limit is "
        f"{MAX_DOCUMENT_CHARS:,}. Split it into its parts (chapters, articles) and import those."
    )
