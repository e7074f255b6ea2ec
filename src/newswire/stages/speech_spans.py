"""Spans for the speech stage: trimming a token range to a clean content span, splitting a quote
that runs over paragraph breaks into one piece per paragraph, and telling titles and headings in
quote marks from speech. Nothing here knows about actors or the parse beyond token offsets."""

from __future__ import annotations

from bisect import bisect_right

from newswire.datelines import after_dateline
from newswire.draft import Draft
from newswire.stages.speech_marks import Quote
from newswire.stages.speech_quotes import Candidate

SMALL_WORDS = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "by", "with", "or", "de"}
CARRY_MIN_WORDS = 3
EDGE_CHARS = " \t\r\n,;:—–-"
CLAUSE_MARKS = {"that"}
OPENING_MARKS = "\"“«„'‘‹"
MAX_QUOTE_EXTENSION = 400
ASIDE_DASHES = (" -- ", " — ", " – ")


def paragraph_pieces(text: str, candidate: Candidate) -> list[Candidate]:
    """A direct quote that runs over paragraph breaks, one piece per paragraph: the news convention
    leaves the paragraph open and reopens the quote on the next line. Each later piece has the same
    cue and speaker and ``continues`` the first; the reopening mark is left out of its content."""
    start, end = candidate.content
    if candidate.kind != "direct" or "\n" not in text[start:end]:
        return [candidate]
    stretches = _paragraph_stretches(text, start, end)
    cue_at = _piece_with_cue(text, stretches, candidate.cue)
    pieces = [candidate] + [Candidate("direct", stretch, None, candidate.subject, candidate.cue_token,
                                      candidate.carry, candidate.inner, continues=candidate)
                            for stretch in stretches[1:]]
    candidate.content = stretches[0]
    if cue_at:  # the cue sits by a later piece ('"…\n"…," he added'): it goes with that piece
        pieces[cue_at].cue, candidate.cue = candidate.cue, None
    return pieces


def _piece_with_cue(text: str, stretches: list[tuple[int, int]], cue: tuple[int, int] | None) -> int:
    """The number of the piece on whose line the cue is written (0 when none is)."""
    if cue is None:
        return 0
    line_start = text.rfind("\n", 0, cue[0]) + 1
    return next((number for number, (start, end) in enumerate(stretches)
                 if text.rfind("\n", 0, start) + 1 == line_start), 0)


def _paragraph_stretches(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``start``–``end`` on each line, without edge space (nor the reopening mark
    of a later line)."""
    stretches: list[tuple[int, int]] = []
    position = start
    while position < end:
        line_end = text.find("\n", position, end)
        line_end = end if line_end < 0 else line_end
        piece_start, piece_end = position, line_end
        while piece_start < piece_end and (text[piece_start].isspace()
                                           or stretches and text[piece_start] in OPENING_MARKS):
            piece_start += 1
        while piece_end > piece_start and text[piece_end - 1].isspace():
            piece_end -= 1
        if any(c.isalnum() for c in text[piece_start:piece_end]):
            stretches.append((piece_start, piece_end))
        position = line_end + 1
    return stretches or [(start, end)]


def looks_like_title(text: str, quote: Quote, *, embedded: bool = False) -> bool:
    """A short quoted phrase in title case with no sentence punctuation: a name or a title.
    Inside a sentence a trailing comma does not count ('the show “Morning Report,” said')."""
    content = text[quote.content_start:quote.content_end].strip()
    if embedded and len(content.split()) > 1:
        content = content.rstrip(",")
    if not content or content[-1] in ".,!?…:;—-":
        return False
    words = [w for w in content.split() if w.lower() not in SMALL_WORDS]
    return 0 < len(words) <= 8 and all(w[0].isupper() or w[0].isdigit() for w in words if w[0].isalnum())


def is_heading(text: str, quote: Quote) -> bool:
    """True for a short quote in title case that fills its whole line: a section heading
    ("'All Bets Are Off.'"), not speech."""
    line_start = text.rfind("\n", 0, quote.start) + 1
    line_end = text.find("\n", quote.end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:quote.start].strip() or text[quote.end:line_end].strip(" \t\r.!?"):
        return False
    content = text[quote.content_start:quote.content_end].strip().rstrip(".!?")
    words = [w for w in content.split() if w.lower() not in SMALL_WORDS]
    return 0 < len(words) <= 8 and all(w[0].isupper() or not w[0].isalpha() for w in words)


def opens_sentence(text: str, quote: Quote) -> bool:
    """True when a quote with no cue reads as whole sentences of speech (it may carry a speaker)."""
    position = quote.start - 1
    while position >= 0 and text[position] in " \t":
        position -= 1
    if position >= 0 and text[position] not in "\n.!?\"”’":
        return False
    content = text[quote.content_start:quote.content_end].strip()
    first = next((c for c in content if c.isalnum()), "")
    return (first.isupper() or first.isdigit()) and len(content.split()) >= CARRY_MIN_WORDS


def trimmed(draft: Draft, first: int, last: int, quotes: list[Quote]) -> tuple[int, int] | None:
    """Character span of tokens ``first``..``last`` without edge punctuation or a leading 'that',
    widened to take in whole any quote that it opens or closes."""
    doc = draft.doc
    if first > last:
        return None
    if doc[first].lower_ in CLAUSE_MARKS and doc[first].dep_ in ("mark", "dobj"):
        first += 1
    if first > last:
        return None
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    start, end = balance(start, end, quotes)
    text = draft.text
    if (skipped := after_dateline(text, start)) < end:
        start = skipped
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


def balance(start: int, end: int, quotes: list[Quote]) -> tuple[int, int]:
    """Widen ``start``–``end`` to whole quotes where it cuts one in two (close by)."""
    position = bisect_right(quotes, end, key=lambda q: q.start)
    for quote in quotes[max(0, position - 8):position]:
        if start <= quote.start < end < quote.end and quote.end - end <= MAX_QUOTE_EXTENSION:
            end = quote.end
        if quote.start < start < quote.end <= end and start - quote.start <= MAX_QUOTE_EXTENSION:
            start = quote.start
    return start, end
