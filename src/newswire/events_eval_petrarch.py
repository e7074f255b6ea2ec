"""Measure parity with PETRARCH-2's unit-test records (Open Event Data Alliance, MIT licence).

``PETR.UnitTest.records.xml`` holds short stylized sentences (many about Tolkien's Middle-earth,
so that only the test dictionaries know the actors), each with the CAMEO codings PETRARCH must
produce: a source actor code, a target actor code and an event code. The files are read where
they lie; nothing of them is copied.

:func:`write_user_dictionary` converts PETRARCH actor dictionaries (``NAME [CODE]`` lines,
``+SYNONYM`` lines, indented ``[CODE date-restriction]`` lines, ``#`` and ``<!-- -->`` comments,
``_`` for a space) into a newswire user actor dictionary (``{"actors": [{"name", "aliases",
"kind"}]}``, the format the actors stage reads from ``$NEWSWIRE_ACTORS``) and returns the code of
every actor name. :func:`evaluate_petrarch` reads every record with that dictionary loaded and
counts the codings newswire reproduces: the event (same CAMEO root, or a PLOVER type whose CAMEO
codes share that root) and, for the full match, the source and target actors (same leading
three-letter code, so an agent such as ``GOV`` is not required; the parties of a meeting, all
sources in newswire, as are those of any reciprocal act without a recipient — "X and Y agree" —
match a gold source and target in either order). ``actor_match`` counts the
codings whose source and target some event of any type reproduces (the test dictionaries' verb codes
are stylized, so the actors alone are a fairer measure of the participant reading).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path
from typing import Any

from newswire.pipeline import Reader
from newswire.records import Event, Reading
from newswire.stages.events_lexicon import lexicon

ENV_VARIABLE = "NEWSWIRE_ACTORS"  # the actors stage's user-dictionary variable
NULL_CODES = {"---", "+++", "###", ""}
TITLE_WINDOW = 40
# CAMEO root -> PLOVER types (OEDA CAMEO-to-PLOVER table, 2021; root 01, public statements, has none).
ROOT_TYPES = {"02": ["REQUEST"], "03": ["AGREE"], "04": ["CONSULT"], "05": ["SUPPORT"], "06": ["COOPERATE"],
              "07": ["AID"], "08": ["CONCEDE", "RETREAT"], "09": ["ACCUSE"], "10": ["REQUEST"],
              "11": ["ACCUSE"], "12": ["REJECT"], "13": ["THREATEN"], "14": ["PROTEST"], "15": ["MOBILIZE"],
              "16": ["SANCTION"], "17": ["COERCE"], "18": ["ASSAULT"], "19": ["ASSAULT"], "20": ["ASSAULT"]}
COMMENT_BLOCK = re.compile(r"<!--.*?-->", re.DOTALL)


def parse_actor_file(text: str) -> dict[str, dict[str, Any]]:
    """The entries of one PETRARCH actor dictionary: primary name -> {"code", "aliases"}."""
    entries: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    for raw in COMMENT_BLOCK.sub("", text).splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        code_match = re.search(r"\[([^\]]*)\]", stripped)
        code = code_match.group(1).split()[0] if code_match and code_match.group(1).split() else None
        if stripped.startswith("["):  # an indented code line of the current entry
            if current is not None and current["code"] is None:
                current["code"] = code
        elif stripped.startswith("+"):
            if current is not None:
                current["aliases"].append(_display(stripped[1:].split("[", 1)[0]))
        else:
            name = _display(stripped.split("[", 1)[0])
            if name:
                current = entries.setdefault(name, {"code": code, "aliases": []})
    return entries


def _display(name: str) -> str:
    """A dictionary name as text: underscores as spaces, title case ("MINAS_TIRITH" -> "Minas Tirith")."""
    words = name.replace("_", " ").split()
    return " ".join(word.capitalize() if word.isupper() or word.islower() else word for word in words)


def write_user_dictionary(actor_files: list[Path | str], out_path: Path | str) -> dict[str, str]:
    """Write a newswire user actor dictionary from PETRARCH actor files; return name -> actor code."""
    codes: dict[str, str] = {}
    actors = []
    for path in actor_files:
        for name, entry in parse_actor_file(Path(path).read_text("utf-8", errors="replace")).items():
            code = (entry["code"] or "").upper()
            if code in NULL_CODES or name in codes:
                continue
            aliases = [a for a in dict.fromkeys(entry["aliases"]) if a and a != name]
            actors.append({"name": name, "aliases": aliases, "kind": "group"})
            codes[name] = code
            codes.update({alias: code for alias in aliases})
    Path(out_path).write_text(json.dumps({"actors": actors}, ensure_ascii=False, indent=1), "utf-8")
    return codes


def load_records(path: Path | str) -> list[dict[str, Any]]:
    """The unit-test sentences with their valid codings (error codings left out)."""
    root = ElementTree.fromstring(Path(path).read_text("utf-8", errors="replace"))
    records = []
    for sentence in root.iter("Sentence"):
        text = " ".join((sentence.findtext("Text") or "").split())
        codings = [c.attrib for c in sentence.findall("EventCoding") if "eventcode" in c.attrib]
        if text and codings:
            date = sentence.get("date", "")
            published = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 and date.isdigit() else None
            records.append({"id": sentence.get("id"), "text": text, "published": published, "codings": codings})
    return records


def types_by_root() -> dict[str, set[str]]:
    """CAMEO root (two digits) -> PLOVER types: the OEDA CAMEO-to-PLOVER root mapping, with every type
    whose own or mode CAMEO codes in ``data/plover_types.json`` start with that root."""
    roots: dict[str, set[str]] = {root: set(types) for root, types in ROOT_TYPES.items()}
    for name, entry in lexicon().types.items():
        codes = [entry.get("cameo")] + [mode.get("cameo") for mode in entry.get("modes", {}).values()]
        for code in filter(None, codes):
            roots.setdefault(code[:2], set()).add(name)
    return roots


def event_matches(event: Event, code: str, roots: dict[str, set[str]]) -> bool:
    """True when the event has the gold code's CAMEO root, or a PLOVER type that root maps to."""
    root = code[:2]
    return (event.cameo or "")[:2] == root or event.type in roots.get(root, set())


def actor_codes(reading: Reading, ids: tuple[str, ...], codes: dict[str, str]) -> set[str]:
    """The leading three-letter codes of the event's actors, found by name or mention text; an actor
    the dictionary does not know (a person) takes the code of a known name in or just before a mention
    ("Bree Prime Minister Romendacil" -> BRE, "Arnor's foreign minister" -> ARN), as PETRARCH's
    agent rules would give."""
    found = set()
    for actor in reading.actors:
        if actor.id not in ids:
            continue
        own = {codes.get(_display(t)) or codes.get(t) for t in (actor.name, *(m.text for m in actor.mentions))}
        own.discard(None)
        if not own:
            own = {_code_before(reading.document.text, m.end, codes) for m in actor.mentions}
            own.discard(None)
        found.update(code[:3] for code in own)
    return found


def _code_before(text: str, start: int, codes: dict[str, str]) -> str | None:
    """The code of the dictionary name that ends nearest before ``start`` (within its title words)."""
    window = text[max(0, start - TITLE_WINDOW):start]
    best, best_end = None, -1
    for word in re.findall(r"[A-Z][\w'-]*(?: [A-Z][\w'-]*)*", window):
        for candidate in (word, *word.split()):
            name = re.sub(r"['’]s$", "", candidate)
            if name in codes:
                end = window.rfind(candidate)
                if end > best_end:
                    best, best_end = codes[name], end
    return best


def score_record(reading: Reading, codings: list[dict[str, str]], codes: dict[str, str],
                 roots: dict[str, set[str]]) -> Counter:
    """Count the codings of one record that newswire reproduces (event only; event and actors)."""
    counts: Counter = Counter()
    for coding in codings:
        counts["codings"] += 1
        events = [e for e in reading.events if event_matches(e, coding["eventcode"], roots)]
        counts["event_match"] += bool(events)
        source, target = coding.get("sourcecode", "")[:3], coding.get("targetcode", "")[:3]
        counts["full_match"] += any(_actors_match(reading, e, source, target, codes) for e in events)
        counts["actor_match"] += any(_actors_match(reading, e, source, target, codes) for e in reading.events)
    return counts


def _actors_match(reading: Reading, event: Event, source: str, target: str, codes: dict[str, str]) -> bool:
    """True when the event's source and target carry the gold codes; for a meeting, whose parties
    newswire codes all as sources (PLOVER), both gold codes among the parties."""
    sources = actor_codes(reading, event.source, codes)
    if not event.target and len(event.source) > 1:  # a reciprocal act: PLOVER lists every party as actor
        return source in sources and target in sources
    return source in sources and target in actor_codes(reading, event.target, codes)


def evaluate_petrarch(records_path: Path | str, actor_files: list[Path | str], *,
                      limit: int | None = None) -> dict[str, Any]:
    """Read the unit-test records with the PETRARCH actors loaded; report the codings reproduced."""
    records = load_records(records_path)[:limit]
    roots = types_by_root()
    counts: Counter = Counter()
    previous = os.environ.get(ENV_VARIABLE)
    with tempfile.TemporaryDirectory() as folder:
        dictionary = Path(folder) / "petrarch-actors.json"
        codes = write_user_dictionary(actor_files, dictionary)
        os.environ[ENV_VARIABLE] = str(dictionary)
        try:
            reader = Reader()
            for record in records:
                reading = reader.read_text(record["text"], published=record["published"])
                counts.update(score_record(reading, record["codings"], codes, roots))
                counts["records"] += 1
        finally:
            if previous is None:
                os.environ.pop(ENV_VARIABLE, None)
            else:
                os.environ[ENV_VARIABLE] = previous
    total = counts["codings"]
    return {"records": counts["records"], "codings": total, "event_match": counts["event_match"],
            "full_match": counts["full_match"], "actor_match": counts["actor_match"],
            "event_rate": round(counts["event_match"] / total, 3) if total else 0.0,
            "full_rate": round(counts["full_match"] / total, 3) if total else 0.0}


if __name__ == "__main__":  # python -m newswire.events_eval_petrarch RECORDS ACTORS...
    import sys

    print(json.dumps(evaluate_petrarch(sys.argv[1], sys.argv[2:]), indent=1))
