"""The web app's read-only view of a newswire store, with a full-text index beside it.

The store file is never written: it is checked with :func:`newswire.store.open_store`
(read-only), then ATTACHed ``READ_ONLY`` to a private in-memory DuckDB database. That in-memory
database holds one view per store table (so the store's own SQL, such as
:func:`newswire.store.read_reading`, runs unchanged) and two small copies made at start-up —
the documents' titles and texts, and the statements' contents — over which DuckDB's
full-text-search extension builds BM25 indexes. The index therefore costs start-up time (about a
second per few thousand documents) and memory, and needs no write access to the store.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from newswire.store import StoreError, open_store, table_names

SEARCH_TABLES = {
    "search_documents": (
        "SELECT id AS key, id AS document_id, coalesce(title, '') AS title, text FROM store.documents",
        ("title", "text")),
    "search_statements": (
        "SELECT document_id || '/' || id AS key, document_id, id AS statement_id, "
        "coalesce(speaker_name, '') AS speaker_name, content_text FROM store.statements",
        ("content_text", "speaker_name")),
}


def fts_extension_path() -> Path:
    """Where the DuckDB full-text-search extension shipped by the ``duckdb-ext-fts`` wheel lies."""
    import duckdb
    import duckdb_ext

    version = duckdb.__version__
    return Path(duckdb_ext.__path__[0]) / "extensions" / f"v{version}" / "linux_amd64" / "fts.duckdb_extension"


class WebStore:
    """One read-only store opened for the web app; hands out a cursor per request.

    Raises StoreError (via ``open_store``) when the file is missing, not a store, or of another
    schema version.
    """

    def __init__(self, db_path: str | Path) -> None:
        import duckdb

        self.path = Path(db_path)
        open_store(self.path, read_only=True).close()  # validates file and schema version
        self._con = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        self.search_ready = False
        try:
            quoted_path = str(self.path).replace("'", "''")
            self._con.execute(f"ATTACH '{quoted_path}' AS store (READ_ONLY)")
            attached = {row[0] for row in self._con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'store'").fetchall()}
            for name in [*table_names(), "schema_version"]:
                if name in attached:
                    self._con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM store."{name}"')
            self._build_search_index()
            self._build_document_counts()
        except duckdb.Error as error:
            self._con.close()
            raise StoreError(f"{db_path}: cannot be opened for the web app ({error})") from None

    def _build_search_index(self) -> None:
        """Copy the searchable text into memory and index it with BM25 (see the module docstring)."""
        extension = fts_extension_path()
        if not extension.is_file():
            raise StoreError(f"DuckDB full-text-search extension not found at {extension}; "
                             "install the duckdb-ext-fts package matching duckdb")
        self._con.execute(f"LOAD '{str(extension).replace(chr(39), chr(39) * 2)}'")
        for table, (select, columns) in SEARCH_TABLES.items():
            self._con.execute(f"CREATE TABLE {table} AS {select}")
            quoted = ", ".join(f"'{c}'" for c in columns)
            self._con.execute(f"PRAGMA create_fts_index('{table}', 'key', {quoted}, overwrite=1)")
        self.search_ready = True

    def _build_document_counts(self) -> None:
        """How many statements, judgments and events each document holds (the document list shows them)."""
        counts = ", ".join(f"coalesce((SELECT count(*) FROM store.{table} t WHERE t.document_id = d.id), 0) AS {name}"
                           for table, name in (("statements", "statements"), ("assessments", "judgments"),
                                               ("events", "events")))
        self._con.execute(f"CREATE TABLE document_counts AS SELECT d.id AS document_id, {counts} FROM store.documents d")

    @contextmanager
    def cursor(self) -> Iterator:
        """A cursor of its own for one request (DuckDB cursors may be used from any one thread)."""
        with self._lock:
            cursor = self._con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def close(self) -> None:
        """Close the in-memory database and detach the store."""
        self._con.close()
