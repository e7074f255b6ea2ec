"""Ingest: read a corpus into the store, streaming, resumable and idempotent.

Documents flow one at a time from :func:`newswire.inputs.read_inputs` through the Reader into
:func:`newswire.store.write_readings`; nothing holds the whole corpus. A document whose id (its
content hash) is already stored is not read again, and readings are committed in batches of up
to ``STORE_BATCH`` or ``STORE_SECONDS`` (a commit costs more than storing a short document), so a
run killed part way loses at most the batch in hand and a re-run picks up where it stopped. With ``workers > 1`` each worker process holds its own Reader and the parent
alone writes (DuckDB takes one writer); at most ``workers * WINDOW_PER_WORKER`` chunks of
``WORKER_CHUNK`` documents are in flight at once (a sliding window kept in input order), so memory
stays flat with any number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from rich.console import Console

from newswire.cluster import cluster_new_documents
from newswire.errors import InputError
from newswire.inputs import (
    META_COLUMNS, TEXT_COLUMNS, expand, input_kind, normalize_date, read_inputs, read_samples, row_document,
)
from newswire.parse import DEFAULT_MODEL
from newswire.records import Document, Reading
from newswire.store import has_document, open_store, write_readings

SINGLE_DOCUMENT_SUFFIXES = {".txt", ".text", "", ".html", ".htm", ".xhtml"}
WORKER_CHUNK = 8
STORE_BATCH = 32  # readings per store transaction at most (NEWSWIRE_STORE_BATCH): one commit each
STORE_SECONDS = 0.25  # ...and a batch is committed once its first reading is this old (a kill loses little)
WINDOW_PER_WORKER = 4
PARQUET_SUFFIXES = {".parquet", ".pq"}
PARQUET_BATCH_ROWS = 256


@dataclass
class IngestSummary:
    """What one ingest run did.

    ``read``: documents parsed in this run; ``stored``: newly written; ``present``: found already
    stored (before or, for a copy repeated in the inputs, after parsing); ``skipped``: the reason
    for every input that could not be read. ``stored + present`` is every readable input.
    ``clustered``: documents given a story after this run; ``copies``: those of them that joined an
    earlier document's story (syndicated or lightly edited copies).
    """

    read: int = 0
    stored: int = 0
    present: int = 0
    skipped: list[str] = field(default_factory=list)
    clustered: int = 0
    copies: int = 0


def ingest(paths: Iterable[str], db: str | Path, *, workers: int = 1, published: str | None = None,
           samples: bool = False, model: str = DEFAULT_MODEL, scale: str = "survey",
           console: Console | None = None, reader=None) -> IngestSummary:
    """Read every document under ``paths`` (and the bundled samples) into the store at ``db``.

    ``reader`` reuses an already loaded Reader when ``workers`` is 1.
    """
    paths = list(paths)
    fallback = normalize_date(published, where="--published")
    items = _all_inputs(paths, published=fallback, samples=samples)
    total = (lambda: _count_hint(paths, samples=samples)) if console is not None else None
    return ingest_items(items, db, workers=workers, model=model, scale=scale, console=console,
                        reader=reader, total=total)


def ingest_items(items: Iterable[Document | InputError], db: str | Path, *, workers: int = 1,
                 model: str = DEFAULT_MODEL, scale: str = "survey", console: Console | None = None,
                 reader=None, total=None) -> IngestSummary:
    """Read documents (and count input problems) from any iterable into the store at ``db``.

    ``total`` is a callable giving the expected document count for the progress bar (or None).
    """
    summary = IngestSummary()
    con = open_store(db)
    try:
        fresh = _fresh_documents(iter(items), con, summary)
        readings = _read_all(fresh, workers=workers, model=model, scale=scale, reader=reader)
        if console is not None:
            from newswire.progress import progress_over

            expected = total() if total is not None and _is_empty(con) else None  # resuming: unknown
            readings = progress_over(readings, total=expected, label="ingesting", console=console)
        _store_all(readings, con, summary)
        stories = cluster_new_documents(con)
        summary.clustered, summary.copies = stories.clustered, stories.joined
    finally:
        con.close()
    return summary


def _all_inputs(paths: list[str], *, published: str | None, samples: bool) -> Iterator[Document | InputError]:
    """Every document and input problem, path by path: Parquet here, other formats by read_inputs."""
    for path in paths:
        entry = Path(path)
        if entry.suffix.lower() in PARQUET_SUFFIXES and entry.is_file():
            yield from read_parquet(path, published=published)
        elif entry.is_dir() and (tables := sorted(p for p in entry.rglob("*") if p.suffix.lower() in PARQUET_SUFFIXES)):
            for table in tables:
                yield from read_parquet(str(table), published=published)
            if any(p.is_file() and input_kind(p.name) for p in entry.rglob("*")):
                yield from read_inputs([path], published=published)
        else:
            yield from read_inputs([path], published=published)
    if samples:
        yield from read_samples()


def read_parquet(path: str, *, published: str | None) -> Iterator[Document | InputError]:
    """One document per row of a Parquet file with a text column, read a batch of rows at a time."""
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except (OSError, ValueError) as error:
        yield InputError(f"{path}: not a readable Parquet file ({error})")
        return
    names = table.schema_arrow.names
    if not set(names) & set(TEXT_COLUMNS):
        yield InputError(f"{path}: no text column in {names} (expected one of {', '.join(TEXT_COLUMNS)})")
        return
    wanted = [n for n in names if n in (*TEXT_COLUMNS, *META_COLUMNS, "id")]
    number = 0
    for batch in table.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=wanted):
        for row in batch.to_pylist():
            number += 1
            try:
                yield row_document(row, where=f"{path} row {number}", published=published)
            except InputError as error:
                yield error


def store_batch_size() -> int:
    """Readings per store transaction: ``NEWSWIRE_STORE_BATCH`` when set to a whole number, else ``STORE_BATCH``."""
    configured = os.environ.get("NEWSWIRE_STORE_BATCH", "")
    return max(1, int(configured)) if configured.isdigit() else STORE_BATCH


def _store_all(readings: Iterable[Reading], con, summary: IngestSummary) -> None:
    """Write readings in batches of up to ``STORE_BATCH``, each committed within about ``STORE_SECONDS``
    of its first reading; when reading stops on an error or Ctrl-C, the readings already made are
    stored before the error goes on."""
    pending: list[Reading] = []
    batch_size = store_batch_size()
    started = time.monotonic()
    try:
        for reading in readings:
            if not pending:
                started = time.monotonic()
            pending.append(reading)
            if len(pending) >= batch_size or time.monotonic() - started >= STORE_SECONDS:
                batch, pending = pending, []
                _store_batch(batch, con, summary)
    finally:
        if pending:
            _store_batch(pending, con, summary)


def _store_batch(batch: list[Reading], con, summary: IngestSummary) -> None:
    """Write one batch and count what was new and what was already stored."""
    summary.read += len(batch)
    written = write_readings(con, batch)
    summary.stored += sum(written)
    summary.present += len(written) - sum(written)


def _fresh_documents(items: Iterable[Document | InputError], con, summary: IngestSummary) -> Iterator[Document]:
    """The documents not yet stored; problems and already-stored documents are counted instead."""
    for item in items:
        if isinstance(item, InputError):
            summary.skipped.append(str(item))
        elif has_document(con, item.id):
            summary.present += 1
        else:
            yield item


def _is_empty(con) -> bool:
    """Whether the store holds no document yet (a first run, not a resumed one)."""
    return con.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def _count_hint(paths: list[str], *, samples: bool) -> int | None:
    """How many documents the inputs hold when each file is one story; None when unknown."""
    from newswire.inputs import bundled_samples

    for path in paths:
        entry = Path(path)
        if entry.suffix.lower() in PARQUET_SUFFIXES or (
                entry.is_dir() and any(p.suffix.lower() in PARQUET_SUFFIXES for p in entry.rglob("*"))):
            return None
    files = [p for p in expand(paths) if isinstance(p, str)]
    if any(p == "-" or Path(p).suffix.lower() not in SINGLE_DOCUMENT_SUFFIXES for p in files):
        return None
    return len(files) + (len(bundled_samples()) if samples else 0)


def _read_all(documents: Iterator[Document], *, workers: int, model: str, scale: str,
              reader=None) -> Iterator[Reading]:
    """Readings of ``documents`` in input order, in this process or in ``workers`` processes."""
    if workers <= 1:
        from newswire.pipeline import Reader

        yield from (reader or Reader(model=model, scale=scale)).read_many(documents)
        return
    first = next(documents, None)
    if first is None:
        return
    documents = chain([first], documents)
    context = multiprocessing.get_context("spawn")
    in_flight: deque = deque()
    with context.Pool(workers, initializer=_start_worker, initargs=(model, scale)) as pool:
        while chunk := list(islice(documents, WORKER_CHUNK)):
            in_flight.append(pool.apply_async(_read_chunk, (chunk,)))
            if len(in_flight) >= workers * WINDOW_PER_WORKER:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()


_WORKER_READER = None


def _start_worker(model: str, scale: str) -> None:
    """Load one Reader in this worker process."""
    global _WORKER_READER
    from newswire.pipeline import Reader

    _WORKER_READER = Reader(model=model, scale=scale)


def _read_chunk(documents: list[Document]) -> list[Reading]:
    """Read a few documents in a worker process."""
    return list(_WORKER_READER.read_many(documents))
