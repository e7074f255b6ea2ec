"""State bodies for the actors stage: a country or demonym with a body noun ("Russian troops",
"Russia's defence ministry", "the defence ministry in Moscow", "the country's armed forces")
becomes that state's one canonical body, and a country acting becomes its one state actor.
See the naming conventions in :mod:`newswire.stages.actors`."""

from __future__ import annotations

from spacy.tokens import Token

from newswire.stages.actors_lexicon import MILITARY_PEOPLE, NEEDS_COUNTRY, Lexicon, strip_the
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


# Singular people nouns that name a group alone ("the opposition", "police").
BARE_SINGULARS = {"police", "opposition", "militia"}
GROUP_MODIFIER_DEPS = ("amod", "compound", "nmod", "npadvmod")
PLACE_OF_GROUP = {"in", "from", "throughout", "across", "inside"}


def people_groups(book: Book) -> None:
    """Groups named by their people: 'Iraqi police', 'Palestinian prisoners', 'rebels', 'the
    opposition', 'rebels in Ivory Coast' (sector from ``people_nouns``; country from a demonym or
    country among the modifiers, or an 'in <country>' phrase). Title-like and generic nouns
    ('officials', 'leader', 'residents') need a country; 'Israeli tanks' and 'a U.S. soldier' are
    that state's military."""
    doc, lex = book.doc, book.lex
    for token in doc:
        lemma, sector = _people_noun(lex, token) if token.i not in book.taken else (None, None)
        if sector is None or _join_owner(book, token):
            continue
        start = _group_start(book, token)
        country = _group_country(book, token, start)
        if token.tag_ == "NN" and lemma in lex.titles and not _demonym_titled(book, token, start):
            continue  # "Ukraine's top commander" is a person: role phrases and speech resolve it
        named = country is not None or any(t.text[:1].isupper() and (not t.is_sent_start or t.ent_type_)
                                                 for t in doc[start:token.i])
        if not named and (lemma in NEEDS_COUNTRY or token.tag_ == "NN" and lemma not in BARE_SINGULARS):
            continue  # 'officials said', 'the leader': too vague alone; 'Moslem forces' is named
        if not book.free(start, token.i + 1):
            continue
        _other_conjuncts(book, token, start, sector, lemma)
        if country and lemma in MILITARY_PEOPLE:
            add_body(book, start, token.i + 1, country, "military")
            continue
        name = strip_the(doc[start:token.i + 1].text)
        if country is None and sector == "COP" and start == token.i:
            country = _sentence_country(book, token)
            if country and lex.adjectives.get(country):  # 'Police detained ... in Moscow'
                name = f"{lex.adjectives[country]} {name[:1].upper()}{name[1:]}"
        book.add(("people", country, sector, name.lower()), start, token.i + 1, kind="group", name=name,
                 country=country, sector=sector)


def _people_noun(lex: Lexicon, token: Token) -> tuple[str | None, str | None]:
    """(lemma, sector) of a people noun ('rebels' -> rebel, REB), else (None, None). A capitalised
    name mid-sentence is not one ('Police Scotland'); 'Rebels' opening a sentence is."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return None, None
    if token.pos_ == "PROPN" and not token.is_lower and not token.is_sent_start:
        return None, None
    lemma = token.lemma_.lower() if token.pos_ == "NOUN" else token.lower_
    if lemma not in lex.people_nouns and token.pos_ == "PROPN" and lemma.endswith("s"):
        lemma = lemma[:-1]
    sector = lex.people_nouns.get(lemma) or lex.people_nouns.get(token.lower_)
    return (lemma, sector) if sector else (None, None)


def _sentence_country(book: Book, head: Token) -> str | None:
    """The one country a bare state group's sentence places its action in ('in Moscow', 'in
    Niger'), else None."""
    lex, found = book.lex, set()
    for token in head.sent:
        anchor = token
        while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
            anchor = anchor.head
        if anchor.dep_ == "pobj" and anchor.head.lower_ in ("in", "at", "across", "throughout"):
            country = lex.capitals.get(token.text) or lex.country_names.get(token.text)
            if country:
                found.add(country)
    return found.pop() if len(found) == 1 else None


def _group_start(book: Book, head: Token) -> int:
    """The first token of a group's name: its adjacent modifiers ('Moslem fundamentalist
    demonstrators', 'Algerian government forces'), stopping at a taken token or a determiner."""
    start = head.i
    for child in sorted((c for c in head.lefts if c.dep_ in GROUP_MODIFIER_DEPS), key=lambda c: -c.i):
        edge = child.left_edge.i
        if any(t.dep_ == "cc" for t in book.doc[edge:child.right_edge.i + 1]):
            edge = child.right_edge.i  # 'U.S. and British jets': only the last conjunct names this group
        if child.i != start - 1 and child.right_edge.i != start - 1:
            break
        while edge < start and (book.doc[edge].pos_ in ("DET", "NUM", "PUNCT") or edge in book.taken):
            edge += 1
        if any(i in book.taken for i in range(edge, start)):
            break
        start = edge
    return start


def _group_country(book: Book, head: Token, start: int) -> str | None:
    """The country of a group: a demonym or country name among its modifiers, a country that owns
    it ("Sudan's militias"), or an 'in <country>' phrase after it."""
    lex, doc = book.lex, book.doc
    for size in (3, 2, 1):  # 'North Korean' before 'Korean'
        for first in range(start, head.i - size + 1):
            words = doc[first:first + size].text
            if country := lex.demonyms.get(words) or lex.country_names.get(words):
                return country
    for child in head.children:
        if child.dep_ == "poss" and (country := lex.country_names.get(child.text)):
            return country
        if child.dep_ == "prep" and child.lower_ in PLACE_OF_GROUP:
            place = next((o for o in child.children if o.dep_ == "pobj"), None)
            if place is not None:
                name = strip_the(book.doc[place.left_edge.i:place.i + 1].text)
                if country := lex.country_names.get(name) or lex.country_names.get(place.text):
                    return country
    return None


def _join_owner(book: Book, head: Token) -> bool:
    """'Hezbollah guerrillas', 'al-Qaeda leaders', 'Red Cross officials': people of an organisation
    or armed group already named are further mentions of it. Returns True when joined."""
    before = book.doc[head.i - 1] if head.i > 0 else None
    if before is None or before.i not in book.taken or before.dep_ not in GROUP_MODIFIER_DEPS:
        return False
    if head.tag_ != "NNS" or any(c.dep_ == "appos" for c in head.children):
        return False  # 'a Houthi official, X' is a person, not the Houthis
    for cluster in book.clusters.values():
        if cluster.kind in ("organization", "group") and any(s <= before.idx < e for s, e in cluster.mentions):
            if cluster.sector in (None, "MIL", "GOV", "COP") and cluster.entry is None and cluster.country:
                return False  # a state body ('Algerian Armed Forces'): its people form their own group
            start, _ = next((s, e) for s, e in cluster.mentions if s <= before.idx < e)
            cluster.mentions.remove(next(m for m in cluster.mentions if m[0] == start))
            cluster.mentions.append((start, head.idx + len(head.text)))
            book.taken.add(head.i)
            return True
    return False


def ethnic_groups(book: Book) -> None:
    """Peoples named as a plural (NORP) that is not a nation's demonym ('Kurds', 'Iraqi Kurds',
    'Shiites') become group actors when used as a noun; a leading demonym gives the country."""
    lex = book.lex
    for ent in book.doc.ents:
        root = ent.root
        if root.tag_ not in ("NNPS", "NNS") or not book.free(ent.start, ent.end):
            continue
        if ent.label_ != "NORP" and not (ent.label_ == "PERSON" and all(t.text in lex.demonyms for t in ent)):
            continue  # 'Bosnian Serbs' tagged as a person is a people too
        if root.dep_ in ("amod", "compound", "nmod", "poss") or ent.text in lex.demonyms:
            continue
        start = ent.start
        before = book.doc[start - 1] if start > 0 else None
        if before is not None and before.text in lex.demonyms and book.free(start - 1, start):
            start -= 1  # 'Iraqi Kurds'
        country = next((lex.demonyms[t.text] for t in book.doc[start:ent.end] if t.text in lex.demonyms), None)
        name = strip_the(book.doc[start:ent.end].text)
        book.add(("people", country, "CVL", name.lower()), start, ent.end, kind="group", name=name,
                 country=country, sector="CVL")


def _demonym_titled(book: Book, head: Token, start: int) -> bool:
    """True for a one-person title named only by its nationality ('North Korean leader', 'an
    Argentine judge'): a demonym right before the title, nothing else before it."""
    before = book.doc[start:head.i].text
    return bool(before) and (before in book.lex.demonyms or before in book.lex.country_names)


def _other_conjuncts(book: Book, head: Token, start: int, sector: str, lemma: str) -> None:
    """'U.S. and British jets': the earlier nationalities share the head noun, so 'U.S.' alone is
    a mention of the U.S. group (here its military)."""
    lex = book.lex
    for token in book.doc[head.left_edge.i:start]:
        country = lex.demonyms.get(token.text) or lex.country_names.get(token.text)
        if country is None or token.dep_ not in GROUP_MODIFIER_DEPS + ("conj",) or not book.free(token.i, token.i + 1):
            continue
        if lemma in MILITARY_PEOPLE:
            add_body(book, token.i, token.i + 1, country, "military")
        else:
            name = f"{token.text} {head.text}"
            book.add(("people", country, sector, name.lower()), token.i, token.i + 1, kind="group", name=name,
                     country=country, sector=sector)
