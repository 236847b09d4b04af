"""Treaties: who is bound by which instrument on any date, and which bodies may visit its places."""
