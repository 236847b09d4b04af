"""Management commands of the treaties app."""
