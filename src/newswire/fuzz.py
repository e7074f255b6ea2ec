"""Fuzzing the readers: the contract every reader keeps on any input, and a coverage-guided harness.

The contract, checked by :func:`check_file_items` and :func:`check_reading`:

* a file reader (text, HTML, JSONL, CSV/TSV, WARC) given any bytes yields, for each item, either
  an :class:`~newswire.errors.InputError` whose message names the file, or a
  :class:`~newswire.records.Document` with a non-empty id, a valid Unicode text (it must survive
  UTF-8 encoding, as JSON output and the store need), and a ``YYYY-MM-DD`` date or none; a plain
  text file's document holds the file's text unchanged;
* ``Reader.read_text`` given any text returns a Reading of exactly that text whose JSON obeys the
  record contract (every span's ``text[start:end] == span.text``);
* nothing raises any other exception.

The Hypothesis tests (``tests/test_fuzz.py``) use these checks directly. :func:`run_fuzz` runs
one target under atheris (libFuzzer, coverage-guided over the newswire and reader-library code)
for a bounded time in a child process, since libFuzzer ends the process it runs in. A failing
input is saved in the crash directory with its traceback and fuzzing goes on; hangs, memory
exhaustion and hard crashes are saved there by libFuzzer itself (``timeout-*``, ``oom-*``,
``crash-*``). Run it with ``newswire fuzz TARGET --seconds N``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

FILE_TARGETS = {"text": ".txt", "html": ".html", "jsonl": ".jsonl", "csv": ".csv", "warc": ".warc", "sgml": ".sgm"}
FUZZ_TARGETS = (*FILE_TARGETS, "read")
INSTRUMENTED = ["newswire", "trafilatura", "justext", "htmldate", "courlan", "warcio", "dateutil"]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
LIBFUZZER_ARTIFACTS = ("crash-", "timeout-", "oom-", "leak-")
PER_INPUT_TIMEOUT_SECONDS = 60
RSS_LIMIT_MB = 4096


class ContractViolation(AssertionError):
    """A reader broke its contract on some input (the message says how)."""


@dataclass
class FuzzReport:
    """What one bounded fuzzing run did: inputs tried, seconds spent, failing inputs saved."""

    target: str
    seconds: float
    inputs: int
    failures: list[Path] = field(default_factory=list)
    log: Path | None = None
    exit_code: int = 0


# ---------------------------------------------------------------- the contract


def read_file_bytes(data: bytes, suffix: str, folder: Path) -> tuple[Path, list]:
    """Write ``data`` to a file with ``suffix`` in ``folder`` and read it with ``read_source``."""
    from newswire.inputs import read_source

    path = folder / f"input{suffix}"
    path.write_bytes(data)
    return path, list(read_source(str(path)))


def check_file_items(items: list, path: Path, data: bytes, suffix: str) -> None:
    """Raise ContractViolation unless every item read from ``path`` keeps the reader contract."""
    from newswire.errors import InputError
    from newswire.records import Document

    for item in items:
        if isinstance(item, InputError):
            if str(path) not in str(item):
                raise ContractViolation(f"input error does not name the input: {item}")
        elif isinstance(item, Document):
            check_document(item)
        else:
            raise ContractViolation(f"reader yielded {type(item).__name__}, not a Document or InputError")
    if suffix == ".txt":
        _check_plain_text(items, data)


def _check_plain_text(items: list, data: bytes) -> None:
    """A text file gives exactly one item; a document holds the file's text unchanged."""
    from newswire.records import Document

    if len(items) != 1:
        raise ContractViolation(f"a text file gave {len(items)} items, expected 1")
    if isinstance(items[0], Document) and items[0].text != data.decode("utf-8"):
        raise ContractViolation("a text file's document does not hold the file's text unchanged")


def check_document(document) -> None:
    """Raise ContractViolation unless a Document has an id, a valid Unicode text and a date or none."""
    if not isinstance(document.id, str) or not document.id:
        raise ContractViolation(f"document id {document.id!r} is empty or not a string")
    for name in ("text", "title", "url", "source"):
        value = getattr(document, name)
        if name == "text" and not isinstance(value, str):
            raise ContractViolation(f"document text is {type(value).__name__}, not str")
        if value is not None and not isinstance(value, str):
            raise ContractViolation(f"document {name} is {type(value).__name__}, not str")
        if isinstance(value, str):
            _check_encodable(value, name)
    if document.published is not None and not ISO_DATE.fullmatch(str(document.published)):
        raise ContractViolation(f"published {document.published!r} is not YYYY-MM-DD")


def _check_encodable(value: str, name: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ContractViolation(
            f"document {name} is not valid Unicode ({error.reason} at {error.start}: "
            f"{value[error.start:error.end]!r}); JSON output and the store cannot hold it") from None


def check_reading(reading, text: str) -> None:
    """Raise ContractViolation unless a Reading holds ``text`` and its JSON obeys the contract."""
    from newswire.contract import validate_reading

    if reading.document.text != text:
        raise ContractViolation("the reading's text differs from the text read")
    payload = reading.to_dict()
    problems = validate_reading(payload)
    if problems:
        raise ContractViolation("; ".join(problems[:5]))
    json.dumps(payload, ensure_ascii=False).encode("utf-8")


# ---------------------------------------------------------------- targets


def file_target(name: str, folder: Path):
    """A one-input check for a file reader: read the bytes as a file of that kind."""
    suffix = FILE_TARGETS[name]

    def one_input(data: bytes) -> None:
        path, items = read_file_bytes(data, suffix, folder)
        check_file_items(items, path, data, suffix)

    return one_input


def read_target():
    """A one-input check for ``Reader.read_text``: the bytes decoded as UTF-8 (bad bytes replaced)."""
    from newswire.pipeline import Reader

    reader = Reader()
    reader.read_text(seeds("read")[0].decode())  # load the lexicons before timing starts

    def one_input(data: bytes) -> None:
        text = data.decode("utf-8", errors="replace")
        check_reading(reader.read_text(text), text)

    return one_input


def seeds(target: str) -> list[bytes]:
    """A few small well-formed inputs for a target, for the fuzzer to start from."""
    story = ("The foreign minister said on Monday that talks with the rebels would resume in Geneva.\n"
             "\u201cWe will not retreat,\u201d the commander told reporters. Officials estimated 300 troops moved.\n")
    page = ("<!doctype html><html><head><title>Talks resume</title><meta name=\"date\" content=\"2022-11-16\">"
            f"</head><body><article><h1>Talks resume</h1><p>{story}</p></article></body></html>")
    if target in ("text", "read"):
        return [story.encode(), b"", "\"\u201c'\u2019 \n".encode()]
    if target == "html":
        return [page.encode(), b"<html><body><div><div><p>x</p></div></div></body></html>"]
    if target == "jsonl":
        row = {"id": "d1", "title": "Talks", "published": "2022-11-16", "text": story}
        return [(json.dumps(row) + "\n" + json.dumps({"body": "x", "url": "http://example.org"}) + "\n").encode()]
    if target == "csv":
        return [b"id,title,published,text\n1,Talks,2022-11-16,\"" + story.replace('"', '""').encode() + b"\"\n"]
    return [warc_record(page.encode())]


def warc_record(html: bytes, uri: str = "http://example.org/story") -> bytes:
    """One uncompressed WARC response record carrying an HTML page."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(html), http_headers=headers))
    return buffer.getvalue()


# ---------------------------------------------------------------- the atheris worker


def _failure_recorder(check, crash_dir: Path):
    """Wrap a one-input check so a failure saves the input and its traceback, once per cause."""
    seen: set[str] = set()

    def one_input(data: bytes) -> None:
        try:
            check(data)
        except Exception as error:  # noqa: BLE001 - any escape is the failure being looked for
            frames = traceback.extract_tb(error.__traceback__)
            where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
            cause = hashlib.sha1(f"{type(error).__name__} {where}".encode()).hexdigest()[:12]
            if cause in seen:
                return
            seen.add(cause)
            stem = crash_dir / f"failure-{cause}-{hashlib.sha1(data).hexdigest()[:12]}"
            stem.with_suffix(".input").write_bytes(data)
            stem.with_suffix(".txt").write_text(traceback.format_exc(), "utf-8")

    return one_input


def worker(target: str, crash_dir: str, libfuzzer_args: list[str]) -> None:
    """Fuzz one target in this process until libFuzzer's time limit ends it."""
    import atheris

    with atheris.instrument_imports(include=INSTRUMENTED):
        import newswire.inputs  # noqa: F401 - imported here so atheris instruments it
        if target == "read":
            import newswire.pipeline  # noqa: F401
        elif target in ("html", "warc"):
            import trafilatura  # noqa: F401
            import warcio  # noqa: F401
    scratch = Path(tempfile.mkdtemp(prefix="newswire-fuzz-"))
    check = read_target() if target == "read" else file_target(target, scratch)
    atheris.Setup([sys.argv[0], *libfuzzer_args], _failure_recorder(check, Path(crash_dir)))
    atheris.Fuzz()


# ---------------------------------------------------------------- the parent


def run_fuzz(target: str, *, seconds: int, crash_dir: str | Path, max_len: int = 4096) -> FuzzReport:
    """Fuzz ``target`` for about ``seconds`` in a child process; report inputs tried and failures."""
    if target not in FUZZ_TARGETS:
        raise ValueError(f"unknown fuzz target {target!r}; choose one of {', '.join(FUZZ_TARGETS)}")
    crash_dir = Path(crash_dir)
    crash_dir.mkdir(parents=True, exist_ok=True)
    before = set(crash_dir.iterdir())
    with tempfile.TemporaryDirectory(prefix=f"newswire-fuzz-{target}-") as corpus:
        for number, seed in enumerate(seeds(target)):
            Path(corpus, f"seed-{number}").write_bytes(seed)
        args = [f"-max_total_time={seconds}", "-print_final_stats=1", f"-max_len={max_len}",
                f"-timeout={PER_INPUT_TIMEOUT_SECONDS}", f"-report_slow_units={PER_INPUT_TIMEOUT_SECONDS}", f"-rss_limit_mb={RSS_LIMIT_MB}",
                f"-artifact_prefix={crash_dir}{os.sep}", corpus]
        command = [sys.executable, "-m", "newswire.fuzz", "worker", target, str(crash_dir), *args]
        done = subprocess.run(command, capture_output=True, text=True, errors="replace",
                              timeout=seconds + PER_INPUT_TIMEOUT_SECONDS + 120)
    log = crash_dir / f"fuzz-{target}.log"
    log.write_text(done.stdout + done.stderr, "utf-8")
    found = sorted(p for p in set(crash_dir.iterdir()) - before
                   if p.name.startswith(LIBFUZZER_ARTIFACTS) or (p.name.startswith("failure-") and p.suffix == ".input"))
    return FuzzReport(target=target, seconds=_stat(done.stderr, "Done \\d+ runs in (\\d+) second", float(seconds)),
                      inputs=int(_stat(done.stderr, "stat::number_of_executed_units:\\s*(\\d+)", 0)),
                      failures=found, log=log, exit_code=done.returncode)


def _stat(output: str, pattern: str, default: float) -> float:
    """The last number libFuzzer printed for ``pattern``, or ``default``."""
    found = re.findall(pattern, output)
    return float(found[-1]) if found else default


def main(argv: list[str]) -> None:
    """``python -m newswire.fuzz worker TARGET CRASH_DIR [libFuzzer args]`` (used by run_fuzz)."""
    if len(argv) < 3 or argv[0] != "worker" or argv[1] not in FUZZ_TARGETS:
        sys.exit(f"usage: python -m newswire.fuzz worker {{{','.join(FUZZ_TARGETS)}}} CRASH_DIR [libFuzzer args]")
    worker(argv[1], argv[2], argv[3:])


if __name__ == "__main__":
    main(sys.argv[1:])
