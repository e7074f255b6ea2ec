"""PLOVER contexts of an event: the topics (military, diplomatic, territory …) its sentence names.

PLOVER's ``context`` says what an event is about, apart from what kind of event it is: a meeting
about arms control and a meeting about trade are both CONSULT, one with a ``military`` (or
``cbrn``) context and one with an ``economic`` context. The manual leaves contexts to the coder;
here they come from words alone: every context has a list of trigger lemmas and multiword phrases
(``data/plover_contexts.json``, written by the team from the manual's definitions), and the event
gets the contexts whose words occur in its sentence, the most supported first, at most
:data:`MAX_CONTEXTS`, returned sorted. The event type adds nothing by itself: an ASSAULT by
"gunmen" is not military unless the words say so. Measured on the PLOVER gold records
(``newswire evaluate plover-gsr``), giving a word-less ASSAULT/MOBILIZE ``military``, a CONSULT or
AGREE ``diplomatic`` or a SANCTION ``economic`` changed recall by at most one record in each half
of the file, so no such rule is applied. ``event`` is taken so such a rule can be added later.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from spacy.tokens import Span as TokenSpan

from newswire.draft import Draft
from newswire.records import Event

MAX_CONTEXTS = 3
LONGEST_SENTENCE = 400  # tokens: a longer "sentence" is a run-on list, read only its first part


class ContextLexicon(NamedTuple):
    """Trigger words of every context: single lemmas, and phrases keyed by their first word."""

    names: tuple[str, ...]
    words: dict[str, tuple[str, ...]]
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]


@lru_cache(maxsize=1)
def context_lexicon() -> ContextLexicon:
    """Load ``plover_contexts.json`` once."""
    raw = json.loads(resources.files("newswire.data").joinpath("plover_contexts.json").read_text("utf-8"))
    words: dict[str, list[str]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name, entry in raw["contexts"].items():
        for word in entry.get("lemmas", ()):
            words.setdefault(word.lower(), []).append(name)
        for phrase in entry.get("phrases", ()):
            phrases.setdefault(phrase[0].lower(), []).append((tuple(w.lower() for w in phrase), name))
    return ContextLexicon(tuple(raw["contexts"]), {w: tuple(n) for w, n in words.items()},
                          {w: tuple(p) for w, p in phrases.items()})


def context_names() -> tuple[str, ...]:
    """Every PLOVER context name newswire can assign."""
    return context_lexicon().names


def _forms(token) -> tuple[str, ...]:
    """The forms a token is looked up by: its lemma and its lowercase text."""
    lemma, lower = token.lemma_.lower(), token.lower_
    return (lemma,) if lemma == lower else (lemma, lower)


def _phrase_at(tokens: list, start: int, phrase: tuple[str, ...]) -> bool:
    """Whether ``phrase`` matches the tokens from ``start`` on, by lemma or lowercase text."""
    if start + len(phrase) > len(tokens):
        return False
    return all(word in _forms(tokens[start + n]) for n, word in enumerate(phrase))


def sentence_support(tokens: list) -> Counter:
    """How many trigger words and phrases of each context the tokens hold (one vote per token).

    A word inside a matched phrase votes only through the phrase: "war crimes" is legal, not
    military and crime.
    """
    lexicon = context_lexicon()
    support: Counter = Counter()
    covered_until = 0
    for position, token in enumerate(tokens):
        found: set[str] = set()
        for form in _forms(token):
            for phrase, name in lexicon.phrases.get(form, ()):
                if _phrase_at(tokens, position, phrase):
                    found.add(name)
                    covered_until = max(covered_until, position + len(phrase))
        if not found and position >= covered_until:
            for form in _forms(token):
                found.update(lexicon.words.get(form, ()))
        support.update(found)
    return support


def contexts_for(draft: Draft, event_sentence_span: TokenSpan, event: Event) -> tuple[str, ...]:
    """The PLOVER contexts the event's sentence supports, sorted, at most :data:`MAX_CONTEXTS`.

    Words inside boilerplate are left out. Never raises: odd input gives no contexts.
    """
    try:
        tokens = [t for t in event_sentence_span[:LONGEST_SENTENCE]
                  if not t.is_space and not draft.in_boilerplate(t.idx, t.idx + len(t.text))]
        support = sentence_support(tokens)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return ()
    ranked = sorted(support, key=lambda name: (-support[name], name))
    return tuple(sorted(ranked[:MAX_CONTEXTS]))
