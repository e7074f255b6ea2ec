"""Measure the events stage against the PLOVER gold standard records (GSR).

The GSR (Open Event Data Alliance, CC BY-SA 4.0) is a JSON list of sentences from the CAMEO
manual, each coded with one PLOVER event, its actors and recipients. It uses PLOVER 0.5 category
names, mapped here to the current ones. The file is read where it lies; nothing of it is copied.

For each gold sentence the reader codes events; the *main* event is the one whose evidence covers
the first gold trigger word (else the first event). Reported figures:

* ``coverage``: share of sentences with at least one event;
* ``type_accuracy``: share of covered sentences whose main event has the gold type;
* ``type_recall``: share of all sentences with some event of the gold type;
* ``source_match`` / ``target_match``: among sentences whose main event has the gold type and whose
  gold record names actors / recipients, the share where a coded participant matches one of them
  (a case-insensitive word overlap between an actor's name or mention and the gold actor text);
  ``both_actors_match`` is the share, among those whose gold names both, where both match;
  ``target_or_place_match`` also accepts the event's place (the GSR often codes a country or city
  where the event happens as its recipient, "arrived in Amman").

Contexts: many gold records carry a PLOVER 0.5 ``context`` ("refugee", "resource", …), mapped by
:data:`OLD_CONTEXTS` to the current names; a gold context with no current name is left out. Over the
sentences whose gold has a context, ``context_recall`` is the share of gold contexts the main event
carries (no event counts as a miss) and ``context_precision`` the share of the main events' contexts
that are gold; ``context_precision_shared`` counts only predicted contexts the GSR's older list
could express (it has no ``territory``, ``peacekeeping``, ``health`` …). The same two figures are given for even- and odd-numbered records (the rules were
tuned looking at the even ones only), under ``contexts_even`` and ``contexts_odd``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from newswire.inputs import make_document
from newswire.pipeline import Reader
from newswire.records import Event, Reading

OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
STOP_WORDS = {"the", "of", "and", "a", "an", "s", "'s"}
OLD_CONTEXTS = {
    "military": "military", "diplomatic": "diplomatic", "legal": "legal", "economic": "economic",
    "terrorism": "terrorism", "election": "election", "cbrn": "cbrn", "cyber": "cyber",
    "refugee": "migration", "refugees": "migration", "resource": "natural_resource",
    "resources": "natural_resource", "rights": "rights_freedoms", "government": "executive",
    "political": "political_institutions", "politics": "political_institutions",
    "religion": "religion_ethnicity", "discrimination": "religion_ethnicity", "assets": "economic",
    "foreign": "diplomatic",
}


def load_gsr(path: Path | str) -> list[dict[str, Any]]:
    """The coded GSR records (the DOCUMENT header left out), with current PLOVER type names."""
    records = json.loads(Path(path).read_text("utf-8"))
    coded = [r for r in records if r.get("event") not in (None, "DOCUMENT") and r.get("text")]
    for record in coded:
        record["plover"] = OLD_NAMES.get(record["event"], record["event"])
    return coded


def gold_actor_texts(field: Any) -> list[str]:
    """The actor texts of a GSR source or target field (a list of dicts, a string or empty)."""
    if isinstance(field, list):
        return [item.get("actorText", "") for item in field if isinstance(item, dict) and item.get("actorText")]
    return []


def words(text: str) -> set[str]:
    """The lowercase content words of a name."""
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP_WORDS}


def participants_match(reading: Reading, ids: tuple[str, ...], gold: list[str]) -> bool:
    """True when an actor among ``ids`` shares a word with one of the gold actor texts."""
    gold_words = [words(text) for text in gold]
    for actor in reading.actors:
        if actor.id in ids:
            names = words(actor.name) | {w for m in actor.mentions for w in words(m.text)}
            if any(names & g for g in gold_words):
                return True
    return False


def main_event(reading: Reading, record: dict[str, Any]) -> Event | None:
    """The coded event whose evidence covers the first gold trigger word, else the first event."""
    if not reading.events:
        return None
    trigger_words = (record.get("eventText") or "").split()
    text = reading.document.text
    if trigger_words:
        match = re.search(rf"\b{re.escape(trigger_words[0])}", text, flags=re.IGNORECASE)
        if match:
            for event in reading.events:
                if event.evidence.start <= match.start() < event.evidence.end:
                    return event
    return reading.events[0]


GSR_VOCABULARY = set(OLD_CONTEXTS.values())


def gold_contexts(record: dict[str, Any]) -> set[str]:
    """The record's gold contexts under current PLOVER names (empty when it has none)."""
    names = (part.strip().lower() for part in str(record.get("context") or "").split(","))
    return {OLD_CONTEXTS[name] for name in names if name in OLD_CONTEXTS}


def count_contexts(counts: Counter, prefix: str, gold: set[str], event: Event | None) -> None:
    """Add one sentence's context hits to ``counts`` under ``prefix``."""
    predicted = set(event.contexts) if event is not None else set()
    counts[f"{prefix}gold"] += len(gold)
    counts[f"{prefix}gold_found"] += len(gold & predicted)
    counts[f"{prefix}predicted"] += len(predicted)
    counts[f"{prefix}predicted_right"] += len(gold & predicted)
    counts[f"{prefix}predicted_shared"] += len(predicted & GSR_VOCABULARY)


def read_english(records: list[dict[str, Any]], reader: Reader):
    """Read each gold sentence as English (the language check is meant for whole stories, and
    passes over some short sentences)."""
    documents = [make_document(r["text"], where=r.get("id", "gsr")) for r in records]
    for document, doc in zip(documents, reader.nlp.pipe(d.text for d in documents)):
        yield reader.read_parsed(document, doc)


def evaluate_plover_gsr(path: Path | str, *, reader: Reader | None = None) -> dict[str, Any]:
    """Read every GSR sentence and report how well the coded events match the gold ones."""
    records = load_gsr(path)
    counts: Counter = Counter()
    confusion: Counter = Counter()
    for number, (record, reading) in enumerate(zip(records, read_english(records, reader or Reader()))):
        counts["sentences"] += 1
        gold_type = record["plover"]
        event = main_event(reading, record)
        if gold := gold_contexts(record):
            count_contexts(counts, "context_", gold, event)
            count_contexts(counts, "context_odd_" if number % 2 else "context_even_", gold, event)
        if any(e.type == gold_type for e in reading.events):
            counts["type_found"] += 1
        if event is None:
            confusion[(gold_type, None)] += 1
            continue
        counts["covered"] += 1
        confusion[(gold_type, event.type)] += 1
        if event.type != gold_type:
            continue
        counts["type_right"] += 1
        right = {}
        for side, ids in (("source", event.source), ("target", event.target)):
            gold = gold_actor_texts(record.get(side))
            if gold:
                counts[f"{side}_gold"] += 1
                right[side] = participants_match(reading, ids, gold)
                counts[f"{side}_right"] += right[side]
        if len(right) == 2:
            counts["both_gold"] += 1
            counts["both_right"] += right["source"] and right["target"]
        gold_targets = gold_actor_texts(record.get("target"))
        if gold_targets:
            place = next((p for p in reading.places if p.id == event.place), None)
            place_words = words(place.name) if place else set()
            counts["target_or_place_right"] += (participants_match(reading, event.target, gold_targets)
                                                or any(place_words & words(g) for g in gold_targets))
    return summarise(counts, confusion)


def summarise(counts: Counter, confusion: Counter) -> dict[str, Any]:
    """The report: rates rounded to three places, counts, and the most frequent confusions."""
    def rate(numerator: str, denominator: str) -> float:
        return round(counts[numerator] / counts[denominator], 3) if counts[denominator] else 0.0
    errors = [(gold, coded, n) for (gold, coded), n in confusion.most_common() if gold != coded][:15]
    return {
        "sentences": counts["sentences"],
        "coverage": rate("covered", "sentences"),
        "type_accuracy": rate("type_right", "covered"),
        "type_recall": rate("type_found", "sentences"),
        "source_match": rate("source_right", "source_gold"),
        "target_match": rate("target_right", "target_gold"),
        "target_or_place_match": rate("target_or_place_right", "target_gold"),
        "both_actors_match": rate("both_right", "both_gold"),
        "context_recall": rate("context_gold_found", "context_gold"),
        "context_precision": rate("context_predicted_right", "context_predicted"),
        "context_precision_shared": rate("context_predicted_right", "context_predicted_shared"),
        **{f"contexts_{half}": {"recall": rate(f"context_{half}_gold_found", f"context_{half}_gold"),
                                "precision": rate(f"context_{half}_predicted_right", f"context_{half}_predicted")}
           for half in ("even", "odd")},
        "counts": dict(counts),
        "top_confusions": errors,
    }


if __name__ == "__main__":  # python -m newswire.events_eval PATH
    import sys

    print(json.dumps(evaluate_plover_gsr(sys.argv[1]), indent=1, default=str))
