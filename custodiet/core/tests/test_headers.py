"""Security headers on every page, and templates that the Content-Security-Policy will not break.

No inline scripts, styles, style="..." attributes or handlers: the policy allows none of them.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

TEMPLATES = Path(__file__).resolve().parents[2]  # custodiet/
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "an inline <style>"),
    (re.compile(r"\sstyle\s*=", re.I), "a style=... attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on...= event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client: Client) -> None:
    for path in ("/", "/accounts/login/"):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "style-src 'self';" in policy and "script-src 'self';" in policy
        assert "unsafe-inline" not in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "camera=()" in response["Permissions-Policy"]


def test_no_template_has_inline_scripts_styles_or_handlers() -> None:
    found = []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            if pattern.search(text):
                found.append(f"{template.relative_to(TEMPLATES)}: {what}")
    assert found == [], "the Content-Security-Policy forbids these; use static files and CSS classes"


def test_sessions_and_cookies() -> None:
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_AGE == 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_SAMESITE == "Lax" and settings.X_FRAME_OPTIONS == "DENY"


def test_no_template_has_a_comment_django_would_print() -> None:
    """``{# ... #}`` ends at the end of its line: a longer one is shown on the page as text."""
    unclosed = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.count("{#") > line.count("#}")
    ]
    assert unclosed == [], "use {% comment %} for comments over several lines: " + ", ".join(unclosed)
