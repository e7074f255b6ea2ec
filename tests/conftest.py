"""Shared fixtures: one loaded Reader for the whole test session, and where ../shared lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newswire.pipeline import Reader

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSWIRE_SHARED", REPO.parent / "shared"))
FOUNDING_EXAMPLE = SHARED / "examples" / "milley-ukraine-2022-11.txt"


@pytest.fixture(scope="session")
def reader() -> Reader:
    """The default reader (model loaded once per session)."""
    return Reader()


@pytest.fixture(scope="session")
def founding_text() -> str:
    """The founding example's text, read from the shared data folder beside the repo."""
    if not FOUNDING_EXAMPLE.is_file():
        pytest.fail(f"founding example not found at {FOUNDING_EXAMPLE}; set NEWSWIRE_SHARED to the shared data folder")
    return FOUNDING_EXAMPLE.read_text("utf-8")
