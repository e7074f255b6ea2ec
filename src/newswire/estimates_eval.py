"""Evaluations of the estimates stage: calibration against the public surveys, cue detection against FactBank.

``evaluate_phrase_calibration`` compares each phrase's point in ``data/probability_phrases.json``
with every survey's median for it (the per-survey summary CSV: ``source,phrase,n,median,q25,q75,…``).
``evaluate_cue_detection`` runs the stage's cue finders over the FactBank part of the Szeged
Uncertainty Corpus and scores them against its two modal cue types. In that corpus
``speculation_modal_probable_`` marks may/might/could/possible (what this stage calls
*possibility*) and ``speculation_modal_possible_`` marks likely/probably/appear (*likelihood* and
*evidential* cues). Cues without a number (hedges such as epistemic "can"/"should", "potential",
"raises questions", "appears to") are scored here but never become Assessment records: the stage
keeps only cues with an estimate, and ``calibrated_precision`` scores those alone. Both return
plain dicts of metrics.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newswire.parse import load_pipeline
from newswire.stages.estimates_cues import find_cues
from newswire.stages.estimates_scale import phrases

CUE_TYPES = {
    "possibility": "speculation_modal_probable_",
    "likelihood": "speculation_modal_possible_",
    "evidential": "speculation_modal_possible_",
}
SCORED_TYPES = ("speculation_modal_probable_", "speculation_modal_possible_")


def evaluate_phrase_calibration(summary_csv_path: str | Path) -> dict[str, Any]:
    """Absolute error (in percentage points) of each table point against each survey median.

    Returns rows scored, phrases missing from the table, mean and worst error, and the share of
    survey medians that fall inside the table's ``low``–``high`` range.
    """
    errors: list[tuple[float, str, str]] = []
    outside: list[str] = []
    missing: list[str] = []
    with open(summary_csv_path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            entry = phrases().get(row["phrase"].strip().lower())
            if entry is None:
                missing.append(row["phrase"])
                continue
            median = float(row["median"])
            errors.append((abs(entry["p"] * 100 - median), row["phrase"], row["source"]))
            if not entry["low"] * 100 - 1e-6 <= median <= entry["high"] * 100 + 1e-6:
                outside.append(f"{row['phrase']} ({row['source']})")
    if not errors:
        return {"rows": 0, "missing": missing}
    worst = max(errors)
    return {
        "rows": len(errors),
        "missing": missing,
        "mean_abs_error": round(sum(e for e, _, _ in errors) / len(errors), 3),
        "worst_abs_error": round(worst[0], 3),
        "worst_phrase": f"{worst[1]} ({worst[2]})",
        "median_inside_range": round(1 - len(outside) / len(errors), 3),
        "outside_range": outside,
    }


def factbank_sentences(xml_path: str | Path) -> Iterable[tuple[str, list[tuple[int, int, str]]]]:
    """Each sentence's plain text with its cues as (start, end, type) character offsets."""
    root = ET.parse(xml_path).getroot()
    for sentence in root.iter("Sentence"):
        parts = [sentence.text or ""]
        gold: list[tuple[int, int, str]] = []
        for child in sentence:
            start = sum(len(p) for p in parts)
            text = "".join(child.itertext())
            parts.append(text)
            if child.tag == "ccue":
                gold.append((start, start + len(text), (child.get("type") or "").strip()))
            parts.append(child.tail or "")
        yield "".join(parts), gold


def evaluate_cue_detection(factbank_xml_path: str | Path, *, model: str | None = None) -> dict[str, Any]:
    """Precision and recall of the epistemic cue finders on FactBank's two modal cue types.

    A found cue counts when it overlaps a gold cue of the type its class maps to; ``either_type``
    scores the same cues ignoring the type split, and ``calibrated_precision`` scores only the
    cues that become assessments.
    """
    nlp = load_pipeline(model) if model else load_pipeline()
    items = list(factbank_sentences(factbank_xml_path))
    counts = {
        t: {"gold": 0, "gold_found": 0, "predicted": 0, "predicted_right": 0} for t in (*SCORED_TYPES, "either_type")
    }
    calibrated = {"predicted": 0, "predicted_right": 0}
    for doc, (_text, gold) in zip(nlp.pipe(text for text, _ in items), items):
        found = [
            (c.start, c.end, CUE_TYPES[c.cls], c.estimate is not None) for c in find_cues(doc) if c.cls in CUE_TYPES
        ]
        gold = [g for g in gold if g[2] in SCORED_TYPES]
        for kind in (*SCORED_TYPES, "either_type"):
            _tally(
                counts[kind],
                [g for g in gold if kind in (g[2], "either_type")],
                [f for f in found if kind in (f[2], "either_type")],
                kind == "either_type",
            )
        for start, end, kind, is_calibrated in found:
            if is_calibrated:
                calibrated["predicted"] += 1
                calibrated["predicted_right"] += any(s < end and start < e and k == kind for s, e, k in gold)
    report = {kind: _scores(c) for kind, c in counts.items()}
    report["sentences"] = len(items)
    report["calibrated_precision"] = round(calibrated["predicted_right"] / max(1, calibrated["predicted"]), 3)
    report["calibrated_predicted"] = calibrated["predicted"]
    return report


def _tally(count: dict[str, int], gold: list, found: list, any_type: bool) -> None:
    """Add one sentence's matches to the counts (overlap of character spans)."""

    def overlaps(a, b) -> bool:
        return a[0] < b[1] and b[0] < a[1] and (any_type or a[2] == b[2])

    count["gold"] += len(gold)
    count["gold_found"] += sum(any(overlaps(g, f) for f in found) for g in gold)
    count["predicted"] += len(found)
    count["predicted_right"] += sum(any(overlaps(f, g) for g in gold) for f in found)


def _scores(count: dict[str, int]) -> dict[str, float | int]:
    """Precision, recall and F1 from the counts."""
    precision = count["predicted_right"] / count["predicted"] if count["predicted"] else 0.0
    recall = count["gold_found"] / count["gold"] if count["gold"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold": count["gold"],
        "predicted": count["predicted"],
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }
