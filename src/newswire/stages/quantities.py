"""The quantities stage (first version: finds nothing yet)."""

from __future__ import annotations

from newswire.draft import Draft


def annotate(draft: Draft) -> None:
    """Append this stage's records to draft."""
