"""Evaluation: run the reader over a gold set and compare (filled in below)."""
