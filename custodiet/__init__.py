"""Custodiet: software for the bodies that monitor places of deprivation of liberty."""

__version__ = "0.1.0"
