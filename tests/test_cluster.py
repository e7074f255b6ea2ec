"""Story clustering: near-copies share a story, different stories do not; incremental; migration."""

from __future__ import annotations

import hashlib
import random

import pytest
from typer.testing import CliRunner

import newswire.store as store
from newswire.cli import app
from newswire.cluster import (
    SETTINGS, Signer, StoryIndex, cluster_new_documents, cluster_store, cluster_texts, shingle_hashes,
)
from newswire.cluster_eval import EDIT_KINDS, build_corpus, edit, evaluate_clusters, score
from newswire.records import Boilerplate, Document, Reading
from newswire.store import StoreError, open_store, schema_version, write_reading

runner = CliRunner()

STORY = (
    "Ministers from the two countries met in a lakeside hotel on Thursday to restart talks on the disputed border.\n"
    "The delegations agreed to open a hotline between their armies and to meet again within a month, "
    "according to a joint statement read out after nine hours of discussion.\n"
    "Neither side mentioned the prisoners taken during the clashes last spring, which had blocked earlier rounds.\n"
    "Observers from three neighbouring states attended the session and said the tone had been calm and businesslike.\n"
    "A spokesman for the foreign ministry said the hotline could be running before the end of the year.\n"
    "Local traders near the crossing said they hoped the road would reopen before the harvest."
)
SAME_TOPIC = (
    "Artillery fire resumed along the disputed border on Friday, a day after ministers from the two countries met.\n"
    "Villagers on both sides fled towards the river as shells landed near the customs post and a grain depot.\n"
    "Each army blamed the other for the first shot, and the planned hotline was not mentioned in either statement.\n"
    "Hospitals in the nearest town said they had treated eleven people, two of them children."
)
OTHER = (
    "The central bank raised its main interest rate by half a point, the third increase this year, "
    "citing food prices that rose faster than expected after a poor wheat harvest.\n"
    "Economists had forecast a smaller move and the currency gained against the dollar within minutes."
)

NEAR_COPIES = [
    ("exact copy", STORY),
    ("new headline", "Border talks restart by the lake\n\n" + STORY),
    ("byline and outlet", "By Jo Marsh, Riverside Post\n" + STORY),
    ("boilerplate added", STORY + "\nCopyright 2024 Riverside Post. All rights reserved. Sign up for our newsletter."),
    ("last paragraph trimmed", STORY.rsplit("\n", 1)[0]),
    ("a sentence replaced", STORY.replace("Neither side mentioned the prisoners taken during the clashes last spring, "
                                          "which had blocked earlier rounds.", "The talks were the first in two years.")),
    ("headline, byline, trim, boilerplate", "Hotline agreed at border talks\nBy staff\n" + STORY.rsplit("\n", 1)[0]
     + "\n(c) Riverside Post"),
]


def same_story(first: str, second: str) -> bool:
    """Whether the second text joins the story of the first."""
    first_story, second_story = cluster_texts([("one", first), ("two", second)])
    return second_story.story_id == first_story.story_id == "one"


@pytest.mark.parametrize("label, copy", NEAR_COPIES)
def test_near_copies_join_the_story(label, copy):
    assert same_story(STORY, copy), label


@pytest.mark.parametrize("label, other", [
    ("different story on the same topic", SAME_TOPIC),
    ("different subject", OTHER),
    ("first paragraph only", STORY.split("\n", 1)[0]),
    ("empty text", ""),
    ("punctuation only", '"" -- ... !!'),
])
def test_different_documents_stay_apart(label, other):
    assert not same_story(STORY, other), label
    assert not same_story(other, STORY), label


def test_empty_texts_are_singletons_not_one_story():
    assigned = list(cluster_texts([("a", ""), ("b", ""), ("c", "   ")]))
    assert [a.story_id for a in assigned] == ["a", "b", "c"]


@pytest.mark.parametrize("text, boilerplate, expected_words", [
    ("One two three", (), ["one two", "two three"]),
    ("ONE Two", (), ["one two"]),
    ("solo", (), ["solo"]),
    ("", (), []),
    ("One two. Subscribe now", ((9, 22),), ["one two"]),
])
def test_shingles_are_lowercased_word_pairs_without_boilerplate(text, boilerplate, expected_words):
    expected = set().union(*(set(shingle_hashes(w).tolist()) for w in expected_words)) if expected_words else set()
    assert set(shingle_hashes(text, boilerplate).tolist()) == expected


def test_thirty_outlets_make_one_story():
    rng = random.Random(3)
    copies = [("orig", STORY)] + [(f"c{n}", edit(STORY, rng.choice(EDIT_KINDS), rng, OTHER)) for n in range(30)]
    stories = {a.story_id for a in cluster_texts(copies + [("other", OTHER), ("topic", SAME_TOPIC)])}
    assert stories == {"orig", "other", "topic"}


def test_signatures_are_stable_across_signers():
    first, second = Signer().of_text(STORY), Signer().of_text(STORY)
    assert first is not None and first.dtype.name == "uint32" and (first == second).all()


def test_index_joins_the_most_similar_story():
    index, signer = StoryIndex(), Signer()
    index.add("talks", signer.of_text(STORY))
    index.add("rates", signer.of_text(OTHER))
    joined = index.assign("copy", signer.of_text(STORY + "\nMore to follow."))
    assert joined.story_id == "talks" and joined.similarity > 0.8
    assert index.assign("new", signer.of_text(SAME_TOPIC)).story_id == "new"


# --- in the store ---------------------------------------------------------------------------

def reading_of(text: str, *, source: str | None = None, url: str | None = None,
               boilerplate: tuple[Boilerplate, ...] = ()) -> Reading:
    """A reading with no records beyond boilerplate: enough to cluster."""
    doc_id = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Reading(document=Document(id=doc_id, text=text, source=source, url=url, published="2024-05-02"),
                   boilerplate=boilerplate)


def stories_of(con) -> dict[str, str]:
    return dict(con.execute("SELECT document_id, story_id FROM document_stories").fetchall())


@pytest.fixture()
def con(tmp_path):
    connection = open_store(tmp_path / "news.duckdb")
    yield connection
    connection.close()


def test_every_document_gets_a_story(con):
    readings = [reading_of(STORY), reading_of(NEAR_COPIES[1][1]), reading_of(OTHER), reading_of("")]
    for reading in readings:
        write_reading(con, reading)
    summary = cluster_new_documents(con)
    assert (summary.clustered, summary.stories, summary.joined) == (4, 3, 1)
    found = stories_of(con)
    ids = [r.document.id for r in readings]
    assert found[ids[1]] == found[ids[0]] == ids[0]
    assert found[ids[2]] == ids[2] and found[ids[3]] == ids[3]
    assert con.execute("SELECT count(*) FROM stories").fetchone()[0] == 4
    assert con.execute("SELECT count(*) FROM story_signatures").fetchone()[0] == 3  # the empty text has none


def test_a_later_batch_joins_existing_stories(con):
    first = [reading_of(STORY), reading_of(OTHER)]
    for reading in first:
        write_reading(con, reading)
    cluster_new_documents(con)
    later = reading_of(NEAR_COPIES[3][1])
    write_reading(con, later)
    summary = cluster_new_documents(con)
    assert (summary.indexed_before, summary.clustered, summary.joined) == (2, 1, 1)
    assert stories_of(con)[later.document.id] == first[0].document.id
    assert cluster_new_documents(con).clustered == 0


def test_rebuild_gives_the_same_stories(con):
    for text in (STORY, OTHER, NEAR_COPIES[2][1], SAME_TOPIC):
        write_reading(con, reading_of(text))
    cluster_new_documents(con)
    before = stories_of(con)
    assert cluster_new_documents(con, rebuild=True).clustered == 4
    assert stories_of(con) == before


def test_boilerplate_spans_are_left_out(con):
    junk = "\nSUBSCRIBE TODAY and read every article on every device with our digital pass for one low price."
    short = "Talks resume on Monday."
    spans = (Boilerplate(len(short), len(short) + len(junk), "promotion", junk),)
    plain = reading_of(short + junk, boilerplate=spans)
    other = reading_of("Rain is expected in the capital." + junk,
                       boilerplate=(Boilerplate(32, 32 + len(junk), "promotion", junk),))
    for reading in (plain, other):
        write_reading(con, reading)
    cluster_new_documents(con)
    assert stories_of(con)[other.document.id] == other.document.id  # the shared promotion does not join them


def test_other_settings_need_a_rebuild(con):
    write_reading(con, reading_of(STORY))
    cluster_new_documents(con)
    con.execute("UPDATE story_settings SET value = '64' WHERE name = 'num_perm'")
    with pytest.raises(StoreError, match="--rebuild"):
        cluster_new_documents(con)
    assert cluster_new_documents(con, rebuild=True).clustered == 1
    assert dict(con.execute("SELECT name, value FROM story_settings").fetchall()) == SETTINGS


@pytest.mark.parametrize("source, url, outlet", [
    ("Riverside Post", "https://www.other.example/a", "Riverside Post"),
    (None, "https://www.valley-times.example/world/story?id=3", "valley-times.example"),
    (None, "http://user@news.example:8080/x", "news.example"),
    ("  ", None, None),
])
def test_outlet_is_the_source_else_the_url_host(con, source, url, outlet):
    write_reading(con, reading_of(STORY, source=source, url=url))
    assert con.execute("SELECT outlet FROM document_stories").fetchone()[0] == outlet


def test_a_store_of_the_previous_schema_is_migrated(tmp_path, monkeypatch):
    path = tmp_path / "old.duckdb"
    with monkeypatch.context() as patch:
        patch.setattr(store, "MIGRATIONS", store.MIGRATIONS[:1])
        patch.setattr(store, "SCHEMA_VERSION", 1)
        old = open_store(path)
        old_reading = reading_of(STORY)
        write_reading(old, old_reading)
        assert schema_version(old) == 1
        assert old.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'stories'").fetchone() == (0,)
        old.close()
    migrated = open_store(path)
    try:
        assert schema_version(migrated) == store.SCHEMA_VERSION == store.MIGRATIONS[-1][0] >= 2
        assert stories_of(migrated) == {old_reading.document.id: old_reading.document.id}
        write_reading(migrated, reading_of(NEAR_COPIES[1][1]))
        assert cluster_new_documents(migrated).joined == 1
        assert set(stories_of(migrated).values()) == {old_reading.document.id}
    finally:
        migrated.close()


def test_read_only_old_store_asks_for_a_writable_open(tmp_path, monkeypatch):
    path = tmp_path / "old.duckdb"
    with monkeypatch.context() as patch:
        patch.setattr(store, "MIGRATIONS", store.MIGRATIONS[:1])
        patch.setattr(store, "SCHEMA_VERSION", 1)
        open_store(path).close()
    with pytest.raises(StoreError, match="open it writable once"):
        open_store(path, read_only=True)


def test_cli_cluster_command(tmp_path):
    db = tmp_path / "news.duckdb"
    con = open_store(db)
    for text in (STORY, NEAR_COPIES[4][1], OTHER):
        write_reading(con, reading_of(text))
    con.close()
    result = runner.invoke(app, ["cluster", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "clustered 3 documents: 2 new stories, 1 joined" in result.stdout
    assert cluster_store(db).clustered == 0
    assert runner.invoke(app, ["cluster"]).exit_code == 2


# --- the evaluation -------------------------------------------------------------------------

def test_scoring_counts_pairs():
    from newswire.cluster_eval import Doc

    docs = [Doc("a", "a", "original", ""), Doc("a1", "a", "exact", ""), Doc("a2", "a", "trim", ""),
            Doc("b", "b", "original", ""), Doc("c", "c", "original", "")]
    result = score(docs, {"a": "x", "a1": "x", "a2": "y", "b": "y", "c": "z"})
    assert (result["true_pairs"], result["predicted_pairs"], result["hits"]) == (3, 2, 1)
    assert result["per_kind"] == {"exact": [1, 1], "trim": [0, 1]}
    assert result["mixed_stories"] == [["a", "b"]]


def test_evaluation_on_a_small_folder(tmp_path):
    for name, text in (("talks", STORY), ("shelling", SAME_TOPIC), ("rates", OTHER)):
        (tmp_path / f"{name}.txt").write_text(text, "utf-8")
    (tmp_path / "short.txt").write_text("Too short to count.", "utf-8")
    result = evaluate_clusters(tmp_path)
    assert result["originals"] == 2 and result["documents"] > 2 * 30  # 'rates' and 'short' are under 60 words
    assert result["hits"] / result["predicted_pairs"] == 1.0
    assert result["hits"] / result["true_pairs"] > 0.9
    report = runner.invoke(app, ["cluster", "--evaluate", str(tmp_path), "--format", "json"])
    assert report.exit_code == 0, report.output
    assert '"pair precision"' in report.stdout


def test_build_corpus_labels_every_copy():
    docs = build_corpus([("s", STORY), ("o", OTHER)], random.Random(1))
    assert sum(d.kind == "original" for d in docs) == 2
    assert all(d.family in ("s", "o") for d in docs) and len(docs) >= 2 + 2 * 30


def test_ingested_copies_share_a_story(tmp_path, reader):
    from newswire.ingest import ingest

    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in (("wire", STORY), ("copy", NEAR_COPIES[6][1]), ("other", SAME_TOPIC)):
        (folder / f"{name}.txt").write_text(text, "utf-8")
    db = tmp_path / "news.duckdb"
    summary = ingest([str(folder)], db, published="2024-05-02", reader=reader)
    assert (summary.clustered, summary.copies) == (3, 1)
    assert cluster_store(db).clustered == 0  # ingest clustered them already


@pytest.mark.parametrize("window, joins", [(1, False), (2, True), (None, True)])
def test_window_keeps_only_recent_documents(window, joins):
    index, signer = StoryIndex(window=window), Signer()
    index.assign("talks", signer.of_text(STORY))
    index.assign("rates", signer.of_text(OTHER))
    assert (index.assign("copy", signer.of_text(NEAR_COPIES[1][1])).story_id == "talks") is joins
    assert len(index) == (3 if window is None else window)


def test_store_window_loads_only_the_newest_signatures(con):
    for text in (STORY, OTHER):
        write_reading(con, reading_of(text))
    cluster_new_documents(con)
    copy = reading_of(NEAR_COPIES[2][1])
    write_reading(con, copy)
    summary = cluster_new_documents(con, window=1)
    assert summary.indexed_before == 1 and summary.joined == 0
    assert stories_of(con)[copy.document.id] == copy.document.id
