"""Faults: ingest killed at random points, a read-only store and a full disk lose nothing.

``newswire ingest`` runs as a real subprocess on small generated stories. It is killed with
SIGKILL (repeatedly, at seeded random points while documents are being written) and resumed;
the store must end with exactly the rows of an uninterrupted run, table by table. A store on a
read-only file system, or one whose disk fills up, must give a clear error (no traceback) and
keep every document it held. The file-system cases mount a small tmpfs, which needs root; they
are skipped otherwise.
"""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from newswire.ingest import ingest

NEWSWIRE = str(Path(sys.executable).parent / "newswire")
STORIES = 30
KILLS = 5
SPEAKERS = ["The foreign minister", "A NATO spokesman", "The defence ministry", "The UN envoy",
            "A Ukrainian general", "The Kremlin"]
PLACES = ["Kharkiv", "Kherson", "Geneva", "Bakhmut", "Odesa"]
DAYS = ["Monday", "Tuesday", "Friday"]


def write_stories(folder: Path, count: int = STORIES, *, first: int = 0) -> Path:
    """``count`` short, distinct stories as text files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    combos = itertools.islice(itertools.product(SPEAKERS, PLACES, DAYS), first, first + count)
    for number, (speaker, place, day) in enumerate(combos, start=first):
        (folder / f"story{number:03d}.txt").write_text(
            f"{speaker} said on {day} that {100 + number} troops had moved near {place}.\n"
            f"\u201cWe will not retreat,\u201d a commander told reporters. Talks would probably resume.\n", "utf-8")
    return folder


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows (timestamps left out), in a fixed order: what a run leaves in the store."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [row[0] for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]
        result = {}
        for table in tables:
            columns = [f'"{name}"' for name, kind in con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' "
                "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall() if not kind.startswith("TIMESTAMP")]
            result[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
        return result
    finally:
        con.close()


def document_count(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()


def run_ingest(source: Path, db: Path, **options) -> subprocess.CompletedProcess:
    return subprocess.run([NEWSWIRE, "ingest", str(source), "--db", str(db)], capture_output=True, text=True,
                          timeout=600, **options)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_stories(tmp_path_factory.mktemp("corpus") / "stories")


@pytest.fixture(scope="module")
def reference(tmp_path_factory, corpus, reader) -> dict[str, list[tuple]]:
    """The store an uninterrupted ingest of the corpus leaves."""
    db = tmp_path_factory.mktemp("reference") / "store.duckdb"
    summary = ingest([str(corpus)], db, reader=reader)
    assert summary.stored == STORIES and not summary.skipped
    return snapshot(db)


def kill_while_writing(command: list[str], db: Path, rng: random.Random, *, early: bool) -> bool:
    """Start ``command``; SIGKILL it at a random point. Returns whether it was still running.

    ``early``: at a random moment of the start-up (model loading, opening the store). Otherwise
    after a random number (1-6) of commits have grown the write-ahead log, plus a random fraction
    of the next document's time.
    """
    wal = Path(f"{db}.wal")
    one_per_commit = {**os.environ, "NEWSWIRE_STORE_BATCH": "1"}  # many commits, so kills land between them
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=one_per_commit)
    if early:
        time.sleep(rng.uniform(0.2, 4.0))
    else:
        wanted, grown, last = rng.randint(1, 6), 0, wal.stat().st_size if wal.exists() else 0
        deadline = time.monotonic() + 300
        while grown < wanted and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
            size = wal.stat().st_size if wal.exists() else 0
            grown += size > last
            last = size
        time.sleep(rng.uniform(0, 0.15))
    running = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    return running


def test_ingest_killed_at_random_points_and_resumed_ends_with_exactly_the_uninterrupted_records(
        tmp_path, corpus, reference):
    db = tmp_path / "store.duckdb"
    rng = random.Random(20261125)
    command = [NEWSWIRE, "ingest", str(corpus), "--db", str(db)]
    killed_part_way = []
    for attempt in range(KILLS):
        if kill_while_writing(command, db, rng, early=attempt == 0):
            killed_part_way.append(document_count(db) if db.exists() else 0)
    done = run_ingest(corpus, db)
    assert done.returncode == 0, done.stderr
    print(f"documents stored when each kill landed: {killed_part_way}")
    assert any(0 < count < STORIES for count in killed_part_way), killed_part_way
    assert sorted(killed_part_way) == killed_part_way  # nothing stored is ever lost
    final = snapshot(db)
    assert final.keys() == reference.keys()
    for table in reference:
        assert final[table] == reference[table], f"table {table} differs from the uninterrupted run"


# ---------------------------------------------------------------- read-only store, full disk


@pytest.fixture
def small_disk(tmp_path):
    """A mounted tmpfs of a few megabytes (root only); unmounted afterwards."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def assert_clear_error(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr[-3000:])
    assert "Traceback" not in done.stderr and "newswire: [NW" in done.stderr, done.stderr[-3000:]


def test_read_only_store_gives_a_clear_error_and_stays_intact(tmp_path, small_disk, reader):
    db = small_disk / "store.duckdb"
    ingest([str(write_stories(tmp_path / "first", 5))], db, reader=reader)
    before = snapshot(db)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    assert_clear_error(run_ingest(write_stories(tmp_path / "more", 3, first=5), db))
    assert_clear_error(run_ingest(tmp_path / "more", small_disk / "new.duckdb"))
    assert snapshot(db) == before
    asked = subprocess.run([NEWSWIRE, "query", "--db", str(db), "--sql", "SELECT count(*) AS n FROM documents",
                            "--format", "csv"], capture_output=True, text=True, timeout=120)
    assert asked.returncode == 0 and asked.stdout.split() == ["n", "5"], asked.stderr


def fill(disk: Path) -> Path:
    """Fill the file system at ``disk`` until it has no byte left; return the filler file."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for block in (1 << 16, 1):
            try:
                while True:
                    os.write(descriptor, b"\0" * block)
            except OSError:
                pass
    finally:
        os.close(descriptor)
    return filler


def test_full_disk_gives_a_clear_error_keeps_what_was_stored_and_resume_completes(tmp_path, small_disk, reader):
    db = small_disk / "store.duckdb"
    stories = write_stories(tmp_path / "stories", 12)
    first = tmp_path / "first"
    first.mkdir()
    for path in sorted(stories.iterdir())[:6]:
        (first / path.name).write_text(path.read_text("utf-8"), "utf-8")
    ingest([str(first)], db, reader=reader)
    before = snapshot(db)
    filler = fill(small_disk)
    print(f"store {db.stat().st_size:,} bytes, filler {filler.stat().st_size:,} bytes")
    failed = run_ingest(stories, db)
    assert_clear_error(failed)
    print(failed.stderr.strip().splitlines()[-1])
    filler.unlink()
    after = snapshot(db)
    for table, rows in before.items():  # every row stored before the disk filled is still there, unchanged
        assert all(row in after[table] for row in rows), table
    done = run_ingest(stories, db)
    assert done.returncode == 0, done.stderr[-3000:]
    reference_db = tmp_path / "reference.duckdb"
    ingest([str(stories)], reference_db, reader=reader)
    assert snapshot(db) == snapshot(reference_db)
