"""Speaker resolution for the speech stage: the words that name a speaker -> actor ids.

Names and surnames go to the actors of the actors stage (or to actors added here when that stage
found none), pronouns ('he added') to the most recent compatible speaker, role words ('the
general') to the person last named with that title, plural phrases ('Both officials') to the people
named just before, and organisations to their actor. Datelines ('KYIV, Nov 3 -') never speak.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass

from spacy.tokens import Token

from newswire.draft import Draft
from newswire.records import Actor
from newswire.stages.speech_marks import Quote, is_shouting
from newswire.stages.speech_quotes import Lexicon

NAME_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "group"}
PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person",
            "they": "plural", "them": "plural", "it": "org"}
# pronouns that name an unnamed group of speakers: kept as the speaker's words, with no actor
GROUP_PRONOUNS = {"some", "many", "most", "others", "few", "several", "those", "all", "both", "none", "one",
                  "someone", "somebody", "everyone", "everybody"}
HONORIFICS = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "sen", "rep", "adm", "maj", "capt", "sgt", "gov", "prof"}
HISTORY_LOOKBACK = 20
SUBJECT_LOOKBACK = 30
GROUP_SENTENCES = 4
TITLE_REACH = 40
SPOKESPEOPLE = {"spokesman", "spokeswoman", "spokesperson", "representative", "official", "source", "statement"}
REFLEXIVES = {"himself", "herself", "themselves", "itself"}


@dataclass(frozen=True)
class Resolution:
    """Who a statement's speaker words name: actor ids, a display name and the words themselves."""

    actors: tuple[str, ...]
    name: str | None
    mention: tuple[int, int] | None


class Speakers:
    """Resolves the words that name a speaker to the document's actors, adding actors for named
    speakers no earlier stage found. Pronouns and role words go to the most recent compatible
    speaker or subject before them, outside quotes and reported clauses."""

    def __init__(self, draft: Draft, lexicon: Lexicon, contents: list[tuple[int, int]], quotes: list[Quote]) -> None:
        self.draft, self.lexicon = draft, lexicon
        self.hidden = _merged(contents + [(q.content_start, q.content_end) for q in quotes])
        self.quoted = _merged([(q.content_start, q.content_end) for q in quotes])
        self.names: dict[str, str] = {}
        self.by_id = {actor.id: actor for actor in draft.actors}
        self.mentions = sorted((m.start, m.end, a.id) for a in draft.actors for m in a.mentions)
        self.longest = max((end - start for start, end, _ in self.mentions), default=0)
        for actor in draft.actors:
            self._index(actor.id, actor.name, actor.kind, actor.mentions)
        self.history: list[tuple[int, tuple[str, ...]]] = []
        self.subjects = self._salient_subjects()
        self.cache: dict[int, str | None] = {}
        self.canonicals: dict[str, str] = {}

    def remember(self, position: int, found: Resolution) -> None:
        """Record a resolved speaker so that later pronouns can refer back to it."""
        if found.actors:
            self.history.append((position, found.actors))

    def resolve(self, token: Token, *, inner: bool = False) -> Resolution:
        """The actors named by the speaker word ``token`` (the head of the subject phrase)."""
        mention = self._mention(token)
        if token.pos_ == "PRON":
            want = PRONOUNS.get(token.lower_)
            if token.lower_ in GROUP_PRONOUNS and mention is not None:  # 'Some say …', 'Those polled said …'
                return Resolution((), self.draft.text[mention[0]:mention[1]], mention)
            if want is None:  # 'I', 'we', 'you' outside quotes: the writer's voice, not a report
                return Resolution((), None, None)
            actors = () if inner else self._recent(token.idx, want)
        else:
            actors = self._named_group(token) or self._described(token)
        if len(actors) == 1 and mention is not None and self._actor_at(*mention) is None:
            self._add_mention(actors[0], mention)
        name = " and ".join(self.by_id[a].name for a in actors) if actors else None
        if name is None and token.pos_ != "PRON" and mention is not None:
            name = self.draft.text[mention[0]:mention[1]]
        return Resolution(actors, name, mention)

    # -- names --

    def named(self, token: Token) -> str | None:
        """The actor a proper name (or its appositive name) refers to, added when new."""
        if token.i not in self.cache:
            heads = [token] + [c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
            found = None
            for head in heads:
                span = self._name_span(head)
                if span is not None:
                    found = self._actor_for(*span)
                    break
            self.cache[token.i] = found
        return self.cache[token.i]

    def _named_group(self, token: Token) -> tuple[str, ...]:
        """Actors named by a name and the names coordinated with it ('Biden and Zelenskyy')."""
        found = []
        for member in (token, *token.conjuncts):
            actor = self.named(member)
            if actor is not None and actor not in found:
                found.append(actor)
        return tuple(found)

    def _name_span(self, token: Token) -> tuple[int, int, str] | None:
        """The words of the name around ``token`` without titles, and its entity label."""
        doc = token.doc
        if token.ent_type_ in NAME_LABELS:
            first, last = token.i, token.i
            while first > 0 and doc[first].ent_iob_ == "I":
                first -= 1
            while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
                last += 1
            label = token.ent_type_
        elif token.pos_ == "PROPN" and token.text[:1].isupper():
            first, last = token.i, token.i
            while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].dep_ in ("compound", "flat"):
                first -= 1
            label = "ORG" if first > 0 and doc[first - 1].lower_ == "the" else "PERSON"
        else:
            return None
        while first <= last and self._is_title_word(doc[first]):
            first += 1
        if first > last:
            return None
        return doc[first].idx, doc[last].idx + len(doc[last].text), label

    def _is_title_word(self, token: Token) -> bool:
        """True for 'the', a role word or an honorific in front of a name."""
        word = token.lower_.rstrip(".")
        return word == "the" or word in self.lexicon.titles or word in HONORIFICS or token.ent_type_ == "" and word in (
            "defense", "defence", "foreign", "prime", "vice", "deputy", "chief", "state")

    def _actor_for(self, start: int, end: int, label: str) -> str:
        """The existing actor at or named like ``text[start:end]``, else a new one."""
        draft = self.draft
        actor = self._actor_at(start, end)
        name = draft.text[start:end]
        found = actor.id if actor is not None else self._lookup(name, label)
        if found is None:
            found = draft.new_id("a")
            kind = NAME_LABELS.get(label, "person")
            self.by_id[found] = Actor(id=found, name=name, kind=kind, mentions=())
            draft.actors.append(self.by_id[found])
            self._index(found, name, kind, ())
        self._add_mention(found, (start, end))
        return self.canonical(found)

    def canonical(self, actor_id: str) -> str:
        """The person actor with the fullest name for an actor known by part of it ('De Blasio' ->
        'Bill de Blasio'), so that one speaker keeps one id even when earlier stages split it."""
        if actor_id not in self.canonicals:
            actor = self.by_id.get(actor_id)
            found = actor_id
            if actor is not None and actor.kind != "country":
                fuller = [a for a in self.by_id.values() if a.kind == "person" and _same_person(actor.name, a.name)]
                if fuller:
                    found = max(fuller, key=lambda a: (len(a.name), a.id == actor_id)).id
            self.canonicals[actor_id] = found
        return self.canonicals[actor_id]

    def _lookup(self, name: str, label: str) -> str | None:
        """An actor known by this name, or by this surname for a person."""
        key = _name_key(name)
        if key in self.names:
            return self.names[key]
        if label == "PERSON":
            return self.names.get("surname:" + key.split()[-1])
        return None

    def _index(self, actor_id: str, name: str, kind: str, mentions) -> None:
        """Make an actor findable by its name, surname and the names it is mentioned by."""
        keys = [_name_key(name)] + [_name_key(m.text) for m in mentions if m.text[:1].isupper()]
        if kind == "person" and name.split():
            keys.append("surname:" + _name_key(name).split()[-1])
        for key in keys:
            self.names.setdefault(key, actor_id)

    def _add_mention(self, actor_id: str, span: tuple[int, int]) -> None:
        """Add a mention of an actor unless one of its mentions already overlaps it."""
        if actor_id in self.by_id and not self._overlaps(span[0], span[1], actor_id):
            self.draft.add_mention(actor_id, self.draft.span(*span))
            insort(self.mentions, (span[0], span[1], actor_id))
            self.longest = max(self.longest, span[1] - span[0])

    def _overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The known mentions (start, end, actor id) that overlap ``start``–``end``."""
        found = []
        for number in range(bisect_left(self.mentions, (end,)) - 1, -1, -1):
            mention = self.mentions[number]
            if mention[0] < start - self.longest:
                break
            if mention[1] > start:
                found.append(mention)
        return found

    def _overlaps(self, start: int, end: int, actor_id: str) -> bool:
        """True when a mention of ``actor_id`` overlaps ``start``–``end``."""
        return any(m[2] == actor_id for m in self._overlapping(start, end))

    def _actor_at(self, start: int, end: int) -> Actor | None:
        """The actor with the mention overlapping ``start``–``end`` most (as ``Draft.actor_at``)."""
        found = self._overlapping(start, end)
        if not found:
            return None
        best = max(found, key=lambda m: (min(end, m[1]) - max(start, m[0]), -m[0]))
        return self.by_id.get(best[2])

    # -- descriptions, pronouns and groups --

    def _described(self, token: Token) -> tuple[str, ...]:
        """Actors named by a description: a role word ('the president' -> the person last named
        'President …'), a known mention, a name inside it, 'both officials', 'the general'."""
        determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "predet", "nummod", "quantmod")}
        role = token.lower_ in self.lexicon.titles and bool(determiners & {"the", "this"})
        titled, known = self._titled(token.idx, token.lower_) if role else (None, None)
        if titled is not None:
            return (titled,)
        if token.lower_ in self.lexicon.titles and (named := self._set_off_name(token)):
            return (named,)
        core = self._core(token)
        actor = self._actor_at(token.idx, token.idx + len(token.text))
        if actor is None and self._is_role_of(token):
            titled, known = self._titled(token.idx, token.lower_)  # 'Mikhail Ulyanov, Russia's ambassador'
            return (titled or known or self._role_actor(token, core),)
        actor = actor or self._actor_at(*core)
        if actor is not None:
            return (self.canonical(actor.id),)
        if role:
            return (known,) if known is not None else self._recent(token.idx, "person")
        for word in token.doc.char_span(*core, alignment_mode="expand") or ():
            if word.pos_ == "PROPN" and word.ent_type_ in NAME_LABELS and (found := self.named(word)):
                return (found,)
        if token.tag_ in ("NNS", "NNPS") and determiners & (set(self.lexicon.plural_counts) | {"the", "these", "those"}):
            count = next((self.lexicon.plural_counts[d] for d in determiners if d in self.lexicon.plural_counts), None)
            return self._group(token, count)
        return ()

    def _set_off_name(self, token: Token) -> str | None:
        """The person named between commas at the end of a role phrase ("Russia's ambassador in
        Vienna, Mikhail Ulyanov, said"), wherever the parser hung the name."""
        doc = token.doc
        last = token.right_edge.i
        while last > token.i and doc[last].is_punct:
            last -= 1
        if last + 1 >= len(doc) or doc[last + 1].text != "," or doc[last].ent_type_ != "PERSON":
            return None
        first = last
        while first > token.i and doc[first].ent_iob_ == "I":
            first -= 1
        if first <= token.i or doc[first - 1].text != ",":
            return None
        return self.named(doc[last])

    def _is_role_of(self, token: Token) -> bool:
        """True for a singular role word held for a named country or body ("Ukraine's foreign
        minister", 'the Russian defence minister'): one person, whom the words identify."""
        if token.lower_ not in self.lexicon.titles or token.tag_ != "NN":
            return False
        return any(c.dep_ in ("poss", "amod", "compound") and (c.ent_type_ in ("GPE", "NORP", "ORG"))
                   for c in token.children)

    def _role_actor(self, token: Token, core: tuple[int, int]) -> str:
        """The actor for a role phrase no earlier stage linked: found by its words, else added."""
        start, end = core
        text = self.draft.text
        if text[start:start + 4].lower() == "the ":
            start += 4
        found = self._lookup(text[start:end], "ROLE")
        if found is None:
            found = self.draft.new_id("a")
            self.by_id[found] = Actor(id=found, name=text[start:end], kind="person", mentions=())
            self.draft.actors.append(self.by_id[found])
            self._index(found, text[start:end], "role", ())
        self._add_mention(found, (start, end))
        return found

    def _core(self, token: Token) -> tuple[int, int]:
        """The speaker phrase up to its head word ('Russian officials'), plus the organisation of a
        spokesperson ('a spokesman for the ministry'), but not other attached phrases."""
        last = token.i
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "from") and (
                    token.lemma_.lower() in SPOKESPEOPLE or _names_organisation(child)):
                last = max(last, child.right_edge.i)  # 'a director of the Refugee Council'
        return token.doc[_phrase_start(token)].idx, token.doc[last].idx + len(token.doc[last].text)

    def _salient_subjects(self) -> list[tuple[int, Token]]:
        """Named subjects of clauses outside quotes, reported clauses and boilerplate, in order."""
        found = []
        for sentence in self.draft.doc.sents:
            if is_shouting(sentence.text) or self.draft.in_boilerplate(sentence.start_char, sentence.end_char):
                continue
            found += [(t.idx, t) for t in sentence if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN"
                      and not _inside(self.hidden, t.idx)]
        return found

    def _kind(self, token: Token) -> str | None:
        """'person', 'org' or 'plural' for a subject word, from its actor or entity label."""
        if any(c.dep_ == "conj" for c in token.children):
            return "plural"
        actor = self._actor_at(token.idx, token.idx + len(token.text))
        kind = actor.kind if actor is not None else NAME_LABELS.get(token.ent_type_)
        if kind is None:
            kind = "organization" if token.i > 0 and token.doc[token.i - 1].lower_ == "the" else "person"
        return "person" if kind == "person" else "org"

    def _recent(self, position: int, want: str) -> tuple[str, ...]:
        """The most recent speaker or named subject before ``position`` that fits ``want``."""
        best_position, best = -1, ()
        for at, actors in reversed(self.history[max(0, len(self.history) - HISTORY_LOOKBACK):]):
            if at < position and self._fits(actors, want):
                best_position, best = at, actors
                break
        end = bisect_right(self.subjects, position - 1, key=lambda pair: pair[0])
        for at, token in reversed(self.subjects[max(0, end - SUBJECT_LOOKBACK):end]):
            if at <= best_position:
                break
            kind = self._kind(token)
            if kind == want or (want == "plural" and kind == "org"):
                actors = self._named_group(token)
                if actors and self._fits(actors, want):
                    return actors
        return best

    def _fits(self, actors: tuple[str, ...], want: str) -> bool:
        """True when resolved actors can be what a pronoun refers to."""
        kinds = [self.by_id[a].kind if a in self.by_id else "person" for a in actors]
        if want == "person":
            return len(actors) == 1 and kinds[0] == "person"
        if want == "plural":
            return len(actors) > 1 or kinds[0] != "person"
        return len(actors) == 1 and kinds[0] != "person"

    def _titled(self, position: int, title: str) -> tuple[str | None, str | None]:
        """The person last named with ``title`` in front before ``position`` ('President Obama'
        for 'the president'), and the last person whose known title holds it."""
        word = re.compile(r"\b" + re.escape(title) + r"\b")
        known = None
        for start, _, actor_id in reversed(self.mentions[:bisect_left(self.mentions, (position,))]):
            actor = self.by_id.get(actor_id)
            if actor is None or actor.kind != "person":
                continue
            before = re.split(r"[,;:\n]|\.\s", self.draft.text[max(0, start - TITLE_REACH):start])[-1]
            found = [m.end() for m in word.finditer(before.casefold())]
            if found and all(w[:1].isupper() for w in before[found[-1]:].split()):
                return self.canonical(actor_id), known
            if known is None and actor.title and word.search(actor.title.casefold()):
                known = self.canonical(actor_id)
        return None, known

    def _group(self, token: Token, count: int | None) -> tuple[str, ...]:
        """The people a plural phrase refers to: those named just before it (this sentence first,
        then up to a few sentences back, skipping boilerplate)."""
        doc, draft = token.doc, self.draft
        sentence = token.sent
        stretches = [(sentence.start_char, token.idx)]
        start = sentence.start
        while start > 0 and len(stretches) <= GROUP_SENTENCES:
            previous = doc[start - 1].sent
            start = previous.start
            if previous.text.strip() and not draft.in_boilerplate(previous.start_char, previous.end_char):
                stretches.append((previous.start_char, previous.end_char))
        wanted = count or 2
        for begin, end in stretches:
            people = self._people_in(begin, end)
            if len(people) >= wanted:
                return tuple(people[:count] if count else people)
        return ()

    def _people_in(self, start: int, end: int) -> list[str]:
        """Distinct person actors named between ``start`` and ``end`` outside quotes, in order."""
        found: list[tuple[int, str]] = []
        for entity in self.draft.doc.char_span(start, end, alignment_mode="expand").ents if end > start else ():
            if entity.label_ == "PERSON" and not _inside(self.quoted, entity.start_char):
                actor = self.named(entity.root)
                if actor is not None:
                    found.append((entity.start_char, actor))
        for mention_start, _, actor_id in self.mentions[bisect_left(self.mentions, (start,)):bisect_left(self.mentions, (end,))]:
            actor = self.by_id.get(actor_id)
            if actor is not None and actor.kind == "person" and not _inside(self.quoted, mention_start) \
                    and self.draft.text[mention_start:mention_start + 1].isupper():
                found.append((mention_start, actor_id))
        ordered: list[str] = []
        for _, actor in sorted(found):
            if actor not in ordered:
                ordered.append(actor)
        return ordered

    def _mention(self, token: Token) -> tuple[int, int] | None:
        """The words naming the speaker: the subject phrase with a name in apposition
        ('Chairman … Mark Milley') but without commas-set appositions or relative clauses."""
        doc = token.doc
        last = token.i
        for child in token.rights:
            name_after = child.dep_ == "appos" and child.pos_ == "PROPN" and not any(
                t.is_punct for t in doc[token.i + 1:child.i])
            if name_after or child.dep_ in ("conj", "cc", "prep", "compound", "flat", "nummod", "amod", "poss"):
                last = max(last, child.right_edge.i)
        first = _phrase_start(token)
        while first < token.i and (doc[first].is_punct or doc[first].is_space):
            first += 1
        while last > token.i and (doc[last].is_punct or doc[last].lower_ in REFLEXIVES):
            last -= 1
        return doc[first].idx, doc[last].idx + len(doc[last].text)


def _names_organisation(preposition: Token) -> bool:
    """True for 'of/for/at X' naming an organisation ('of the Norwegian Refugee Council')."""
    return any(c.dep_ == "pobj" and c.ent_type_ == "ORG" for c in preposition.children)


def _phrase_start(token: Token) -> int:
    """The first word of the phrase headed by ``token``, after any dash, bracket or colon in it
    (a dateline the parser hung on the subject: 'Nov 3 (Newswire) - Ukraine's minister')."""
    doc = token.doc
    first = token.left_edge.i
    for i in range(token.i - 1, first - 1, -1):
        if doc[i].text in ("-", "–", "—", "--", ")", ":") or "\n" in doc[i].text:
            return i + 1
    return first


def _name_key(name: str) -> str:
    """A name folded for matching: case and apostrophe style ignored."""
    return " ".join(name.casefold().replace("’", "'").split())


def _same_person(name: str, fuller: str) -> bool:
    """True when ``fuller`` names the same person as ``name`` at greater length: it ends with
    the whole of ``name`` ('De Blasio' / 'Bill de Blasio') or shares its first and last words
    ('Loretta Lynch' / 'Loretta E. Lynch')."""
    short, long = _name_key(name).split(), _name_key(fuller).split()
    if not short or len(long) <= len(short):
        return False
    return long[-len(short):] == short or (len(short) > 1 and short[0] == long[0] and short[-1] == long[-1])


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of character spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """True when ``position`` falls inside one of the merged ``spans``."""
    number = bisect_right(spans, position, key=lambda span: span[0]) - 1
    return number >= 0 and spans[number][0] <= position < spans[number][1]
