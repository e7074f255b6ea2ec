"""Finding what was said, for the speech stage: quotations, their cues, and reported clauses.

Nothing here knows about actors; :mod:`newswire.stages.speech` resolves speakers and builds records.

:func:`find_quotes` pairs quote marks into :class:`Quote` spans without any parse, so it is linear
in the text and never fails on odd input: a stray mark costs at most the one quote it belongs to,
and a text of a million marks is scanned in well under a second. It knows the marks of English
news: straight and curly double quotes, curly single quotes (British style), guillemets, and
straight single quotes when they are clearly bounded. A paragraph that ends inside a quote with
no closing mark, followed by a paragraph that reopens with a mark, continues the same quote
(the news convention), so one :class:`Quote` can cover several paragraphs. Lines written in
capital letters (inserted headlines) are never searched for quotes.

:func:`attribute_quote` reads the words around a standalone quote for its cue and speaker, and
:func:`reported_candidates` finds reporting verbs with the clause they report in the parse.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newswire.draft import Draft

OPEN, CLOSE, EITHER, NONE = "open", "close", "either", "none"

DOUBLE_MARKS = '"“”«»„'
SINGLE_MARKS = "'‘’‹›"
# Characters after which a mark opens a quote, and before which a mark closes one.
OPENING_CONTEXT = set(" \t\n\r([{—–-/:;")
CLOSING_CONTEXT = set(" \t\n\r)]}.,;:!?…—–-/")
SHOUTING_SHARE = 0.8
SHOUTING_MIN_LETTERS = 12
LINE = re.compile(r"[^\n]*")
EDGE_CHARS = " \t\r\n,;:—–-"
CLAUSE_MARKS = {"that"}
MAX_QUOTE_EXTENSION = 400
THAT_WINDOW = 10
WITHHOLDING = {"decline", "refuse", "fail", "hesitate", "avoid"}
ASIDE_DASHES = (" -- ", " — ", " – ")
MAX_MARK_SHARE = 0.25  # more marks than this per character: not prose
MIN_MARKS_TO_JUDGE = 200
MAX_RUN = 2  # three marks in a row are never quotation: a run is ignored whole


@dataclass(frozen=True)
class Quote:
    """One quotation: ``start``/``end`` include the outer marks, ``content_*`` exclude them."""

    start: int
    end: int
    content_start: int
    content_end: int
    paragraphs: int = 1

    def contains(self, start: int, end: int) -> bool:
        """True when ``start``–``end`` lies inside the quoted words."""
        return self.content_start <= start and end <= self.content_end


def is_shouting(line: str) -> bool:
    """True for a line written in capital letters (an inserted headline, a banner)."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) < SHOUTING_MIN_LETTERS:
        return False
    return sum(c.isupper() for c in letters) >= SHOUTING_SHARE * len(letters)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every non-blank line of ``text``, in order."""
    return [(m.start(), m.end()) for m in LINE.finditer(text) if m.group().strip()]


def find_quotes(text: str, skip: Callable[[int, int], bool] | None = None) -> list[Quote]:
    """Every quotation in ``text``, in order, without nested or overlapping ones.

    Args:
        text: the document text.
        skip: optional test ``skip(start, end)`` for paragraphs not to search (boilerplate).
    Returns:
        Double-mark quotes plus single-mark quotes found outside them, sorted by start.
    """
    paragraphs = [(s, e) for s, e in paragraph_spans(text)
                  if not is_shouting(text[s:e]) and not (skip and skip(s, e))]
    doubles = list(_pair_marks(text, paragraphs, DOUBLE_MARKS, _double_role))
    singles = list(_pair_marks(text, paragraphs, SINGLE_MARKS, _single_role,
                               blocked=_Blocked(doubles)))
    quotes = sorted(doubles + singles, key=lambda q: q.start)
    return [q for q in quotes if _has_words(text, q)]


class _Blocked:
    """Answers 'is this position inside one of these quotes?' for positions asked in order."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes
        self.index = 0

    def __call__(self, position: int) -> bool:
        while self.index < len(self.quotes) and self.quotes[self.index].end <= position:
            self.index += 1
        return self.index < len(self.quotes) and self.quotes[self.index].start <= position


def _has_words(text: str, quote: Quote) -> bool:
    """True when the quoted stretch holds at least one letter or digit."""
    return any(c.isalnum() for c in text[quote.content_start:quote.content_end])


def _pair_marks(text: str, paragraphs: list[tuple[int, int]], marks: str,
                role: Callable[[str, int], str],
                blocked: Callable[[int], bool] | None = None) -> Iterator[Quote]:
    """Pair the marks of one family into quotes, paragraph by paragraph.

    An opening mark met while a quote is open means the earlier mark was stray: the scan restarts
    from the new one. A paragraph left open continues into the next paragraph only when that one
    begins with an opening mark; otherwise the open mark is dropped. A paragraph made mostly of
    marks (garbage, not prose) is skipped whole.
    """
    runs = re.finditer("[" + re.escape(marks) + "]+", text)
    positions = [i for m in runs if m.end() - m.start() <= MAX_RUN for i in range(m.start(), m.end())]
    pending: tuple[int, int] | None = None  # (opening mark position, paragraphs spanned)
    for number, (start, end) in enumerate(paragraphs):
        first, last = bisect_left(positions, start), bisect_left(positions, end)
        if last - first > MAX_MARK_SHARE * (end - start) and last - first > MIN_MARKS_TO_JUDGE:
            pending = None
            continue
        opened, spanned = None, 1
        if pending is not None and first < last and positions[first] == _first_visible(text, start):
            opened, spanned, first = pending[0], pending[1] + 1, first + 1
        for position in positions[first:last]:
            if blocked is not None and blocked(position):
                continue
            kind = role(text, position)
            if opened is None:
                if kind in (OPEN, EITHER):
                    opened, spanned = position, 1
            elif kind in (CLOSE, EITHER):
                yield Quote(opened, position + 1, opened + 1, position, spanned)
                opened = None
            elif kind == OPEN:
                opened, spanned = position, 1
        pending = (opened, spanned) if opened is not None and _continues(text, paragraphs, number, marks) else None


def _continues(text: str, paragraphs: list[tuple[int, int]], number: int, marks: str) -> bool:
    """True when the paragraph after ``number`` begins with a mark of the same family."""
    if number + 1 >= len(paragraphs):
        return False
    start = paragraphs[number + 1][0]
    first = _first_visible(text, start)
    return first < len(text) and text[first] in marks


def _first_visible(text: str, start: int) -> int:
    """Position of the first non-space character at or after ``start``."""
    position = start
    while position < len(text) and text[position] in " \t\r":
        position += 1
    return position


def _flanks(text: str, position: int) -> tuple[bool, bool]:
    """Whether the mark at ``position`` can open (left-flanking) and can close (right-flanking)."""
    before = text[position - 1] if position > 0 else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    can_open = (before in OPENING_CONTEXT or before in DOUBLE_MARKS + SINGLE_MARKS) and not after.isspace()
    can_close = not before.isspace() and (after in CLOSING_CONTEXT or after in DOUBLE_MARKS + SINGLE_MARKS)
    return can_open, can_close


def _double_role(text: str, position: int) -> str:
    """Whether a double mark opens or closes; curly marks say so unless their context contradicts."""
    mark = text[position]
    can_open, can_close = _flanks(text, position)
    if mark in "“«„":
        return CLOSE if can_close and not can_open and mark == "“" else OPEN
    if mark in "”»":
        return OPEN if can_open and not can_close and mark == "”" else CLOSE
    if can_open and not can_close:
        return OPEN
    if can_close and not can_open:
        return CLOSE
    return EITHER


def _single_role(text: str, position: int) -> str:
    """Single marks double as apostrophes, so they count only when their context is clear."""
    mark = text[position]
    can_open, can_close = _flanks(text, position)
    after = text[position + 1] if position + 1 < len(text) else " "
    if mark in "‘‹" and not after.isspace():
        return OPEN
    if mark == "›":
        return CLOSE
    if can_open and not can_close and (after.isalnum() or after in "“\""):
        return OPEN
    if can_close and not can_open:
        return CLOSE
    return NONE


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

    def reports(self, token: Token, *, trailer: bool = False) -> bool:
        """True when ``token`` is a verb that attributes speech (after a quote if ``trailer``)."""
        if token.pos_ not in ("VERB", "AUX") or token.tag_ == "MD":
            return False
        lemma = token.lemma_.lower()
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
        subject = next((c for c in current.children if c.dep_ in SUBJECT_DEPS), None)
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


def is_standalone(text: str, quote: Quote, doc: Doc, index: TokenIndex, lexicon: Lexicon) -> bool:
    """True when a quote stands as its own sentence or follows a colon, comma, dash or a reporting
    verb, rather than sitting inside the writer's own clause ('called it a "disaster"')."""
    position = quote.start - 1
    while position >= 0 and text[position] in " \t":
        position -= 1
    if position < 0 or text[position] in "\n\r.!?:;,([—–-" or text[position] in DOUBLE_MARKS + SINGLE_MARKS:
        return True
    previous = index.before(quote.start)
    if previous < 0:
        return False
    verb = doc[previous]
    return lexicon.reports(verb, trailer=True) and verb.dep_ not in ("amod", "acl") and not _is_unsaid(verb)


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
        return QuoteCue(verbs[-1], subject_of(verbs[-1]))
    names = words[:-1]
    if words[-1].text == ":" and names and all(t.pos_ == "PROPN" or t.is_punct for t in names):
        return QuoteCue(None, _name_head(names))
    return None


def _colon_before(doc: Doc, i: int) -> bool:
    """True when the last word before the line break at token ``i`` is a colon ('He said:' + new paragraph)."""
    while i >= 0 and (doc[i].is_space or "\n" in doc[i].text):
        i -= 1
    return i >= 0 and doc[i].text == ":"


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
            elif token.i not in used and lexicon.reports(token):
                candidate = _reported_clause(draft, token, lexicon, quotes)
            else:
                continue
            if candidate is not None:
                found.append(candidate)
    return found


def _reported_clause(draft: Draft, verb: Token, lexicon: Lexicon, quotes: list[Quote]) -> Candidate | None:
    """An indirect statement headed by ``verb``, or None when it reports no clause or no speaker."""
    if any(c.dep_ == "auxpass" for c in verb.children) or _is_free_relative(verb) or _is_unsaid(verb):
        return None
    lemma = verb.lemma_.lower()
    wanted = lexicon.required_particles.get(lemma)
    if wanted and not any(c.dep_ in ("prt", "prep") and c.lower_ == wanted for c in verb.children):
        return None
    content = _reported_content(draft, verb, lexicon, quotes)
    subject = subject_of(verb)
    if content is None or subject is None or (subject.idx <= content[0] < subject.idx + len(subject.text)):
        return None
    if lemma in lexicon.weak and not can_speak(subject, lexicon):
        return None
    return Candidate("indirect", content, cue_span(verb, lexicon), subject, verb.i)


def _is_unsaid(verb: Token) -> bool:
    """True for speech denied, held back or done to the subject: 'did not say', 'declined to
declare', 'Asked about it, …'."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children):
        return True  # 'Asked about …, she said': someone else asked
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "xcomp" and (verb.head.lemma_.lower() in WITHHOLDING or any(
        c.dep_ == "neg" for c in verb.head.children))


def _is_free_relative(verb: Token) -> bool:
    """True for 'what they claim is …': the verb sits in a relative clause about a thing."""
    return any(c.tag_ in ("WP", "WDT") and (c.dep_ == "dobj" or c.lower_ in ("what", "whatever"))
               for c in verb.children)


def can_speak(subject: Token, lexicon: Lexicon) -> bool:
    """True when a subject can be a speaker: a name, a pronoun for people, or a speaking noun."""
    if subject.pos_ == "PROPN" or subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if subject.pos_ == "PRON":
        return subject.lower_ in ("he", "she", "they", "we", "i", "who")
    return subject.lemma_.lower() in lexicon.speaker_nouns or subject.lower_ in lexicon.speaker_nouns


def _reported_content(draft: Draft, verb: Token, lexicon: Lexicon, quotes: list[Quote]) -> tuple[int, int] | None:
    """The reported clause of ``verb``: its clausal complement, a 'that'-clause the parser hung
    elsewhere, 'object + to-infinitive' for directives, or a 'to'-infinitive for promises."""
    lemma = verb.lemma_.lower()
    after = [c for c in verb.rights if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
    if after:  # several clauses after the verb are one report the parser split
        return _trimmed(draft, after[0].left_edge.i, after[-1].right_edge.i, quotes)
    clause = _that_clause(verb) or next((c for c in reversed(list(verb.lefts)) if c.dep_ == "ccomp"), None)
    if clause is not None:
        return _trimmed(draft, clause.left_edge.i, clause.right_edge.i, quotes)
    infinitive = next((c for c in verb.rights if c.dep_ in ("xcomp", "ccomp") and _is_infinitive(c)), None)
    if infinitive is None:
        return None
    if lemma in lexicon.directive:
        first = next((c for c in verb.rights if c.dep_ in ("dobj", "dative", "pobj", "prep", "nsubj")
                      and c.i < infinitive.i), None)
        if first is None:
            return None
        start = first.i + 1 if first.dep_ == "prep" else first.left_edge.i
        return _trimmed(draft, start, infinitive.right_edge.i, quotes)
    if lemma in lexicon.infinitive:
        return _trimmed(draft, infinitive.left_edge.i, infinitive.right_edge.i, quotes)
    return None


def _that_clause(verb: Token) -> Token | None:
    """A 'that'-clause the parser hung on a word after the verb ('said in a statement that …',
    'warned that Russia's ability …' read as an object): the head of the clause, or None."""
    for token in verb.doc[verb.i + 1:min(len(verb.doc), verb.i + THAT_WINDOW)]:
        if token.text in ".;:!?\n" or token.dep_ == "ccomp" or token.lower_ in ("and", "but"):
            return None
        if token.lower_ == "that" and token.dep_ == "mark" and verb in token.head.ancestors:
            return token.head
    return None


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
    content = _trimmed(draft, start, end, quotes)
    if content is None:
        return None
    return Candidate("indirect", content, (token.idx, doc[token.i + 1].idx + 2), source, token.i)


def _trimmed(draft: Draft, first: int, last: int, quotes: list[Quote]) -> tuple[int, int] | None:
    """Character span of tokens ``first``..``last`` without edge punctuation or a leading 'that',
    widened to take in whole any quote that it opens or closes."""
    doc = draft.doc
    if first > last:
        return None
    if doc[first].lower_ in CLAUSE_MARKS and doc[first].dep_ == "mark":
        first += 1
    if first > last:
        return None
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    start, end = _balance(start, end, quotes)
    text = draft.text
    while start < end and text[start] in EDGE_CHARS:
        start += 1
    while end > start and (text[end - 1] in EDGE_CHARS or text[end - 1] == "."):
        if text[end - 1] == "." and end - 2 >= start and text[end - 2] == ".":
            break
        end -= 1
    for dash in ASIDE_DASHES:
        aside = text.find(dash, start, end)
        if aside > start:
            end = aside
    if not any(c.isalnum() for c in text[start:end]):
        return None
    return start, end


def _balance(start: int, end: int, quotes: list[Quote]) -> tuple[int, int]:
    """Widen ``start``–``end`` to whole quotes where it cuts one in two (close by)."""
    position = bisect_right(quotes, end, key=lambda q: q.start)
    for quote in quotes[max(0, position - 8):position]:
        if start <= quote.start < end < quote.end and quote.end - end <= MAX_QUOTE_EXTENSION:
            end = quote.end
        if quote.start < start < quote.end <= end and start - quote.start <= MAX_QUOTE_EXTENSION:
            start = quote.start
    return start, end


def overlapping(quotes: list[Quote], start: int, end: int) -> list[Quote]:
    """The quotes (sorted by start, not overlapping each other) that overlap ``start``–``end``."""
    position = bisect_right(quotes, end - 1, key=lambda q: q.start)
    found = []
    for quote in reversed(quotes[:position]):
        if quote.end <= start:
            break
        found.append(quote)
    return found


def drop_crossing(reported: list[Candidate], standalone: list[Quote]) -> list[Candidate]:
    """Drop reported clauses that overlap a standalone quote without lying inside its words
    (the parse read a direct quote as the clause of its own cue)."""
    kept = []
    for candidate in reported:
        start, end = candidate.content
        if all(q.contains(start, end) for q in overlapping(standalone, start, end)):
            kept.append(candidate)
    return kept
