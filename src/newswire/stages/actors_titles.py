"""The working state of the actors stage, and titles: 'Defense Secretary Lloyd Austin' gives a title;
'the general' or 'the Russian president' refers back to a person (or to a post's holder)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Token

from newswire.draft import Draft
from newswire.records import Actor
from newswire.stages.actors_lexicon import (
    NOMINAL_DEPS, PAST_WORDS, ROLE_MODIFIERS, TITLE_CONNECTORS, ActorEntry, Lexicon, entity_at, spaced,
    strip_the,
)

GENERIC_LEADERS = {"leader", "head of state", "head of government"}
JUNIOR_WORDS = {"deputy", "vice", "assistant", "junior", "under", "vice-president"}


@dataclass
class Cluster:
    """One actor being assembled: its identity and the token ranges that mention it."""

    kind: str
    name: str
    country: str | None = None
    sector: str | None = None
    title: str | None = None
    entry: ActorEntry | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)  # character offsets

    def first(self) -> int:
        """Where the first mention starts (for ordering actors)."""
        return min(start for start, _ in self.mentions) if self.mentions else 1 << 60


class Book:
    """The clusters found so far in one document and the tokens their mentions cover."""

    def __init__(self, draft: Draft, lexicon: Lexicon) -> None:
        self.draft, self.doc, self.lex = draft, draft.doc, lexicon
        published = draft.document.published or ""
        self.date = published[:10] if re.match(r"\d{4}-\d\d-\d\d", published) else None
        self.clusters: dict[tuple, Cluster] = {}
        self.taken: set[int] = set()
        self.shouting: dict[int, bool] = {}  # sentence start -> has no lower-case letters

    def free(self, start: int, end: int) -> bool:
        """True when tokens start..end-1 are not yet a mention and lie outside boilerplate."""
        if any(i in self.taken for i in range(start, end)):
            return False
        span = self.doc[start:end]
        return bool(len(span)) and not self.draft.in_boilerplate(span.start_char, span.end_char)

    def add(self, key: tuple, start: int, end: int, **identity) -> Cluster:
        """Add tokens start..end-1 as a mention of the cluster ``key`` (made from ``identity``)."""
        cluster = self.clusters.get(key)
        if cluster is None:
            cluster = self.clusters[key] = Cluster(**identity)
        span = self.doc[start:end]
        cluster.mentions.append((span.start_char, span.end_char))
        self.taken.update(range(start, end))
        return cluster

    def pick(self, entries: list[ActorEntry]) -> ActorEntry | None:
        """The post of one named actor held on the document date, else the latest one."""
        if not entries:
            return None
        active = [e for e in entries if e.active(self.date)]
        if active:
            return active[0]
        earlier = [e for e in entries if self.date and (e.start or "") <= self.date]
        return max(earlier or entries, key=lambda e: e.start or "")

    def entry_key(self, entry: ActorEntry) -> tuple:
        """Cluster key of a dictionary actor: its name."""
        return ("entry", entry.name)

    def add_entry(self, entry: ActorEntry, start: int, end: int) -> Cluster:
        """Add a mention of a dictionary actor (a seat of power is an organisation of its state)."""
        kind = "organization" if entry.kind == "country" else entry.kind
        return self.add(self.entry_key(entry), start, end, kind=kind, name=entry.name, country=entry.country,
                        sector=entry.sector, title=entry.title, entry=entry)

    def body_at(self, token: Token) -> Cluster | None:
        """The organisation or group (an international body, an armed group) that token mentions."""
        if token.i not in self.taken:
            return None
        for cluster in self.clusters.values():
            if cluster.kind in ("organization", "group") and cluster.sector in ("IGO", "REB", "NGO", "MED") \
                    and any(s <= token.idx < e for s, e in cluster.mentions):
                return cluster
        return None

    def emit(self) -> None:
        """Append one Actor per cluster, in order of first mention."""
        for cluster in sorted(self.clusters.values(), key=Cluster.first):
            spans = tuple(self.draft.span(s, e) for s, e in sorted(set(cluster.mentions)))
            if spans:
                self.draft.actors.append(Actor(
                    id=self.draft.new_id("a"), name=cluster.name, kind=cluster.kind, mentions=spans,
                    country=cluster.country, sector=cluster.sector, title=cluster.title))


def apply_text_title(book: Book, cluster: Cluster) -> None:
    """Take the title the text gives before a mention ('Defense Secretary Lloyd Austin'); for
    people not in the dictionary, also the country and sector it implies."""
    for start_char, _ in sorted(cluster.mentions):
        token = book.doc.char_span(start_char, start_char + 1, alignment_mode="expand")
        found = _title_before(book, token.start) if token is not None and len(token) else None
        if found is None and token is not None and len(token):
            found = _appositive_role(book, token.start)
        if found is None:
            continue
        title, country, sector = found
        cluster.title = title[:1].upper() + title[1:]
        if cluster.entry is not None:
            _take_post_named(book, cluster, title)
        if cluster.entry is None:
            cluster.country = country or cluster.country
            cluster.sector = sector or cluster.sector
        elif cluster.entry.country is None and country:
            cluster.country = country
        return


def _appositive_role(book: Book, i: int) -> tuple[str, str | None, str | None] | None:
    """The role an appositive gives a name: "Russia's ambassador, Vassily Nebenzia," or "Sergei
    Aksyonov, the Russian-installed head of Crimea," -> (title, country ISO3, sector)."""
    doc, lex = book.doc, book.lex
    name = doc[i]
    while name.i + 1 < len(doc) and name.head.i == name.i + 1 and name.dep_ in ("compound", "flat"):
        name = doc[name.i + 1]
    roles = [_role_above(lex, name.head)] if name.dep_ == "appos" and name.head.i < name.i else []
    roles += [c for c in name.children if c.dep_ == "appos" and c.i > name.i]
    for role in roles:
        if role.pos_ != "NOUN" or role.ent_type_:
            continue
        words = [t for t in role.subtree if t.i <= role.i]
        country = next((country_of(lex, t) for t in words if t.i != role.i and t.text[:1].isupper()
                        and country_of(lex, t)), None)
        key = title_key(lex, " ".join(t.text for t in words if t.dep_ != "det"))
        body = next((c for c in map(book.body_at, words) if c is not None), None)
        if body is not None and (key or role.lower_ in lex.title_words):  # 'a senior Houthi official'
            return key or role.lower_, body.country, body.sector
        if key or country:
            title = key or role.lower_
            return title, country, lex.titles[key]["sector"] if key else None
    return None


def _role_above(lex: Lexicon, token: Token) -> Token:
    """The role noun an appositive hangs under: "Russia's ambassador to the organisations in
    Vienna, Mikhail Ulyanov," is attached to 'Vienna', but the role is 'ambassador'."""
    found = token
    for _ in range(5):
        if found.lower_ in lex.titles or found.dep_ not in ("pobj", "prep") or found.head.i == found.i:
            break
        found = found.head
    return found if found.lower_ in lex.titles else token


def _take_post_named(book: Book, cluster: Cluster, title: str) -> None:
    """Switch a dictionary person to the post the text names ('Foreign Secretary Liz Truss')."""
    wanted = title_key(book.lex, title)
    posts = [e for e in book.lex.by_alias.get(cluster.entry.name, ()) if e.name == cluster.entry.name]
    named = [e for e in posts if e.title and title_key(book.lex, e.title) == wanted]
    if wanted and named and cluster.entry not in named:
        cluster.entry = book.pick(named)
        cluster.country, cluster.sector = cluster.entry.country, cluster.entry.sector


def _title_before(book: Book, i: int) -> tuple[str, str | None, str | None] | None:
    """The title words right before token ``i``: (title, country ISO3, sector) or None."""
    doc, lex = book.doc, book.lex
    j, sent_start = i - 1, doc[i].sent.start
    if (i - 3 >= sent_start and doc[i - 2].lower_ == "to" and doc[i - 1].text in lex.country_names
            and doc[i - 3].lower_ in lex.title_words):  # 'U.S. Ambassador to Ukraine Bridget Brink'
        found = _title_before(book, i - 2)
        return (f"{found[0]} to {doc[i - 1].text}", *found[1:]) if found else None
    while j >= sent_start and j not in book.taken and (
            doc[j].lower_ in lex.title_words or doc[j].lower_ in TITLE_CONNECTORS
            or doc[j].text in lex.demonyms or doc[j].text in lex.country_names
            or (doc[j].ent_type_ == "GPE" and doc[j].text[:1].isupper())):
        j -= 1
    words = list(doc[j + 1:i])
    national = [n for n, t in enumerate(words)
                if t.text in lex.demonyms or t.text in lex.country_names or t.ent_type_ == "GPE"]
    country = country_of(lex, words[national[-1]]) if national else None
    after = words[national[-1] + 1:] if national else words
    while after and after[0].lower_ in TITLE_CONNECTORS | {"'s", "’s"}:
        after.pop(0)
    if national and not (after and title_key(lex, " ".join(t.text for t in after))):
        after = words[:national[0]]  # 'Deputy Foreign Minister of Russia Ivan Ivanov'
        while after and after[-1].lower_ in TITLE_CONNECTORS:
            after.pop()
    while after and after[0].lower_ in TITLE_CONNECTORS:
        after.pop(0)
    if not after:
        return None
    title = doc[after[0].i:after[-1].i + 1].text
    key = title_key(lex, title)
    body = book.body_at(doc[j]) if j >= sent_start and not national else None
    if key and body is not None:  # 'ECOWAS Commission President Omar Touray', 'Hamas official X'
        return title, body.country, body.sector
    return (title, country, lex.titles[key]["sector"]) if key else None


def country_of(lex: Lexicon, token: Token) -> str | None:
    """ISO3 of a demonym or (a token of) a country name."""
    if token.text in lex.demonyms:
        return lex.demonyms[token.text]
    seat = lex.by_alias.get(token.text)
    if seat and seat[0].kind == "country":  # 'the Kremlin leader'
        return seat[0].country
    if token.ent_type_ == "GPE":
        ent = entity_at(token.doc, token.i)
        return lex.country_names.get(strip_the(ent.text)) or lex.country_names.get(token.text)
    return lex.country_names.get(token.text)


def title_key(lex: Lexicon, text: str) -> str | None:
    """The longest title in the lexicon that the words of ``text`` contain."""
    padded = f" {spaced(text.lower())} "
    keys = [k for k in lex.titles if f" {k} " in padded]
    return max(keys, key=len) if keys else None


def role_phrases(book: Book) -> None:
    """Definite role phrases ('the general', 'the Russian president', "Ukraine's leader") become
    mentions of the person they refer back to, or of the dictionary's holder of that post."""
    heads = {key.split()[-1] for key in book.lex.titles}
    for token in book.doc:
        if token.lower_ not in heads or token.tag_ in ("NNS", "NNPS") or not (
                token.pos_ in ("NOUN", "PROPN") or token.dep_ in NOMINAL_DEPS):
            continue
        if token.dep_ in ("compound", "amod") or token.i in book.taken:
            continue
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if following is not None and following.pos_ == "PROPN" and following.text[:1].isupper():
            continue  # a title before a name, handled with the name
        phrase = _role_phrase(book, token)
        if phrase is None or not book.free(phrase[0], phrase[1]):
            continue
        start, end, country, key = phrase
        if end < len(book.doc) and book.doc[end].pos_ == "PROPN" and book.doc[end].text[:1].isupper():
            continue  # 'the Deputy Foreign Minister of Russia Ivan Ivanov'
        beside = _appositive_person(book, token)
        junior = {t.lower_ for t in book.doc[start:end]} & JUNIOR_WORDS  # 'the deputy minister'
        target = beside or _person_in_role(book, (key, junior), country, book.doc[start].idx)
        if target is not None:
            cluster = book.add(target, start, end)
            if cluster.entry is None and beside is not None:  # 'John Smith, the British ambassador'
                cluster.country = cluster.country or country
                cluster.sector = cluster.sector or book.lex.titles[key]["sector"]
                cluster.title = cluster.title or key[:1].upper() + key[1:]
        elif country and not junior and not {t.lower_ for t in book.doc[start:end]} & PAST_WORDS:
            entry = _post_holder(book, key, country)
            if entry is not None:
                book.add_entry(entry, start, end)


def _appositive_person(book: Book, head: Token) -> tuple | None:
    """The person a role phrase stands beside ('Ivan Petrenko, Ukraine's top commander,')."""
    if head.dep_ != "appos":
        return None
    anchor = head.head.idx
    for key, cluster in book.clusters.items():
        if cluster.kind == "person" and any(s <= anchor < e for s, e in cluster.mentions):
            return key
    return None


def org_anaphora(book: Book) -> None:
    """'the alliance' after NATO, 'the bloc' after the EU: another mention of that body."""
    wanted = book.lex.org_anaphora
    for token in book.doc:
        name = wanted.get(token.lower_)
        cluster = book.clusters.get(("entry", name)) if name else None
        if cluster is None or token.tag_ != "NN" or token.i == 0 or book.doc[token.i - 1].lower_ != "the":
            continue
        if book.free(token.i - 1, token.i + 1) and cluster.first() < token.idx:
            book.add(("entry", name), token.i - 1, token.i + 1)


def _role_phrase(book: Book, head: Token) -> tuple[int, int, str | None, str] | None:
    """(start, end, country, title key) of the definite phrase headed by ``head``, or None."""
    lex = book.lex
    lefts = list(head.lefts)
    definite = any(t.lower_ == "the" and t.dep_ == "det" for t in lefts)
    country = None
    allowed = ROLE_MODIFIERS | lex.title_words
    for child in lefts:
        national = child.text in lex.demonyms or child.ent_type_ == "GPE"
        if child.dep_ == "poss" and country_of(lex, child):
            country, definite = country_of(lex, child), True
        elif child.dep_ in ("amod", "compound", "nmod") and national:
            country = country_of(lex, child) or country
        elif child.dep_ == "det" and child.lower_ != "the":
            return None
        elif child.dep_ not in ("det", "case", "punct") and child.lower_ not in allowed:
            return None
    if not definite:
        return None
    start, end = (_clean_left_edge(lefts[0]) if lefts else head.i), head.i + 1
    of_country = _of_country(lex, head)
    if of_country is not None and country is None:
        country, end = of_country
    key = title_key(lex, book.doc[start:end].text)
    return (start, end, country, key) if key and key.split()[-1] == head.lower_ else None


def _clean_left_edge(child: Token) -> int:
    """Where a modifier's words start, stopping at punctuation the parser hung on it
    ("KYIV, Nov 3 (Newswire) - Ukraine's foreign minister" starts at "Ukraine")."""
    start = child.i
    while start > child.left_edge.i and not child.doc[start - 1].is_punct:
        start -= 1
    return start


def _of_country(lex: Lexicon, head: Token) -> tuple[str, int] | None:
    """'president of Ukraine' -> ('UKR', end token index)."""
    for prep in head.rights:
        if prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and country_of(lex, obj):
                    return country_of(lex, obj), obj.i + 1
    return None


def _fits_role(lex: Lexicon, cluster: Cluster, role: tuple[str, set[str]]) -> bool:
    """True when a person's title or sector fits the role (a title key and any junior words such
    as 'deputy'): 'the general' fits a MIL chief, 'the deputy minister' only a deputy."""
    key, junior = role
    title = f" {(cluster.title or '').lower().replace('defence', 'defense')} "
    if junior - set(title.split()) or (not junior and set(title.split()) & JUNIOR_WORDS):
        return False
    if f" {key.replace('defence', 'defense')} " in title:
        return True
    if lex.titles.get(key, {}).get("sector") == "MIL" and cluster.sector == "MIL":
        return True
    return key in GENERIC_LEADERS and title_key(lex, title) in lex.leader_titles


def _person_in_role(book: Book, role: tuple[str, set[str]], country: str | None,
                    position: int) -> tuple | None:
    """The person named before ``position`` whose post fits the role phrase: the latest one named
    ('President Hichilema ... The president said' is Hichilema whoever the dictionary holds)."""
    fitting = []
    for cluster_key, cluster in book.clusters.items():
        if cluster.kind != "person" or (country and cluster.country and cluster.country != country):
            continue
        seen = max((s for s, _ in cluster.mentions if s < position), default=-1)
        if seen >= 0 and _fits_role(book.lex, cluster, role):
            fitting.append((seen, len(cluster.mentions), cluster_key))
    if not fitting:
        return None
    token = book.doc.char_span(position, position + 1, alignment_mode="expand")
    sentence = token[0].sent if token is not None and len(token) else None
    window = sentence.start_char if sentence is not None else position
    if sentence is not None and sentence.start > 0:
        window = book.doc[sentence.start - 1].sent.start_char
    recent = [f for f in fitting if f[0] >= window]
    return max(recent or fitting)[2]  # the latest named, before any dictionary holder


def _post_holder(book: Book, key: str, country: str) -> ActorEntry | None:
    """The dictionary person holding the post ``key`` in ``country`` on the document date."""
    lex = book.lex
    holders = [e for entries in lex.by_alias.values() for e in entries
               if e.kind == "person" and e.country == country and e.title and e.active(book.date)]
    if key in GENERIC_LEADERS:
        order = list(lex.leader_titles)
        if country in lex.head_of_government_countries:
            order.sort(key=lambda t: t not in ("prime minister", "chancellor", "premier"))
        ranked = [(order.index(e.title.lower()), e) for e in holders if e.title.lower() in order]
        return min(ranked, key=lambda pair: pair[0])[1] if ranked else None
    wanted = key.replace("defence", "defense")
    matches = {e.name: e for e in holders if e.title.lower().replace("defence", "defense") == wanted}
    return next(iter(matches.values())) if len(matches) == 1 else None
