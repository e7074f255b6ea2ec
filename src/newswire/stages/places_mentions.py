"""Finding toponym mentions for the places stage, before any resolution.

Mentions come from spaCy's entities (joined when the model split a known name, trimmed of
direction words and split at a ", Leicestershire"), untagged runs of proper nouns, and all-caps
datelines ("KYIV, Ukraine (AP) —", or "OKLAHOMA CITY The latest ..." for a well-known place).
Each mention carries the cues that later decide whether it is a place: a locative word before
it, a longer name around it, a speaker role, a ", Texas" qualifier after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span as TokenSpan

from newswire.draft import Draft
from newswire.stages.places_gazetteer import Entry, candidates, gazetteer, is_town, place_key

STRONG_LABELS = frozenset({"GPE", "LOC", "FAC", "DATELINE"})  # DATELINE: the place an all-caps dateline names
WEAK_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART"})  # WORK_OF_ART: "Kharkiv and Odesa"
REGION_WORDS = frozenset({"region", "oblast", "province", "governorate", "krai"})
PLURAL_REGION_WORDS = frozenset({"regions", "oblasts", "provinces", "governorates"})
LOCATIVE_WORDS = frozenset({"in", "near", "from", "into", "outside", "around", "across", "toward", "towards",
                            "to", "through", "via", "inside", "within"})
COMPASS_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeast",
    "northwest", "southeast", "southwest", "north-east", "north-west", "south-east", "south-west",
    "northeastern", "northwestern", "southeastern", "southwestern", "north-eastern", "north-western",
    "south-eastern", "south-western", "greater",
})
PART_JOINERS = frozenset({"to", "and", ",", "or", "&"})  # not hyphens: "Guinea-Bissau" is one name
SPEECH_VERBS = frozenset({"say", "tell", "add", "write", "explain", "recall", "ask", "insist", "argue"})


@dataclass
class Mention:
    """One toponym occurrence found in the text, before resolution."""

    start: int
    end: int
    key: str
    label: str  # spaCy label, or "PROPN" for an untagged proper noun
    qualifier: str | None = None  # key of a following ", Texas" / ", France"
    plural_region: bool = False
    locative: bool = False  # preceded by "in", "near", "from" ...
    name_part: bool = False  # next to another capitalised word: part of a longer name ("Boa Vista")
    speaker: bool = False  # the subject of "said": a person
    place: Entry | None = None

    @property
    def strong(self) -> bool:
        """True when spaCy itself called this a place."""
        return self.label in STRONG_LABELS


def _trim(span: TokenSpan) -> TokenSpan:
    """Drop a leading article and trailing possessives or punctuation from an entity."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ == "the":
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].lower_ in ("'s", "\u2019s")):
        end -= 1
    return span.doc[start:end]


def _with_region_word(doc: Doc, span: TokenSpan) -> tuple[TokenSpan, bool]:
    """Extend "Kherson" to "Kherson region" when a region word follows; flag a plural one."""
    if span.end < len(doc):
        following = doc[span.end].lower_
        if following in REGION_WORDS:
            return doc[span.start:span.end + 1], False
        if following in PLURAL_REGION_WORDS:
            return span, True
    return span, False


def _capitalised_name(token) -> bool:
    """True for a capitalised proper noun ("Boa" in "Boa Vista"), not a capitalised "But"."""
    return token.is_title and token.pos_ == "PROPN"


def _cues(doc: Doc, span: TokenSpan, outer_start: int) -> dict[str, bool]:
    """What the words around a mention say: a locative before it, a longer name, a speaker."""
    before = doc[outer_start - 1] if outer_start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    name_part = bool((before is not None and _capitalised_name(before) and bool(before.whitespace_))
                     or (after is not None and _capitalised_name(after) and span[-1].whitespace_
                         and after.lower_ not in REGION_WORDS))
    head = span.root
    speaker = head.dep_ == "nsubj" and head.head.lemma_ in SPEECH_VERBS
    if before is not None and before.lower_ == "the" and before.i > 0:
        before = doc[before.i - 1]  # "in the DRC"
    according = before is not None and before.lower_ == "to" and before.i > 0 and doc[before.i - 1].lower_ == "according"
    return {"locative": before is not None and before.lower_ in LOCATIVE_WORDS and not according,
            "name_part": name_part, "speaker": speaker}


def _entity_mentions(doc: Doc) -> list[Mention]:
    """Candidate mentions from named entities of the labels places can hide under."""
    mentions = []
    for ent, label in _joined_entities(doc):
        if label not in STRONG_LABELS and label not in WEAK_LABELS:
            continue
        span = _without_compass_words(doc, _trim(ent)) if label in STRONG_LABELS else _trim(ent)
        if not len(span) or not span.text[:1].isupper():
            continue
        span, plural = _with_region_word(doc, _with_hyphenated_rest(doc, span))
        key = place_key(span.text) + (" region" if plural else "")
        parts = _place_parts(doc, span) if label in WEAK_LABELS and not candidates(gazetteer(), key) else []
        owner = _possessive_owner(doc, span) if label in WEAK_LABELS and not parts else None
        if owner is not None:  # "Japan's Ministry of Agriculture": Japan is named, the ministry is not a place
            mentions.append(Mention(owner.start_char, owner.end_char, place_key(owner.text), label,
                                    **_cues(doc, owner, owner.start)))
            continue
        if parts:
            mentions += [Mention(part.start_char, part.end_char, place_key(part.text), "PROPN",
                                 **_cues(doc, part, part.start)) for part in parts]
            continue
        halves = _comma_halves(doc, span)
        if halves:  # "Donington Park, Leicestershire" as one entity: a place and its county
            mentions += [Mention(half.start_char, half.end_char, place_key(half.text), label,
                                 **_cues(doc, half, half.start)) for half in halves]
            continue
        mentions.append(Mention(span.start_char, span.end_char, key, label, plural_region=plural,
                                **_cues(doc, span, ent.start)))
    return mentions


def _joined_entities(doc: Doc) -> list[tuple[TokenSpan, str]]:
    """The document's entities with their labels, two adjacent ones joined when together they are a
    known place the model split ("Boa" GPE + "Vista" ORG is Boa Vista); a place label wins."""
    entities = list(doc.ents)
    joined, i = [], 0
    while i < len(entities):
        ent, label = entities[i], entities[i].label_
        if i + 1 < len(entities) and entities[i + 1].start == ent.end and ent.label_ in STRONG_LABELS | WEAK_LABELS:
            both = doc[ent.start:entities[i + 1].end]
            if "\n" not in both.text and candidates(gazetteer(), place_key(both.text)):
                label = ent.label_ if ent.label_ in STRONG_LABELS else entities[i + 1].label_
                joined.append((both, label))
                i += 2
                continue
        joined.append((ent, label))
        i += 1
    return joined


def _comma_halves(doc: Doc, span: TokenSpan) -> list[TokenSpan]:
    """The two halves of an unknown entity "<place>, <state, region or country>", or nothing."""
    commas = [token.i for token in span if token.text == ","]
    if len(commas) != 1 or commas[0] in (span.start, span.end - 1):
        return []
    head, tail = doc[span.start:commas[0]], doc[commas[0] + 1:span.end]
    if candidates(gazetteer(), place_key(span.text)) or not _names_state_or_country(place_key(tail.text)):
        return []
    return [head, tail] if head.text[:1].isupper() and tail.text[:1].isupper() else []


def _without_compass_words(doc: Doc, span: TokenSpan) -> TokenSpan:
    """Drop leading direction words from an unknown entity whose rest is a known place:
    "north west London" is London, "southern Lebanon" is Lebanon (but "North Korea" stays whole)."""
    gaz = gazetteer()
    if len(span) < 2 or span[0].lower_ not in COMPASS_WORDS or candidates(gaz, place_key(span.text)):
        return span
    start = span.start
    while start < span.end - 1 and (doc[start].lower_ in COMPASS_WORDS or doc[start].text == "-"):
        start += 1
    rest = doc[start:span.end]
    options = candidates(gaz, place_key(rest.text)) if rest.text[:1].isupper() else []
    known = any(entry.kind in ("country", "region") or (entry.kind == "city" and not is_town(entry))
                for entry, _ in options)
    return rest if known and rest[0].lower_ not in COMPASS_WORDS else span


def _with_hyphenated_rest(doc: Doc, span: TokenSpan) -> TokenSpan:
    """Extend "Guinea" to "Guinea-Bissau" when spaCy's entity stopped at a hyphen and the whole is known."""
    end = span.end
    if (end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_
            and doc[end + 1].text[:1].isupper()):
        longer = doc[span.start:end + 2]
        if candidates(gazetteer(), place_key(longer.text)):
            return longer
    return span


def _possessive_owner(doc: Doc, span: TokenSpan) -> TokenSpan | None:
    """The known country or region before a possessive inside an entity ("Japan" in
    "Japan's Ministry of Agriculture"), or None."""
    for token in span[1:-1]:
        if token.lower_ in ("'s", "\u2019s"):
            owner = doc[span.start:token.i]
            options = candidates(gazetteer(), place_key(owner.text))
            return owner if options and all(entry.kind != "city" for entry, _ in options) else None
    return None


def _place_parts(doc: Doc, span: TokenSpan) -> list[TokenSpan]:
    """The place names inside an entity made only of place names and joining words.

    spaCy sometimes tags "Kherson to Mykolaiv" as one ORG; its parts are two places. An entity
    with any part that is not a known place ("Bank of England") yields nothing.
    """
    parts, start = [], None
    for token in [*span, None]:
        if token is not None and token.pos_ == "PROPN" and token.text[:1].isupper():
            start = token.i if start is None else start
            continue
        if start is not None:
            parts.append(doc[start:token.i if token is not None else span.end])
            start = None
        if token is not None and token.lower_ not in PART_JOINERS:
            return []
    gaz = gazetteer()
    if len(parts) < 2 or not all(candidates(gaz, place_key(part.text)) for part in parts):
        return []
    return parts


def _proper_noun_mentions(doc: Doc) -> list[Mention]:
    """Runs of capitalised proper nouns outside any entity (the model missed them)."""
    mentions, run = [], []
    for token in [*doc, None]:
        if token is not None and token.pos_ == "PROPN" and not token.ent_type_ and token.text[:1].isupper():
            run.append(token)
            continue
        if run:
            span = doc[run[0].i:run[-1].i + 1]
            span, plural = _with_region_word(doc, span)
            key = place_key(span.text) + (" region" if plural else "")
            mentions.append(Mention(span.start_char, span.end_char, key, "PROPN", plural_region=plural,
                                    **_cues(doc, span, span.start)))
            run = []
    return mentions


def _link_neighbours(text: str, mentions: list[Mention]) -> None:
    """Mark "Paris, Texas" qualifiers, "Kharkiv and Kherson regions" pairs, and carry a locative
    word along a list ("near Gao and Timbuktu")."""
    for current, following in zip(mentions, mentions[1:]):
        between = text[current.end:following.start]
        if current.locative and between in (" and ", ", ", " or ", ", and "):
            following.locative = True
        if between.strip() == "," and (following.strong or _names_state_or_country(following.key)):
            current.qualifier = following.key
        if between in (" and ", ", ") and following.plural_region and not current.key.endswith(" region"):
            current.key += " region"


def _names_state_or_country(key: str) -> bool:
    """True for a key naming a country, a US state or a province ("France", "Va.", "Surrey"), fit to
    qualify a town before it."""
    gaz = gazetteer()
    return key in gaz.countries or key in gaz.subdivisions or any(entry.admin1 for entry in gaz.regions.get(key, ()))


DATELINE = re.compile(
    r"^[ \t]*(?P<name>[A-Z][A-Z.'\u2019 -]{0,40}[A-Z.])"
    r"(?:,[ \t]*(?P<where>[A-Z][A-Za-z.]{0,20}(?: [A-Z][A-Za-z.]{0,20}){0,3}))?"
    r"(?:,?[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?)?[ \t]*(?:\([^()\n]{0,40}\))?[ \t]*(?:[-\u2013\u2014:]|\()",
    re.MULTILINE)


BARE_DATELINE = re.compile(r"^[ \t]*(?P<name>[A-Z][A-Z.'\u2019 -]{2,40}[A-Z.])[ \t]+(?=[A-Z][a-z])", re.MULTILINE)
BARE_DATELINE_POPULATION = 100_000


def _bare_dateline_mentions(text: str) -> list[Mention]:
    """The place of an all-caps dateline with no punctuation after it ("OKLAHOMA CITY The latest ..."),
    taken only for a country, a region or a city of 100,000 people, so that a shouted word ("BREAKING
    News") is not read as a town."""
    mentions = []
    for match in BARE_DATELINE.finditer(text):
        name = match.group("name").rstrip(" -")
        key = place_key(name)
        if len(key.replace(" ", "").replace(".", "")) < 4:
            continue
        options = candidates(gazetteer(), key)
        if any(entry.kind != "city" or entry.population >= BARE_DATELINE_POPULATION for entry, _ in options):
            start = match.start("name")
            mentions.append(Mention(start, start + len(name), key, "DATELINE", locative=True))
    return mentions


def _dateline_mentions(text: str) -> list[Mention]:
    """The place of an all-caps dateline ("KYIV, Ukraine (AP) —", "ST. LOUIS –"), read whatever
    spaCy made of it (it often tags none, or "ST" and "LOUIS" apart); a ", Calif." after it qualifies it."""
    mentions = []
    for match in DATELINE.finditer(text):
        name = match.group("name").rstrip(" -")
        if len(name.replace(" ", "").replace(".", "")) < 3 or not any(ch.isalpha() for ch in name):
            continue
        start = match.start("name")
        qualifier = place_key(match.group("where")) if match.group("where") else None
        mentions.append(Mention(start, start + len(name), place_key(name), "DATELINE", qualifier, locative=True))
        if qualifier and _names_state_or_country(qualifier):
            where = match.group("where")
            mentions.append(Mention(match.start("where"), match.start("where") + len(where), qualifier, "DATELINE"))
    return mentions


def find_mentions(draft: Draft) -> list[Mention]:
    """Every candidate toponym mention outside boilerplate, in text order."""
    datelines = _dateline_mentions(draft.text) if draft.text[:1] else []
    punctuated = {d.start for d in datelines}
    datelines += [m for m in _bare_dateline_mentions(draft.text) if m.start not in punctuated]
    datelines = [m for m in datelines if candidates(gazetteer(), m.key)]
    mentions = [m for m in _entity_mentions(draft.doc) + _proper_noun_mentions(draft.doc)
                if not any(m.start < d.end and d.start < m.end for d in datelines)] + datelines
    not_places = gazetteer().not_places
    mentions = [m for m in mentions
                if m.key and m.key not in not_places and not draft.in_boilerplate(m.start, m.end)]
    mentions.sort(key=lambda m: m.start)
    _link_neighbours(draft.text, mentions)
    return mentions
