"""Tests of the external event evaluations: ConfliBERT quad classes and PETRARCH-2 unit-test parity.

Every fixture is a tiny file written here in tmp_path (stylized texts of our own, in the files'
formats); nothing is read from the third-party data.
"""

from __future__ import annotations

import json

import pytest

from newswire.events_eval_conflibert import (cameo_quad_class, evaluate_conflibert, load_cameo_class, macro_f1,
                                             quad_class)
from newswire.events_eval_petrarch import (evaluate_petrarch, load_records, parse_actor_file, types_by_root,
                                           write_user_dictionary)
from newswire.stages.actors_lexicon import load_actor_dictionary

ACTOR_FILE = """<!-- a test dictionary -->
# a comment line
RUSSIA [RUS]
+RUSSIAN
+MOSCOW
UKRAINE_  [UKR] # trailing comment
+KYIV
NOWHERELAND
\t[NWL 20200101 - 20201231]
NOBODY [---]
"""

RECORDS = """<Validation><Sentences>
<Sentence date="20220301" id="T-01" category="DEMO" sentence="true">
<EventCoding sourcecode="RUS" targetcode="UKR" eventcode="190"></EventCoding>
<Text>
Russia attacked
Ukraine on Tuesday.
</Text>
</Sentence>
<Sentence date="20220302" id="T-02" category="DEMO" sentence="true">
<EventCoding sourcecode="UKRGOV" targetcode="RUS" eventcode="046"></EventCoding>
<Text>Ukraine held talks with Russia in Minsk.</Text>
</Sentence>
<Sentence date="20220303" id="T-03" category="DEMO" sentence="true">
<EventCoding error="bad_input_parse"></EventCoding>
<Text>Nothing is coded here.</Text>
</Sentence>
</Sentences></Validation>
"""


@pytest.mark.parametrize("type_, expected", [
    ("CONSULT", 1), ("AGREE", 1), ("AID", 2), ("COOPERATE", 2), ("ACCUSE", 3), ("REJECT", 3),
    ("ASSAULT", 4), ("SANCTION", 4), (None, 0), ("NO-SUCH-TYPE", 0),
])
def test_quad_class_of_plover_types(type_, expected):
    assert quad_class(type_) == expected


@pytest.mark.parametrize("cameo, expected", [("010", 0), ("020", 0), ("046", 1), ("071", 2), ("112", 3),
                                             ("145", 3), ("190", 4), (None, 0), ("x1", 0)])
def test_quad_class_of_cameo_roots(cameo, expected):
    assert cameo_quad_class(cameo) == expected


def test_macro_f1_by_hand():
    report = macro_f1([1, 1, 4, 4], [1, 4, 4, 4], classes=(1, 4))
    assert report["per_class"][1]["f1"] == pytest.approx(0.667, abs=1e-3)  # p=1, r=.5
    assert report["per_class"][4]["f1"] == pytest.approx(0.8, abs=1e-3)  # p=2/3, r=1
    assert report["macro_f1"] == pytest.approx(0.733, abs=2e-3)
    assert macro_f1([1], [1], classes=(1,))["macro_f1"] == 1.0


def test_load_cameo_class_skips_bad_rows(tmp_path):
    path = tmp_path / "tiny.tsv"
    path.write_text("Russia attacked Ukraine.\t4\nno label here\n\t3\nFrance praised Germany.\t1\n", "utf-8")
    assert load_cameo_class(path) == [("Russia attacked Ukraine.", 4), ("France praised Germany.", 1)]


def test_evaluate_conflibert_on_a_tiny_split(tmp_path, reader):
    path = tmp_path / "dev.tsv"
    path.write_text("Russian forces attacked Kharkiv on Tuesday.\t4\n"
                    "France and Germany held talks in Paris.\t1\n"
                    "The weather was mild in Paris.\t0\n", "utf-8")
    report = evaluate_conflibert(path, reader=reader)
    assert report["sentences"] == 3
    assert report["per_class"][4]["recall"] == 1.0
    assert report["per_class"][0]["recall"] == 1.0
    assert 0.0 < report["macro_f1"] <= 1.0


def test_parse_actor_file():
    entries = parse_actor_file(ACTOR_FILE)
    assert entries["Russia"] == {"code": "RUS", "aliases": ["Russian", "Moscow"]}
    assert entries["Ukraine"]["code"] == "UKR" and entries["Ukraine"]["aliases"] == ["Kyiv"]
    assert entries["Nowhereland"]["code"] == "NWL"
    assert "A Comment Line" not in entries


def test_user_dictionary_is_readable_by_the_actors_stage(tmp_path):
    source = tmp_path / "actors.txt"
    source.write_text(ACTOR_FILE, "utf-8")
    out = tmp_path / "user.json"
    codes = write_user_dictionary([source], out)
    assert codes["Moscow"] == "RUS" and codes["Kyiv"] == "UKR" and "Nobody" not in codes
    names = {entry["name"] for entry in json.loads(out.read_text("utf-8"))["actors"]}
    assert names == {"Russia", "Ukraine", "Nowhereland"}
    loaded = {entry.name for entry in load_actor_dictionary(out)}
    assert {"Russia", "Ukraine", "Nowhereland"} <= loaded


def test_load_records_keeps_valid_codings(tmp_path):
    path = tmp_path / "records.xml"
    path.write_text(RECORDS, "utf-8")
    records = load_records(path)
    assert [r["id"] for r in records] == ["T-01", "T-02"]
    assert records[0]["text"] == "Russia attacked Ukraine on Tuesday." and records[0]["published"] == "2022-03-01"


def test_types_by_root_follows_plover():
    roots = types_by_root()
    assert "ASSAULT" in roots["19"] and "CONSULT" in roots["04"] and "REJECT" in roots["12"]


def test_evaluate_petrarch_counts_reproduced_codings(tmp_path):
    records, actors = tmp_path / "records.xml", tmp_path / "actors.txt"
    records.write_text(RECORDS, "utf-8")
    actors.write_text(ACTOR_FILE, "utf-8")
    report = evaluate_petrarch(records, [actors])
    assert report["records"] == 2 and report["codings"] == 2
    assert report["event_match"] == 2
    assert report["full_match"] == 2  # by leading codes; the parties of the talks in either order
    assert report["actor_match"] == 2


RECIPROCAL = """<Validation><Sentences>
<Sentence date="20220301" id="T-04" category="DEMO" sentence="true">
<EventCoding sourcecode="RUS" targetcode="UKR" eventcode="030"></EventCoding>
<EventCoding sourcecode="UKR" targetcode="RUS" eventcode="030"></EventCoding>
<Text>Russia and Ukraine agreed to a truce.</Text>
</Sentence>
</Sentences></Validation>
"""


def test_petrarch_reciprocal_act_matches_both_directions(tmp_path):
    records, actors = tmp_path / "records.xml", tmp_path / "actors.txt"
    records.write_text(RECIPROCAL, "utf-8")
    actors.write_text(ACTOR_FILE, "utf-8")
    report = evaluate_petrarch(records, [actors])
    assert report["codings"] == 2 and report["actor_match"] == 2  # PLOVER: both parties are actors


def test_gsr_summary_reports_both_actors():
    from collections import Counter

    from newswire.events_eval import summarise
    report = summarise(Counter(both_gold=4, both_right=3, target_gold=4, target_right=3), Counter())
    assert report["both_actors_match"] == 0.75 and report["target_match"] == 0.75


@pytest.mark.parametrize("context, expected", [
    ("military", {"military"}), ("diplomatic, military", {"diplomatic", "military"}),
    ("refugees", {"migration"}), ("resource", {"natural_resource"}), ("", set()), ("unknown", set()),
])
def test_gsr_contexts_map_to_current_names(context, expected):
    from newswire.events_eval import gold_contexts
    assert gold_contexts({"context": context}) == expected


def test_gsr_context_recall_and_precision(tmp_path, reader):
    from newswire.events_eval import evaluate_plover_gsr
    records = [
        {"id": "DOC", "event": "DOCUMENT"},
        {"id": "R0", "event": "ASSAULT", "eventText": "shelled", "context": "military",
         "text": "Russian troops shelled the border town on Monday."},
        {"id": "R1", "event": "SUPPORT", "eventText": "praised", "context": "economic",
         "text": "Kenya praised Uganda on Tuesday."},
        {"id": "R2", "event": "AGREE", "eventText": "signed", "text": "France and Germany signed a trade deal."},
    ]
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    report = evaluate_plover_gsr(path, reader=reader)
    assert report["context_recall"] == 0.5  # military found, economic not (no context words)
    assert report["context_precision"] == 0.5  # military right, territory not in the gold
    assert report["contexts_even"] == {"recall": 1.0, "precision": 0.5}
    assert report["contexts_odd"] == {"recall": 0.0, "precision": 0.0}
