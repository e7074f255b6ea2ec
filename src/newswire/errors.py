"""Errors newswire raises on purpose, each with a searchable code and a message naming the input."""

from __future__ import annotations


class NewswireError(Exception):
    """Base class: ``code`` is stable (``NW101``) so users can search for it."""

    code = "NW000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


class ModelError(NewswireError):
    """The spaCy pipeline is missing, of the wrong version, or not an English pipeline."""

    code = "NW101"


class InputError(NewswireError):
    """An input cannot be read: missing, binary, not UTF-8, malformed JSONL/CSV, no text column."""

    code = "NW201"


class GoldError(NewswireError):
    """An evaluation set is missing or not in the expected format."""

    code = "NW301"
