"""Supply chain: every dependency pinned with hashes, and the installed model files unchanged.

The lock files must pin each requirement with ``==`` and carry ``--hash=sha256:`` lines, so pip
installs with ``--require-hashes`` and nothing else. The spaCy model package is checked file by
file against the sha256 of its wheel's RECORD, so a model file altered after installation fails.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest

from newswire.parse import DEFAULT_MODEL_VERSION, MODEL_PACKAGE

REPO = Path(__file__).resolve().parents[1]
LOCKS = ("requirements.lock", "requirements-eval.lock")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.!+_-]+)$")
HASH = re.compile(r"^--hash=sha256:[0-9a-f]{64}$")
MODEL_DISTRIBUTION = MODEL_PACKAGE.split("==")[0]


def requirements(lock: Path) -> list[list[str]]:
    """Each requirement of a pip-compile lock file as its words (continuation lines joined)."""
    logical, current = [], ""
    for line in lock.read_text("utf-8").splitlines():
        line = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if not line:
            continue
        current += " " + line.rstrip("\\").strip()
        if not line.endswith("\\"):
            logical.append(current.split())
            current = ""
    if current:
        logical.append(current.split())
    return logical


def unpinned(lock: Path) -> list[str]:
    """Every requirement that is not ``name==version`` with sha256 hashes, with the reason."""
    problems = []
    for words in requirements(lock):
        requirement, options = words[0], words[1:]
        if not PIN.match(requirement):
            problems.append(f"{requirement}: not pinned with ==")
        hashes = [o for o in options if o.startswith("--hash")]
        if not hashes or not all(HASH.match(h) for h in hashes):
            problems.append(f"{requirement}: no sha256 --hash")
        if [o for o in options if not o.startswith("--hash")]:
            problems.append(f"{requirement}: unexpected options {options}")
    return problems


def pinned_versions(lock: Path) -> dict[str, str]:
    return {normalize(m.group(1)): m.group(2) for words in requirements(lock) if (m := PIN.match(words[0]))}


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def record_mismatches(distribution: metadata.Distribution) -> tuple[int, list[str]]:
    """How many of a distribution's files its RECORD hashes, and which of them no longer match."""
    checked, mismatches = 0, []
    for entry in distribution.files or []:
        if entry.hash is None:
            continue
        if entry.hash.mode != "sha256":
            mismatches.append(f"{entry}: RECORD uses {entry.hash.mode}, not sha256")
            continue
        checked += 1
        path = Path(entry.locate())
        if not path.is_file():
            mismatches.append(f"{entry}: missing")
            continue
        digest = base64.urlsafe_b64encode(hashlib.sha256(path.read_bytes()).digest()).rstrip(b"=").decode()
        if digest != entry.hash.value:
            mismatches.append(f"{entry}: sha256 {digest} differs from RECORD {entry.hash.value}")
    return checked, mismatches


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_requirement_is_pinned_with_sha256_hashes(lock):
    path = REPO / lock
    assert len(requirements(path)) > 50
    assert unpinned(path) == []


@pytest.mark.parametrize("text, problem", [
    ("spacy>=3.8 \\\n    --hash=sha256:" + "a" * 64 + "\n", "not pinned"),
    ("spacy==3.8.2\n", "no sha256"),
    ("spacy==3.8.2 \\\n    --hash=md5:abc\n", "no sha256"),
    ("spacy==3.8.2 \\\n    --hash=sha256:" + "a" * 64 + " \\\n    --index-url https://example.org\n", "unexpected"),
])
def test_the_pin_check_catches_loose_requirements(tmp_path, text, problem):
    lock = tmp_path / "requirements.lock"
    lock.write_text("# header\n" + text, "utf-8")
    assert any(problem in p for p in unpinned(lock))


@pytest.mark.parametrize("lock", LOCKS)
def test_the_model_package_is_locked_at_the_version_newswire_checks(lock):
    assert pinned_versions(REPO / lock)[normalize(MODEL_DISTRIBUTION)] == DEFAULT_MODEL_VERSION


def test_installed_model_matches_the_pin_and_its_record_hashes():
    distribution = metadata.distribution(MODEL_DISTRIBUTION)
    assert distribution.version == DEFAULT_MODEL_VERSION
    checked, mismatches = record_mismatches(distribution)
    weights = [str(f) for f in distribution.files or [] if f.hash and str(f).endswith(("/model", "/moves", "vectors"))]
    assert checked > 20 and weights, (checked, weights)
    assert mismatches == []


def test_the_record_check_catches_a_tampered_model_file(tmp_path):
    """A copy of a dist-info whose file is then changed by one byte fails the check."""
    payload = tmp_path / "fake_model" / "ner" / "model"
    payload.parent.mkdir(parents=True)
    payload.write_bytes(b"weights" * 100)
    digest = base64.urlsafe_b64encode(hashlib.sha256(payload.read_bytes()).digest()).rstrip(b"=").decode()
    info = tmp_path / "fake_model-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-model\nVersion: 1.0\n", "utf-8")
    (info / "RECORD").write_text(f"fake_model/ner/model,sha256={digest},{payload.stat().st_size}\n"
                                 "fake_model-1.0.dist-info/RECORD,,\n", "utf-8")
    distribution = metadata.PathDistribution(info)
    assert record_mismatches(distribution) == (1, [])
    payload.write_bytes(b"weights" * 99 + b"weightz")
    checked, mismatches = record_mismatches(distribution)
    assert checked == 1 and len(mismatches) == 1 and "differs from RECORD" in mismatches[0]


def test_installed_runtime_packages_match_the_lock():
    """Every package of requirements.lock that is installed here has the locked version."""
    locked = pinned_versions(REPO / "requirements.lock")
    installed = {normalize(d.metadata["Name"]): d.version for d in metadata.distributions()}
    differing = {name: (version, installed[name]) for name, version in locked.items()
                 if name in installed and installed[name] != version}
    assert sys.prefix != sys.base_prefix, "run the tests in the project's virtual environment"
    assert differing == {}, f"locked vs installed: {differing}"
