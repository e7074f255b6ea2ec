"""State bodies for the actors stage: a country or demonym with a body noun ("Russian troops",
"Russia's defence ministry", "the defence ministry in Moscow", "the country's armed forces")
becomes that state's one canonical body, and a country acting becomes its one state actor.
See the naming conventions in :mod:`newswire.stages.actors`."""

from __future__ import annotations

from spacy.tokens import Token

from newswire.stages.actors_lexicon import Lexicon, strip_the
from newswire.stages.actors_titles import Book


def named_body(book: Book, start: int, end: int) -> bool:
    """A capitalised state body not in the dictionary ('Nigerien Defence Ministry', "Mali's
    Armed Forces"): add it under its canonical name and return True."""
    doc, lex = book.doc, book.lex
    for n in (2, 1):
        if start + n >= end:
            continue
        lead = doc[start:start + n].text
        country = lex.demonyms.get(lead) or lex.country_names.get(lead)
        phrase = " ".join(t.lower_ for t in doc[start + n:end] if t.text not in ("'s", "’s"))
        group = lex.group_nouns.get(phrase) if country else None
        if group and len(group) > 2 and group[2]:
            add_body(book, start, end, country, group[2])
            return True
    return False


def located_bodies(book: Book) -> None:
    """'the defence ministry in Moscow': a ministry placed in a capital is that state's ministry."""
    lex = book.lex
    for token in book.doc:
        if token.lower_ not in ("ministry", "department", "office") or token.i in book.taken:
            continue
        group = group_noun(lex, token)
        if group is None or len(group[1]) < 3 or group[1][2] not in ("defence ministry", "foreign ministry"):
            continue
        for prep in token.rights:
            place = next((o for o in prep.children if o.dep_ == "pobj"), None) if prep.lower_ == "in" else None
            country = place is not None and (lex.capitals.get(place.text) or lex.country_names.get(place.text))
            start = token.left_edge.i + (token.left_edge.lower_ == "the")
            if country and book.free(start, group[0] + 1):
                add_body(book, start, group[0] + 1, country, group[1][2])
                break


def anaphoric_bodies(book: Book) -> None:
    """"the country's armed forces" -> the body of the country last named; "the army" -> the one
    national military already named (when exactly one was)."""
    doc, lex = book.doc, book.lex
    for token in doc:
        if token.i in book.taken or token.pos_ != "NOUN":
            continue
        group = group_noun(lex, token)
        body = group[1][2] if group is not None and len(group[1]) > 2 else None
        if body is None or body == "state":
            continue
        owner = next((c for c in token.lefts if c.dep_ == "poss"), None)
        if owner is not None and owner.lower_ == "country" and owner.i > 0 and doc[owner.i - 1].lower_ == "the":
            country = last_country(book, token.idx)
            if country and book.free(owner.i - 1, group[0] + 1):
                add_body(book, owner.i - 1, group[0] + 1, country, body)
        elif owner is None and body == "military" and token.i > 0 and doc[token.i - 1].lower_ == "the" \
                and token.tag_ == "NN" and book.free(token.i, token.i + 1):
            named = {k for k, c in book.clusters.items() if c.first() < token.idx
                     and (k[:1] == ("body",) and k[2] == "military" or c.entry is not None and c.entry.body == "military")}
            if len(named) == 1:
                book.add(named.pop(), token.i, token.i + 1)


def last_country(book: Book, position: int) -> str | None:
    """The country of the state actor mentioned last before ``position``."""
    best, best_start = None, -1
    for key, cluster in book.clusters.items():
        if key[0] == "state":
            start = max((s for s, _ in cluster.mentions if s < position), default=-1)
            if start > best_start:
                best, best_start = cluster.country, start
    return best


def group_noun(lex: Lexicon, head: Token) -> tuple[int, list] | None:
    """For a head noun like 'troops', 'armed forces' or 'defence ministry': (index of its last
    token, [sector, kind, body]). 'ministry of defence' ends after 'defence'."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    modifiers = [c.lower_ for c in head.lefts if c.dep_ in ("amod", "compound") and c.text[:1].islower()
                 or c.lower_ in ("defence", "defense", "foreign", "armed", "ground", "air")]
    last, phrase = head.i, head.lower_
    for prep in head.rights:
        objects = [o for o in prep.children if o.dep_ == "pobj"] if prep.lower_ == "of" else []
        if objects and f"{head.lower_} of {objects[0].lower_}" in lex.group_nouns:
            return objects[0].i, lex.group_nouns[f"{head.lower_} of {objects[0].lower_}"]
        if objects and head.lower_ == "ministry" and objects[0].lower_ == "affairs":
            return objects[0].i, lex.group_nouns["ministry of foreign affairs"]
    for modifier in modifiers[-1:]:
        if f"{modifier} {phrase}" in lex.group_nouns:
            phrase = f"{modifier} {phrase}"
    found = lex.group_nouns.get(phrase)
    return (last, found) if found else None


def add_country(book: Book, start: int, end: int, country: str) -> None:
    """Add a mention of the state itself, named by its common name. A state acting in the news is
    its government, so the actor's sector is GOV (CAMEO codes 'Russia' as RUS, which PLOVER
    resolves to the government)."""
    name = book.lex.country_display.get(country, country)
    book.add(("state", country), start, end, kind="country", name=name, country=country, sector="GOV")


def group_actor(book: Book, start: int, end: int, country: str, group: list) -> None:
    """A state's body or people: 'Russian troops' (Russian Armed Forces), "Sudan's army" (Sudanese
    Armed Forces), 'the Ukrainian government' (Ukraine), 'Russian officials' (a RUS GOV group)."""
    if not book.free(start, end):
        return
    sector, kind, body = (list(group) + [None])[:3]
    if body:
        add_body(book, start, end, country, body)
        return
    name = strip_the(book.doc[start:end].text)
    book.add(("group", country, sector, book.doc[end - 1].lemma_.lower()), start, end, kind=kind, name=name,
             country=country, sector=sector)


def add_body(book: Book, start: int, end: int, country: str, body: str) -> None:
    """Add a mention of a state body: the country itself, the dictionary's entry for that body,
    else a name made from the template ('{adj} Ministry of Defence')."""
    lex = book.lex
    if body == "state":
        add_country(book, start, end, country)
        return
    entry = lex.bodies.get((country, body))
    if entry is not None:
        book.add_entry(entry, start, end)
        return
    template = lex.body_templates.get(body)
    adjective = lex.adjectives.get(country)
    if not template or not adjective:
        name = strip_the(book.doc[start:end].text)
        book.add(("group", country, body), start, end, kind="organization", name=name, country=country)
        return
    book.add(("body", country, body), start, end, kind="organization",
             name=template["name"].format(adj=adjective), country=country, sector=template["sector"])
