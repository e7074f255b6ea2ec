"""The DuckDB store: schema, round trip of real readings, idempotent writes, clear errors."""

from __future__ import annotations

import dataclasses

import pytest

from newswire.errors import NewswireError
from newswire.inputs import read_samples
from newswire.records import Actor, Span, field_names
from newswire.store import (
    MIGRATIONS, RECORD_TABLES, SCHEMA_VERSION, StoreError, counts, document_ids, has_document, open_store,
    read_reading, run_query, schema_version, write_reading, write_readings,
)

TEXTS = [
    '"We will not withdraw," the defence minister of Ukraine said on Monday in Kyiv.',
    "Russian forces shelled Kharkiv overnight, killing 3 civilians and wounding about 12 more.\n"
    "Analysts said a ceasefire was very unlikely before the winter.",
    "",
    "NATO and the European Union agreed to send 155mm shells to Kyiv, officials said.",
]


@pytest.fixture(scope="module")
def readings(reader):
    """Real readings from the Reader: short texts written here plus the bundled samples."""
    written = [reader.read_text(text, published="2023-03-01") for text in TEXTS]
    samples = [item for item in read_samples() if not isinstance(item, NewswireError)]
    return written + list(reader.read_many(samples))


@pytest.fixture()
def con(tmp_path):
    connection = open_store(tmp_path / "news.duckdb")
    yield connection
    connection.close()


def test_every_contract_field_has_a_column():
    for table in RECORD_TABLES:
        assert [name for name, _ in table.fields] == field_names(table.record), table.name


def test_schema_is_versioned(tmp_path, con):
    assert schema_version(con) == SCHEMA_VERSION == MIGRATIONS[-1][0]
    con.close()
    again = open_store(tmp_path / "news.duckdb")
    rows = again.execute("SELECT version FROM schema_version").fetchall()
    again.close()
    assert rows == [(version,) for version, _, _ in MIGRATIONS]


def test_round_trip_equals_the_reading(con, readings):
    assert any(r.events for r in readings) and any(r.statements for r in readings)
    for reading in readings:
        assert write_reading(con, reading) is True
        assert read_reading(con, reading.document.id) == reading


def test_second_write_adds_nothing(con, readings):
    for reading in readings[:3]:
        write_reading(con, reading)
    before = counts(con)
    assert [write_reading(con, r) for r in readings[:3]] == [False, False, False]
    assert counts(con) == before
    assert before["documents"] == 3 and before["actors"] > 0 and before["mentions"] > 0


def test_counts_match_the_readings(con, readings):
    for reading in readings:
        write_reading(con, reading)
    found = counts(con)
    assert found["documents"] == len(readings)
    for table in RECORD_TABLES:
        assert found[table.name] == sum(len(getattr(r, table.name)) for r in readings), table.name
    assert found["mentions"] == sum(len(a.mentions) for r in readings for a in (*r.actors, *r.places))
    assert found["associations"] == sum(len(p.associations) for r in readings for p in r.places)
    assert set(document_ids(con)) == {r.document.id for r in readings}


def test_a_failed_write_stores_nothing_of_the_document(con, readings):
    reading = next(r for r in readings if r.actors)
    broken = dataclasses.replace(reading, actors=(reading.actors[0],) * 2)  # one actor id twice
    with pytest.raises(StoreError):
        write_reading(con, broken)
    assert not has_document(con, reading.document.id)
    assert counts(con)["actors"] == 0
    assert write_reading(con, reading) is True


def test_unknown_document_is_a_store_error(con):
    with pytest.raises(StoreError, match="NW401"):
        read_reading(con, "0000000000000000")


@pytest.mark.parametrize("case", ["missing directory", "read-only missing file"])
def test_unopenable_path_is_a_clear_error(tmp_path, case):
    if case == "missing directory":
        path, read_only = tmp_path / "nowhere" / "news.duckdb", False
    else:
        path, read_only = tmp_path / "absent.duckdb", True
    with pytest.raises(StoreError, match="NW401"):
        open_store(path, read_only=read_only)
    assert not path.exists()


def test_not_a_database_is_left_intact(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 100, "utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="NW401"):
        open_store(path)
    assert path.read_bytes() == before


def test_read_only_store_refuses_writes_and_stays_intact(tmp_path, readings):
    path = tmp_path / "news.duckdb"
    writable = open_store(path)
    write_reading(writable, readings[0])
    writable.close()
    read_only = open_store(path, read_only=True)
    with pytest.raises(StoreError, match="NW401"):
        write_reading(read_only, readings[1])
    assert counts(read_only)["documents"] == 1
    assert read_reading(read_only, readings[0].document.id) == readings[0]
    read_only.close()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "news.duckdb"
    con = open_store(path)
    con.execute("INSERT INTO schema_version (version, description) VALUES (?, 'from the future')",
                [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_store_from_before_event_contexts_migrates(tmp_path, readings):
    """A version-2 store (events without a contexts column) gains the column and reads back ()."""
    import duckdb

    reading = next(r for r in readings if r.events)
    current = open_store(tmp_path / "new.duckdb")
    write_reading(current, reading)
    current.close()
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)")
    for version, description, statements in MIGRATIONS[:2]:
        for statement in statements:
            old.execute(statement)
        old.execute("INSERT INTO schema_version VALUES (?, ?, current_timestamp)", [version, description])
    assert "contexts" not in {row[0] for row in old.execute("DESCRIBE events").fetchall()}
    old.execute(f"ATTACH '{tmp_path / 'new.duckdb'}' AS new (READ_ONLY)")
    for table in ["documents", "mentions"] + [t.name for t in RECORD_TABLES]:
        old.execute(f"INSERT INTO {table} SELECT * EXCLUDE (contexts) FROM new.{table}" if table == "events"
                    else f"INSERT INTO {table} SELECT * FROM new.{table}")
    old.close()
    with pytest.raises(StoreError, match="version 2"):
        open_store(path, read_only=True)
    migrated = open_store(path)
    back = read_reading(migrated, reading.document.id)
    assert schema_version(migrated) == SCHEMA_VERSION
    migrated.close()
    assert back.events and all(event.contexts == () for event in back.events)
    stripped = tuple(dataclasses.replace(event, contexts=()) for event in reading.events)
    places = tuple(dataclasses.replace(place, associations=()) for place in reading.places)
    assert back == dataclasses.replace(reading, events=stripped, places=places)


def _store_at(path, version: int, source) -> None:
    """Build at ``path`` a store with only migrations up to ``version``, holding the rows of
    ``source`` (a current store's path) that its tables have room for."""
    import duckdb

    old = duckdb.connect(str(path))
    old.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)")
    for number, description, statements in MIGRATIONS[:version]:
        for statement in statements:
            old.execute(statement)
        old.execute("INSERT INTO schema_version VALUES (?, ?, current_timestamp)", [number, description])
    old.execute(f"ATTACH '{source}' AS new (READ_ONLY)")
    for table in ["documents", "mentions"] + [t.name for t in RECORD_TABLES]:
        old.execute(f"INSERT INTO {table} SELECT * FROM new.{table}")
    old.close()


def test_store_from_before_place_associations_migrates(tmp_path, reader):
    """A version-3 store (no associations table) upgrades cleanly: its places read back with
    their mentions and no associations, and associations written afterwards round-trip."""
    first = reader.read_text("Russian forces shelled Kharkiv, the Kyiv Post reported.", published="2023-03-01")
    later = reader.read_text("Ukrainian officials met in Warsaw on Friday.", published="2023-03-02")
    assert any(place.associations for place in first.places) and any(place.mentions for place in first.places)
    current = open_store(tmp_path / "new.duckdb")
    write_reading(current, first)
    current.close()
    path = tmp_path / "old.duckdb"
    _store_at(path, 3, tmp_path / "new.duckdb")
    with pytest.raises(StoreError, match="version 3"):
        open_store(path, read_only=True)
    migrated = open_store(path)
    assert schema_version(migrated) == SCHEMA_VERSION == 4
    back = read_reading(migrated, first.document.id)
    places = tuple(dataclasses.replace(place, associations=()) for place in first.places)
    assert back == dataclasses.replace(first, places=places)
    assert write_reading(migrated, later) is True
    assert read_reading(migrated, later.document.id) == later
    assert counts(migrated)["associations"] == sum(len(p.associations) for p in later.places) > 0
    migrated.close()


def test_place_associations_round_trip_apart_from_mentions(con, reader):
    reading = reader.read_text("Russian troops crossed into Ukraine, the Kyiv Post said.", published="2023-03-01")
    write_reading(con, reading)
    assert read_reading(con, reading.document.id) == reading
    stored = con.execute("SELECT count(*) FROM associations").fetchone()[0]
    assert stored == sum(len(place.associations) for place in reading.places) > 0
    mentions = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    assert mentions == sum(len(record.mentions) for record in (*reading.actors, *reading.places))


def test_event_contexts_round_trip(con, reader):
    reading = reader.read_text("Russian troops shelled the border town of Kharkiv on Monday.", published="2023-03-01")
    assert any(event.contexts for event in reading.events)
    write_reading(con, reading)
    assert read_reading(con, reading.document.id).events == reading.events


def test_query_runs_read_only(tmp_path, readings):
    path = tmp_path / "news.duckdb"
    con = open_store(path)
    for reading in readings[:2]:
        write_reading(con, reading)
    con.close()
    columns, rows = run_query(path, "SELECT count(*) AS n FROM documents")
    assert columns == ["n"] and rows == [(2,)]
    with pytest.raises(StoreError, match="query failed"):
        run_query(path, "DELETE FROM documents")
    assert run_query(path, "SELECT count(*) FROM documents")[1] == [(2,)]


def test_actor_mentions_keep_their_order(con, reader):
    text = "Zelensky met Biden. Later Zelensky spoke to reporters, and Zelensky left."
    reading = reader.read_text(text)
    actor = Actor(id="a1", name="Volodymyr Zelensky", kind="person",
                  mentions=tuple(Span(i, i + 8, "Zelensky") for i in (59, 26, 0)))
    assert all(text[m.start:m.end] == m.text for m in actor.mentions)
    shuffled = dataclasses.replace(reading, actors=(actor,), events=(), statements=(), assessments=())
    write_reading(con, shuffled)
    assert read_reading(con, reading.document.id).actors[0].mentions == actor.mentions


def test_story_tables_and_view_exist_in_a_new_store(con):
    tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"stories", "story_signatures", "story_settings", "document_stories"} <= tables
    assert con.execute("SELECT count(*) FROM document_stories").fetchone() == (0,)


def test_stories_of_unknown_documents_are_refused_whole(con, readings):
    import numpy as np

    from newswire.cluster import Assignment
    from newswire.store import write_stories

    write_reading(con, readings[0])
    known = Assignment(readings[0].document.id, readings[0].document.id, None)
    unknown = Assignment("ffffffffffffffff", "ffffffffffffffff", None)
    with pytest.raises(StoreError, match="stories cannot be stored"):
        write_stories(con, [(known, np.zeros(4, dtype=np.uint32)), (unknown, None)])
    assert con.execute("SELECT count(*) FROM stories").fetchone() == (0,)
    write_stories(con, [(known, np.arange(4, dtype=np.uint32))])
    assert con.execute("SELECT story_id, seq FROM stories").fetchall() == [(known.story_id, 1)]


def test_a_batch_stores_new_readings_once_and_reports_repeats(con, readings):
    first, second, third = readings[0], readings[1], readings[3]
    assert write_reading(con, first) is True
    assert write_readings(con, [first, second, third, second]) == [False, True, True, False]
    assert document_ids(con) == [first.document.id, second.document.id, third.document.id]
    assert read_reading(con, third.document.id) == third


def test_a_batch_with_a_broken_reading_keeps_the_others_and_names_the_broken_one(con, readings):
    good = [r for r in readings if r.actors][:3]
    broken = dataclasses.replace(good[1], actors=(good[1].actors[0],) * 2)
    with pytest.raises(StoreError, match=good[1].document.id):
        write_readings(con, [good[0], broken, good[2]])
    assert has_document(con, good[0].document.id) and not has_document(con, good[1].document.id)
    assert write_readings(con, [good[1], good[2]]) == [True, True]
