"""The speech stage: who said what, as :class:`~newswire.records.Statement` records.

It finds four kinds of statement and ties each to one canonical actor per document:

- ``direct``: words inside quote marks that stand as their own sentence, attributed by a cue after
  them ('"…," he said', '"…" - Name') or before them ('She said: "…"', 'Said Name: "…"', 'X made
  this comment: "…"'), transcript lines ('"NAME: …'), or carried over from the previous statement
  when a quote continues with no cue of its own;
- ``indirect``: a reporting verb and what it reports, found in the dependency parse: a clause
  ('X warned that …'; 'X believes …' becomes a stance), 'object + to-infinitive' ('X urged Y to …'), a cue set
  inside the sentence ('The talks, X said, will …', 'As X noted, …'), the object of a preposition
  ('called for a ban', 'talked about …'), a passive with its 'by' phrase, a noun with a that-clause
  ("X's claim that …"), 'according to X, …' and headlines of the form 'Name: …';
- ``partial``: a reported clause that quotes some of its words ('called for a "political
  solution"'). Quotes not under a reporting verb (nicknames, titles, scare quotes, headings) are
  left out;
- ``stance``: an attribution without a speech verb ('X believes …', 'X accused Y of …', 'X is
  critical of …', 'X seems …'), speech held back ('did not say whether …'), and a speech verb's
  bare object ('announced his resignation'), found in :mod:`newswire.stages.speech_stance`.

Further report shapes (closing cues, hearsay adverbs, 'as reported by', named askers, colon
paragraphs, object reports) live in :mod:`newswire.stages.speech_reports`.
Speakers are resolved in :mod:`newswire.stages.speech_speakers`; the quote scanner, quote cues and
colon lines live in :mod:`newswire.stages.speech_quotes`; span trimming and the paragraph pieces of
a quote in :mod:`newswire.stages.speech_spans`; the word lists in ``data/speech_verbs.json``.
A statement found inside another one's content gets it as ``parent``; a quote that runs over
paragraph breaks gives one direct statement per paragraph, the later ones with the first as ``parent``.
"""

from __future__ import annotations

import json
import logging
from bisect import bisect_right
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from newswire.draft import Draft
from newswire.records import Statement
from newswire.stages.speech_marks import Quote, find_quotes, is_shouting, paragraph_spans
from newswire.stages.speech_quotes import (
    Candidate, Lexicon, TokenIndex, attribute_quote, colon_lines, cue_span, drop_crossing, is_standalone, is_unsaid,
    is_withheld, name_before, overlapping, subject_of,
)
from newswire.stages.speech_spans import is_heading, looks_like_title, opens_sentence, paragraph_pieces, trimmed
from newswire.stages.speech_reports import (
    HEARSAY_ADVERBS, as_reported_by, colon_paragraph, gerund_content, hearsay, is_question, loose_clause_after,
    object_content, opening_name, question, relative_report, trailing_content,
)
from newswire.stages.speech_speakers import Resolution, Speakers
from newswire.stages.speech_stance import load_stance_lexicon, stance_candidates

logger = logging.getLogger(__name__)

EMBEDDING_DEPS = {"dobj", "oprd", "attr", "acomp", "xcomp", "ccomp", "pobj", "conj", "appos",
                  "npadvmod", "amod", "compound", "advmod", "nmod", "dep", "prep"}
QUOTING_PREPOSITIONS = {"as", "of", "about", "against"}
# speech verbs whose passive with no 'by' phrase still reports something said by someone unnamed
UNNAMED_PASSIVES = {"announce", "report", "reveal", "disclose", "allege", "claim", "unveil"}
WH_WORDS = {"when", "whether", "if", "how", "why", "where", "what", "who"}
THAT_WINDOW = 15
SEPARATE_CLAUSE_DEPS = {"advcl", "conj", "ccomp", "parataxis"}
GROUP_WORDS = {"many", "some", "most", "others", "few", "all", "both", "everyone", "everybody", "nobody",
               "someone", "somebody", "anyone", "those", "one", "none", "several", "another", "each"}
FIRST_PERSON = {"i", "we"}
WORD_USING_VERBS = frozenset({"use", "coin", "type", "attack", "go", "invoke", "adopt", "chant"})


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The reporting verbs and speaker words of ``data/speech_verbs.json``."""
    raw = json.loads(resources.files("newswire.data").joinpath("speech_verbs.json").read_text("utf-8"))
    words = {key: frozenset(raw[key]) for key in (
        "speech", "weak", "directive", "infinitive", "trailer_only", "quote_only", "speaker_nouns", "titles",
        "objects", "object_needs_complement", "noun_cues", "not_quote_leaders", "plain_objects", "gerund")}
    return Lexicon(**words, particles={k: tuple(v) for k, v in raw["particles"].items()},
                   required_particles=dict(raw["required_particles"]), plural_counts=dict(raw["plural_counts"]),
                   object_preps={k: tuple(v) for k, v in raw["object_preps"].items()},
                   default_object_preps=tuple(raw["default_object_preps"]),
                   directive_particles={k: tuple(v) for k, v in raw["directive_particles"].items()})


def annotate(draft: Draft) -> None:
    """Append the document's statements to ``draft.statements`` (never raises on odd input)."""
    try:
        _annotate(draft)
    except Exception:  # noqa: BLE001 - a reading must survive any text; the skip is logged
        logger.exception("speech stage skipped document %s", draft.document.id)


def _annotate(draft: Draft) -> None:
    """Find quotes and reported clauses, resolve their speakers and append the statements."""
    lexicon = load_lexicon()
    index = TokenIndex(draft.doc)
    quotes = find_quotes(draft.text, skip=draft.in_boilerplate)
    direct, embedded = _quote_candidates(draft, quotes, index, lexicon)
    used = {c.cue_token for _, c in direct if c.cue_token is not None}
    reported = reported_candidates(draft, lexicon, used, quotes)
    reported = drop_crossing(reported, [q for q, c in direct], draft.text)
    _mark_stances(draft, reported)
    partial = _place_embedded(draft, embedded, reported, lexicon, used)
    lines = colon_lines(draft.text, draft.doc, index, draft.in_boilerplate)
    taken = used | {c.cue_token for c in reported + partial + lines if c.cue_token is not None}
    stances = stance_candidates(draft.doc, taken, lambda first, last: trimmed(draft, first, last, quotes),
                                lambda token: can_speak(token, lexicon), draft.in_boilerplate, lexicon.speech)
    stances = drop_crossing(stances, [q for q, c in direct], draft.text)
    found = [c for q, c in direct] + reported + partial + stances
    candidates = _without_overlap(draft.text, found, lines) + lines
    candidates = [piece for candidate in candidates for piece in paragraph_pieces(draft.text, candidate)]
    _mark_inner(candidates, [q for q, c in direct])
    speakers = Speakers(draft, lexicon, [c.content for c in candidates], quotes)
    draft.statements.extend(_resolve(draft, candidates, speakers))


def _without_overlap(text: str, candidates: list[Candidate], lines: list[Candidate]) -> list[Candidate]:
    """The candidates that start on none of the speaker-and-colon lines (those lines name their
    own speaker, so a quote found on one must not carry another's)."""
    spans = sorted((text.rfind("\n", 0, c.content[0]) + 1, c.content[1]) for c in lines)
    kept = []
    for candidate in candidates:
        number = bisect_right(spans, (candidate.content[0], len(text) + 1)) - 1
        if number < 0 or not spans[number][0] <= candidate.content[0] <= spans[number][1]:
            kept.append(candidate)
    return kept


# --- direct quotes ------------------------------------------------------------------------------

def _quote_candidates(draft: Draft, quotes: list[Quote], index: TokenIndex,
                      lexicon: Lexicon) -> tuple[list[tuple[Quote, Candidate]], list[Quote]]:
    """Direct statements for the standalone quotes; the embedded quotes are returned apart."""
    direct: list[tuple[Quote, Candidate]] = []
    embedded: list[Quote] = []
    text = draft.text
    for number, quote in enumerate(quotes):
        if not is_standalone(text, quote, draft.doc, index, lexicon):
            embedded.append(quote)
            continue
        next_start = quotes[number + 1].start if number + 1 < len(quotes) else len(text)
        previous_end = quotes[number - 1].end if number else 0
        found = attribute_quote(quote, next_start, previous_end, draft.doc, index, lexicon)
        content = (quote.content_start, quote.content_end)
        if found is None and looks_like_title(text, quote):
            continue
        if found is not None:
            cue = cue_span(found.cue, lexicon) if found.cue is not None else None
            cue_token = found.cue.i if found.cue is not None else None
            direct.append((quote, Candidate("direct", content, cue, found.speaker, cue_token)))
        elif opens_sentence(text, quote) and not is_heading(text, quote):
            direct.append((quote, Candidate("direct", content, None, None, carry=True)))
    return direct, embedded


# --- quotes inside reported speech ---------------------------------------------------------------

def _place_embedded(draft: Draft, embedded: list[Quote], reported: list[Candidate],
                    lexicon: Lexicon, used: set[int]) -> list[Candidate]:
    """Mark reported clauses that quote some of their words as partial; a quote that is the object
    of a reporting verb ('called it "a disaster"') becomes a partial statement of its own.
    Quotes under no reporting verb (scare quotes, nicknames, titles) are dropped."""
    hosts = sorted(reported, key=lambda c: c.content[0])
    added: list[Candidate] = []
    for quote in embedded:
        if looks_like_title(draft.text, quote, embedded=True):
            continue
        host = _host(hosts, quote)
        if host is not None:
            host.kind = "partial" if host.kind == "indirect" else host.kind
            continue
        verb = _reporting_ancestor(draft, quote, lexicon)
        if verb is None or verb.i in used:
            continue
        subject = subject_of(verb)
        if subject is not None and can_speak(subject, lexicon) and not quote.contains(subject.idx, subject.idx + 1):
            used.add(verb.i)
            content = (quote.content_start, quote.content_end)
            kind = "partial" if lexicon.reports(verb) or verb.lemma_.lower() in lexicon.quote_only else "stance"
            added.append(Candidate(kind, content, cue_span(verb, lexicon), subject, verb.i))
    return added


def _host(hosts: list[Candidate], quote: Quote) -> Candidate | None:
    """The innermost reported clause whose content holds the whole quote."""
    position = bisect_right(hosts, quote.start, key=lambda c: c.content[0])
    best = None
    for candidate in reversed(hosts[max(0, position - 12):position]):
        start, end = candidate.content
        if start <= quote.start and quote.end <= end and (best is None or end - start < best.content[1] - best.content[0]):
            best = candidate
    return best


def _reporting_ancestor(draft: Draft, quote: Quote, lexicon: Lexicon) -> Token | None:
    """The reporting verb a quote hangs from as object or complement, if any."""
    span = draft.doc.char_span(quote.content_start, quote.content_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    head = span.root
    for _ in range(6):
        if head.dep_ not in EMBEDDING_DEPS or head.head.i == head.i:
            return None
        if head.dep_ == "prep" and head.lower_ not in QUOTING_PREPOSITIONS:
            return None
        head = head.head
        lemma = head.lemma_.lower()
        if head.pos_ == "VERB" and (lemma in lexicon.speech or lemma in lexicon.quote_only or lemma in quoting_verbs()):
            return head
    return None


@lru_cache(maxsize=1)
def quoting_verbs() -> frozenset[str]:
    """Verbs besides the speech verbs whose quoted object is someone's words: the stance verbs
    ('attacked "the hateful ideology"') and verbs of using words ('has used the phrase "…"')."""
    return load_stance_lexicon().verbs | WORD_USING_VERBS


def _mark_stances(draft: Draft, reported: list[Candidate]) -> None:
    """Reports whose verb names a belief or wish, not speech ('X believes …'), are stances."""
    kind_verbs = load_stance_lexicon().kind_verbs
    for candidate in reported:
        if candidate.cue_token is not None and draft.doc[candidate.cue_token].lemma_.lower() in kind_verbs:
            candidate.kind = "stance"


def _mark_inner(candidates: list[Candidate], standalone: list[Quote]) -> None:
    """Flag the statements that lie inside the words of a direct quote (nested attribution)."""
    for candidate in candidates:
        if candidate.kind == "direct":
            continue
        start, end = candidate.extent
        candidate.inner = any(q.contains(start, end) for q in overlapping(standalone, start, end))


# --- reported speech ----------------------------------------------------------------------------

def reported_candidates(draft: Draft, lexicon: Lexicon, used: set[int], quotes: list[Quote]) -> list[Candidate]:
    """Indirect statements from reporting verbs with a reported clause, and 'according to X'."""
    found: list[Candidate] = []
    for sentence in draft.doc.sents:
        if is_shouting(sentence.text) or draft.in_boilerplate(sentence.start_char, sentence.end_char):
            continue
        for token in sentence:
            if token.lower_ == "according" and token.i not in used:
                candidate = _according_to(draft, token, quotes)
            elif token.lower_ in HEARSAY_ADVERBS:
                candidate = hearsay(draft, token, quotes)
            elif token.i not in used and token.tag_ == "VBN" and lexicon.reports(token) and token.dep_ == "advcl" and (
                    candidate := as_reported_by(draft, token, quotes, lambda source: can_speak(source, lexicon))):
                pass
            elif token.i not in used and is_question(token):
                candidate = question(draft, token, quotes, lambda source: can_speak(source, lexicon))
            elif token.i not in used and lexicon.reports(token):
                candidate = _reported_clause(draft, token, lexicon, quotes)
            elif token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.noun_cues:
                candidate = _noun_cue(draft, token, quotes)
            else:
                continue
            if candidate is not None:
                found.append(candidate)
    return found


def _reported_clause(draft: Draft, verb: Token, lexicon: Lexicon, quotes: list[Quote]) -> Candidate | None:
    """An indirect statement headed by ``verb``, or None when it reports no clause or no speaker."""
    if any(c.dep_ == "auxpass" for c in verb.children) and not _has_clitic(verb):
        return _passive(draft, verb, lexicon, quotes)
    withheld = is_withheld(verb)
    if is_unsaid(verb) and not withheld:
        return None
    if _is_free_relative(verb):
        return relative_report(draft, verb, lexicon, quotes)
    lemma = verb.lemma_.lower()
    wanted = lexicon.required_particles.get(lemma)
    if wanted and not any(c.dep_ in ("prt", "prep") and c.lower_ == wanted for c in verb.children):
        return None
    content = (_reported_content(draft, verb, lexicon, quotes) or gerund_content(draft, verb, lexicon, quotes)
               or object_content(draft, verb, lexicon, quotes)
               or _aside_content(draft, verb, quotes) or trailing_content(draft, verb, quotes)
               or colon_paragraph(draft, verb, quotes))
    subject = subject_of(verb) or name_before(verb) or opening_name(verb)
    if content is None or subject is None or (subject.idx <= content[0] < subject.idx + len(subject.text)):
        return None
    directing = lemma in lexicon.directive and any(c.dep_ == "xcomp" and _is_infinitive(c) for c in verb.children)
    if (lemma in lexicon.weak or directing) and not can_speak(subject, lexicon):
        return None
    return Candidate("stance" if withheld else "indirect", content, cue_span(verb, lexicon), subject, verb.i)


def _has_clitic(verb: Token) -> bool:
    """True for "who's called for …" read as a passive: the clitic is 'has' when no 'by' phrase
    follows and the verb takes a preposition ('’s called for', '’s spoken about')."""
    auxiliary = next((c for c in verb.children if c.dep_ == "auxpass"), None)
    return (auxiliary is not None and auxiliary.lower_ in ("'s", "’s") and verb.tag_ == "VBN"
            and not any(c.dep_ == "agent" for c in verb.children)
            and any(c.dep_ == "prep" and c.lower_ in ("for", "about", "on", "against") for c in verb.rights))


def _passive(draft: Draft, verb: Token, lexicon: Lexicon, quotes: list[Quote]) -> Candidate | None:
    """A passive report with its speaker in a 'by' phrase ('the plan is supported by the unions',
    'it was first reported by the Post'): the passive subject or the clause is the report."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    source = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    unnamed = agent is None and verb.lemma_.lower() in UNNAMED_PASSIVES  # 'the move was announced on Monday'
    if (source is None or not can_speak(source, lexicon)) and not unnamed or is_unsaid(verb):
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    target = clause or next((c for c in verb.children if c.dep_ == "nsubjpass" and c.pos_ != "PRON"), None)
    if target is None or verb.lemma_.lower() not in lexicon.objects and clause is None:
        return None
    content = trimmed(draft, target.left_edge.i, target.right_edge.i, quotes)
    if content is None:
        return None
    return Candidate("indirect", content, cue_span(verb, lexicon), source, verb.i, unnamed=source is None)


def _noun_cue(draft: Draft, noun: Token, quotes: list[Quote]) -> Candidate | None:
    """A report named by a noun with its clause: "Trump's claim that …", 'a Times report that …'.
    The owner of the noun (possessive or name before it) is the speaker."""
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl", "appos")
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    owner = next((c for c in noun.children if c.dep_ == "poss" and c.lower_ != "its"), None)
    if owner is None:
        names = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        owner = names[-1] if names else None
    if clause is None or owner is None:
        return None
    content = trimmed(draft, clause.left_edge.i, clause.right_edge.i, quotes)
    if content is None:
        return None
    return Candidate("indirect", content, (noun.idx, noun.idx + len(noun.text)), owner, noun.i)


def _is_free_relative(verb: Token) -> bool:
    """True for 'what they claim is …' and 'a step that it said could fail': the verb sits in a
    relative clause about a thing, whose relative word is the subject of the reported clause."""
    if any(c.tag_ in ("WP", "WDT") and (c.dep_ == "dobj" or c.lower_ in ("what", "whatever")) for c in verb.children):
        return True
    if any(c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass") and g.tag_ in ("WDT", "WP") and g.i < verb.i
                                     for g in c.children) for c in verb.children):
        return True
    relative = any(c.dep_ == "mark" and c.lower_ in ("that", "which") and c.i < verb.i for c in verb.children)
    return relative and any(c.dep_ == "ccomp" and c.i > verb.i and not any(
        g.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for g in c.children) for c in verb.children)


def can_speak(subject: Token, lexicon: Lexicon) -> bool:
    """True when a subject can be a speaker: a name, a pronoun for people, or a speaking noun."""
    if subject.pos_ == "PROPN" or subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if subject.pos_ == "PRON":
        return subject.lower_ in ("he", "she", "they", "we", "i", "who", "it") or subject.lower_ in GROUP_WORDS
    if subject.tag_ == "NNS" or subject.lower_ in GROUP_WORDS:
        return True  # 'environmentalists say …', 'many of his supporters believe …'
    if any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in subject.children):
        return True  # 'his partner, Lawrence Cummings, called …'
    if subject.pos_ == "NOUN" and any(c.dep_ == "prep" and c.lower_ == "of" and any(
            g.dep_ == "pobj" and g.ent_type_ in ("GPE", "ORG") for g in c.children) for c in subject.children):
        return True  # 'the city of Phoenix is demanding …', 'the government of Mali asked …'
    return subject.lemma_.lower() in lexicon.speaker_nouns or subject.lower_ in lexicon.speaker_nouns


def _reported_content(draft: Draft, verb: Token, lexicon: Lexicon, quotes: list[Quote]) -> tuple[int, int] | None:
    """The reported clause of ``verb``: its clausal complement, a 'that'-clause the parser hung
    elsewhere, 'object + to-infinitive' for directives, or a 'to'-infinitive for promises."""
    lemma = verb.lemma_.lower()
    has_object = any(c.dep_ == "dobj" for c in verb.children)
    after = [c for c in verb.rights if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX", "ADJ") or _bare_clause(c)
             and not (has_object and c.left_edge.lower_ in ("when", "where"))]  # 'described X as Y when …'
    if after:  # several clauses after the verb are one report the parser split
        return trimmed(draft, after[0].left_edge.i, after[-1].right_edge.i, quotes)
    clause = _that_clause(verb) or next((c for c in reversed(list(verb.lefts)) if c.dep_ == "ccomp"), None)
    if clause is not None:
        return trimmed(draft, clause.left_edge.i, clause.right_edge.i, quotes)
    infinitive = next((c for c in verb.rights if c.dep_ in ("xcomp", "ccomp") and _is_infinitive(c)), None)
    if infinitive is None:
        return None
    needed = (lexicon.directive_particles or {}).get(lemma)
    if lemma in lexicon.directive and not (needed and not any(c.lower_ in needed for c in verb.children)):
        first = next((c for c in verb.rights if c.dep_ in ("dobj", "dative", "pobj", "prep", "prt", "nsubj")
                      and c.i < infinitive.i), None)
        if first is None:
            return None
        start = first.i + 1 if first.dep_ in ("prep", "prt") else first.left_edge.i  # 'called on X to …'
        return trimmed(draft, start, infinitive.right_edge.i, quotes)
    if lemma in lexicon.infinitive:
        return trimmed(draft, infinitive.left_edge.i, infinitive.right_edge.i, quotes)
    return None


def _aside_content(draft: Draft, verb: Token, quotes: list[Quote]) -> tuple[int, int] | None:
    """The report of a cue set in the middle or at the end of its sentence ('The museum, Mr. Bush
    said, celebrated …', 'It was a mistake, she said.'): the clause the cue interrupts."""
    head = verb.head
    if head.i == verb.i or any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children):
        return None
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        if verb.i < head.i:  # 'As Mr. Bown observed, the early days …'
            return trimmed(draft, verb.right_edge.i + 1, head.right_edge.i, quotes)
        clause = loose_clause_after(verb)
        if clause is not None:  # '… as the UN warns famine is imminent': the parser cut the clause loose
            return trimmed(draft, verb.i + 1, clause.right_edge.i, quotes)
        return trimmed(draft, head.left_edge.i, verb.left_edge.i - 1, quotes)
    if verb.dep_ != "parataxis":
        return None
    sentence = verb.sent
    first = head.left_edge.i
    last = head.right_edge.i
    if verb.i < first or verb.i > last or first == sentence.start and verb.i == sentence.start + 1:
        return None
    return trimmed(draft, first, last, quotes)


def _bare_clause(child: Token) -> bool:
    """True for a clause the parser hung as an adverbial but which is a report: it has a subject
    of its own and no subordinating word but a question word ('said after the talks he would not
    stay', 'did not say when they would vote')."""
    return (child.dep_ == "advcl" and child.pos_ in ("VERB", "AUX")
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
            and not any(c.dep_ in ("mark", "advmod") and c.i < child.i and c.lower_ not in WH_WORDS
                        for c in child.children))


def _that_clause(verb: Token) -> Token | None:
    """A 'that'-clause the parser hung on a word after the verb ('said in a statement that …',
    'warned that Russia's ability …' read as an object): the head of the clause, or None."""
    for token in verb.doc[verb.i + 1:min(len(verb.doc), verb.i + THAT_WINDOW)]:
        if token.text in ".;:!?\n" or token.dep_ == "ccomp" or token.lower_ in ("and", "but"):
            return None
        if token.lower_ == "that" and token.dep_ in ("mark", "dobj", "advmod") and _hangs_on(token.head, verb):
            return token.head  # 'tweeted … that X was "disgusting"' is parsed with 'that' as an object
    return None


def _hangs_on(clause: Token, verb: Token) -> bool:
    """True when ``clause`` hangs on ``verb`` through nouns, prepositions or a relative clause the
    parser made of it ('said at the time that …'), not through another clause of the sentence
    ('urged X to act, warning that …')."""
    for ancestor in clause.ancestors:
        if ancestor.i == verb.i:
            return True
        if ancestor.pos_ in ("VERB", "AUX") and ancestor.dep_ in SEPARATE_CLAUSE_DEPS:
            return False
    return False


def _is_infinitive(clause: Token) -> bool:
    """True for a 'to'-infinitive clause ('to find a solution')."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _according_to(draft: Draft, token: Token, quotes: list[Quote]) -> Candidate | None:
    """'According to X, …' / '…, according to X': X is the speaker, the rest of the sentence the content."""
    doc = draft.doc
    if token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    source = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    sentence = token.sent
    phrase_end = source.right_edge.i
    before = (sentence.start, token.i - 1)
    after = (phrase_end + 1, sentence.end - 1)
    spans = [s for s in (after, before) if s[1] >= s[0]]
    if not spans:
        return None
    start, end = max(spans, key=lambda s: doc[s[1]].idx - doc[s[0]].idx)
    content = trimmed(draft, start, end, quotes)
    if content is None or len(draft.text[content[0]:content[1]].split()) < 2:
        return None  # 'According to MSNBC, basically.'
    return Candidate("indirect", content, (token.idx, doc[token.i + 1].idx + 2), source, token.i)


# --- speakers and records -----------------------------------------------------------------------

def _resolve(draft: Draft, candidates: list[Candidate], speakers: "Speakers") -> list[Statement]:
    """Tie every candidate to its speakers, in document order, and build the statements."""
    paragraphs = [start for start, _ in paragraph_spans(draft.text)]
    resolved: list[tuple[Candidate, Resolution]] = []
    first_pieces: dict[int, Resolution] = {}
    quoted_selves: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.key):
        if draft.in_boilerplate(*candidate.extent):
            continue
        if candidate.inner and candidate.subject is not None and candidate.subject.lower_ in FIRST_PERSON:
            quoted_selves.append(candidate)  # 'I told them …' inside a quote: its speaker is the quote's
            continue
        if candidate.continues is not None:  # a later paragraph of a quote: its first piece's speaker
            if id(candidate.continues) in first_pieces:
                resolved.append((candidate, first_pieces[id(candidate.continues)]))
            continue
        if candidate.carry:
            found = _carried(candidate, resolved, paragraphs)
        elif (candidate.subject is not None and not candidate.inner and candidate.kind in ("direct", "stance")
              and candidate.subject.lower_ in ("i", "we")):
            subject = candidate.subject  # the writer's own words or views: no actor, but a speaker
            found = Resolution((), None, (subject.idx, subject.idx + len(subject.text)))
        elif candidate.subject is None and (candidate.kind == "stance" or candidate.unnamed) and not candidate.inner:
            found = Resolution((), None, None)  # the article's own voice ('X seems …') or no one named
            resolved.append((candidate, found))
            continue
        elif candidate.subject is not None:
            found = speakers.resolve(candidate.subject, inner=candidate.inner)
        else:
            found = Resolution((), None, None)
        if found is None or (not found.actors and (candidate.inner or found.mention is None or _is_it(candidate))):
            continue  # an 'it' that names no organisation before it is the writer's ('it suggests')
        if candidate.carry and not found.actors:
            continue
        found = _relative_mention(draft, candidate, found)
        speakers.remember(candidate.key, found)
        resolved.append((candidate, found))
        first_pieces[id(candidate)] = found
    resolved.extend(_quoted_selves(quoted_selves, resolved))
    return _statements(draft, resolved)


def _quoted_selves(candidates: list[Candidate], resolved: list[tuple[Candidate, "Resolution"]]
                   ) -> list[tuple[Candidate, "Resolution"]]:
    """Reports in the first person inside a quote ('"I told them we would stay," she said'): said
    by the speaker of the quote holding them (quotes do not nest, so the last one opening before)."""
    hosts = sorted(((c.content, r) for c, r in resolved if c.kind == "direct" and (r.actors or r.name)),
                   key=lambda pair: pair[0])
    starts = [content[0] for content, _ in hosts]
    found = []
    for candidate in candidates:
        number = bisect_right(starts, candidate.content[0]) - 1
        if number < 0 or hosts[number][0][1] < candidate.content[1]:
            continue
        host, subject = hosts[number][1], candidate.subject
        found.append((candidate, Resolution(host.actors, host.name, (subject.idx, subject.idx + len(subject.text)))))
    return found


def _is_it(candidate: Candidate) -> bool:
    """True for a candidate whose speaker word is 'it'."""
    return candidate.subject is not None and candidate.subject.lower_ == "it"


def _relative_mention(draft: Draft, candidate: Candidate, found: Resolution) -> Resolution:
    """For 'X, who said …' the speaker is X, but the words naming it in the cue's clause are 'who'."""
    if candidate.cue_token is None or not found.actors:
        return found
    verb = draft.doc[candidate.cue_token]
    relative = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "which", "that")),
                    None)
    if relative is None or verb.dep_ != "relcl":
        return found
    return Resolution(found.actors, found.name, (relative.idx, relative.idx + len(relative.text)))


def _carried(candidate: Candidate, resolved: list[tuple[Candidate, "Resolution"]],
             paragraphs: list[int]) -> "Resolution | None":
    """The speaker of the statement just before a cue-less quote, when it is in the same or the
    previous paragraph (a quote that goes on with no new cue)."""
    start = candidate.content[0]
    earlier = [(c, r) for c, r in resolved[-12:] if not c.inner and c.content[0] < start and r.actors]
    if not earlier:
        return None
    previous, found = max(earlier, key=lambda pair: pair[0].content[0])
    gap = bisect_right(paragraphs, start) - bisect_right(paragraphs, previous.content[1])
    return Resolution(found.actors, found.name, None) if gap <= 1 else None


def _statements(draft: Draft, resolved: list[tuple[Candidate, "Resolution"]]) -> list[Statement]:
    """Build the statements in document order, with ids and the parent of each nested one."""
    ordered = sorted(resolved, key=lambda pair: pair[0].extent)
    ids = [draft.new_id("s") for _ in ordered]
    id_of = {id(candidate): ids[number] for number, (candidate, _) in enumerate(ordered)}
    statements = []
    for number, (candidate, found) in enumerate(ordered):
        parent = id_of.get(id(candidate.continues)) if candidate.continues else _parent(ordered, number, ids)
        statements.append(Statement(
            id=ids[number], speaker=found.actors[0] if found.actors else None, speaker_name=found.name,
            kind=candidate.kind, cue=draft.span(*candidate.cue) if candidate.cue else None,
            content=draft.span(*candidate.content), speakers=found.actors,
            speaker_mention=draft.span(*found.mention) if found.mention else None, parent=parent))
    return statements


def _parent(ordered: list[tuple[Candidate, "Resolution"]], number: int, ids: list[str]) -> str | None:
    """The id of the smallest earlier-starting statement whose content holds this one."""
    start, end = ordered[number][0].extent
    best, best_size = None, None
    for other in range(number - 1, max(-1, number - 24), -1):
        outer_start, outer_end = ordered[other][0].content
        if outer_start <= start and end <= outer_end and (best_size is None or outer_end - outer_start < best_size):
            best, best_size = ids[other], outer_end - outer_start
    return best
