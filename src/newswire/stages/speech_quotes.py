"""Finding what was said, for the speech stage: the cues of quotations and reported clauses.

Nothing here knows about actors; :mod:`newswire.stages.speech` resolves speakers and builds records.
Quotation marks are paired into :class:`Quote` spans by :mod:`newswire.stages.speech_marks`.

:func:`attribute_quote` reads the words around a standalone quote for its cue and speaker;
:func:`subject_of` and its neighbours find who speaks in the parse of a reporting verb.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newswire.datelines import after_dateline
from newswire.stages.speech_marks import DOUBLE_MARKS, SINGLE_MARKS, Quote, paragraph_spans

WITHHOLDING = {"decline", "refuse", "fail", "hesitate", "avoid"}


@dataclass
class Candidate:
    """A statement found but not yet tied to a speaker."""

    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    subject: Token | None
    cue_token: int | None = None
    carry: bool = False
    inner: bool = False
    continues: "Candidate | None" = None  # the first piece of a quote that runs over paragraphs
    unnamed: bool = False  # reported with no speaker named ('… reportedly …', '… was announced')

    @property
    def key(self) -> int:
        """Where the speaker is named (or the content starts): the order speakers are resolved in."""
        return self.subject.idx if self.subject is not None else self.content[0]

    @property
    def extent(self) -> tuple[int, int]:
        """The stretch of text covering the cue and the content."""
        if self.cue is None:
            return self.content
        return min(self.cue[0], self.content[0]), max(self.cue[1], self.content[1])


# --- the words around a quote -------------------------------------------------------------------

SENTENCE_END = {".", "!", "?"}
DASHES = {"-", "–", "—", "--", "―"}
LEADER_ENDS = {":", ",", "—", "–", "-", "("}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
RELATIVE_WORDS = {"who", "which", "that", "whom"}
INHERITING_DEPS = {"advcl", "xcomp", "conj", "acl", "pcomp", "dep", "relcl"}
TRAILER_TOKENS = 16
LEADER_TOKENS = 20


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``data/speech_verbs.json`` (see its ``_format``)."""

    speech: frozenset[str]
    weak: frozenset[str]
    directive: frozenset[str]
    infinitive: frozenset[str]
    trailer_only: frozenset[str]
    quote_only: frozenset[str]
    particles: dict[str, tuple[str, ...]]
    required_particles: dict[str, str]
    speaker_nouns: frozenset[str]
    titles: frozenset[str]
    plural_counts: dict[str, int]
    objects: frozenset[str] = frozenset()
    object_preps: dict[str, tuple[str, ...]] | None = None
    object_needs_complement: frozenset[str] = frozenset()
    noun_cues: frozenset[str] = frozenset()
    not_quote_leaders: frozenset[str] = frozenset()
    default_object_preps: tuple[str, ...] = ()
    plain_objects: frozenset[str] = frozenset()
    directive_particles: dict[str, tuple[str, ...]] | None = None
    gerund: frozenset[str] = frozenset()

    def reports(self, token: Token, *, trailer: bool = False) -> bool:
        """True when ``token`` is a verb that attributes speech (after a quote if ``trailer``)."""
        if token.pos_ not in ("VERB", "AUX") or token.tag_ == "MD":
            return False
        lemma = token.lemma_.lower()
        if lemma == "put":  # 'as X put it, "…"'
            return trailer and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "it"
        if lemma in self.quote_only:
            return False
        return lemma in self.speech or (trailer and lemma in self.trailer_only)


@dataclass(frozen=True)
class QuoteCue:
    """How a standalone quote is attributed: the reporting verb and the speaker's head word."""

    cue: Token | None
    speaker: Token | None


class TokenIndex:
    """Finds the tokens of a parsed document by character offset (binary search)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.starts = [token.idx for token in doc]

    def at_or_after(self, char: int) -> int:
        """Index of the first token starting at or after ``char`` (``len(doc)`` if none)."""
        return bisect_left(self.starts, char)

    def before(self, char: int) -> int:
        """Index of the last token starting before ``char`` (-1 if none)."""
        return bisect_left(self.starts, char) - 1


def cue_span(verb: Token, lexicon: Lexicon) -> tuple[int, int]:
    """Character span of a reporting verb, with its particle ('pointed out')."""
    end = verb.idx + len(verb.text)
    if verb.lower_ == "according" and verb.i + 1 < len(verb.doc):
        return verb.idx, verb.doc[verb.i + 1].idx + len(verb.doc[verb.i + 1].text)
    wanted = lexicon.particles.get(verb.lemma_.lower(), ())
    for child in verb.rights:
        if child.dep_ == "prt" and child.lower_ in wanted and child.i <= verb.i + 2:
            end = child.idx + len(child.text)
    return verb.idx, end


def subject_of(verb: Token) -> Token | None:
    """The head word of the subject of ``verb``, climbing to the clause it hangs from when the verb
    has none of its own ('…, warning that …', 'a statement saying …', 'who said …')."""
    current = verb
    for _ in range(4):
        subject = _nearest_subject(current)
        if subject is not None:
            if subject.lower_ in RELATIVE_WORDS and current.dep_ == "relcl":
                return current.head
            return None if subject.lower_ in ("there",) else subject
        if current.dep_ not in INHERITING_DEPS or current.head.i == current.i:
            return None
        current = current.head
        while current.pos_ in ("NOUN", "PROPN", "ADP") and current.head.i != current.i:
            current = current.head  # 'issued a statement saying …', 'said in a statement saying …'
    return None


def by_phrase(verb: Token) -> Token | None:
    """The object of a passive verb's 'by' phrase ('was reported by the Post' -> Post), or None."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None


def name_before(verb: Token) -> Token | None:
    """The name just before a reporting verb the parser left without a subject, past a description
    set off by commas ('… on Dec. 2, Col. Steven Warren, a military spokesman, said', with the
    name read as part of the date): the speaker is that name."""
    doc, start = verb.doc, verb.sent.start
    if verb.dep_ != "ROOT" or verb.i - 1 < start:
        return None
    position = verb.i - 1
    if doc[position].text == ",":
        position -= 1
        while position > start and doc[position].text != "," and doc[position].pos_ not in ("VERB", "AUX"):
            position -= 1
        if position <= start or doc[position].text != ",":
            return None
        position -= 1
    before = doc[position]
    return before if before.pos_ == "PROPN" and before.ent_type_ not in ("DATE", "TIME", "CARDINAL") else None


def _nearest_subject(verb: Token) -> Token | None:
    """The subject of ``verb`` nearest to it, never a dateline ('KYIV, Nov 3 - Ukraine's minister
    said': the parser makes the dateline city a second subject)."""
    subjects = [_past_dateline(c) for c in verb.children if c.dep_ in SUBJECT_DEPS]
    subjects = [c for c in subjects if c is not None]
    before = [c for c in subjects if c.i < verb.i]
    if len(before) >= 2 and _apposition_read_as_subject(before[-2], before[-1]):
        return before[-2]
    return before[-1] if before else (subjects[0] if subjects else None)


def _apposition_read_as_subject(name: Token, description: Token) -> bool:
    """True for a name and its description set off by a comma that the parser made two subjects
    ('COGAT, the defence ministry body that handles aid, denied …'): the name is the subject."""
    opening = description.left_edge.i
    return (name.pos_ == "PROPN" and description.pos_ == "NOUN" and opening > 0
            and description.doc[opening - 1].text == "," and name.right_edge.i == opening - 2)


def _past_dateline(subject: Token) -> Token | None:
    """``subject``, or for a dateline the parser made the subject ('WASHINGTON -- President Obama,
    …, said') the name set beside it; None for a dateline alone."""
    if not is_dateline(subject):
        return subject
    return next((c for c in subject.children if c.dep_ == "appos" and c.pos_ in ("PROPN", "NOUN")), None)


def is_dateline(token: Token) -> bool:
    """True for the place word of a dateline ('KYIV, Nov 3 -', 'WASHINGTON -'): a word in capitals
    inside the dateline that opens its line (see :mod:`newswire.datelines`)."""
    if not (token.text.isupper() and token.is_alpha):
        return False
    text = token.doc.text
    return after_dateline(text, text.rfind("\n", 0, token.idx) + 1) > token.idx


def is_standalone(text: str, quote: Quote, doc: Doc, index: TokenIndex, lexicon: Lexicon) -> bool:
    """True when a quote stands as its own sentence or follows a colon, comma, dash or a reporting
    verb, rather than sitting inside the writer's own clause ('called it a "disaster"')."""
    position = quote.start - 1
    if position >= 0 and text[position] == text[quote.start] == "'":
        position -= 1  # the first half of a doubled apostrophe ('' … '') opens the same quote
    while position >= 0 and text[position] in " \t":
        position -= 1
    if position < 0 or text[position] in "\n\r.!?:;,([—–-" or text[position] in DOUBLE_MARKS + SINGLE_MARKS:
        return True
    previous = index.before(quote.start)
    if previous < 0:
        return False
    verb = doc[previous]
    return (lexicon.reports(verb, trailer=True) and verb.dep_ not in ("amod", "acl") and not is_unsaid(verb)
            and verb.lemma_.lower() not in lexicon.not_quote_leaders)


def attribute_quote(quote: Quote, next_start: int, previous_end: int, doc: Doc,
                    index: TokenIndex, lexicon: Lexicon) -> QuoteCue | None:
    """Find the cue and speaker of a standalone quote: after it ('"…," he said', '"…" - Name'),
    else before it ('She said: "…"', 'Name: "…"'). None when the quote carries no attribution."""
    return (_trailer(quote, next_start, doc, index, lexicon)
            or _leader(quote, previous_end, doc, index, lexicon))


def _window_after(quote: Quote, next_start: int, doc: Doc, index: TokenIndex) -> list[Token]:
    """The tokens after a quote's closing mark, up to the sentence end, next quote or line end."""
    window: list[Token] = []
    for i in range(index.at_or_after(quote.end), min(len(doc), index.at_or_after(quote.end) + TRAILER_TOKENS)):
        token = doc[i]
        if token.idx >= next_start or "\n" in token.text or (window and token.text in SENTENCE_END):
            break
        if not token.is_space:
            window.append(token)
        if "\n" in token.whitespace_:
            break
    return window


def _trailer(quote: Quote, next_start: int, doc: Doc, index: TokenIndex, lexicon: Lexicon) -> QuoteCue | None:
    """Attribution after the quote: a reporting verb with its subject, or a dash and a name."""
    window = _window_after(quote, next_start, doc, index)
    words = [t for t in window if not t.is_punct]
    if window and window[0].text in DASHES and words and words[0].pos_ == "PROPN":
        name = [t for t in words if t.pos_ == "PROPN"]
        return QuoteCue(None, _name_head(name))
    if len(words) > 2 and words[0].lower_ == "according" and words[1].lower_ == "to":
        source = next((c for c in words[1].children if c.dep_ == "pobj"), None)
        return QuoteCue(words[0], source) if source is not None else None
    ends_sentence = index.text[quote.content_start:quote.content_end].rstrip()[-1:] in SENTENCE_END
    if ends_sentence and words and words[0].text[:1].isupper() and words[0].pos_ not in ("PROPN", "PRON"):
        return None  # '"… States." Facing defeat, many worry': a new sentence, not a cue
    for token in words:
        if lexicon.reports(token, trailer=True):
            if ends_sentence and any(c.dep_ in ("ccomp", "xcomp") and c.i > token.i for c in token.children):
                return None
            return QuoteCue(token, _trailer_speaker(token, quote, words))
        if token.pos_ == "VERB" and token.dep_ not in ("relcl", "acl", "advcl") and token.head.dep_ != "relcl":
            return None
    return None


def _trailer_speaker(verb: Token, quote: Quote, words: list[Token]) -> Token | None:
    """The speaker of a trailer cue: its subject, else the name just after it ('said Smith')."""
    subject = subject_of(verb)
    if subject is not None and subject.idx >= quote.end:
        return subject
    after = [t for t in words if t.i > verb.i and t.pos_ in ("PROPN", "PRON", "NOUN")]
    before = [t for t in words if t.i < verb.i and t.pos_ in ("PROPN", "PRON", "NOUN")]
    if before:
        return before[-1]
    if after:
        run = [after[0]]
        for token in after[1:]:
            if token.i != run[-1].i + 1 or token.pos_ != "PROPN":
                break
            run.append(token)
        return _name_head(run)
    return None


def _name_head(tokens: list[Token]) -> Token | None:
    """The last word of a leading run of proper nouns ('Pentagon spokesman John Kirby' -> Kirby)."""
    head = None
    for token in tokens:
        if token.pos_ != "PROPN" and head is not None:
            break
        if token.pos_ == "PROPN":
            head = token
    return head


def _leader(quote: Quote, previous_end: int, doc: Doc, index: TokenIndex, lexicon: Lexicon) -> QuoteCue | None:
    """Attribution before the quote: 'X said: "…"', 'X said, "…"', 'X said "…"' or 'Name: "…"'."""
    window: list[Token] = []
    for i in range(index.before(quote.start), max(-1, index.before(quote.start) - LEADER_TOKENS), -1):
        token = doc[i]
        if token.idx < previous_end:
            break
        if token.idx + len(token.text) > quote.start:
            continue  # the token of a doubled mark ('' …) whose second half opens the quote
        if "\n" in token.text or "\n" in token.whitespace_:
            if window or not _colon_before(doc, i):
                break
            continue
        if token.text in SENTENCE_END and window:
            break
        if not token.is_space:
            window.insert(0, token)
    words = window
    if not words:
        return None
    if words[-1].text not in LEADER_ENDS and not lexicon.reports(words[-1], trailer=True):
        return None
    verbs = [t for t in words if lexicon.reports(t, trailer=True)]
    if verbs:
        speaker = (subject_of(verbs[-1]) or name_before(verbs[-1])
                   or _name_head([t for t in words if t.i > verbs[-1].i]))
        return QuoteCue(verbs[-1], speaker)  # 'Said Ellis: "…"' names the speaker after the verb
    names = words[:-1]
    if words[-1].text == ":" and names and all(t.pos_ == "PROPN" or t.is_punct for t in names):
        return QuoteCue(None, _name_head(names))
    if words[-1].text == ":":
        return _colon_intro(words[:-1], lexicon)
    return None


def _colon_intro(words: list[Token], lexicon: Lexicon) -> QuoteCue | None:
    """A clause ending in a colon whose subject can speak introduces the quote after it
    ('Sanders made the following comment: "…"', 'a reader would now ask: "…"')."""
    verbs = [t for t in words if t.pos_ in ("VERB", "AUX") and any(c.dep_ in SUBJECT_DEPS for c in t.children)]
    if not verbs:
        return None
    subject = subject_of(verbs[-1])
    if subject is None or subject.i < words[0].i:
        return None
    speaks = subject.pos_ == "PROPN" or subject.lower_ in ("he", "she", "they", "i", "we") or (
        subject.lemma_.lower() in lexicon.speaker_nouns)
    return QuoteCue(verbs[-1], subject) if speaks else None


def _colon_before(doc: Doc, i: int) -> bool:
    """True when the last word before the line break at token ``i`` is a colon ('He said:' + new paragraph)."""
    while i >= 0 and (doc[i].is_space or "\n" in doc[i].text):
        i -= 1
    return i >= 0 and doc[i].text == ":"


COLON_SPEAKER = re.compile(r"[ \t]*([\"“]?)((?:[A-Z][\w.'’-]*[ \t]){0,3}[A-Z][\w.'’-]*):[ \t]+(?=\S)")
NOT_SPEAKERS = {"update", "note", "editor's note", "read more", "watch", "photo", "related", "see also", "video",
                "source", "sources", "advertisement", "listen", "caption", "credit", "correction", "q", "a",
                "question", "answer", "warning", "breaking", "exclusive", "opinion", "analysis", "live", "follow"}
COLON_MIN_WORDS = 3


def colon_lines(text: str, doc: Doc, index: TokenIndex, skip: Callable[[int, int], bool]) -> list[Candidate]:
    """Statements of lines that open with a speaker and a colon: transcript lines ('PENCE: …',
    quoted or not) and headlines ('Sanders: Clinton must …'). Quoted lines are direct speech."""
    found = []
    for start, end in paragraph_spans(text):
        match = COLON_SPEAKER.match(text, start, end)
        if match is None or skip(start, end) or match.group(2).lower().rstrip(".") in NOT_SPEAKERS:
            continue
        content_start, content_end = match.end(), end
        if text[content_start] in DOUBLE_MARKS + SINGLE_MARKS:
            continue  # 'Said Name: "…"': a quote after a cue, read by the quote pass
        while content_end > content_start and text[content_end - 1] in " \t\r\"”.":
            content_end -= 1
        if len(text[content_start:content_end].split()) < COLON_MIN_WORDS:
            continue
        last = index.before(match.end(2))
        if last < 0 or doc[last].pos_ not in ("PROPN", "NOUN") or doc[last].lower_ in NOT_SPEAKERS:
            continue
        colon = match.end(2)
        kind = "direct" if match.group(1) else "indirect"
        found.append(Candidate(kind, (content_start, content_end), (colon, colon + 1), doc[last]))
    return found


def is_unsaid(verb: Token) -> bool:
    """True for speech denied, held back or done to the subject: 'did not say', 'declined to
declare', 'Asked about it, …'."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if verb.dep_ == "pcomp" and verb.head.lower_ == "without":
        return True  # 'It goes without saying that …
    if verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "nsubj") for c in verb.children):
        return True  # 'Asked about …, she said': someone else asked ('Trump tweeted' mistagged is not)
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "xcomp" and (verb.head.lemma_.lower() in WITHHOLDING or any(
        c.dep_ == "neg" for c in verb.head.children))


def is_withheld(verb: Token) -> bool:
    """True for speech denied or held back by its own speaker ('did not say whether …', 'declined
    to say when …'): an attribution of a stance, not of speech."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "xcomp" and (verb.head.lemma_.lower() in WITHHOLDING or any(
        c.dep_ == "neg" for c in verb.head.children))


def overlapping(quotes: list[Quote], start: int, end: int) -> list[Quote]:
    """The quotes (sorted by start, not overlapping each other) that overlap ``start``–``end``."""
    position = bisect_right(quotes, end - 1, key=lambda q: q.start)
    found = []
    for quote in reversed(quotes[:position]):
        if quote.end <= start:
            break
        found.append(quote)
    return found


def drop_crossing(reported: list[Candidate], standalone: list[Quote], text: str = "") -> list[Candidate]:
    """Drop reported clauses that overlap a standalone quote without lying inside its words
    (the parse read a direct quote as the clause of its own cue). A clause that opens with words
    of its own before the quote and runs to the quote's end holds it ('said he backs the bill,
    which he called "a step forward."'): it is kept."""
    kept = []
    for candidate in reported:
        start, end = candidate.content
        if all(q.contains(start, end) or _holds(text, start, end, q) for q in overlapping(standalone, start, end)):
            kept.append(candidate)
    return kept


def _holds(text: str, start: int, end: int, quote: Quote) -> bool:
    """True when ``start``–``end`` has words before the quote's opening mark and reaches its last word."""
    last_word = len(text[quote.content_start:quote.content_end].rstrip(" .,;:!?…")) + quote.content_start
    return bool(text) and start < quote.start and end >= last_word and any(
        c.isalnum() for c in text[start:quote.start])
