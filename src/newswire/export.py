"""Export the store: contract JSON lines, POLECAT event rows, or Parquet/CSV files with one file per table.

The story of each document (see :mod:`newswire.cluster`) rides along: the ``documents`` table gains
``story_id``, ``story_documents`` and ``outlet`` columns, and POLECAT rows end with the story id and
its number of documents, then the event's PLOVER contexts.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from newswire.records import Reading

from newswire.store import StoreError, document_ids, open_store, read_reading, table_names

FORMATS = ("jsonl", "parquet", "csv", "polecat")
POLECAT_COLUMNS = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "CAMEO", "Status",
    "Actor Name", "Actor Country", "Actor Sector", "Recipient Name", "Recipient Country", "Recipient Sector",
    "Place Name", "Latitude", "Longitude", "Source Document", "Evidence Start", "Evidence End", "Evidence Text",
    "Story ID", "Story Documents", "Contexts",
)
ORDER_BY = {"documents": "id", "mentions": "document_id, record_id, seq", "associations": "document_id, record_id, seq"}
DOCUMENTS_WITH_STORIES = (
    "SELECT d.*, ds.story_id, count(*) OVER (PARTITION BY ds.story_id) AS story_documents, ds.outlet "
    "FROM documents d JOIN document_stories ds ON ds.document_id = d.id")


def export(db: str | Path, output_format: str, out: str | Path, *, table: str | None = None) -> list[Path]:
    """Write the store at ``db`` to ``out`` and return the files written.

    ``jsonl``: ``out`` is one file, one contract JSON object per document.
    ``polecat``: ``out`` is one tab-separated file, one row per event (see :func:`polecat_rows`).
    ``parquet``/``csv``: ``out`` is a directory (created if missing) holding ``<table>.<format>``
    for every table, or only for ``table``.
    """
    if output_format not in FORMATS:
        raise StoreError(f"unknown export format {output_format!r}; choose one of {', '.join(FORMATS)}")
    if table is not None and table not in table_names():
        raise StoreError(f"unknown table {table!r}; choose one of {', '.join(table_names())}")
    if output_format in ("jsonl", "polecat") and table is not None:
        raise StoreError(f"--table applies to parquet and csv, not {output_format}")
    con = open_store(db, read_only=True)
    try:
        if output_format == "jsonl":
            return [_export_jsonl(con, Path(out))]
        if output_format == "polecat":
            return [_export_polecat(con, Path(out))]
        return _export_tables(con, Path(out), output_format, [table] if table else table_names())
    finally:
        con.close()


def _export_jsonl(con, path: Path) -> Path:
    """One contract JSON object per stored document, in the order they were stored."""
    try:
        with path.open("w", encoding="utf-8") as stream:
            for doc_id in document_ids(con):
                stream.write(json.dumps(read_reading(con, doc_id).to_dict(), ensure_ascii=False) + "\n")
    except OSError as error:
        raise StoreError(f"{path}: cannot be written ({error.strerror or error})") from None
    return path


def _export_polecat(con, path: Path) -> Path:
    """Every stored event as a POLECAT-style tab-separated row, with a header line."""
    try:
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
            writer.writerow(POLECAT_COLUMNS)
            stories = _stories(con)
            for doc_id in document_ids(con):
                writer.writerows(polecat_rows(read_reading(con, doc_id), stories.get(doc_id)))
    except OSError as error:
        raise StoreError(f"{path}: cannot be written ({error.strerror or error})") from None
    return path


def _stories(con) -> dict[str, tuple[str, int]]:
    """Each document's story id and the number of documents in that story."""
    return {doc_id: (story_id, size) for doc_id, story_id, size in con.execute(
        "SELECT document_id, story_id, count(*) OVER (PARTITION BY story_id) FROM document_stories").fetchall()}


def polecat_rows(reading: Reading, story: tuple[str, int] | None = None) -> list[list]:
    """One row per event: several actors or recipients are joined with ``;``, in order.

    The event id is ``<document id>-<event id>``; the date is the event's own, else the
    document's publication date. ``Story ID`` and ``Story Documents`` give the story the document
    belongs to (near-copies in other outlets share it) and how many stored documents that story has;
    ``story`` is that pair, by default the document alone. ``Contexts`` (last) is the event's PLOVER
    contexts joined with ``;``, as in POLECAT.
    """
    story_id, story_documents = story or (reading.document.id, 1)
    actors = {actor.id: actor for actor in reading.actors}
    places = {place.id: place for place in reading.places}
    rows = []
    for event in reading.events:
        place = places.get(event.place) if event.place else None
        rows.append([
            f"{reading.document.id}-{event.id}", event.date or reading.document.published or "",
            event.type, event.mode or "", event.cameo or "", event.status,
            *_actor_columns([actors.get(a) for a in event.source]),
            *_actor_columns([actors.get(a) for a in event.target]),
            place.name if place else "", _number(place.lat if place else None), _number(place.lon if place else None),
            reading.document.id, event.evidence.start, event.evidence.end, event.evidence.text,
            story_id, story_documents, ";".join(event.contexts),
        ])
    return rows


def _actor_columns(actors: list) -> list[str]:
    """Name, country and sector columns for the actors on one side of an event."""
    known = [a for a in actors if a is not None]
    return [";".join(a.name for a in known), ";".join(a.country or "" for a in known),
            ";".join(a.sector or "" for a in known)]


def _number(value: float | None) -> str:
    return "" if value is None else repr(value)


def _export_tables(con, folder: Path, output_format: str, tables: list[str]) -> list[Path]:
    """Copy each table to ``folder/<table>.<format>`` with DuckDB's COPY."""
    import duckdb

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"{folder}: cannot create the output directory ({error.strerror or error})") from None
    options = "FORMAT parquet" if output_format == "parquet" else "FORMAT csv, HEADER true"
    written = []
    for name in tables:
        target = folder / f"{name}.{output_format}"
        order = ORDER_BY.get(name, "document_id, seq")
        source = f"({DOCUMENTS_WITH_STORIES})" if name == "documents" else name
        try:
            con.execute(f"COPY (SELECT * FROM {source} ORDER BY {order}) TO '{_literal(target)}' ({options})")
        except duckdb.Error as error:
            raise StoreError(f"{target}: cannot be written ({error})") from None
        written.append(target)
    return written


def _literal(path: Path) -> str:
    """A path as the body of a SQL string literal."""
    return str(path).replace("'", "''")
