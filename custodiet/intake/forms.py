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
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from custodiet.intake.models import Event
from custodiet.intake.sources import (
    JSONL_SUFFIXES,
    MAX_BYTES,
    MAX_DOCUMENT_CHARS,
    decode,
    parse_published,
)


class EventLinksForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"), max_length=300, widget=forms.TextInput(attrs={"size": 50})
    )
    state = forms.CharField(
        label=gettext_lazy("State"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("ISO code (RU, RUS) or name; blank for none."),
    )
    instrument = forms.CharField(
        label=gettext_lazy("Treaty"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Code, short title or alias (ETS-126, ECPT, ETS No. 126); blank for none."),
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
        label=gettext_lazy("Files"),
        required=False,
        widget=_MultipleFiles(),
        help_text=gettext_lazy(
            "Text (.txt, .md), HTML (.html) or JSON Lines (.jsonl) files; several at once."
        ),
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        label=gettext_lazy("Or paste an article's text"),
    )
    title = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=500)
    url = forms.CharField(required=False, max_length=1000, label=gettext_lazy("Where it was published (URL)"))
    published = forms.CharField(
        required=False,
        max_length=25,
        label=pgettext_lazy("date of a document", "Published"),
        help_text=gettext_lazy("As precise as known: 2025-05-20, 2025-05 or 2025; blank if unknown."),
    )

    def clean_uploads(self) -> list[Any]:
        uploads: list[Any] = self.cleaned_data.get("uploads") or []
        for upload in uploads:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is too large: %(size)s bytes, and a file may have %(limit)s.")
                    % {"name": upload.name, "size": _number(upload.size), "limit": _number(MAX_BYTES)}
                )
            suffix = Path(upload.name or "").suffix.lower()
            if suffix not in JSONL_SUFFIXES and upload.size > MAX_DOCUMENT_CHARS:
                characters = len(decode(upload.read()))
                upload.seek(0)
                if characters > MAX_DOCUMENT_CHARS:
                    raise forms.ValidationError(_too_long(upload.name or "upload", characters))
        return uploads

    def clean_published(self) -> str:
        published: str = (self.cleaned_data.get("published") or "").strip()
        try:
            parse_published(published)
        except ValueError as problem:
            raise forms.ValidationError(
                _(
                    "“%(value)s” is not an ISO date: write it as precisely as known, 2025-05-20, 2025-05 or 2025."
                )
                % {"value": published}
            ) from problem
        return published

    def clean_text(self) -> str:
        text: str = self.cleaned_data.get("text") or ""
        if len(text) > MAX_DOCUMENT_CHARS:
            raise forms.ValidationError(_too_long(None, len(text)))
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("uploads") and not (data.get("text") or "").strip() and not self.errors:
            raise forms.ValidationError(_("Choose files to upload, or paste an article's text."))
        return data


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _too_long(name: str | None, characters: int) -> str:
    """A file (by its name) or the pasted text (``None``) longer than one document may be."""
    said = {"name": name, "characters": _number(characters), "limit": _number(MAX_DOCUMENT_CHARS)}
    if name is None:
        return (
            _(
                "The pasted text is too long for one document: %(characters)s characters, and the limit is "
                "%(limit)s. Split it into its parts (chapters, articles) and import those."
            )
            % said
        )
    return (
        _(
            "%(name)s is too long for one document: %(characters)s characters, and the limit is %(limit)s. "
            "Split it into its parts (chapters, articles) and import those."
        )
        % said
    )
