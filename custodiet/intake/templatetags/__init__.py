"""Template tags of the intake app."""
