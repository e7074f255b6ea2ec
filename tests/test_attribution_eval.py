"""Tests of the PolNeAR attribution evaluation: brat reading, the match rule, direct/indirect, sources."""

from __future__ import annotations

import pytest

from newswire.attribution_eval import (
    GoldAttribution, Prediction, evaluate_polnear, is_direct, parse_brat, quoted_mask, score_article,
    spans_match, split_articles, summarise, token_pieces,
)
from newswire.errors import GoldError

# A made-up story: one direct quote split by its cue, one indirect claim, one with no source.
TEXT = (
    "\u201cThe bridge will open in May,\u201d Mayor Ana Ortiz said. \u201cWe are ready.\u201d\n"
    "The council argued that the budget was too small.\n"
    "Prices will rise, it was reported.\n"
)


def offsets(needle: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def brat_line(tid: str, label: str, *needles: str) -> str:
    pieces = [offsets(n) for n in needles]
    return f"{tid}\t{label} {';'.join(f'{s} {e}' for s, e in pieces)}\t{' '.join(needles)}"


ANN = "\n".join([
    brat_line("T1", "Content", "\u201cThe bridge will open in May,\u201d", "\u201cWe are ready.\u201d"),
    brat_line("T2", "Source", "Mayor Ana Ortiz"),
    brat_line("T3", "Cue", "said"),
    brat_line("T4", "Attribution", "said"),
    "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2",
    brat_line("T5", "Source", "The council"),
    brat_line("T6", "Cue", "argued"),
    brat_line("T7", "Content", "that the budget was too small"),
    brat_line("T8", "Attribution", "argued"),
    "E2\tAttribution:T8 Cue:T6 Source:T5 Content:T7",
    brat_line("T9", "Content", "Prices will rise"),
    brat_line("T10", "Cue", "was reported"),
    brat_line("T11", "Attribution", "was reported"),
    "E3\tAttribution-no-source:T11 Content:T9 Cue:T10",
    brat_line("T12", "Attribution", "argued"),
    "E4\tAttribution:T12",
]) + "\n"


@pytest.fixture
def golds() -> list[GoldAttribution]:
    return parse_brat(ANN, TEXT)


def test_brat_reading_keeps_discontinuous_pieces_and_skips_relations_without_content(golds):
    assert [g.id for g in golds] == ["E1", "E2", "E3"]
    first, second = offsets("\u201cThe bridge will open in May,\u201d"), offsets("\u201cWe are ready.\u201d")
    assert golds[0].content == (first, second)
    assert golds[0].source == (offsets("Mayor Ana Ortiz"),)
    assert golds[2].source == () and golds[2].cue_text == "was reported"


def test_direct_and_indirect_split(golds):
    assert [g.direct for g in golds] == [True, False, False]


@pytest.mark.parametrize("text, needle, direct", [
    ("He said \u201cwe will win the vote\u201d today.", "we will win the vote", True),  # right after the mark
    ("He said \u201cwe will win the vote\u201d today.", "\u201cwe will win the vote\u201d", True),
    ('He said "we will win the vote" today.', '"we will win the vote"', True),  # straight quotes
    ("He said that \u201cwe will\u201d win the vote.", "that \u201cwe will\u201d win the vote", False),  # mixed
    ("\u201cWe will\u201d win the vote and the next one.", "\u201cWe will\u201d win the vote and the next one", False),
    ("He said we will win the vote.", "we will win the vote", False),
    ("\u201cWe will win\nthe vote, he said.", "the vote", False),  # an unclosed quote ends with its paragraph
    ("He said ''we will win the vote'' today.", "''we will win the vote''", True),  # doubled apostrophes
    ("He said ''we will'' win the vote today.", "win the vote today", False),  # after the closing pair
    ("He said \u2018we will win the vote\u2019 today.", "\u2018we will win the vote\u2019", False),  # single marks
])
def test_direct_rule(text, needle, direct):
    start = text.index(needle)
    assert is_direct(text, ((start, start + len(needle)),), quoted_mask(text)) is direct


@pytest.mark.parametrize("predicted, gold, match", [
    (((0, 10),), ((0, 10),), True),
    (((0, 10),), ((5, 100),), True),     # 5 shared >= half of the shorter (10)
    (((0, 10),), ((6, 100),), False),    # 4 shared < 5
    (((0, 100),), ((95, 105),), True),   # 5 of the 10-char gold
    (((0, 100),), ((96, 105),), False),  # 4 of 9: below half
    (((0, 20),), ((0, 4), (30, 40)), False),   # discontinuous gold of 14 chars: 4 shared < 7
    (((0, 20),), ((10, 16), (30, 40)), False),  # 6 shared < 8
    (((0, 20),), ((5, 10), (15, 25)), True),    # 5 + 5 shared >= 7.5 of 15: pieces summed
    (((0, 0),), ((0, 10),), False),       # an empty span matches nothing
])
def test_half_of_shorter_match(predicted, gold, match):
    assert spans_match(predicted, gold) is match


def test_discontinuous_gold_is_matched_by_either_piece(golds):
    first_piece = (offsets("\u201cThe bridge will open in May,\u201d"),)
    second_piece = (offsets("\u201cWe are ready.\u201d"),)
    score = score_article(golds, [Prediction(first_piece, ()), Prediction(second_piece, ())])
    assert score.gold_matches[0] == [0, 1]
    assert score.prediction_matched == [True, True]


def test_recall_precision_and_sources(golds):
    predictions = [
        Prediction((offsets("The bridge will open in May,"),), (offsets("Ana Ortiz"),)),  # right source
        Prediction((offsets("the budget was too small"),), (offsets("Mayor Ana Ortiz"),)),  # wrong source
        Prediction((offsets("Prices will rise"),), ()),  # gold has no source: not scored for source
        Prediction((offsets("Mayor Ana Ortiz said"),), ()),  # matches nothing
    ]
    metrics = summarise([score_article(golds, predictions)])
    assert metrics["content_recall"]["hits"] == 3 and metrics["content_recall"]["total"] == 3
    assert (metrics["content_precision"]["hits"], metrics["content_precision"]["total"]) == (3, 4)
    assert (metrics["direct_recall"]["hits"], metrics["direct_recall"]["total"]) == (1, 1)
    assert (metrics["indirect_recall"]["hits"], metrics["indirect_recall"]["total"]) == (2, 2)
    assert (metrics["source_of_matched"]["hits"], metrics["source_of_matched"]["total"]) == (1, 2)
    assert (metrics["source_of_all"]["hits"], metrics["source_of_all"]["total"]) == (1, 2)


def test_source_of_all_counts_unmatched_gold(golds):
    predictions = [Prediction((offsets("The bridge will open in May,"),), (offsets("Ortiz"),))]
    metrics = summarise([score_article(golds, predictions)])
    assert metrics["source_of_matched"]["value"] == 1.0
    assert (metrics["source_of_all"]["hits"], metrics["source_of_all"]["total"]) == (1, 2)


def write_corpus(root, annotators=("b2", "a1")):
    text_dir, ann_dir = root / "data" / "dev" / "text", root / "data" / "dev" / "attributions"
    text_dir.mkdir(parents=True)
    ann_dir.mkdir(parents=True)
    (text_dir / "paper_2016-09-01_bridge-story.txt").write_text(TEXT, "utf-8")
    for annotator in annotators:
        content = ANN if annotator == "a1" else ANN.split("E1")[0] + "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n"
        (ann_dir / f"paper_2016-09-01_bridge-story_{annotator}.ann").write_text(content, "utf-8")


def test_first_annotator_in_sorted_order_is_used(tmp_path):
    write_corpus(tmp_path)
    [(name, _, ann)] = split_articles(tmp_path, "dev")
    assert name == "paper_2016-09-01_bridge-story" and ann.name.endswith("_a1.ann")


def test_a_folder_holding_polnear_is_accepted(tmp_path):
    write_corpus(tmp_path / "polnear")
    assert [name for name, _, _ in split_articles(tmp_path, "dev")] == ["paper_2016-09-01_bridge-story"]


def test_missing_split_is_a_gold_error(tmp_path):
    with pytest.raises(GoldError):
        split_articles(tmp_path, "dev")


def test_annotations_without_their_text_are_a_gold_error(tmp_path):
    write_corpus(tmp_path)
    (tmp_path / "data" / "dev" / "attributions" / "paper_2016-09-03_lost_a1.ann").write_text(ANN, "utf-8")
    with pytest.raises(GoldError, match="paper_2016-09-03_lost.txt"):
        split_articles(tmp_path, "dev")


@pytest.mark.parametrize("bad_line", ["T1\tContent 3\tabc", "T1\tContent three four\tabc", "E1\tAttribution"])
def test_malformed_brat_lines_are_gold_errors_naming_the_line(bad_line):
    with pytest.raises(GoldError, match="line 2"):
        parse_brat("T9\tCue 0 3\tThe\n" + bad_line + "\n", TEXT, where="x.ann")


def test_offsets_beyond_the_text_are_a_gold_error():
    with pytest.raises(GoldError, match="outside"):
        parse_brat("T1\tContent 5 9999\tx\nE1\tAttribution:T1 Content:T1\n", TEXT)


def test_token_pieces_join_consecutive_tokens(reader):
    doc = reader.nlp("Mayor Ana Ortiz of the city said so.")
    assert token_pieces([doc[2], doc[0], doc[1], doc[5]]) == ((0, 15), (23, 27))


def test_whole_evaluation_on_a_tiny_corpus(tmp_path, reader):
    write_corpus(tmp_path)
    result = evaluate_polnear(tmp_path, reader=reader, compare_textacy=False)
    assert result["articles"] == 1
    assert result["gold"] == {"attributions": 3, "direct": 1, "indirect": 2, "without_source": 1}
    newswire = result["newswire"]
    assert newswire["direct_recall"]["hits"] == 1  # newswire reads the split direct quote
    assert newswire["source_of_matched"]["hits"] >= 1
    assert "textacy" not in result


def test_textacy_is_scored_and_its_refusals_counted(tmp_path, reader):
    pytest.importorskip("textacy")
    write_corpus(tmp_path)
    odd = "The mayor said \u201cthe bridge will open in May and we are ready for it.\n"
    (tmp_path / "data" / "dev" / "text" / "paper_2016-09-02_odd-quotes.txt").write_text(odd, "utf-8")
    (tmp_path / "data" / "dev" / "attributions" / "paper_2016-09-02_odd-quotes_a1.ann").write_text("", "utf-8")
    textacy = evaluate_polnear(tmp_path, reader=reader)["textacy"]
    assert textacy["failed_documents"] == 1
    assert "unpaired quotation marks" in textacy["failures"]
    assert textacy["content_recall"]["total"] == 3
    assert textacy["content_recall"]["hits"] <= textacy["direct_recall"]["total"] + textacy["indirect_recall"]["hits"]


def test_precision_is_split_by_statement_kind(golds):
    predictions = [
        Prediction((offsets("The bridge will open in May,"),), (), "direct:said"),
        Prediction((offsets("the budget was too small"),), (), "stance:argued"),
        Prediction((offsets("Mayor Ana Ortiz said"),), (), "stance:said"),  # matches nothing
    ]
    by_kind = summarise([score_article(golds, predictions)])["precision_by_kind"]
    assert {kind: (t["hits"], t["total"]) for kind, t in by_kind.items()} == {"direct": (1, 1), "stance": (1, 2)}


def test_a_span_text_running_over_a_line_break_does_not_stop_the_reading():
    ann = ("T1\tContent 0 9;12 20\tfirst bit\nThe rest of it\tgoes on\nT2\tCue 30 34\tsaid\n"
           "E1\tAttribution:T2 Content:T1 Cue:T2\n")
    [gold] = parse_brat(ann, TEXT, where="x.ann")
    assert gold.content == ((0, 9), (12, 20)) and gold.cue_text == "said"
