"""Readers of input formats: plain text, HTML, JSONL, CSV/TSV, WARC and Reuters SGML files, directories and standard input.

Each reader yields :class:`~newswire.records.Document` objects in input order. A problem with one
input (binary, not UTF-8, malformed row, broken WARC record, too large) is yielded as an
:class:`~newswire.errors.InputError` value, so the caller can report it and go on with the rest.

Files holding many documents (JSONL, CSV/TSV, WARC, and their gzipped forms; Reuters-21578 SGML) are
streamed a line, row or record at a time, so memory stays flat however large the file. A single-story file (text, HTML,
standard input) is read whole, up to a size limit: no document's text may exceed
``max_document_chars`` characters (default 1 million — what spaCy's parser reads in about 10 GB
of working memory — or the ``NEWSWIRE_MAX_DOCUMENT_CHARS`` environment variable), and no single raw input (file, line, row, record) may exceed four times that
in bytes; bigger ones are skipped with the reason.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from newswire.errors import InputError
from newswire.records import Document
from newswire.sgml import SGML_SUFFIXES, stories, story_document

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}
WARC_SUFFIXES = {".warc", ".warc.gz"}
STREAM_SUFFIXES = JSONL_SUFFIXES | CSV_SUFFIXES
GZIPPED_SUFFIXES = {s + ".gz" for s in STREAM_SUFFIXES}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | STREAM_SUFFIXES | SGML_SUFFIXES | {".warc"}
TEXT_COLUMNS = ("text", "body", "content", "article")
META_COLUMNS = ("title", "url", "source", "published")
BINARY_SNIFF_BYTES = 8192
DEFAULT_MAX_DOCUMENT_CHARS = 1_000_000
RAW_ALLOWANCE = 4
LONE_SURROGATE = re.compile("[\ud800-\udfff]")

Item = Document | InputError


def max_document_chars(value: int | None = None) -> int:
    """The document size limit in characters: ``value``, else the environment's, else 1 million."""
    if value is not None:
        return value
    configured = os.environ.get("NEWSWIRE_MAX_DOCUMENT_CHARS", "")
    return int(configured) if configured.isdigit() else DEFAULT_MAX_DOCUMENT_CHARS


def input_kind(name: str) -> str | None:
    """The format a file name says: text, html, jsonl, csv, warc, sgml (or None when not a known input)."""
    lower = name.lower()
    if lower.endswith((".warc", ".warc.gz")):
        return "warc"
    if Path(lower).suffix in SGML_SUFFIXES:
        return "sgml"
    if lower.endswith(".gz"):
        lower = lower[:-3]
        if Path(lower).suffix not in STREAM_SUFFIXES:
            return None
    suffix = Path(lower).suffix
    for kind, suffixes in (("html", HTML_SUFFIXES), ("jsonl", JSONL_SUFFIXES), ("csv", CSV_SUFFIXES),
                           ("text", TEXT_SUFFIXES)):
        if suffix in suffixes:
            return kind
    return None


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


def check_size(text: str, *, where: str, limit: int | None = None) -> str:
    """Return ``text``, or refuse it when it is longer than the document size limit."""
    limit = max_document_chars(limit)
    if len(text) > limit:
        raise InputError(f"{where}: document of {len(text):,} characters is over the {limit:,}-character "
                         "limit (NEWSWIRE_MAX_DOCUMENT_CHARS); skipped")
    return text


def refuse_binary(head: bytes, *, where: str) -> None:
    """Raise the error of a binary file when ``head``, a file's first bytes, holds NUL bytes."""
    if b"\x00" in head[:BINARY_SNIFF_BYTES]:
        raise InputError(f"{where}: looks like a binary file (NUL bytes), not text")


def decode(data: bytes, *, where: str) -> str:
    """Decode bytes as UTF-8, refusing binary content with a clear reason."""
    refuse_binary(data, where=where)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{where}: not valid UTF-8 (byte {error.start}: {data[error.start:error.start + 1]!r}); "
            "convert it to UTF-8 first") from error


def read_text(data: bytes, *, where: str, published: str | None) -> Iterator[Item]:
    """A plain-text story: the text is the file's contents, unchanged."""
    text = check_size(decode(data, where=where), where=where)
    if not text.strip():
        raise InputError(f"{where}: empty: no text to read")
    yield make_document(text, published=published, where=where)


def read_html(data: bytes | str, *, where: str, published: str | None, url: str | None = None) -> Iterator[Item]:
    """An HTML page: main article text and metadata extracted by trafilatura.

    ``published`` is the fallback when the page itself gives no date; ``url`` (a crawl's target URI)
    wins over the page's own.
    """
    import trafilatura

    html = decode(data, where=where) if isinstance(data, bytes) else data
    extracted = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False)
    if extracted is None or not (extracted.text or "").strip():
        raise InputError(f"{where}: no article text found in the HTML (empty page, or only navigation, "
                         "scripts or markup)")
    yield make_document(
        check_size(extracted.text, where=where), title=extracted.title, url=url or extracted.url,
        source=extracted.sitename, published=extracted.date or published, where=where)


def row_document(row: dict, *, where: str, published: str | None) -> Document:
    """Build a Document from one JSONL/CSV row with a text column and optional metadata."""
    column = next((c for c in TEXT_COLUMNS if isinstance(row.get(c), str)), None)
    if column is None:
        raise InputError(f"{where}: no text column (expected one of {', '.join(TEXT_COLUMNS)})")
    meta = {key: _meta_value(row.get(key), key, where=where) for key in META_COLUMNS if key != "published"}
    meta["published"] = row.get("published") or published
    text = check_size(_without_lone_surrogates(row[column]), where=where)
    return make_document(text, doc_id=row.get("id"), where=where, **meta)


def _meta_value(value: object, key: str, *, where: str) -> str | None:
    """A metadata value as text: numbers become text, lists and objects are refused."""
    if value is None or isinstance(value, str):
        return None if value is None else _without_lone_surrogates(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise InputError(f"{where}: {key} must be text, not {type(value).__name__}")


def _without_lone_surrogates(text: str) -> str:
    """``text`` with any unpaired surrogate (from a JSON \\ud800-style escape) replaced by U+FFFD."""
    return LONE_SURROGATE.sub("\ufffd", text)


def _lines(stream: BinaryIO, *, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line bytes) one at a time; a line over ``limit`` bytes is passed over as None."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line


def stream_jsonl(stream: BinaryIO, *, where: str, published: str | None) -> Iterator[Item]:
    """One document per JSON object line, read a line at a time; blank lines are skipped. Raises
    InputError for a binary file; a bad line is yielded as an error and reading goes on."""
    refuse_binary(_peek(stream), where=where)
    limit = RAW_ALLOWANCE * max_document_chars()
    for number, data in _lines(stream, limit=limit):
        here = f"{where} line {number}"
        if data is None:
            yield InputError(f"{here}: line is over {limit:,} bytes; skipped")
            continue
        if not data.strip():
            continue
        try:
            row = json.loads(decode(data, where=here))
        except InputError as error:
            yield error
            continue
        except json.JSONDecodeError as error:
            yield InputError(f"{here}: not valid JSON ({error.msg} at column {error.colno})")
            continue
        if not isinstance(row, dict):
            yield InputError(f"{here}: expected a JSON object, got {type(row).__name__}")
            continue
        yield from _guarded(lambda: row_document(row, where=here, published=published))


def stream_csv(stream: BinaryIO, *, where: str, published: str | None) -> Iterator[Item]:
    """One document per CSV row, read a row at a time (tab-separated when the name ends in .tsv).
    Raises InputError for a binary file."""
    refuse_binary(_peek(stream), where=where)
    delimiter = "\t" if where.lower().removesuffix(".gz").endswith(".tsv") else ","
    csv.field_size_limit(RAW_ALLOWANCE * max_document_chars())
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    rows = csv.DictReader(text, delimiter=delimiter)
    try:
        fieldnames = rows.fieldnames
    except (UnicodeDecodeError, csv.Error) as error:
        yield InputError(f"{where}: header cannot be read ({error})")
        return
    if not fieldnames or not set(fieldnames) & set(TEXT_COLUMNS):
        yield InputError(f"{where}: no text column in header {fieldnames} "
                         f"(expected one of {', '.join(TEXT_COLUMNS)})")
        return
    yield from _csv_rows(rows, where=where, published=published)


def _csv_rows(rows: csv.DictReader, *, where: str, published: str | None) -> Iterator[Item]:
    """Documents of the rows after the header; a bad row is reported and reading goes on."""
    number = 1
    while True:
        number += 1
        here = f"{where} row {number}"
        try:
            row = next(rows)
        except StopIteration:
            return
        except UnicodeDecodeError as error:
            yield InputError(f"{here}: not valid UTF-8 ({error.reason}); convert the file to UTF-8 first")
            return
        except csv.Error as error:
            yield InputError(f"{here}: malformed row ({error})")
            continue
        yield from _guarded(lambda: row_document(row, where=here, published=published))


def stream_sgml(stream: BinaryIO, *, where: str, published: str | None) -> Iterator[Item]:
    """One document per story of a Reuters-21578 SGML file, read a story at a time (see newswire.sgml).
    Raises InputError for a binary file."""
    refuse_binary(_peek(stream), where=where)
    limit = RAW_ALLOWANCE * max_document_chars()
    for number, raw in stories(stream, limit=limit):
        here = f"{where} story {number}"
        if raw is None:
            yield InputError(f"{here}: story is over {limit:,} bytes; skipped")
            continue
        yield from _guarded(lambda: _sized(story_document(raw, where=here, published=published,
                                                          make_document=make_document), where=here))


def _sized(document: Document, *, where: str) -> Document:
    """``document``, or an InputError when its text is over the size limit."""
    check_size(document.text, where=where)
    return document


def read_jsonl(data: bytes, *, where: str, published: str | None) -> Iterator[Item]:
    """JSONL held in memory (see :func:`stream_jsonl`)."""
    return stream_jsonl(io.BytesIO(data), where=where, published=published)


def read_csv(data: bytes, *, where: str, published: str | None) -> Iterator[Item]:
    """CSV held in memory (see :func:`stream_csv`)."""
    return stream_csv(io.BytesIO(data), where=where, published=published)


def _guarded(build) -> Iterator[Item]:
    """Yield what ``build`` returns, or the InputError it raises."""
    try:
        yield build()
    except InputError as error:
        yield error


def _peek(stream: BinaryIO) -> bytes:
    """The first bytes of a seekable stream, leaving its position where it was."""
    position = stream.tell()
    head = stream.read(BINARY_SNIFF_BYTES)
    stream.seek(position)
    return head


def reader_for(name: str, head: bytes):
    """Choose a whole-file reader by file suffix; for standard input, sniff HTML by its first bytes."""
    kind = input_kind(name)
    if kind in ("html", "jsonl", "csv"):
        return {"html": read_html, "jsonl": read_jsonl, "csv": read_csv}[kind]
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
                           if p.is_file() and input_kind(p.name) and not p.name.startswith("."))
            if not found:
                yield InputError(f"{path}: directory holds no .txt, .html, .jsonl, .csv, .warc or .sgm files")
            yield from (str(p) for p in found)
        elif entry.is_file():
            yield path
        else:
            yield InputError(f"{path}: no such file or directory")


def read_source(path: str, *, published: str | None = None,
                stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every document in one file (or ``-`` for standard input), streaming files of many documents."""
    where = "<stdin>" if path == "-" else path
    kind = None if path == "-" else input_kind(path)
    try:
        if kind == "warc":
            yield from read_warc(path, published=published)
        elif kind == "sgml":
            with open(path, "rb") as stream:
                yield from stream_sgml(stream, where=where, published=published)
        elif kind in ("jsonl", "csv"):
            opener = gzip.open if path.lower().endswith(".gz") else open
            with opener(path, "rb") as stream:
                streamer = stream_jsonl if kind == "jsonl" else stream_csv
                yield from streamer(stream, where=where, published=published)
        else:
            yield from _read_whole(path, where=where, published=published, stdin=stdin)
    except InputError as error:
        yield error
    except (OSError, EOFError, zlib.error) as error:
        yield InputError(f"{where}: cannot be read ({getattr(error, 'strerror', None) or error})")


def _read_whole(path: str, *, where: str, published: str | None, stdin: BinaryIO | None) -> Iterator[Item]:
    """A single-story file or standard input, read whole up to the raw size limit."""
    limit = RAW_ALLOWANCE * max_document_chars()
    if path == "-":
        data = (stdin or sys.stdin.buffer).read(limit + 1)
    else:
        with open(path, "rb") as stream:
            data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{where}: over {limit:,} bytes; too large for one document, skipped "
                         "(split it, or raise NEWSWIRE_MAX_DOCUMENT_CHARS)")
    reader = reader_for(where, data[:64])
    yield from reader(data, where=where, published=published)


WARC_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
WARC_DOCUMENT_RECORDS = ("response", "resource")
WARC_OTHER_RECORDS = ("warcinfo", "request", "metadata", "revisit", "conversion", "continuation")


def read_warc(path: str, *, published: str | None) -> Iterator[Item]:
    """One document per HTML or plain-text page in a WARC file (.warc or .warc.gz), a record at a time.

    A page's url is the record's WARC-Target-URI; its date is the page's own, else the WARC-Date
    (when it was fetched), else ``published``. Response records that are not pages (images, scripts,
    redirects, errors) are counted and reported once at the end. A broken record is reported with
    its byte offset and reading goes on from the next record found after it.
    """
    passed_over: dict[str, int] = {}
    start: int | None = 0
    with open(path, "rb") as stream:
        while start is not None:
            stream.seek(start)
            start = yield from _warc_from(stream, path=path, published=published, passed_over=passed_over)
    if passed_over:
        reasons = ", ".join(f"{reason}: {count}" for reason, count in sorted(passed_over.items()))
        yield InputError(f"{path}: {sum(passed_over.values())} WARC records are not readable pages "
                         f"and were passed over ({reasons})")


def _warc_from(stream: BinaryIO, *, path: str, published: str | None, passed_over: dict[str, int]):
    """Read records from the stream's position; return where to resume after a broken record, or None."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream)
    offset = stream.tell()
    try:
        for record in records:
            offset = records.offset
            yield from _warc_record(record, where=f"{path} record at byte {offset}",
                                    published=published, passed_over=passed_over)
    except Exception as error:  # noqa: BLE001 - warcio raises many kinds on a damaged record
        offset = max(offset, records.offset)
        reason = "".join(c if c.isprintable() and c.isascii() else "?" for c in " ".join(str(error).split()))[:100]
        yield InputError(f"{path}: broken WARC record at byte {offset} ({type(error).__name__}: {reason}); "
                         "reading on from the next record")
        return _next_record_start(stream, offset + 1, gzipped=path.lower().endswith(".gz"))
    return None


def _next_record_start(stream: BinaryIO, position: int, *, gzipped: bool) -> int | None:
    """The byte offset of the next WARC record (or gzip member) at or after ``position``."""
    marker = b"\x1f\x8b\x08" if gzipped else b"WARC/1."
    stream.seek(position)
    carry = b""
    while chunk := stream.read(1 << 20):
        window = carry + chunk
        found = window.find(marker)
        if found >= 0:
            return position - len(carry) + found
        carry = window[-len(marker) + 1:]
        position += len(chunk)
    return None


def _warc_record(record, *, where: str, published: str | None, passed_over: dict[str, int]) -> Iterator[Item]:
    """The document in one WARC record, if it is a page; other records are counted in ``passed_over``."""
    if record.rec_type in WARC_OTHER_RECORDS:
        return
    if record.rec_type not in WARC_DOCUMENT_RECORDS:
        reason = f"WARC-Type {record.rec_type or 'missing'}"
        passed_over[reason] = passed_over.get(reason, 0) + 1
        return
    http = record.http_headers
    status = http.get_statuscode() if http is not None and record.rec_type == "response" else "200"
    content_type = (http.get_header("Content-Type") if http is not None else None) or \
        record.rec_headers.get_header("Content-Type") or ""
    media_type = content_type.split(";")[0].strip().lower()
    reason = f"HTTP {status}" if status != "200" else None
    if reason is None and media_type not in WARC_PAGE_TYPES:
        reason = media_type or "no content type"
    if reason is not None:
        passed_over[reason] = passed_over.get(reason, 0) + 1
        return
    yield from _guarded(lambda: _warc_page(record, content_type, where=where, published=published))


def _warc_page(record, content_type: str, *, where: str, published: str | None) -> Document:
    """The Document of one WARC page record (HTML through trafilatura, plain text as it is)."""
    limit = RAW_ALLOWANCE * max_document_chars()
    payload = record.content_stream().read(limit + 1)
    if len(payload) > limit:
        raise InputError(f"{where}: payload over {limit:,} bytes; skipped")
    url = record.rec_headers.get_header("WARC-Target-URI")
    fetched = normalize_date(record.rec_headers.get_header("WARC-Date"), where=where) or published
    text = _payload_text(payload, content_type, where=where)
    if content_type.lower().startswith("text/plain"):
        return make_document(check_size(text, where=where), url=url, published=fetched, where=where)
    return next(read_html(text, where=where, published=fetched, url=url))


def _payload_text(payload: bytes, content_type: str, *, where: str) -> str:
    """A page's text: decoded by its declared charset, else UTF-8, else by trafilatura's guess."""
    if b"\x00" in payload[:BINARY_SNIFF_BYTES]:
        raise InputError(f"{where}: payload looks binary (NUL bytes), not a page")
    charset = next((part.split("=", 1)[1].strip(" \"'") for part in content_type.split(";")[1:]
                    if part.strip().lower().startswith("charset=")), "utf-8")
    try:
        return payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        from trafilatura.utils import decode_file

        return decode_file(payload)


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
