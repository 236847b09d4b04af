"""Operations: serving, background work, health, logs, and the plumbing that long lists and long jobs share."""
