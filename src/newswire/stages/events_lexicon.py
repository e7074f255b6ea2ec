"""The PLOVER event lexicon: which verbs and nouns signal which event type, mode and CAMEO code.

The data lives in ``data/plover_types.json`` (the 16 PLOVER types with their modes and nearest CAMEO
codes) and ``data/plover_lexicon.json`` (trigger lemmas with the conditions under which they count).
:func:`match_trigger` decides whether one token of a parse is an event trigger.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Token

OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}
PREP_DEPS = {"prep", "prt", "agent", "advmod"}
MODIFIER_DEPS = {"compound", "amod", "nmod", "poss"}
NAMED = {"GPE", "NORP", "ORG", "PERSON"}
THREAT_AUX = {"will", "would", "'ll", "shall", "could"}
THREAT_CLAUSE_DEPS = {"dobj", "xcomp", "advcl", "conj", "pobj"}
MAX_THREAT_WORDS = 20
NOMINAL_DEPS = {"dobj", "pobj", "nsubj", "nsubjpass", "attr", "conj", "appos"}


@dataclass(frozen=True)
class Trigger:
    """A token that signals an event, with the type, mode and CAMEO code its lexicon entry gives."""

    token: Token
    type: str
    mode: str | None
    cameo: str | None
    nominal: bool
    light_only: bool = False


@dataclass(frozen=True)
class Lexicon:
    """The loaded lexicon: word classes, verb and noun entries, and the auxiliary word lists."""

    classes: dict[str, frozenset[str]]
    verbs: dict[str, list[dict[str, Any]]]
    nouns: dict[str, list[dict[str, Any]]]
    mode_cues: dict[str, list[list[Any]]]
    lists: dict[str, frozenset[str]]
    types: dict[str, dict[str, Any]]
    lemma_fixes: dict[str, str]

    def in_class(self, lemma: str, name: str) -> bool:
        """True when ``lemma`` belongs to the word class ``name``."""
        return lemma in self.classes.get(name, ())

    def cameo(self, type_: str, mode: str | None) -> str | None:
        """The nearest CAMEO code of a PLOVER type, refined by its mode when the mode has one."""
        entry = self.types.get(type_, {})
        if mode and mode in entry.get("modes", {}):
            return entry["modes"][mode]["cameo"]
        return entry.get("cameo")


def _read(name: str) -> dict[str, Any]:
    """Read one JSON data file shipped in ``newswire/data``."""
    return json.loads(resources.files("newswire").joinpath("data", name).read_text("utf-8"))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the PLOVER lexicon once."""
    raw = _read("plover_lexicon.json")
    types = _read("plover_types.json")["types"]
    lists = {key: frozenset(value) for key, value in raw.items()
             if isinstance(value, list) and key not in ("mode_cues",)}
    lists.update({f"light_{kind}": frozenset(words) for kind, words in raw["light_verbs"].items()})
    return Lexicon(
        classes={name: frozenset(words) for name, words in raw["classes"].items()},
        verbs=raw["verbs"], nouns=raw["nouns"], mode_cues=raw["mode_cues"], lists=lists, types=types,
        lemma_fixes=raw.get("lemma_fixes", {}))


def lemma(token: Token) -> str:
    """The lowercase lemma of a token (with the lexicon's fixes of known lemmatizer slips)."""
    word = token.lemma_.lower()
    return lexicon().lemma_fixes.get(word, word) if token.pos_ == "VERB" else word


def objects_of(token: Token, preps: list[str] | None = None) -> list[Token]:
    """The direct objects of ``token`` (with their conjuncts) and the objects of the given prepositions."""
    found = [child for child in token.children if child.dep_ in OBJECT_DEPS or child.dep_ == "nsubjpass"]
    for child in token.children:
        if child.dep_ in PREP_DEPS and preps and child.lower_ in preps:
            found.extend(grandchild for grandchild in child.children if grandchild.dep_ in ("pobj", "pcomp"))
    return [conjunct for item in found for conjunct in (item, *item.conjuncts)]


def _class_hit(tokens: list[Token], name: str, lex: Lexicon) -> bool:
    """True when a token (or a compound modifier of a token that is no trigger itself) is in class ``name``."""
    for token in tokens:
        words = [lemma(token)]
        if lemma(token) not in lex.nouns:
            words += [lemma(child) for child in token.children if child.dep_ == "compound"]
        if any(lex.in_class(word, name) for word in words):
            return True
    return False


def _preposition_children(token: Token) -> set[str]:
    """The lowercase particles and prepositions attached to ``token``, leaving out those of a date
    ("called him on Tuesday" has no "call on")."""
    found = {child.lower_ for child in token.children if child.dep_ in PREP_DEPS
             and not any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in child.children)}
    found |= {g.lower_ for c in token.children if c.dep_ == "advcl"  # "called for a zone to be set up"
              for g in c.children if g.dep_ == "mark" and g.lower_ == "for"}
    return found


def _conditions_hold(token: Token, entry: dict[str, Any], lex: Lexicon, nominal: bool,
                     is_actor: Callable[[Token], bool]) -> bool:
    """True when every condition of a lexicon entry holds for ``token``."""
    with_words = entry.get("with")
    if with_words and not (_preposition_children(token) & set(with_words)):
        return False
    objects = objects_of(token, with_words)
    complements = objects + [c for c in token.children if c.dep_ == "xcomp"]  # "threatened to attack"
    complements += [g for o in objects for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children if g.dep_ == "pobj"]  # "25,000 tons of food aid"
    checks = (
        ("object", lambda name: _class_hit(complements, name, lex)),
        ("not_object", lambda name: not _class_hit(complements, name, lex)),  # "struck a warmer tone"
        ("object_lemma", lambda word: any(lemma(o) == word for o in complements)),
        ("object_named", lambda wanted: any(o.pos_ == "PROPN" or o.ent_type_ in NAMED for o in objects) == wanted),
        ("object_actor", lambda wanted: any(is_actor(o) for o in objects) == wanted),
        ("needs_object", lambda wanted: bool(objects) == wanted),
        ("no_object", lambda wanted: (not any(c.dep_ == "dobj" for c in token.children)) == wanted),
        ("xcomp", lambda wanted: _has_complement(token) == wanted),
        ("not_xcomp", lambda name: not _class_hit([c for c in token.children if c.dep_ == "xcomp"], name, lex)),
        ("subject", lambda name: _class_hit(_subjects(token), name, lex)),
        ("governor", lambda words: _governor(token) in words),
        ("needs_actor_pobj", lambda wanted: any(is_actor(o) for o in objects if o.dep_ == "pobj") == wanted),
        ("plural", lambda wanted: (token.tag_ in ("NNS", "NNPS")) == wanted),
        ("of_actor", lambda wanted: _of_actor(token, is_actor) == wanted),
        ("modifier", lambda name: _modifier_in(token, name, lex)),
        ("not_modifier", lambda name: not _modifier_in(token, name, lex)),
        ("threat_clause", lambda wanted: _threat_clause(token, lex) == wanted),
    )
    return all(check(entry[key]) for key, check in checks if key in entry)


def _subjects(token: Token) -> list[Token]:
    """The subject of a verb, or the noun a participle describes ("demonstrators protesting …")."""
    subjects = [c for c in token.children if c.dep_.startswith("nsubj")]
    return subjects or ([token.head] if token.dep_ == "acl" else [])


def _governor(token: Token) -> str | None:
    """The lemma of the verb a noun is the object of, directly or through a preposition."""
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    return lemma(head) if head.i != token.i and head.pos_ == "VERB" else None


def _has_complement(token: Token) -> bool:
    """True when a verb has an infinitive, clausal or 'for' complement."""
    return any(child.dep_ in ("xcomp", "ccomp") or (child.dep_ == "prep" and child.lower_ == "for")
               for child in token.children)


def _of_actor(token: Token, is_actor: Callable[[Token], bool]) -> bool:
    """True when a noun has an 'of' phrase naming an actor or an organisation."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and (is_actor(pobj) or pobj.ent_type_ in ("ORG", "GPE", "NORP")):
                    return True
    return False


def _threat_clause(token: Token, lex: Lexicon) -> bool:
    """True when a verb reports a warning of what will follow ("warned that Moscow would respond",
    "warned that any attack would meet the full strength of our army"): a that-clause in the future
    or conditional tense that names a response, a price or force."""
    for clause in (c for c in token.children if c.dep_ == "ccomp"):
        if not any(c.dep_ == "aux" and c.lower_ in THREAT_AUX for c in clause.children):
            continue
        words = [clause] + [t for t in clause.subtree if t.dep_ in THREAT_CLAUSE_DEPS][:MAX_THREAT_WORDS]
        if any(lex.in_class(lemma(t), "consequences") for t in words):
            return True
    return False


def _modifier_in(token: Token, name: str, lex: Lexicon) -> bool:
    """True when a compound or adjective modifier of ``token`` belongs to class ``name``."""
    return any(child.dep_ in MODIFIER_DEPS and lex.in_class(lemma(child), name) for child in token.children)


def _used_as_noun(token: Token) -> bool:
    """True for a participle standing as a noun ("evacuated the wounded")."""
    return token.tag_ in ("VBN", "VBD") and token.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass") \
        and not any(c.dep_ in ("nsubj", "dobj", "aux", "auxpass") for c in token.children)


def match_trigger(token: Token, is_actor: Callable[[Token], bool]) -> Trigger | None:
    """The event trigger that ``token`` is, or None.

    ``is_actor`` tells whether a token lies in an actor mention (used by entries that need an actor
    as object). Verbs used as adjectives ("the occupied city") are not triggers, nor are nouns inside
    compounds unless the head is a word like "effort" or "package" ("a mediation effort").
    """
    lex = lexicon()
    word = lemma(token)
    if token.pos_ == "VERB" and token.dep_ not in ("amod", "compound") and not _used_as_noun(token):
        entries, nominal = lex.verbs.get(word), False
    elif (token.pos_ == "NOUN" or (token.pos_ == "ADJ" and token.dep_ in NOMINAL_DEPS)) \
            and (token.dep_ != "compound" or lemma(token.head) in lex.lists["compound_heads"]) \
            and token.text[:1].islower():
        entries, nominal = lex.nouns.get(word), True
    else:
        return None
    for entry in entries or ():
        if _conditions_hold(token, entry, lex, nominal, is_actor):
            mode = entry.get("mode")
            cameo = entry.get("cameo") or lex.cameo(entry["type"], mode)
            return Trigger(token, entry["type"], mode, cameo, nominal, bool(entry.get("light_only")))
    return None


def mode_from_cues(type_: str, words: set[str]) -> tuple[str, str, str] | None:
    """A (mode, cameo, cue) refinement for ``type_`` from the lemmas of its clause, or None."""
    lex = lexicon()
    for mode, cameo, cues in lex.mode_cues.get(type_, ()):
        cue_words = lex.classes.get(cues, frozenset()) if isinstance(cues, str) else frozenset(cues)
        hits = words & cue_words
        if hits:
            return mode, cameo, min(hits)
    return None
