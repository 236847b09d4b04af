"""Testimony: private interviews, pseudonymous persons, consent, allegations, medical findings and reprisal risks (see docs/testimony.md)."""
