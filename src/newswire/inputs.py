"""Readers of input formats: plain text, HTML, JSONL and CSV files, directories and standard input.

Each reader yields :class:`~newswire.records.Document` objects in input order. A problem with one
input (binary, not UTF-8, malformed row) is yielded as an :class:`~newswire.errors.InputError`
value, so the caller can report it and go on with the rest.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from newswire.errors import InputError
from newswire.records import Document

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES
TEXT_COLUMNS = ("text", "body", "content", "article")
META_COLUMNS = ("title", "url", "source", "published")
BINARY_SNIFF_BYTES = 8192

Item = Document | InputError


def document_id(text: str) -> str:
    """A stable content hash that keys a document (same text, same id)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def normalize_date(value: object, *, where: str) -> str | None:
    """Turn a date or datetime given in metadata into ``YYYY-MM-DD``; None stays None."""
    if value in (None, ""):
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        from dateutil import parser as date_parser

        return date_parser.parse(text).date().isoformat()
    except (ValueError, OverflowError) as error:
        raise InputError(f"{where}: published date {text!r} is not a date ({error})") from error


def make_document(text: str, *, title=None, url=None, source=None, published=None,
                  doc_id=None, where: str) -> Document:
    """Build a Document, normalizing its publication date."""
    return Document(
        id=str(doc_id) if doc_id not in (None, "") else document_id(text),
        text=text,
        title=title or None,
        url=url or None,
        source=source or None,
        published=normalize_date(published, where=where),
    )


def decode(data: bytes, *, where: str) -> str:
    """Decode bytes as UTF-8, refusing binary content with a clear reason."""
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise InputError(f"{where}: looks like a binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{where}: not valid UTF-8 (byte {error.start}: {data[error.start:error.start + 1]!r}); "
            "convert it to UTF-8 first") from error


def read_text(data: bytes, *, where: str, published: str | None) -> Iterator[Item]:
    """A plain-text story: the text is the file's contents, unchanged."""
    yield make_document(decode(data, where=where), published=published, where=where)


def read_html(data: bytes, *, where: str, published: str | None) -> Iterator[Item]:
    """An HTML page: main article text and metadata extracted by trafilatura."""
    import trafilatura

    html = decode(data, where=where)
    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False)
    if extracted is None or not (extracted.text or "").strip():
        yield make_document("", published=published, where=where)
        return
    yield make_document(
        extracted.text, title=extracted.title, url=extracted.url, source=extracted.sitename,
        published=extracted.date or published, where=where)


def row_document(row: dict, *, where: str, published: str | None) -> Document:
    """Build a Document from one JSONL/CSV row with a text column and optional metadata."""
    column = next((c for c in TEXT_COLUMNS if isinstance(row.get(c), str)), None)
    if column is None:
        raise InputError(f"{where}: no text column (expected one of {', '.join(TEXT_COLUMNS)})")
    meta = {key: row.get(key) for key in META_COLUMNS}
    meta["published"] = meta["published"] or published
    return make_document(row[column], doc_id=row.get("id"), where=where, **meta)


def read_jsonl(data: bytes, *, where: str, published: str | None) -> Iterator[Item]:
    """One document per JSON object line; blank lines are skipped."""
    text = decode(data, where=where)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        here = f"{where} line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(f"{here}: not valid JSON ({error.msg} at column {error.colno})")
            continue
        if not isinstance(row, dict):
            yield InputError(f"{here}: expected a JSON object, got {type(row).__name__}")
            continue
        yield from _guarded(lambda: row_document(row, where=here, published=published))


def read_csv(data: bytes, *, where: str, published: str | None) -> Iterator[Item]:
    """One document per CSV row (tab-separated when the file ends in .tsv)."""
    text = decode(data, where=where)
    delimiter = "\t" if where.endswith(".tsv") else ","
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames or not set(reader.fieldnames) & set(TEXT_COLUMNS):
        yield InputError(f"{where}: no text column in header {reader.fieldnames} "
                         f"(expected one of {', '.join(TEXT_COLUMNS)})")
        return
    for number, row in enumerate(reader, start=2):
        here = f"{where} row {number}"
        yield from _guarded(lambda: row_document(row, where=here, published=published))


def _guarded(build) -> Iterator[Item]:
    """Yield what ``build`` returns, or the InputError it raises."""
    try:
        yield build()
    except InputError as error:
        yield error


def reader_for(name: str, head: bytes):
    """Choose a reader by file suffix; for standard input, sniff HTML by its first bytes."""
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return read_html
    if suffix in JSONL_SUFFIXES:
        return read_jsonl
    if suffix in CSV_SUFFIXES:
        return read_csv
    if head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return read_html
    return read_text


def expand(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Paths in the order given, directories replaced by their readable files (sorted)."""
    for path in paths:
        if path == "-":
            yield path
            continue
        entry = Path(path)
        if entry.is_dir():
            found = sorted(p for p in entry.rglob("*")
                           if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES and not p.name.startswith("."))
            if not found:
                yield InputError(f"{path}: directory holds no .txt, .html, .jsonl or .csv files")
            yield from (str(p) for p in found)
        elif entry.is_file():
            yield path
        else:
            yield InputError(f"{path}: no such file or directory")


def read_source(path: str, *, published: str | None = None,
                stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every document in one file (or ``-`` for standard input)."""
    where = "<stdin>" if path == "-" else path
    try:
        data = (stdin or sys.stdin.buffer).read() if path == "-" else Path(path).read_bytes()
    except OSError as error:
        yield InputError(f"{where}: cannot be read ({error.strerror or error})")
        return
    reader = reader_for(where, data[:64])
    try:
        yield from reader(data, where=where, published=published)
    except InputError as error:
        yield error


def read_inputs(paths: Iterable[str], *, published: str | None = None,
                stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every document in every path, in input order; problems are yielded, not raised."""
    fallback = normalize_date(published, where="--published")
    for path in expand(paths):
        if isinstance(path, InputError):
            yield path
        else:
            yield from read_source(path, published=fallback, stdin=stdin)


def bundled_samples() -> list[tuple[str, str | None]]:
    """The bundled sample stories (path, publication date), in file-name order."""
    from importlib import resources

    package = resources.files("newswire")
    index = (package / "data" / "samples.tsv").read_text("utf-8")
    dates = {row["file"]: row["published"] or None for row in csv.DictReader(io.StringIO(index), delimiter="\t")}
    folder = Path(str(package / "samples"))
    return [(str(folder / name), dates[name]) for name in sorted(dates) if (folder / name).is_file()]


def read_samples() -> Iterator[Item]:
    """Every bundled sample story, each with its own publication date."""
    for path, published in bundled_samples():
        yield from read_source(path, published=published)
