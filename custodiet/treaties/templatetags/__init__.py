"""Template tags of the treaty pages."""
