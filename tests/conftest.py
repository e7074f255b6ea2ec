"""Shared fixtures: one loaded Reader for the whole test session, and where ../shared lives.

The shared data folder is third-party material that is never copied into the repository. It is
found at ``$NEWSWIRE_SHARED``, else beside this checkout (``../shared``), else beside the local
repository this checkout was cloned from. Tests that need it are skipped, with the reason, when it
is nowhere to be found; with ``NEWSWIRE_REQUIRE_SHARED=1`` (set by CI) they fail instead.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from newswire.pipeline import Reader

REPO = Path(__file__).resolve().parents[1]
FOUNDING_EXAMPLE = Path("examples") / "milley-ukraine-2022-11.txt"


def _origin_checkout() -> Path | None:
    """The local repository this checkout was cloned from, when its origin is a folder."""
    try:
        found = subprocess.run(["git", "-C", str(REPO), "config", "--get", "remote.origin.url"],
                               capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    origin = found.stdout.strip().removeprefix("file://")
    return Path(origin) if origin and Path(origin).is_dir() else None


def shared_folder() -> Path | None:
    """The shared data folder (see the module docstring), or None when there is none."""
    if os.environ.get("NEWSWIRE_SHARED"):
        return Path(os.environ["NEWSWIRE_SHARED"])
    origin = _origin_checkout()
    candidates = [REPO.parent / "shared"] + ([origin.resolve().parent / "shared"] if origin else [])
    return next((folder for folder in candidates if folder.is_dir()), None)


SHARED = shared_folder()


def shared_file(relative: Path | str) -> Path:
    """A file of the shared data folder; skips the test (fails it under NEWSWIRE_REQUIRE_SHARED=1)
    when the folder or the file is missing."""
    path = SHARED / relative if SHARED is not None else None
    if path is None or not path.is_file():
        reason = (f"shared data file {relative} not found (shared folder: {SHARED or 'none found'}); "
                  "set NEWSWIRE_SHARED to the shared data folder")
        if os.environ.get("NEWSWIRE_REQUIRE_SHARED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def reader() -> Reader:
    """The default reader (model loaded once per session)."""
    return Reader()


@pytest.fixture(scope="session")
def founding_text() -> str:
    """The founding example's text, read from the shared data folder."""
    return shared_file(FOUNDING_EXAMPLE).read_text("utf-8")
