"""Associative place names for the places stage: places a story names without putting anything there.

GeoWebNews (Gritta et al. 2018) counts as toponyms uses that are not locations: demonyms
("Russian forces", "the Ukrainians"), a place inside another name ("Kyiv Post", "University of
Texas") and a place as a noun modifier ("EU airlines", "US dollars"). They say which place a
thing belongs to, not where it is, so they become ``Place.associations``, never ``mentions``:

- :func:`demonym_spans`: a capitalised demonym of one to three words, outside a person's name
  and not a language ("in English", "speaks French"), for its country ("Salvadoran") or for a
  region, continent or US state ("Texan", "European");
- :func:`inner_name_spans`: the longest runs of capitalised words inside a longer entity or
  untagged name that name a country, a region or a well-known city ("Washington" in "The
  Washington Post"), a person's name excepted ("Jordan Peterson");
- refused mentions (see ``places.refused_associations``): a name the literal reading refused,
  such as "EU" tagged ORG before a noun.

Every span is checked by the caller against literal mentions, boilerplate and person names.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newswire.stages.places_gazetteer import Entry, Gazetteer, candidates, place_key

MAX_DEMONYM_WORDS = 3
MAX_INNER_WORDS = 4
MAX_NAME_TOKENS = 12  # longer entities are the model's run-ons; they are not read for inner names
# the number labels hold names too: "11 billion US dollars", "706 Orange County residents"
INNER_NAME_LABELS = frozenset({"ORG", "FAC", "GPE", "LOC", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "MONEY",
                               "CARDINAL", "QUANTITY", "PERCENT"})
PLACE_NAME_LABELS = frozenset({"GPE", "LOC", "FAC"})
FEATURE_WORDS = frozenset({"channel", "sea", "ocean", "gulf", "quarter", "peninsula", "plateau", "basin", "alps",
                           "riviera", "highlands", "desert", "coast", "strait", "straits", "islands", "mountains",
                           "lowlands", "steppe", "plain", "plains", "shield", "lakes"})  # "English Channel": its own name
LANGUAGE_CUES = frozenset({"in", "speak", "speaks", "speaking", "spoke", "spoken", "fluent", "translated",
                           "translate", "into", "learn", "learning", "taught", "teach", "teaching"})
LANGUAGE_NOUNS = frozenset({"language", "languages", "speaker", "speakers", "-speaking", "speaking", "translation",
                            "lessons", "classes", "subtitles", "version", "edition"})


def person_ranges(doc: Doc, gaz: Gazetteer, actors=()) -> list[tuple[int, int]]:
    """Character ranges of the PERSON entities and of the names of actors that are people (not
    their role phrases): nothing inside a person's name is a place."""
    ranges = [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "PERSON"
              and not _is_demonym(gaz, place_key(ent.text))]  # the model tags "Azerbaijani soldiers" PERSON
    return ranges + [(m.start, m.end) for actor in actors if actor.kind == "person" for m in actor.mentions
                     if all(word[:1].isupper() for word in m.text.split())  # a name, not "the Russian president"
                     and not _is_demonym(gaz, place_key(m.text))]


def _is_demonym(gaz: Gazetteer, key: str) -> bool:
    """True for a key that is a demonym of a country or region."""
    return key in gaz.demonyms or key in gaz.region_demonyms


def demonym_entry(gaz: Gazetteer, key: str, countries: dict[str, Entry]) -> Entry | None:
    """The place a demonym key stands for: a region ("texan") before a country ("russian")."""
    region = gaz.region_demonyms.get(key)
    if region:
        for entry, penalty in candidates(gaz, region):
            if entry.kind != "city" and not penalty:
                return entry
    iso3 = gaz.demonyms.get(key)
    return countries.get(iso3) if iso3 else None


def _is_language(doc: Doc, first: int, last: int) -> bool:
    """True for a demonym used as a language: "in English", "speaks French", "Arabic speakers"."""
    after = doc[last + 1] if last + 1 < len(doc) else None
    if after is not None and after.lower_ in LANGUAGE_NOUNS:
        return True
    before = doc[first - 1] if first > 0 else None
    noun_follows = after is not None and after.pos_ in ("NOUN", "PROPN") and after.text[:1].isalpha()
    return before is not None and before.lower_ in LANGUAGE_CUES and not noun_follows


def demonym_spans(doc: Doc, gaz: Gazetteer, countries: dict[str, Entry]) -> list[tuple[int, int, Entry]]:
    """(start, end, place) of every demonym, longest first at each position ("South Korean")."""
    found = []
    place_name_end = {token.i: ent.end for ent in doc.ents if ent.label_ in PLACE_NAME_LABELS for token in ent}
    i = 0
    while i < len(doc):
        if not doc[i].text[:1].isupper():
            i += 1
            continue
        for size in range(min(MAX_DEMONYM_WORDS, len(doc) - i), 0, -1):
            words = doc[i:i + size]
            if not all(token.text[:1].isupper() for token in words) or words[0].lower_ == "the":
                continue
            after = doc[i + size] if i + size < len(doc) else None
            if place_name_end.get(i, 0) > i + size or (
                    after is not None and after.text[:1].isupper() and after.lower_ in FEATURE_WORDS):
                continue  # "English Channel", "French Quarter": part of a place's own name
            entry = demonym_entry(gaz, place_key(words.text), countries)
            if entry is not None and not _is_language(doc, i, i + size - 1):
                found.append((words.start_char, words.end_char, entry))
                i += size - 1
                break
        i += 1
    return found


def _name_runs(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the names read for inner names: entities of the :data:`INNER_NAME_LABELS`
    and untagged runs of two or more capitalised proper nouns."""
    runs = [(ent.start, ent.end) for ent in doc.ents
            if ent.label_ in INNER_NAME_LABELS and 1 < len(ent) <= MAX_NAME_TOKENS]
    start = None
    for token in [*doc, None]:
        if token is not None and not token.ent_type_ and token.pos_ == "PROPN" and token.text[:1].isupper():
            start = token.i if start is None else start
            continue
        if start is not None and token is not None and token.i - start > 1:
            runs.append((start, token.i))
        elif start is not None and token is None and len(doc) - start > 1:
            runs.append((start, len(doc)))
        start = None
    return runs


def _capitalised(token) -> bool:
    """A word that can be part of a proper name: "Kyiv", "US", "St." (not "of", not "'s")."""
    return token.text[:1].isupper() and token.text[:1].isalpha()


def inner_name_spans(doc: Doc, accept) -> list[tuple[int, int, Entry]]:
    """(start, end, place) of the places named inside longer names.

    ``accept(key, surface)`` returns the place a key stands for as an inner name, or None. In each
    name the longest acceptable run of capitalised words wins, read left to right; the whole name
    itself is never taken (that is the literal reading's call).
    """
    found = []
    for start, end in _name_runs(doc):
        i = start
        while i < end:
            taken = 0
            for size in range(min(MAX_INNER_WORDS, end - i), 0, -1):
                words = doc[i:i + size]
                if size == end - start or not all(_capitalised(t) for t in words) or words[0].lower_ == "the":
                    continue
                entry = accept(place_key(words.text), words.text)
                if entry is not None:
                    found.append((words.start_char, words.end_char, entry))
                    taken = size
                    break
            i += taken or 1
    return found
