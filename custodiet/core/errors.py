"""Errors that carry a message meant for the user, raised by services, selectors and rules.

The interfaces turn them into answers once: the API's exception handler
(custodiet.core.api) gives 400 (404 for NotFound) with the message, the pages'
form helper (custodiet.core.pages) shows it on the form, the CLI prints it.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the mechanism refuses the request; the message says which and why."""

    def details(self) -> dict[str, Any]:
        """What the API adds to ``detail`` (the refusal's parts, each reason on its own); none by default."""
        return {}


class NotFound(DomainError):
    """What was asked for does not exist (or is not for this user to know of): a 404 for pages and the API."""


class ImportRejected(DomainError):
    """An import was refused as a whole; ``problems`` lists each bad line and why."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        lines = "; ".join(f"line {line}: {reason}" for line, reason in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"nothing was imported: {lines}{more}")

    def details(self) -> dict[str, Any]:
        return {"problems": [{"line": line, "reason": reason} for line, reason in self.problems]}
