"""A test-only app: a model with every kind of encrypted field (installed by settings_test only)."""
