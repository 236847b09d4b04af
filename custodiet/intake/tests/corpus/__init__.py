"""The labelled development corpus for `custodiet intake evaluate` (data files, and the test that keeps them sound)."""
