"""The actors stage: who acts in the story — people, organisations, states and armed groups.

Every real-world actor becomes one :class:`~newswire.records.Actor` per document, carrying all of
its mentions: full name, surname ("Milley"), spelling variants (Zelenskyy/Zelensky), and role
phrases that refer back ("the general", "the Russian president"). Capitals and seats of power used
as agents ("urged Kyiv and Moscow", "the Kremlin said") become the state's government actor;
country names and demonyms used as agents ("Russia occupies", "the Russians") the country actor;
"Russian troops" or "Ukraine's armed forces" its military. Plain place uses ("fighting in
Kherson") are left to the places stage. Pronouns are left to the speech stage.

Actor dictionary
----------------
Known people and bodies come from ``data/actors.json`` plus, when the environment variable
``NEWSWIRE_ACTORS`` names a file, the user's own entries (see :func:`load_actor_dictionary`).
The format is a JSON object ``{"actors": [entry, ...]}`` (a bare list also works), one entry per
post held::

    {"name": "Lloyd Austin", "aliases": ["Lloyd J. Austin"], "kind": "person",
     "country": "USA", "sector": "GOV", "title": "Defense Secretary",
     "start": "2021-01-22", "end": "2025-01-20"}

``name`` is required; ``kind`` is person (default), organization, country or group; ``country``
is ISO 3166-1 alpha-3; ``sector`` a PLOVER/CAMEO sector code (GOV, MIL, REB, IGO, NGO, BUS,
MED, CVL, JUD, LEG, OPP, PTY); ``start``/``end`` are ISO dates (``end`` null while in post).
A person with several posts has several entries with the same name; the post held on the
document's published date is used, else the latest. An entry of kind ``country`` is a seat of
power standing for a government ("Kremlin" -> RUS GOV).

The lookup tables live in :mod:`~newswire.stages.actors_lexicon`; the working state and the
handling of titles and role phrases in :mod:`~newswire.stages.actors_titles`.
"""

from __future__ import annotations

import os

from spacy.tokens import Doc, Token

from newswire.draft import Draft
from newswire.stages.actors_lexicon import (
    AGENT_NOUNS, AGENT_PREPOSITIONS, COUNTRY_PLACE_VERBS, ENV_VARIABLE, LOG, MAX_ALIAS_TOKENS, PLACE_PARTS,
    PLACE_VERBS, ORG_SECTOR_WORDS, TITLE_CONNECTORS, ActorEntry, Lexicon, entity_at, lexicon,
    load_actor_dictionary, name_key, spaced, strip_the,
)
from newswire.stages.actors_titles import Book, Cluster, apply_text_title, org_anaphora, role_phrases

LOCATIVE_PREPOSITIONS = {"in", "near", "around", "toward", "towards", "outside", "into", "through",
                         "across", "inside", "within", "throughout", "along", "at"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady", "prof."}
ORG_WORDS = frozenset().union(*(vocabulary for vocabulary, _ in ORG_SECTOR_WORDS))
__all__ = ["ENV_VARIABLE", "ActorEntry", "annotate", "load_actor_dictionary", "name_key"]


def annotate(draft: Draft) -> None:
    """Append one Actor per person, organisation, state and group the document names."""
    if not draft.text.strip() or not len(draft.doc):
        return
    try:
        book = Book(draft, lexicon(os.environ.get(ENV_VARIABLE)))
        _dictionary_mentions(book)
        _people(book)
        _organisations(book)
        _states(book)
        role_phrases(book)
        org_anaphora(book)
    except Exception:  # noqa: BLE001 - a stage degrades to fewer records, never raises
        LOG.exception("actors: stage failed on document %s; keeping what was found", draft.document.id)
        return
    book.emit()


def _shouting(book: Book, token: Token) -> bool:
    """True when the token's sentence has no lower-case letters (a headline or all-caps text)."""
    sentence = token.sent
    if sentence.start not in book.shouting:
        book.shouting[sentence.start] = not any(ch.islower() for ch in sentence.text)
    return book.shouting[sentence.start]


def _dictionary_mentions(book: Book) -> None:
    """Mark every dictionary alias in the text (longest first at each token), except inside a
    longer organisation name ("Indian National Congress" is not the US Congress)."""
    doc, text, by_alias, heads = book.doc, book.doc.text, book.lex.by_alias, book.lex.alias_heads
    i = 0
    while i < len(doc):
        found = None
        if doc[i].text[:1].isupper() and text[doc[i].idx:doc[i].idx + 3] in heads:
            start = doc[i].idx
            for n in range(min(MAX_ALIAS_TOKENS, len(doc) - i), 0, -1):
                last = doc[i + n - 1]
                candidate = text[start:last.idx + len(last)]
                if "\n" not in candidate and spaced(candidate) in by_alias:
                    found = doc[i:i + n]
                    break
        entries = by_alias[spaced(found.text)] if found is not None else None
        if entries and book.free(found.start, found.end) and _dictionary_match_fits(book, found, entries):
            book.add_entry(book.pick(entries), found.start, found.end)
            i = found.end
        else:
            i += 1


def _dictionary_match_fits(book: Book, span, entries: list[ActorEntry]) -> bool:
    """A match counts unless it is a short all-caps alias in an all-caps sentence, or an
    organisation's alias inside a longer ORG name."""
    if span.text.isupper() and len(span.text) <= 4 and _shouting(book, span[0]):
        return False
    if entries[0].kind == "person" or book.doc[span.start].ent_type_ != "ORG":
        return True
    ent = entity_at(book.doc, span.start)
    rest = [t for t in ent if t.i < span.start or t.i >= span.end]
    lex = book.lex
    return all(t.lower_ in lex.title_words | {"the", "'s", "’s"} or t.text in lex.demonyms
               or t.text in lex.country_names for t in rest)


def _name_tokens(book: Book, ent) -> tuple[int, int] | None:
    """The token range of the bare name in a PERSON entity (no title, no leading 'the')."""
    doc, lex = book.doc, book.lex
    start, end = ent.start, ent.end
    if not doc[start].text[:1].isalpha():
        return None
    prefix_words = lex.title_words | TITLE_CONNECTORS | HONORIFICS
    while start < end and (doc[start].lower_ in prefix_words or doc[start].text in lex.demonyms
                           or doc[start].text in lex.country_names):
        start += 1
    start, end = _trim(doc, start, end)
    name = doc[start:end].text
    if start == end or not name[:1].isupper() or any(c.isdigit() for c in name) or "\n" in name:
        return None
    return (start, end) if any(t.text[1:] != t.text[1:].upper() for t in doc[start:end]) else None


def _people(book: Book) -> None:
    """PERSON entities become people: full names first (longest first), then lone surnames."""
    doc = book.doc
    surnames = {name_key(ent[-1].text) for ent in doc.ents if ent.label_ == "PERSON"}
    names = []
    for ent in doc.ents:
        if ent.label_ == "PERSON" or (ent.label_ == "ORG" and _person_like(book.lex, ent, surnames)):
            bounds = _name_tokens(book, ent) if not _located(book.lex, ent) else None
            if bounds is not None and book.free(*bounds):
                names.append(bounds)
    for start, end in sorted((b for b in names if b[1] - b[0] > 1), key=lambda b: b[0] - b[1]):
        _add_full_name(book, start, end)
    for start, end in names:
        if end - start == 1:
            _add_single_name(book, start, end)
    _missed_surnames(book)
    for cluster in book.clusters.values():
        if cluster.kind == "person":
            apply_text_title(book, cluster)


def _located(lex: Lexicon, ent) -> bool:
    """True when a name is the object of a place preposition ('near Novy Basaniv') or listed with
    places ('in Bucha, Hostomel and Irpin'): a village the gazetteer lacks, not an actor."""
    token = ent.root
    for _ in range(4):
        if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPOSITIONS:
            return True
        if token.dep_ not in ("conj", "appos") or token.head.i == token.i:
            return False
        token = token.head
        if token.text.lower() in lex.places:
            return True
    return False


def _person_like(lex: Lexicon, ent, surnames: set[str]) -> bool:
    """An ORG entity that is really a person's name ('Matilda Bogner' when 'Bogner' is a PERSON)."""
    words = [t for t in ent if not t.is_space]
    if words and words[0].lower_ in HONORIFICS:  # 'Ms Gisela Stuart'
        return len(words) > 1 and all(t.is_title for t in words[1:])
    return (2 <= len(words) <= 3 and name_key(words[-1].text) in surnames
            and all(t.is_alpha and t.is_title and t.lower_ not in ORG_WORDS | lex.title_words for t in words)
            and spaced(ent.text) not in lex.by_alias)


def _add_full_name(book: Book, start: int, end: int) -> None:
    """A name of two words or more: a dictionary person, a longer name it ends ('Van Schaack'
    after 'Beth Van Schaack'), or a new person."""
    text = spaced(book.doc[start:end].text)
    if _is_place(book.lex, text):
        return
    entry = _entry_for_full_name(book, text)
    if entry is not None:
        book.add_entry(entry, start, end)
        return
    words = tuple(map(name_key, text.split()))
    for key, cluster in book.clusters.items():
        if key[0] == "name" and len(key[1]) > len(words) and key[1][-len(words):] == words:
            book.add(key, start, end)
            return
    book.add(("name", words), start, end, kind="person", name=text)


def _is_place(lex: Lexicon, text: str) -> bool:
    """True when ``text`` names a place, a country, a capital or a nationality."""
    return (text.lower() in lex.places or text in lex.country_names or text in lex.capitals
            or text in lex.demonyms)


def _entry_for_full_name(book: Book, text: str) -> ActorEntry | None:
    """A dictionary person for a full name spelt differently ('Vladimir Zelensky'): same
    surname key and same first initial."""
    words = text.split()
    candidates = [e for e in book.lex.by_surname.get(name_key(words[-1]), ()) if e.name[:1] == words[0][:1]]
    return book.pick(candidates) if len({e.name for e in candidates}) == 1 else None


def _add_single_name(book: Book, start: int, end: int) -> None:
    """A one-word PERSON: a known person's surname, a dictionary surname, a place, or a new person."""
    word = book.doc[start:end].text
    cluster_key = _person_with_surname(book, name_key(word), book.doc[start].idx)
    if cluster_key is not None:
        book.add(cluster_key, start, end)
        return
    entries = book.lex.by_surname.get(name_key(word), [])
    active = [e for e in entries if e.active(book.date)] if book.date else []
    names = {e.name for e in (active or entries)}
    if len(names) == 1:
        book.add_entry(book.pick([e for e in entries if e.name in names]), start, end)
    elif not _is_place(book.lex, word):
        book.add(("name", (name_key(word),)), start, end, kind="person", name=word)


def _person_with_surname(book: Book, key: str, position: int) -> tuple | None:
    """The key of the person cluster whose surname has ``key``, nearest before ``position``."""
    best, best_distance = None, None
    for cluster_key, cluster in book.clusters.items():
        if cluster.kind != "person" or key not in _surname_keys(cluster):
            continue
        before = [s for s, _ in cluster.mentions if s < position]
        distance = position - max(before) if before else 1 << 40
        if best_distance is None or distance < best_distance:
            best, best_distance = cluster_key, distance
    return best


def _surname_keys(cluster: Cluster) -> set[str]:
    """Spelling-insensitive keys of the surnames a person may be called by alone."""
    keys = {name_key(cluster.name.split()[-1])}
    if cluster.entry is not None:
        keys.update(name_key(a) for a in cluster.entry.aliases if " " not in a)
    return keys


def _missed_surnames(book: Book) -> None:
    """Surnames of people already found that the tagger missed ('Zelenskyy has said')."""
    owners: dict[str, tuple] = {}
    for key, cluster in book.clusters.items():
        if cluster.kind == "person":
            for surname in _surname_keys(cluster):
                owners.setdefault(surname, key)
    if not owners:
        return
    for token in book.doc:
        if (token.text[:1].isupper() and token.ent_type_ in ("", "PERSON") and token.pos_ == "PROPN"
                and book.free(token.i, token.i + 1)):
            key = owners.get(name_key(token.text))
            if key is not None and not _shouting(book, token):
                book.add(key, token.i, token.i + 1)


def _entity_bounds(book: Book, ent) -> tuple[int, int]:
    """An entity's tokens without a leading 'the' and a trailing possessive."""
    start, end = _trim(book.doc, ent.start, ent.end)
    if start < end - 1 and book.doc[start].lower_ == "the":
        start += 1
    return start, end


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Tokens start..end without white space at either end or a possessive at the end."""
    while start < end and doc[start].is_space:
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in ("'s", "’s", "'", "’")):
        end -= 1
    return start, end


def _organisations(book: Book) -> None:
    """ORG entities that are not places, countries or bare title words become organisations."""
    doc, lex = book.doc, book.lex
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        start, end = _entity_bounds(book, ent)
        name = spaced(doc[start:end].text)
        if (not book.free(start, end) or _is_place(lex, name) or not any(c.isupper() for c in name)
                or "," in name or "\n" in name or _located(lex, ent)):
            continue
        if all(t.lower_ in ("and", "&", "of") or _is_place(lex, t.text) for t in doc[start:end]):
            continue  # 'Mykolayiv and Odesa'
        if all(t.lower_ in lex.title_words or t.text in lex.demonyms for t in doc[start:end]):
            continue
        if name in lex.by_alias:
            book.add_entry(book.pick(lex.by_alias[name]), start, end)
            continue
        person = _person_with_surname(book, name_key(name), ent.start_char) if " " not in name else None
        if person is not None:
            book.add(person, start, end)
            continue
        country, sector = _organisation_identity(lex, doc[start:end])
        book.add(_organisation_key(book, name), start, end, kind="organization", name=name,
                 country=country, sector=sector)


def _organisation_key(book: Book, name: str) -> tuple:
    """Cluster key of an organisation; an acronym joins the organisation it abbreviates."""
    if name.isupper() and 2 <= len(name) <= 6:
        for key, cluster in book.clusters.items():
            initials = "".join(w[0] for w in cluster.name.split() if w[:1].isupper())
            if cluster.kind == "organization" and initials == name:
                return key
    return ("org", name.lower())


def _organisation_identity(lex: Lexicon, span) -> tuple[str | None, str | None]:
    """Country (from a leading country name or demonym) and sector (from its words) of an org."""
    words = {t.lower_ for t in span}
    sector = next((code for vocabulary, code in ORG_SECTOR_WORDS if words & vocabulary), None)
    country = None
    for n in range(min(3, len(span)), 0, -1):
        country = lex.demonyms.get(span[:n].text) or lex.country_names.get(span[:n].text)
        if country or (len(span) > n + 1 and span[-n - 1].lower_ == "of"
                       and (country := lex.country_names.get(strip_the(span[-n:].text)))):
            break
    return country, sector


def _states(book: Book) -> None:
    """Countries, capitals and demonyms used as agents become state actors."""
    doc, lex = book.doc, book.lex
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "NORP", "PERSON", "ORG", "LOC", "FAC"):
            continue
        start, end = _entity_bounds(book, ent)
        if not book.free(start, end):
            continue
        name = spaced(doc[start:end].text)
        if name in lex.demonyms:
            _demonym_actor(book, start, end, lex.demonyms[name])
        elif name in lex.country_names:
            _country_actor(book, start, end, lex.country_names[name], capital=False)
        elif name in lex.capitals and ent.label_ != "NORP":
            _country_actor(book, start, end, lex.capitals[name], capital=True)
    for token in doc:
        if token.ent_type_ or token.pos_ != "PROPN" or not book.free(token.i, token.i + 1):
            continue
        if token.text in lex.country_names:
            _country_actor(book, token.i, token.i + 1, lex.country_names[token.text], capital=False)
        elif token.text in lex.capitals:
            _country_actor(book, token.i, token.i + 1, lex.capitals[token.text], capital=True)


def _group_noun(lex: Lexicon, head: Token) -> tuple[int, list[str]] | None:
    """For a head noun like 'troops' or 'armed forces': (index of its last token, [sector, kind])."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    armed = any(c.lower_ == "armed" for c in head.lefts)
    phrase = "armed forces" if armed and head.lower_ == "forces" else head.lower_
    found = lex.group_nouns.get(phrase)
    return (head.i, found) if found else None


def _demonym_actor(book: Book, start: int, end: int, country: str) -> None:
    """'the Russians' -> the country; 'Russian troops' -> its military; 'Russian victory' -> none."""
    token = book.doc[end - 1]
    if token.dep_ in ("amod", "compound", "nmod", "npadvmod") and token.head.i > token.i:
        group = _group_noun(book.lex, token.head)
        if group is not None:
            _group_actor(book, start, group[0] + 1, country, group[1])
        return
    if token.pos_ in ("PROPN", "NOUN") or token.text.endswith("s") or token.dep_.startswith("nsubj"):
        _add_country(book, start, end, country)


def _country_actor(book: Book, start: int, end: int, country: str, *, capital: bool) -> None:
    """A country name or capital: an actor when it acts, speaks, owns or is dealt with."""
    token = book.doc[end - 1]
    if token.dep_ in ("poss", "compound", "nmod") and token.head.i > token.i:
        group = _group_noun(book.lex, token.head)
        if group is not None:
            _group_actor(book, start, group[0] + 1, country, group[1])
            return
        if token.head.lower_ in book.lex.title_words | PLACE_PARTS or token.head.pos_ == "PROPN":
            return
        if token.dep_ != "poss" and token.head.lower_ not in AGENT_NOUNS:
            return
    elif not _acts(token, capital):
        return
    if capital:
        book.add(("state", country, "GOV", "country"), start, end, kind="country",
                 name=book.doc[start:end].text, country=country, sector="GOV")
    else:
        _add_country(book, start, end, country)


def _acts(token: Token, capital: bool) -> bool:
    """True when a place name's grammatical role makes it an agent or party, not a location."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    dep, head = token.dep_, token.head
    if dep in ("nsubj", "nsubjpass", "agent", "appos", "csubj") or (dep == "ROOT" and not capital):
        return True
    if dep in ("dobj", "dative"):
        return head.lemma_ not in (PLACE_VERBS if capital else COUNTRY_PLACE_VERBS)
    if dep == "pobj":
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        gerund = after is not None and after.tag_ == "VBG" and after.pos_ == "VERB"
        return head.lower_ in AGENT_PREPOSITIONS or gerund  # "the chance of Russia winning"
    return False


def _add_country(book: Book, start: int, end: int, country: str) -> None:
    """Add a mention of the country itself (no sector), named by its common name."""
    name = book.lex.country_display.get(country, country)
    book.add(("state", country, None, "country"), start, end, kind="country", name=name, country=country)


def _group_actor(book: Book, start: int, end: int, country: str, sector_kind: list[str]) -> None:
    """A state's body or people: 'Russian troops' (RUS MIL), 'the Ukrainian government' (UKR GOV)."""
    if not book.free(start, end):
        return
    sector, kind = sector_kind
    name = strip_the(book.doc[start:end].text)
    book.add(("state", country, sector, kind), start, end, kind=kind, name=name, country=country,
             sector=sector)
