"""Small template filters for the intake pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: dict[str, Any], key: str) -> Any:
    """``mapping[key]``, or the key itself when it is missing."""
    return mapping.get(key, key)


@register.filter
def verdict_class(verdict: str) -> str:
    return {"consistent": "good", "approximate": "warn", "inconsistent": "bad"}.get(verdict, "neutral")
