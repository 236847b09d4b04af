"""English formats: see custodiet.formats."""
