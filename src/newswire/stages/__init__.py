"""Pipeline stages: each module reads a Draft and appends one kind of record."""
