"""The ``intake`` command."""
