"""``custodiet places ...``."""
