"""Tests of the treaties app."""
