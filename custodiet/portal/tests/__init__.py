"""Tests of the public portal: search, published timelines."""
