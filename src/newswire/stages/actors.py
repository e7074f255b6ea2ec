"""The actors stage: who acts in the story — people, organisations, states and armed groups.

Every real-world actor becomes one :class:`~newswire.records.Actor` per document, carrying all of
its mentions: full name, surname ("Milley"), spelling variants (Zelenskyy/Zelensky), and role
phrases that refer back ("the general", "the Russian president"). Plain place uses ("fighting in
Kherson", "fled to Poland") are left to the places stage. Pronouns are left to the speech stage.

Naming conventions
------------------
* States. A country acting, speaking, owning or dealt with ("Russia occupies", "talks with
  Russia", "sanctions on Iran", "send arms to Pakistan") is one actor per country per document,
  of kind ``country``, named by its common English name ("United States", "Russia"), sector GOV:
  a state acting in the news is its government (CAMEO's bare RUS, resolved by PLOVER to the
  government). Capitals used as agents ("urged Kyiv and Moscow", "Washington said") and
  demonyms used as nouns ("the Russians") are further mentions of that same country actor. A
  capital that stands for something else is listed in ``actors_countries.json`` ``metonyms``
  ("Brussels" -> European Union). "the Ukrainian government/leadership/administration" is the
  country too; "Ukrainian officials" stays a GOV group of that country.
* Seats of power ("the Kremlin", "the White House", "Downing Street") stay their own
  organisation, named as in the dictionary ("Kremlin", RUS GOV): they name the executive office,
  not the whole state, and readers quote them as such.
* State bodies. A country or demonym with a body noun becomes that state's one canonical body:
  the military ("Russian troops/forces/units/soldiers", "Sudan's army" -> "<Adjective> Armed
  Forces", MIL), the defence ministry ("Russia's defence ministry", "the Russian defence ministry",
  "the defence ministry in Moscow" -> "<Adjective> Ministry of Defence", MIL), the foreign
  ministry ("-> <Adjective> Ministry of Foreign Affairs", GOV), navy, air force, parliament. The
  dictionary's entry with that ``body`` wins when there is one, so bodies with an established
  English name keep it ("Israeli forces" -> Israel Defense Forces, "the Pentagon" -> U.S.
  Department of Defense, "the State Department" -> U.S. Department of State, Chinese troops ->
  People's Liberation Army). Defence ministries are MIL: CAMEO's agent dictionary codes them
  GOVMIL and we keep the more specific code. "pro-Russian forces" are not Russia's.
* Groups named by their people ("Iraqi police", "Palestinian militants", "rebels", "the
  opposition", "Kurdish fighters", "U.S. officials", "North Korean leader") are group actors with
  a CAMEO-style sector from ``people_nouns`` in ``actors_roles.json`` (COP, REB, OPP, GOV, CVL...;
  codes checked against the PETRARCH-2 agent dictionary) and the country of a demonym or country
  among the modifiers or in an "in <country>" phrase; bare police take the one country their
  sentence is set in ("Police detained ... in Moscow" -> "Russian Police"). Vague or personal
  nouns need a country ("officials said", "the leader", "Ukraine's top commander" are left
  alone). "Israeli tanks" and "a U.S. soldier" are the state's military; "Hezbollah guerrillas"
  and "NATO leaders" are further mentions of the organisation; peoples named as a plural
  ("Iraqi Kurds", "Bosnian Serbs") are CVL groups. A nationality modifying an act ("an Indian
  proposal") is its state; modifying a protest ("Palestinian riots") an OPP group of its people.
* People. Spelling of apostrophes (O'Neill/O’Neill), middle initials (Loretta E. Lynch/Loretta
  Lynch) and name particles (Bill de Blasio/"De Blasio") do not split a person; a surname alone
  joins the nearest earlier full name with that surname, in the dictionary or not. "the president"
  is the last person the text titled president, before any dictionary holder of the post. A role
  beside a name ("Russia's ambassador, X," "X, the Russian-installed governor,") gives the person
  a country and sector; so does an organisation in the title ("a senior Houthi official, X").
* Datelines ("KYIV, Nov 3 (Newswire) -") yield no actors: neither the city nor the agency.
* Weapons named like people ("Patriot air defence systems") are not actors.

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
A person with several posts has several entries; the post held on the published date is used,
else the latest. Kind ``country`` marks a seat of power (emitted as an organisation, "Kremlin");
``body`` marks a state body (military, defence ministry, foreign ministry, navy, air force,
parliament). Lookup tables: :mod:`.actors_lexicon`; working state, titles: :mod:`.actors_titles`.
"""

from __future__ import annotations

import os

from spacy.tokens import Doc, Token

from newswire.draft import Draft
from newswire.stages.actors_lexicon import (
    AGENT_NOUNS, AGENT_PREPOSITIONS, ARMS_WORDS, COUNTRY_PLACE_VERBS, DATELINE, DEMONYM_ACT_NOUNS, ENV_VARIABLE, EQUIPMENT_NOUNS,
    PROTEST_NOUNS,
    LOG, MAX_ALIAS_TOKENS, MOVEMENT_VERBS, ORG_SECTOR_WORDS, PARTICLES, PLACE_PARTS, PLACE_VERBS,
    RECIPIENT_PREPOSITIONS, TITLE_CONNECTORS, ActorEntry, Lexicon, entity_at, lexicon, load_actor_dictionary,
    name_key, name_words, spaced, strip_the,
)
from newswire.stages.actors_bodies import (
    add_country, anaphoric_bodies, group_actor, group_noun, located_bodies, named_body, people_groups,
    ethnic_groups,
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
        _datelines(book)
        _dictionary_mentions(book)
        _people(book)
        _organisations(book)
        _states(book)
        located_bodies(book)
        anaphoric_bodies(book)
        role_phrases(book)
        org_anaphora(book)
        people_groups(book)
        ethnic_groups(book)
    except Exception:  # noqa: BLE001 - a stage degrades to fewer records, never raises
        LOG.exception("actors: stage failed on document %s; keeping what was found", draft.document.id)
        return
    book.emit()


def _datelines(book: Book) -> None:
    """Reserve datelines ('KYIV, Nov 3 (Newswire) -'): their city and agency are not actors."""
    for match in DATELINE.finditer(book.doc.text):
        if not (match.group("date") or match.group("agency")):
            continue
        span = book.doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            book.taken.update(range(span.start, span.end))


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
    while (end - start == 1 and start > max(ent.start - 1, 0) and doc[start - 1].pos_ == "PROPN"
           and doc[start - 1].is_title and doc[start - 1].is_alpha and doc[start - 1].ent_type_ == ""
           and doc[start - 1].lower_ not in prefix_words and not _is_place(lex, doc[start - 1].text)):
        start -= 1  # 'Governor Alexei Smirnov' tagged as only 'Smirnov'
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
        if _equipment(ent):
            continue
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


def _equipment(ent) -> bool:
    """True for a weapon's name used as a modifier ('Patriot air defence systems')."""
    head = ent.root.head
    return ent.root.dep_ == "compound" and head.pos_ == "NOUN" and head.lemma_.lower() in EQUIPMENT_NOUNS


def _located(lex: Lexicon, ent) -> bool:
    """True when a name is the object of a place preposition ('near Novy Basaniv') or listed with
    places ('in Bucha, Hostomel and Irpin'): a village the gazetteer lacks, not an actor."""
    token = ent.root
    links = ("conj",) if ent.label_ == "PERSON" and len(ent) > 1 else ("conj", "appos")  # '..., Mikhail Ulyanov,'
    for _ in range(4):
        if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPOSITIONS:
            return True
        if token.dep_ not in links or token.head.i == token.i:
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
    root = ent.root
    beside_role = ((root.dep_ == "appos" and root.head.lower_ in lex.titles)
                   or any(c.dep_ == "appos" and c.lower_ in lex.titles for c in root.children))
    if words and words[0].text in lex.country_names and ent.start > 0 and ent.doc[ent.start - 1].lower_ == "to" \
            and ent.doc[ent.start - 1].head.lower_ in lex.titles:  # 'Ambassador to Ukraine Bridget Brink'
        words, beside_role = words[1:], True
    return (2 <= len(words) <= 3 and (name_key(words[-1].text) in surnames or beside_role)
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
    words = name_words(text)
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
    elif not _is_place(book.lex, word) or _titled(book, start):
        book.add(("name", (name_key(word),)), start, end, kind="person", name=word)


def _titled(book: Book, start: int) -> bool:
    """True when a title stands right before a one-word name ('President Obama'): a person even
    when a town has that name."""
    before = book.doc[start - 1] if start > 0 else None
    return (before is not None and before.lower_ in book.lex.title_words and before.text[:1].isupper()
            and before.text not in book.lex.demonyms and before.text not in book.lex.country_names)


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
        if (token.text[:1].isupper() and token.ent_type_ in ("", "PERSON") and token.pos_ in ("PROPN", "X")
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
        if named_body(book, start, end):
            continue
        person = _person_with_surname(book, name_key(name), ent.start_char) if " " not in name else None
        person = person or _person_ending_with(book, name)
        if person is not None:
            book.add(person, start, end)
            continue
        country, sector = _organisation_identity(lex, doc[start:end])
        book.add(_organisation_key(book, name), start, end, kind="organization", name=name,
                 country=country, sector=sector)


def _person_ending_with(book: Book, name: str) -> tuple | None:
    """A name starting with a particle ('De Blasio') that ends a person's name ('Bill de Blasio')."""
    words = tuple(name_key(w) for w in name.split())
    if len(words) < 2 or words[0] not in PARTICLES:
        return None
    for key, cluster in book.clusters.items():
        if cluster.kind == "person" and key[0] in ("name", "entry"):
            full = tuple(name_key(w) for w in cluster.name.split())
            if len(full) > len(words) and full[-len(words):] == words:
                return key
    return None


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


def _demonym_actor(book: Book, start: int, end: int, country: str) -> None:
    """'the Russians' -> the country; 'Russian troops' -> its military; 'Russian victory' -> none."""
    token = book.doc[end - 1]
    if token.dep_ in ("amod", "compound", "nmod", "npadvmod") and token.head.i > token.i:
        group = group_noun(book.lex, token.head)
        if group is not None and _own_state(book, start):
            group_actor(book, start, group[0] + 1, country, group[1])
        elif group is None and token.head.lower_ in PROTEST_NOUNS and _own_state(book, start):
            name = book.doc[start:end].text  # 'Palestinian riots': Palestinians protest, not their state
            book.add(("people", country, "OPP", name.lower()), start, end, kind="group", name=name,
                     country=country, sector="OPP")
        elif group is None and token.head.lower_ in DEMONYM_ACT_NOUNS and _own_state(book, start):
            add_country(book, start, end, country)  # 'an Indian proposal': India proposes
        return
    if token.pos_ in ("PROPN", "NOUN") or token.text.endswith("s") or token.dep_.startswith("nsubj"):
        add_country(book, start, end, country)


def _own_state(book: Book, start: int) -> bool:
    """False for 'pro-Russian forces' or 'anti-Russian troops': not the state's own body."""
    before = book.doc[start - 1] if start > 0 else None
    return not (before is not None and before.text in ("-", "‐") and start > 1
                and book.doc[start - 2].lower_ in ("pro", "anti", "non"))


def _country_actor(book: Book, start: int, end: int, country: str, *, capital: bool) -> None:
    """A country name or capital: an actor when it acts, speaks, owns or is dealt with."""
    token = book.doc[end - 1]
    if token.dep_ in ("poss", "compound", "nmod") and token.head.i > token.i:
        group = group_noun(book.lex, token.head)
        if group is not None:
            group_actor(book, start, group[0] + 1, country, group[1])
            return
        if token.head.lower_ in book.lex.title_words | PLACE_PARTS or token.head.pos_ == "PROPN":
            return
        if token.dep_ != "poss" and token.head.lower_ not in AGENT_NOUNS:
            return
    elif not _acts(token, capital):
        return
    metonym = book.lex.metonyms.get(book.doc[start:end].text) if capital else None
    if metonym and book.lex.by_alias.get(metonym):
        book.add_entry(book.pick(book.lex.by_alias[metonym]), start, end)
    else:
        add_country(book, start, end, country)


def _acts(token: Token, capital: bool) -> bool:
    """True when a place name's grammatical role makes it an agent or party, not a location."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    dep, head = token.dep_, token.head
    if dep == "appos" and head.ent_type_ in ("GPE", "LOC", "FAC") and head.i < token.i:
        return False  # 'Atlanta, Georgia', 'Kherson, Ukraine': where the place is
    if dep in ("nsubj", "nsubjpass", "agent", "appos", "csubj") or (dep == "ROOT" and not capital):
        return True
    if token.is_sent_start and dep not in ("pobj", "npadvmod") and not capital:
        return True  # a sentence opening with a country is about the state, whatever the parse says
    if dep in ("dobj", "dative"):
        return head.lemma_ not in (PLACE_VERBS if capital else COUNTRY_PLACE_VERBS)
    if dep == "pobj":
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        gerund = after is not None and after.tag_ == "VBG" and after.pos_ == "VERB"
        return head.lower_ in AGENT_PREPOSITIONS or gerund or _recipient(head, capital)
    return False


def _recipient(preposition: Token, capital: bool) -> bool:
    """'send arms to Pakistan', 'aid to Ukraine', 'sanctions on Iran', 'imports from Russia': the
    preposition hangs on an act (a verb that is not a movement, or an act noun), so its object is
    a party. 'fled to Poland' and 'in Kyiv' are places."""
    if preposition.lower_ not in RECIPIENT_PREPOSITIONS or preposition.dep_ not in ("prep", "dative"):
        return False
    governor = preposition.head
    if governor.pos_ == "VERB":
        movement = (PLACE_VERBS if capital else COUNTRY_PLACE_VERBS) | MOVEMENT_VERBS
        if governor.lemma_ in movement and not any(c.dep_ == "dobj" and c.lower_ in ARMS_WORDS
                                                   for c in governor.children):
            return False
        return preposition.lower_ != "from" or governor.lemma_ in ("import", "buy", "purchase", "demand")
    return governor.lower_ in AGENT_NOUNS | ARMS_WORDS
