"""The ``treaty`` command."""
