"""The embedded store: every Reading kept in a DuckDB file, one table per record type.

Storage only; nothing here extracts anything. The layout:

* ``documents`` — one row per document, keyed by ``Document.id`` (the content hash).
* ``boilerplate``, ``actors``, ``places``, ``statements``, ``assessments``, ``events``,
  ``quantities`` — one row per record, keyed by ``(document_id, seq)`` where ``seq`` keeps the
  record order of the Reading; ``(document_id, id)`` is unique too (record ids such as ``a1`` are
  unique only within their document). Every row's ``document_id`` references ``documents``.
* A span field ``cue`` becomes three columns ``cue_start``, ``cue_end``, ``cue_text``
  (all NULL when the span is absent).
* Lists of ids (``Event.source``/``target``, ``Statement.speakers``) are DuckDB ``VARCHAR[]``
  columns: they are short and always read with their record.
* Mentions of actors and places live in the child table ``mentions``
  (``document_id, record_id, seq, start, end, text``), so a query can find every mention in a
  stretch of text without unnesting.
* Associations of places (migration 4: ``Place.associations``, "Russian forces", "Kyiv Post")
  live in the child table ``associations`` of the same shape, apart from ``mentions`` so that
  every query over literal mentions keeps its meaning; a store from before it reads back ``()``.

* Stories (migration 2): ``stories`` maps each clustered document to its story (near-copies of
  one story in many outlets share it; see :mod:`newswire.cluster`), ``story_signatures`` keeps
  the MinHash signature a later batch is matched against, and the view ``document_stories``
  gives every document its story and outlet, so the ready questions (:func:`ask`) count a
  statement, judgment or event once per story with its numbers of documents and outlets.

The schema is versioned: ``schema_version`` records each migration applied, and
:data:`MIGRATIONS` lists them in order. Opening a store applies the ones it lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newswire.errors import NewswireError
from newswire.records import (
    Actor, Assessment, Boilerplate, Document, Event, Place, Quantity, Reading, Span, Statement,
)


class StoreError(NewswireError):
    """The store cannot be opened or written: missing directory, read-only, not a DuckDB file."""

    code = "NW401"


SQL_TYPES = {"str": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN",
             "strlist": "VARCHAR[]"}
CHILD_TABLES = ("mentions", "associations")  # span lists kept as rows of a child table of this name
CHILD_COLUMNS = ["document_id", "record_id", "seq", '"start"', '"end"', '"text"']


@dataclass(frozen=True)
class RecordTable:
    """How one record type maps onto a table: its fields in order, each with a storage kind.

    Kinds: ``str``/``int``/``float``/``bool`` (one column), ``strlist`` (a ``VARCHAR[]``
    column), ``span`` (three columns), ``mentions`` / ``associations`` (rows in the child table
    of that name).
    """

    name: str
    record: type
    fields: tuple[tuple[str, str], ...]
    required: frozenset[str] = frozenset()

    def columns(self) -> list[tuple[str, str]]:
        """The (column, SQL type) pairs after ``document_id`` and ``seq``."""
        result = []
        for field, kind in self.fields:
            if kind == "span":
                result += [(f"{field}_start", "BIGINT"), (f"{field}_end", "BIGINT"), (f"{field}_text", "VARCHAR")]
            elif kind not in CHILD_TABLES:
                result.append((field, SQL_TYPES[kind]))
        return result


RECORD_TABLES: tuple[RecordTable, ...] = (
    RecordTable("boilerplate", Boilerplate, (("start", "int"), ("end", "int"), ("reason", "str"), ("text", "str"))),
    RecordTable("actors", Actor, (("id", "str"), ("name", "str"), ("kind", "str"), ("mentions", "mentions"),
                                  ("country", "str"), ("sector", "str"), ("title", "str"))),
    RecordTable("places", Place, (("id", "str"), ("name", "str"), ("kind", "str"), ("mentions", "mentions"),
                                  ("country", "str"), ("lat", "float"), ("lon", "float"), ("geonames_id", "int"),
                                  ("associations", "associations"))),
    RecordTable("statements", Statement, (
        ("id", "str"), ("speaker", "str"), ("speaker_name", "str"), ("kind", "str"), ("cue", "span"),
        ("content", "span"), ("speakers", "strlist"), ("speaker_mention", "span"), ("parent", "str"))),
    RecordTable("assessments", Assessment, (
        ("id", "str"), ("holder", "str"), ("holder_name", "str"), ("statement", "str"), ("expression", "span"),
        ("proposition", "span"), ("probability", "float"), ("low", "float"), ("high", "float"),
        ("condition", "span"), ("basis", "str"))),
    RecordTable("events", Event, (
        ("id", "str"), ("type", "str"), ("mode", "str"), ("cameo", "str"), ("source", "strlist"),
        ("target", "strlist"), ("place", "str"), ("date", "str"), ("status", "str"), ("evidence", "span"),
        ("condition", "span"), ("statement", "str"), ("contexts", "strlist"))),
    RecordTable("quantities", Quantity, (
        ("id", "str"), ("value", "float"), ("unit", "str"), ("span", "span"), ("si_value", "float"),
        ("si_unit", "str"), ("approximate", "bool"), ("counts", "str"))),
)
TABLES_BY_NAME = {table.name: table for table in RECORD_TABLES}
COLUMNS_ADDED_LATER = {("events", "contexts"): 3}  # (table, column) -> the migration that added it
DOCUMENT_FIELDS = ("id", "text", "title", "url", "source", "published", "language")


def _q(name: str) -> str:
    """Quote an identifier (``end``, ``type`` and ``text`` are SQL keywords)."""
    return f'"{name}"'


def _table_sql(table: RecordTable) -> list[str]:
    """CREATE statements for one record table and its document index."""
    columns = ", ".join(f"{_q(c)} {t}" for c, t in table.columns() if (table.name, c) not in COLUMNS_ADDED_LATER)
    unique = ", UNIQUE (document_id, id)" if any(name == "id" for name, _ in table.fields) else ""
    return [f"CREATE TABLE {table.name} (document_id VARCHAR NOT NULL REFERENCES documents(id), "
            f"seq INTEGER NOT NULL, {columns}, PRIMARY KEY (document_id, seq){unique})"]


def _initial_schema() -> list[str]:
    """Migration 1: documents, the record tables, mentions, and the indexes the queries use."""
    statements = [
        "CREATE TABLE documents (id VARCHAR PRIMARY KEY, text VARCHAR NOT NULL, title VARCHAR, url VARCHAR, "
        "source VARCHAR, published VARCHAR, language VARCHAR NOT NULL, contract_version VARCHAR NOT NULL, "
        "stored_at TIMESTAMP DEFAULT current_timestamp)",
        "CREATE INDEX documents_published ON documents(published)",
    ]
    for table in RECORD_TABLES:
        statements += _table_sql(table)
    statements += [
        _span_table_sql("mentions"),
        "CREATE INDEX actors_name ON actors(name)",
        "CREATE INDEX statements_speaker_name ON statements(speaker_name)",
        "CREATE INDEX events_type ON events(\"type\")",
    ]
    return statements


def _span_table_sql(name: str) -> str:
    """CREATE statement for a child table of spans (``mentions``, ``associations``)."""
    return (f"CREATE TABLE {name} (document_id VARCHAR NOT NULL REFERENCES documents(id), "
            "record_id VARCHAR NOT NULL, seq INTEGER NOT NULL, \"start\" BIGINT NOT NULL, \"end\" BIGINT NOT NULL, "
            "\"text\" VARCHAR NOT NULL, PRIMARY KEY (document_id, record_id, seq))")


OUTLET_SQL = (r"coalesce(nullif(trim(d.source), ''), nullif(regexp_extract(lower(d.url), "
              r"'^[a-z][a-z0-9+.-]*://(?:[^/@]*@)?(?:www\.)?([^/:?#]+)', 1), ''))")


def _stories_schema() -> list[str]:
    """Migration 2: story clustering (see :mod:`newswire.cluster`) and the document_stories view.

    ``stories`` maps each clustered document to its story (``seq`` numbers the documents in the
    order they were clustered); ``story_signatures`` keeps the MinHash
    signature (uint32 values, little-endian) a later batch is matched against; ``story_settings``
    records the clustering parameters those signatures were made with. The view
    ``document_stories`` gives every document its story (itself when not clustered yet) and its
    outlet: the source field, else the host of its URL.
    """
    return [
        "CREATE TABLE stories (document_id VARCHAR PRIMARY KEY REFERENCES documents(id), "
        "story_id VARCHAR NOT NULL, similarity DOUBLE, seq BIGINT NOT NULL, "
        "clustered_at TIMESTAMP DEFAULT current_timestamp)",
        "CREATE INDEX stories_story_id ON stories(story_id)",
        "CREATE TABLE story_signatures (document_id VARCHAR PRIMARY KEY REFERENCES documents(id), "
        "signature BLOB NOT NULL)",
        "CREATE TABLE story_settings (name VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
        f"CREATE VIEW document_stories AS SELECT d.id AS document_id, coalesce(s.story_id, d.id) AS story_id, "
        f"{OUTLET_SQL} AS outlet, d.published FROM documents d LEFT JOIN stories s ON s.document_id = d.id",
    ]


MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "documents, one table per record type, mentions", tuple(_initial_schema())),
    (2, "story clustering: stories, story_signatures, story_settings, document_stories view",
     tuple(_stories_schema())),
    (3, "PLOVER contexts of events", ("ALTER TABLE events ADD COLUMN contexts VARCHAR[]",)),
    (4, "associative place names (Place.associations)", (_span_table_sql("associations"),)),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


# DuckDB's default (16 MB of write-ahead log between checkpoints) made storing slow down as the
# store grew: 40 -> 130 ms per document over the first 6,000; at 256 MB it stays near 4 ms (the
# log is replayed on the next open after a crash, a few seconds at most).
CHECKPOINT_THRESHOLD = "256MB"


def open_store(path: str | Path, *, read_only: bool = False):
    """Open (or create) the store at ``path`` and bring its schema up to date.

    Raises StoreError, leaving any existing file untouched, when the directory is missing, the
    file is not a DuckDB database, is locked or read-only, or was made by a newer newswire.
    """
    import duckdb

    target = Path(path)
    if not target.parent.is_dir():
        raise StoreError(f"{path}: directory {target.parent} does not exist; create it first")
    if read_only and not target.is_file():
        raise StoreError(f"{path}: no store here to open read-only; run 'newswire ingest' first")
    try:
        con = duckdb.connect(str(target), read_only=read_only,
                             config={} if read_only else {"checkpoint_threshold": CHECKPOINT_THRESHOLD})
    except duckdb.Error as error:
        raise StoreError(f"{path}: cannot open as a DuckDB store ({_first_line(error)})") from None
    try:
        _migrate(con, path, read_only=read_only)
    except BaseException:
        con.close()
        raise
    return con


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def schema_version(con) -> int:
    """The newest migration applied to this store (0 for an empty database)."""
    exists = con.execute("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_name = 'schema_version'").fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def _migrate(con, path, *, read_only: bool) -> None:
    """Apply, each in its own transaction, the migrations this store has not had yet."""
    import duckdb

    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise StoreError(f"{path}: store schema version {current} is newer than this newswire's "
                         f"{SCHEMA_VERSION}; upgrade newswire")
    pending = [m for m in MIGRATIONS if m[0] > current]
    if pending and read_only:
        raise StoreError(f"{path}: store schema is version {current}, needs {SCHEMA_VERSION}; "
                         "open it writable once to migrate")
    for version, description, statements in pending:
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        "description VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)")
            for statement in statements:
                con.execute(statement)
            con.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)", [version, description])
            con.execute("COMMIT")
        except duckdb.Error as error:
            con.execute("ROLLBACK")
            raise StoreError(f"{path}: migration {version} failed ({_first_line(error)})") from None


def has_document(con, doc_id: str) -> bool:
    """Whether a document with this id is already stored."""
    return con.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone() is not None


def write_reading(con, reading: Reading) -> bool:
    """Store a reading with all its records in one transaction; False when it was already stored."""
    return write_readings(con, [reading])[0]


def write_readings(con, readings: list[Reading]) -> list[bool]:
    """Store a batch of readings in one transaction; for each, whether it was new (False: already stored).

    A batch costs one commit instead of one per document (a commit is most of the cost of storing
    a short document), and its rows go in as one Arrow table per table. The batch is all or
    nothing: a run killed during it stores none of it, and resuming reads those documents again.
    When the batch cannot be stored, it is retried a document at a time so that the error names
    the document at fault and the documents before it are kept.
    """
    import duckdb

    if not readings:
        return []
    try:
        con.execute("BEGIN TRANSACTION")
        new = _new_in_batch(con, readings)
        _insert_batch(con, [reading for reading, is_new in zip(readings, new) if is_new])
        con.execute("COMMIT")
        return new
    except duckdb.Error as error:
        _rollback_quietly(con)
        if len(readings) > 1:
            return [write_readings(con, [reading])[0] for reading in readings]
        raise StoreError(f"document {readings[0].document.id}: cannot be stored ({_first_line(error)})") from None


def _new_in_batch(con, readings: list[Reading]) -> list[bool]:
    """For each reading, whether its document is neither stored nor earlier in the batch."""
    ids = sorted({reading.document.id for reading in readings})
    stored = {row[0] for row in con.execute("SELECT id FROM documents WHERE id IN (SELECT unnest(?))",
                                            [ids]).fetchall()}
    new = []
    for reading in readings:
        new.append(reading.document.id not in stored)
        stored.add(reading.document.id)
    return new


def _insert_batch(con, readings: list[Reading]) -> None:
    """Insert the documents and every record of a batch of readings, one statement per table."""
    document_rows = [[getattr(r.document, f) for f in DOCUMENT_FIELDS] + [r.version] for r in readings]
    _insert_rows(con, "documents", [*DOCUMENT_FIELDS, "contract_version"], document_rows)
    child_rows: dict[str, list] = {name: [] for name in CHILD_TABLES}
    for table in RECORD_TABLES:
        rows: list = []
        for reading in readings:
            rows += _record_rows(table, reading.document.id, getattr(reading, table.name), child_rows)
        _insert_rows(con, table.name, ["document_id", "seq"] + [_q(c) for c, _ in table.columns()], rows)
    for name, rows in child_rows.items():
        _insert_rows(con, name, CHILD_COLUMNS, rows)


def _rollback_quietly(con) -> None:
    try:
        con.execute("ROLLBACK")
    except Exception:  # noqa: BLE001 - no transaction open (BEGIN itself failed)
        pass


def _record_rows(table: RecordTable, doc_id: str, records, child_rows: dict[str, list]) -> list[list]:
    """The rows of one table's records of one document; their mentions and associations go to ``child_rows``."""
    rows = []
    for seq, record in enumerate(records):
        row: list[Any] = [doc_id, seq]
        for field, kind in table.fields:
            value = getattr(record, field)
            if kind == "span":
                row += [value.start, value.end, value.text] if value is not None else [None, None, None]
            elif kind in CHILD_TABLES:
                child_rows[kind] += [(doc_id, record.id, n, m.start, m.end, m.text) for n, m in enumerate(value)]
            elif kind == "strlist":
                row.append(list(value))
            else:
                row.append(value)
        rows.append(row)
    return rows


def _insert_rows(con, table: str, columns: list[str], rows: list) -> None:
    """Insert rows as one Arrow table (far faster in DuckDB than bound parameters)."""
    import pyarrow as pa

    if not rows:
        return
    names = [f"c{i}" for i in range(len(columns))]
    batch = pa.table({name: pa.array([row[i] for row in rows]) for i, name in enumerate(names)})
    con.register("newswire_batch", batch)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(names)} FROM newswire_batch")
    finally:
        con.unregister("newswire_batch")


def read_reading(con, doc_id: str) -> Reading:
    """Rebuild the stored Reading of one document, records in their original order."""
    row = con.execute(f"SELECT {', '.join(DOCUMENT_FIELDS)}, contract_version FROM documents WHERE id = ?",
                      [doc_id]).fetchone()
    if row is None:
        raise StoreError(f"document {doc_id}: not in the store")
    document = Document(**dict(zip(DOCUMENT_FIELDS, row[:-1])))
    spans = {name: _spans_of(con, name, doc_id) for name in CHILD_TABLES}
    parts = {table.name: tuple(_read_records(con, table, doc_id, spans)) for table in RECORD_TABLES}
    return Reading(document=document, version=row[-1], **parts)


def _spans_of(con, table: str, doc_id: str) -> dict[str, tuple[Span, ...]]:
    """Every span of one document in a child table (``mentions``, ``associations``), by the id of
    the actor or place it belongs to."""
    found: dict[str, list[Span]] = {}
    for record_id, start, end, text in con.execute(
            f'SELECT record_id, "start", "end", "text" FROM {table} WHERE document_id = ? ORDER BY record_id, seq',
            [doc_id]).fetchall():
        found.setdefault(record_id, []).append(Span(start, end, text))
    return {key: tuple(spans) for key, spans in found.items()}


def _read_records(con, table: RecordTable, doc_id: str, spans: dict[str, dict[str, tuple[Span, ...]]]):
    """Yield one table's records of one document, in order."""
    names = ", ".join(_q(c) for c, _ in table.columns())
    rows = con.execute(f"SELECT {names} FROM {table.name} WHERE document_id = ? ORDER BY seq", [doc_id]).fetchall()
    for row in rows:
        values, position = {}, 0
        for field, kind in table.fields:
            if kind == "span":
                start, end, text = row[position:position + 3]
                values[field] = Span(start, end, text) if start is not None else None
                position += 3
            elif kind in CHILD_TABLES:
                values[field] = spans[kind].get(values["id"], ())
            else:
                value = row[position]
                values[field] = tuple(value or ()) if kind == "strlist" else value
                position += 1
        yield table.record(**values)


def document_ids(con) -> list[str]:
    """Every stored document id, in the order the documents were stored."""
    return [row[0] for row in con.execute("SELECT id FROM documents ORDER BY stored_at, rowid").fetchall()]


def table_names() -> list[str]:
    """The data tables of the store: documents, each record table, mentions and associations."""
    return ["documents", *TABLES_BY_NAME, *CHILD_TABLES]


def counts(con) -> dict[str, int]:
    """How many rows each data table holds."""
    return {name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in table_names()}


def check_story_settings(con, settings: dict[str, str], *, rebuild: bool) -> None:
    """Record the clustering settings; refuse to mix signatures made with other settings.

    With ``rebuild`` (everything will be clustered again) the stored settings are replaced.
    """
    stored = dict(con.execute("SELECT name, value FROM story_settings").fetchall())
    if stored and stored != settings and not rebuild:
        changed = sorted(k for k in settings.keys() | stored.keys() if stored.get(k) != settings.get(k))
        raise StoreError(f"the store was clustered with other settings ({', '.join(changed)}); "
                         "run 'newswire cluster --rebuild' to cluster it again")
    if stored != settings:
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM story_settings")
        _insert_rows(con, "story_settings", ["name", "value"], sorted(settings.items()))
        con.execute("COMMIT")


def clear_stories(con) -> None:
    """Forget every story and signature (before clustering the whole store again)."""
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM story_signatures")
    con.execute("DELETE FROM stories")
    con.execute("COMMIT")


def story_signatures(con, *, newest: int | None = None, batch: int = 10_000):
    """Yield (story id, signature as a uint32 array) of the clustered documents, in clustering order.

    ``newest`` keeps only that many of the most recently clustered documents.
    """
    import numpy as np

    limit = f" ORDER BY s.seq DESC LIMIT {int(newest)}" if newest is not None else ""
    cursor = con.cursor()
    try:
        cursor.execute("SELECT story_id, signature FROM (SELECT s.story_id, g.signature, s.seq FROM story_signatures g "
                       f"JOIN stories s USING (document_id){limit}) ORDER BY seq")
        while rows := cursor.fetchmany(batch):
            for story_id, blob in rows:
                yield story_id, np.frombuffer(blob, dtype="<u4")
    finally:
        cursor.close()


def unclustered_ids(con) -> list[str]:
    """Ids of the stored documents without a story yet, in the order they were stored."""
    return [row[0] for row in con.execute(
        "SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.document_id = d.id) "
        "ORDER BY stored_at, rowid").fetchall()]


def texts_of(con, doc_ids: list[str]) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """(id, text, boilerplate spans) of these documents, in the order given."""
    rows = con.execute(
        'SELECT d.id, d.text, b.starts, b.ends FROM documents d LEFT JOIN (SELECT document_id, '
        'list("start" ORDER BY seq) AS starts, list("end" ORDER BY seq) AS ends FROM boilerplate '
        "WHERE document_id IN (SELECT unnest($ids)) GROUP BY document_id) b ON b.document_id = d.id "
        "WHERE d.id IN (SELECT unnest($ids))", {"ids": doc_ids}).fetchall()
    found = {doc_id: (doc_id, text, list(zip(starts or [], ends or []))) for doc_id, text, starts, ends in rows}
    return [found[doc_id] for doc_id in doc_ids if doc_id in found]


def write_stories(con, assignments: list) -> None:
    """Store (Assignment, signature or None) pairs from :mod:`newswire.cluster` in one transaction."""
    import duckdb

    try:
        con.execute("BEGIN TRANSACTION")
        first = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM stories").fetchone()[0]
        _insert_rows(con, "stories", ["document_id", "story_id", "similarity", "seq"],
                     [(a.document_id, a.story_id, a.similarity, first + n) for n, (a, _) in enumerate(assignments)])
        _insert_rows(con, "story_signatures", ["document_id", "signature"],
                     [(a.document_id, signature.astype("<u4").tobytes()) for a, signature in assignments
                      if signature is not None])
        con.execute("COMMIT")
    except duckdb.Error as error:
        _rollback_quietly(con)
        raise StoreError(f"stories cannot be stored ({_first_line(error)})") from None


def run_query(db: str | Path, sql: str, *, limit: int = 1000,
              parameters: dict | None = None) -> tuple[list[str], list[tuple]]:
    """Run one SQL query on a read-only connection; return column names and up to ``limit`` rows."""
    import duckdb

    con = open_store(db, read_only=True)
    try:
        cursor = con.execute(sql, parameters) if parameters else con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        return columns, cursor.fetchmany(limit) if columns else []
    except duckdb.Error as error:
        raise StoreError(f"query failed: {_first_line(error)}") from None
    finally:
        con.close()


_NORMALIZED = "trim(regexp_replace(lower(coalesce({0}, '')), '[^a-z0-9]+', ' ', 'g'))"
QUESTIONS = {
    "top-actors": (
        "SELECT a.name, a.country, a.sector, count(DISTINCT ds.story_id) AS stories, "
        "count(DISTINCT ds.outlet) AS outlets, count(DISTINCT a.document_id) AS documents FROM actors a "
        "JOIN document_stories ds ON ds.document_id = a.document_id GROUP BY ALL "
        "ORDER BY documents DESC, stories DESC, a.name"),
    "statements": (
        "WITH matched AS (SELECT ds.story_id, ds.outlet, d.published, s.document_id, s.seq, s.speaker_name, "
        "s.kind, s.content_text, " + _NORMALIZED.format("s.content_text") + " AS said_key "
        "FROM statements s JOIN documents d ON d.id = s.document_id "
        "JOIN document_stories ds ON ds.document_id = s.document_id "
        "WHERE contains(lower(s.speaker_name), lower($term))) "
        "SELECT min(published) AS published, first(speaker_name ORDER BY published, document_id, seq) AS speaker_name, "
        "first(kind ORDER BY published, document_id, seq) AS kind, "
        "first(content_text ORDER BY published, document_id, seq) AS said, count(DISTINCT document_id) AS n_docs, "
        "count(DISTINCT outlet) AS n_outlets, story_id, "
        "first(document_id ORDER BY published, document_id, seq) AS document_id "
        "FROM matched GROUP BY story_id, lower(speaker_name), said_key "
        "ORDER BY published DESC NULLS LAST, story_id, min(seq)"),
    "judgments": (
        "WITH matched AS (SELECT ds.story_id, ds.outlet, d.published, j.document_id, j.probability, j.low, j.high, "
        + _NORMALIZED.format("j.holder_name") + " AS holder_key, "
        + _NORMALIZED.format("j.proposition_text") + " AS proposition_key FROM assessments j "
        "JOIN documents d ON d.id = j.document_id JOIN document_stories ds ON ds.document_id = j.document_id "
        "WHERE contains(lower(j.proposition_text), lower($term))), "
        "once AS (SELECT story_id, min(published) AS published, median(probability) AS probability, min(low) AS low, "
        "max(high) AS high, list(DISTINCT document_id) AS docs, list(DISTINCT outlet) AS outlets FROM matched "
        "GROUP BY story_id, holder_key, proposition_key) "
        "SELECT substr(published, 1, 7) AS month, count(*) AS judgments, count(DISTINCT story_id) AS stories, "
        "len(list_distinct(flatten(list(docs)))) AS n_docs, len(list_distinct(flatten(list(outlets)))) AS n_outlets, "
        "round(median(probability), 3) AS median_probability, min(low) AS low, max(high) AS high "
        "FROM once GROUP BY ALL ORDER BY month NULLS LAST"),
    "events-by-month": (
        "SELECT substr(coalesce(e.date, d.published), 1, 7) AS month, {quad} AS quad, count(*) AS events "
        "FROM events e JOIN documents d ON d.id = e.document_id WHERE $term = '' OR EXISTS ("
        "SELECT 1 FROM actors a WHERE a.document_id = e.document_id AND list_contains(e.source || e.target, a.id) "
        "AND a.name ILIKE '%' || $term || '%') GROUP BY ALL ORDER BY month, quad"),
    "events-between": (
        "WITH sides AS (SELECT e.document_id, e.seq, e.\"type\", e.date, "
        "bool_or(list_contains(e.source, a.id) AND contains(lower(a.name), lower($term))) AS a_source, "
        "bool_or(list_contains(e.target, a.id) AND contains(lower(a.name), lower($term))) AS a_target, "
        "bool_or(list_contains(e.source, a.id) AND contains(lower(a.name), lower($other))) AS b_source, "
        "bool_or(list_contains(e.target, a.id) AND contains(lower(a.name), lower($other))) AS b_target "
        "FROM events e JOIN actors a ON a.document_id = e.document_id AND list_contains(e.source || e.target, a.id) "
        "GROUP BY e.document_id, e.seq, e.\"type\", e.date), "
        "between_them AS ({between}), "
        "story_dates AS (SELECT story_id, min(published) AS published FROM document_stories "
        "WHERE story_id IN (SELECT ds.story_id FROM between_them b JOIN document_stories ds USING (document_id)) "
        "GROUP BY story_id), "
        "per_document AS (SELECT ds.story_id, e.document_id, ds.outlet, e.direction, {quad} AS quad, "
        "substr(coalesce(e.date, sd.published), 1, 7) AS month, count(*) AS n FROM between_them e "
        "JOIN document_stories ds ON ds.document_id = e.document_id JOIN story_dates sd ON sd.story_id = ds.story_id "
        "GROUP BY ALL), "
        "per_story AS (SELECT story_id, direction, quad, month, max(n) AS events, list(DISTINCT document_id) AS docs, "
        "list(DISTINCT outlet) AS outlets FROM per_document GROUP BY ALL) "
        "SELECT month, direction, "
        "coalesce(sum(events) FILTER (quad = 'verbal cooperation'), 0) AS verbal_cooperation, "
        "coalesce(sum(events) FILTER (quad = 'material cooperation'), 0) AS material_cooperation, "
        "coalesce(sum(events) FILTER (quad = 'verbal conflict'), 0) AS verbal_conflict, "
        "coalesce(sum(events) FILTER (quad = 'material conflict'), 0) AS material_conflict, "
        "coalesce(sum(events) FILTER (quad = 'other'), 0) AS other, count(DISTINCT story_id) AS stories, "
        "len(list_distinct(flatten(list(docs)))) AS n_docs, len(list_distinct(flatten(list(outlets)))) AS n_outlets "
        "FROM per_story GROUP BY month, direction ORDER BY month NULLS LAST, direction"),
}
QUESTIONS_NEEDING_A_TERM = {"statements", "judgments", "events-between"}
BETWEEN_DIRECTED = (
    "SELECT *, $term || ' -> ' || $other AS direction FROM sides WHERE a_source AND b_target "
    "UNION ALL SELECT *, $other || ' -> ' || $term AS direction FROM sides WHERE b_source AND a_target")
BETWEEN_EITHER_WAY = (
    "SELECT *, $term || ' <-> ' || $other AS direction FROM sides "
    "WHERE (a_source AND b_target) OR (b_source AND a_target)")


def _quad_case() -> str:
    """A SQL CASE naming the PLOVER quad class of an event type, from the bundled PLOVER table."""
    import json
    from importlib import resources

    types = json.loads((resources.files("newswire") / "data" / "plover_types.json").read_text("utf-8"))["types"]
    arms = " ".join(f"WHEN '{name}' THEN '{info['quad']}'" for name, info in types.items()
                    if "'" not in name + info.get("quad", "'"))
    return f"CASE e.\"type\" {arms} ELSE 'other' END"


def ask(db: str | Path, question: str, term: str | None = None, *, other: str | None = None,
        directed: bool = False, limit: int = 1000) -> tuple[list[str], list[tuple]]:
    """Answer a ready-made question (see :data:`QUESTIONS`), counting each story once.

    ``term`` names a speaker (statements), a topic (judgments) or an actor (events-by-month, and
    the first actor of events-between); ``other`` is the second actor of events-between, whose
    rows count both directions together unless ``directed``. Names match case-insensitively
    as substrings. Every value is bound as a query parameter, never written into the SQL.
    """
    if question not in QUESTIONS:
        raise StoreError(f"unknown question {question!r}; choose one of {', '.join(QUESTIONS)}")
    if question in QUESTIONS_NEEDING_A_TERM and not term:
        raise StoreError(f"{question} needs a term: a speaker's name, a topic or an actor (--term)")
    if question == "events-between" and not other:
        raise StoreError("events-between needs two actors, e.g. 'newswire query --ask events-between Russia Ukraine'")
    sql = QUESTIONS[question]
    if "{between}" in sql:
        sql = sql.replace("{between}", BETWEEN_DIRECTED if directed else BETWEEN_EITHER_WAY)
    if "{quad}" in sql:
        sql = sql.replace("{quad}", _quad_case())
    parameters = {name: value or "" for name, value in (("term", term), ("other", other)) if f"${name}" in sql}
    return run_query(db, sql, limit=limit, parameters=parameters or None)
