"""Ready queries count each statement, judgment and event once per story, with documents and outlets."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest
from typer.testing import CliRunner

from newswire.cli import app
from newswire.cluster import cluster_new_documents
from newswire.records import Actor, Assessment, Document, Event, Reading, Span, Statement
from newswire.store import StoreError, ask, open_store, write_reading

runner = CliRunner()

TALKS = (
    "Russian troops shelled two villages near the river on Wednesday and again on Thursday, local officials said.\n"
    "Ukraine accused Russia of breaking the truce it had promised to keep during the harvest season.\n"
    '"We will not leave our fields," said Ana O\'Brien, who heads the farmers union in the district.\n'
    "Diplomats in the capital said a ceasefire was unlikely before the winter, pointing to the troop movements "
    "seen along the railway line and the closure of the only bridge still open to traffic."
)
LATER = (
    "Russian artillery hit a grain store in the port overnight, the harbour master told reporters on Monday.\n"
    '"The ships are waiting and the silos are empty," said Ana O\'Brien after visiting the docks with inspectors.\n'
    "Negotiators said a ceasefire was likely once the exchange of prisoners is complete next month."
)
THIRD = (
    "Officials in three capitals said a ceasefire was almost certain to be signed in the coming weeks, after the two "
    "delegations settled the last questions about the border crossings and the river traffic."
)


def span(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span(start, start + len(part), part)


def reading(text: str, published: str, *, source=None, url=None, said=None, judged=None, events=()) -> Reading:
    """A hand-made reading: actors Russia and Ukraine, a statement by Ana O'Brien, a judgment, events."""
    actors = tuple(Actor(f"a{n}", name, "country", (span(text, name),)) for n, name in
                   enumerate(("Russia", "Ukraine"), start=1) if name in text)
    ids = {actor.name: actor.id for actor in actors}
    statements = (Statement("s1", None, "Ana O'Brien", "direct", span(text, "said Ana"), span(text, said)),) \
        if said else ()
    assessments = (Assessment("j1", None, "Diplomats", None, span(text, "ceasefire was"), span(text, judged[0]),
                              judged[1], judged[1] - 0.1, judged[1] + 0.1),) if judged else ()
    found = tuple(Event(f"e{n}", kind, None, None, (ids[source_name],), (ids[target_name],), None, None, "asserted",
                        span(text, evidence)) for n, (kind, source_name, target_name, evidence) in
                  enumerate(events, start=1))
    doc_id = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Reading(document=Document(id=doc_id, text=text, source=source, url=url, published=published),
                   actors=actors, statements=statements, assessments=assessments, events=found)


TALKS_RECORDS = dict(
    said="We will not leave our fields,", judged=("a ceasefire was unlikely before the winter", 0.2),
    events=[("ASSAULT", "Russia", "Ukraine", "shelled two villages"), ("ASSAULT", "Russia", "Ukraine", "again"),
            ("ACCUSE", "Ukraine", "Russia", "accused")])
COPIES = [  # one wire story, four documents in three outlets
    (TALKS, dict(source="Riverside Post")),
    ("Villages shelled\n" + TALKS, dict(url="https://www.valley-times.example/world/1")),
    (TALKS + "\nCopyright 2024 Metro Wire.", dict(source="Metro Wire")),
    ("By Jo Marsh\n" + TALKS, dict(source="Riverside Post")),
]


def fill(con) -> None:
    for text, where in COPIES:
        write_reading(con, reading(text, "2024-05-02", **where, **TALKS_RECORDS))
    write_reading(con, reading(LATER, "2024-06-10", source="Harbour News", said="The ships are waiting and the silos are empty,",
                               judged=("a ceasefire was likely once the exchange", 0.6),
                               events=[("ASSAULT", "Russia", "Ukraine", "hit a grain store")] if "Ukraine" in LATER else []))
    write_reading(con, reading(THIRD, "2024-06-20", source="Harbour News", judged=("a ceasefire was almost certain", 0.8)))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A clustered store: one story in four copies, two other stories."""
    path = tmp_path_factory.mktemp("query") / "news.duckdb"
    con = open_store(path)
    fill(con)
    assert cluster_new_documents(con).joined == 3
    con.close()
    return path


@pytest.fixture(scope="module")
def unclustered(tmp_path_factory):
    """The same documents, never clustered: every document is its own story."""
    path = tmp_path_factory.mktemp("raw") / "news.duckdb"
    con = open_store(path)
    fill(con)
    con.close()
    return path


def as_dicts(columns, rows) -> list[dict]:
    return [dict(zip(columns, row)) for row in rows]


def test_statements_once_per_story_newest_first(db):
    rows = as_dicts(*ask(db, "statements", "o'brien"))
    assert [(r["published"], r["n_docs"], r["n_outlets"]) for r in rows] == [("2024-06-10", 1, 1), ("2024-05-02", 4, 3)]
    assert rows[1]["said"] == "We will not leave our fields," and rows[1]["speaker_name"] == "Ana O'Brien"


def test_without_clustering_each_copy_counts(unclustered):
    rows = as_dicts(*ask(unclustered, "statements", "O'BRIEN"))
    assert len(rows) == 5 and all(r["n_docs"] == 1 for r in rows)


def test_judgments_by_month_with_median(db):
    rows = as_dicts(*ask(db, "judgments", "Ceasefire"))
    assert [(r["month"], r["judgments"], r["stories"], r["n_docs"], r["n_outlets"], r["median_probability"])
            for r in rows] == [("2024-05", 1, 1, 4, 3, 0.2), ("2024-06", 2, 2, 2, 1, 0.7)]
    assert rows[0]["low"] == pytest.approx(0.1) and rows[1]["high"] == pytest.approx(0.9)


@pytest.mark.parametrize("directed, expected", [
    (False, [("2024-05", "Russia <-> Ukraine", 1, 2, 1, 4, 3)]),
    (True, [("2024-05", "Russia -> Ukraine", 0, 2, 1, 4, 3), ("2024-05", "Ukraine -> Russia", 1, 0, 1, 4, 3)]),
])
def test_events_between_two_actors_counted_once_per_story(db, directed, expected):
    rows = as_dicts(*ask(db, "events-between", "Russia", other="Ukraine", directed=directed))
    assert [(r["month"], r["direction"], r["verbal_conflict"], r["material_conflict"], r["stories"], r["n_docs"],
             r["n_outlets"]) for r in rows] == expected
    assert all(r["verbal_cooperation"] == r["material_cooperation"] == 0 for r in rows)


def test_events_between_without_clustering_multiplies(unclustered):
    rows = as_dicts(*ask(unclustered, "events-between", "ukraine", other="russia"))
    assert [(r["material_conflict"], r["verbal_conflict"], r["stories"]) for r in rows] == [(8, 4, 4)]


def test_events_between_unrelated_actors_is_empty(db):
    assert ask(db, "events-between", "Russia", other="Atlantis")[1] == []


def test_top_actors_count_stories_and_documents(db):
    rows = {r["name"]: r for r in as_dicts(*ask(db, "top-actors"))}
    assert (rows["Russia"]["stories"], rows["Russia"]["outlets"], rows["Russia"]["documents"]) == (2, 4, 5)


@pytest.mark.parametrize("name", [
    "x'; DROP TABLE documents; --",
    "' OR '1'='1",
    "%",
    "_",
    "$term",
    "O'Brien\"); SELECT 1; --",
])
def test_names_are_bound_not_formatted(db, name):
    assert ask(db, "statements", name)[1] == []
    assert ask(db, "judgments", name)[1] == []
    assert ask(db, "events-between", name, other=name)[1] == []
    assert ask(db, "top-actors")[1]  # the store is intact
    con = open_store(db, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 6
    finally:
        con.close()


@pytest.mark.parametrize("question, term, other, message", [
    ("events-between", "Russia", None, "needs two actors"),
    ("events-between", None, "Russia", "needs a term"),
    ("judgments", "", None, "needs a term"),
])
def test_missing_names_are_refused(db, question, term, other, message):
    with pytest.raises(StoreError, match=message):
        ask(db, question, term, other=other)


def test_cli_events_between_positional_json(db):
    result = runner.invoke(app, ["query", "--db", str(db), "--ask", "events-between", "Russia", "Ukraine",
                                 "--directed", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["direction"] for r in rows] == ["Russia -> Ukraine", "Ukraine -> Russia"]


@pytest.mark.parametrize("args, column, value", [
    (["--ask", "statements", "--speaker", "brien"], "n_outlets", "3"),
    (["--ask", "judgments", "--topic", "ceasefire"], "median_probability", "0.2"),
    (["--ask", "statements", "--term", "brien"], "n_docs", "4"),
])
def test_cli_speaker_and_topic_options_csv(db, args, column, value):
    result = runner.invoke(app, ["query", "--db", str(db), *args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert value in [row[column] for row in rows]


def test_cli_refuses_three_names(db):
    result = runner.invoke(app, ["query", "--db", str(db), "--ask", "events-between", "A", "B", "C"])
    assert result.exit_code == 2 and "at most two names" in result.output


def test_exports_carry_the_story(db, tmp_path):
    from newswire.export import export

    (polecat,) = export(db, "polecat", tmp_path / "events.tsv")
    with polecat.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    talks = [r for r in rows if r["Event Type"] == "ACCUSE"]
    assert len(talks) == 4 and len({r["Story ID"] for r in talks}) == 1 and {r["Story Documents"] for r in talks} == {"4"}
    (documents,) = export(db, "csv", tmp_path / "tables", table="documents")
    with documents.open(encoding="utf-8", newline="") as stream:
        stories = [(r["story_id"], r["story_documents"], r["outlet"]) for r in csv.DictReader(stream)]
    assert sorted(n for _, n, _ in stories) == ["1", "1", "4", "4", "4", "4"]
    assert ("valley-times.example" in {outlet for _, _, outlet in stories})
