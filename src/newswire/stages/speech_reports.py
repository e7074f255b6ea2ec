"""More ways a report is written, for the speech stage: shapes the parse leaves loose.

- the object of a stance or naming verb ('attacked the plan', 'called it a mistake', 'called for
  a ban');
- a cue that closes its sentence after a comma, with the reported clause hung loosely on it
  ('The plan will fail, he said.', 'The plan will fail, said the minister on Monday.');
- a cue ending its line with a colon, the words following as the next paragraph with no quote
  marks ('The governor added:' + a paragraph): that paragraph;
- a hearsay adverb ('the talks reportedly failed', 'he allegedly paid …'): the clause it sits in,
  said by no one named;
- 'as' with a participle and its 'by' phrase ('As reported by the Post, the talks failed'): the
  clause it stands before or after, said by the 'by' phrase;
- a question put by someone the text names ('when asked by reporters whether …'): the asker is the
  'by' phrase; with no asker named ('Asked about the talks, she …') the answer is the report;
- a cue inside a relative clause ('a seat that analysts said could decide the vote'): what follows it;
- the gerund of a denial or proposal ('denied limiting supplies');
- loose parses: a speaker named at the start of a sentence whose verb the parser left without a
  subject, and a clause cut loose from the cue before it ('… as the UN warns famine is imminent').

Each finder takes the spaCy token of the reporting word and returns the content as a character
span, or None. Nothing here knows about actors; :mod:`newswire.stages.speech` builds the records.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from newswire.draft import Draft
from newswire.stages.speech_marks import Quote
from newswire.stages.speech_quotes import Candidate, Lexicon, by_phrase, cue_span, overlapping, subject_of
from newswire.stages.speech_spans import trimmed

# objects that are ground, not a view: 'defended the city' is a deed
GROUND = {"city", "town", "village", "position", "line", "border", "territory", "region", "area", "base", "capital",
          "front", "bridge", "airport", "port", "coast", "hill", "road", "building", "plant"}
NAMING_VERBS = {"call", "describe", "dismiss", "brand", "label", "decry"}
# 'pointed to the map' is a gesture, 'pointed to the polls' a report: things one points at with a hand
GESTURE_VERBS = {"point"}
SEEN_THINGS = GROUND | {"map", "sky", "screen", "photo", "photograph", "picture", "window", "door", "ground", "crater",
                        "rubble", "wreckage", "sign", "wall", "ceiling", "horizon", "car", "tank", "house"}
SPEAKING_OBJECTS = {"official", "leader", "government", "country", "ministry", "army", "force", "people", "partner",
                    "ally", "neighbour", "neighbor", "side"}
TRAILING_DEPS = {"nsubj", "advmod", "npadvmod", "punct", "agent"}
LOOSE_DEPS = {"dep", "ccomp", "parataxis", "conj", "nsubj", "csubj"}
COLON_REACH = 8  # a colon at most this many tokens after the cue ('said in a statement:')
OPENING_QUOTE_MARKS = "\"“«„'‘‹"
HEARSAY_ADVERBS = {"reportedly", "allegedly", "purportedly", "reputedly", "supposedly"}
MIN_HEARSAY_CHARS = 12
QUESTION_WORDS = {"whether", "if", "what", "why", "how", "when", "where", "who", "which"}
TRAILING_PREPS = {"in", "at", "during", "after", "before", "from", "by", "via", "while", "following"}
MIN_CLAUSE_TOKENS = 3


def trailing_content(draft: Draft, verb: Token, quotes: list[Quote]) -> tuple[int, int] | None:
    """The clause before a cue that ends its sentence after a comma ('Talks will go on, she said
    on Friday.'): the parser hangs that clause loosely ('dep') on the root verb, or not at all."""
    subject = subject_of(verb)
    inverted = verb.dep_ == "conj" and subject is not None and subject.i > verb.i  # '…, said the minister'
    if verb.head.i != verb.i and not inverted or any(c.dep_ in ("ccomp", "dobj", "xcomp", "dative") for c in verb.children):
        return None
    sentence = verb.sent
    cue_first = min(verb.i, subject.left_edge.i) if subject is not None else verb.i
    comma = cue_first - 1
    while comma > sentence.start and verb.doc[comma].dep_ == "aux":
        comma -= 1  # 'The talks failed, she has said'
    if comma - sentence.start < MIN_CLAUSE_TOKENS or verb.doc[comma].text != ",":
        return None
    if not all(_is_trailing(c) for c in verb.children if c.i > verb.i):
        return None
    if not _is_clause(verb.doc[sentence.start:comma], verb):
        return None
    return trimmed(draft, sentence.start, comma - 1, quotes)


def _is_trailing(child: Token) -> bool:
    """True for what may follow a closing cue: its subject, a time, a place or the occasion
    ('said on Monday', 'said in a statement', 'said the minister'), not what the cue reports."""
    if child.dep_ == "prep":
        target = next((c for c in child.children if c.dep_ == "pobj"), None)
        return child.lower_ in TRAILING_PREPS or (
            child.lower_ == "on" and target is not None and target.ent_type_ in ("DATE", "TIME"))
    return child.dep_ in TRAILING_DEPS


def _is_clause(words, verb: Token) -> bool:
    """True when the words before the cue hold a clause the cue reports, not only an opening
    phrase ('As was the case before, the union agreed …'): some word hangs loosely on the cue."""
    if verb.dep_ == "conj" and words.start <= verb.head.i < words.end:
        return True  # 'The plant is hanging on, said its chief': the cue is joined to the clause's verb
    outside = [t for t in words if not t.is_punct and (t.head.i >= words.end or t.head.i < words.start)]
    loose = [t for t in outside if t.head.i == verb.i and (t.dep_ in LOOSE_DEPS or t.dep_ == "advcl" and not any(
        c.dep_ == "mark" for c in t.children))]
    return bool(loose) and any(t.pos_ in ("VERB", "AUX") for t in words)


def object_content(draft: Draft, verb: Token, lexicon: Lexicon, quotes: list[Quote]) -> tuple[int, int] | None:
    """The report of a stance or naming verb: its object with an object complement ('attacked the
    plan', 'called it a mistake'), or the object of its preposition ('called for a ban')."""
    lemma = verb.lemma_.lower()
    if verb.dep_ in ("amod", "acl") or verb.dep_ == "xcomp" and (
            verb.tag_ != "VBG" or lexicon.reports(verb.head, trailer=True)) or any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None  # 'urged them to find a solution': the infinitive is the report of another verb
    preps = (lexicon.object_preps or {}).get(lemma, ()) + lexicon.default_object_preps
    target = _prep_object(verb, preps)
    addressee = next((c for c in verb.rights if c.dep_ in ("dobj", "dative")), None)
    if target is None and addressee is not None and _addressed(addressee, lexicon):
        target = _prep_object(addressee, preps)  # 'warned the council of a collapse': 'of' hangs on the council
    if target is not None and lemma in GESTURE_VERBS and (
            target.lemma_.lower() in SEEN_THINGS or target.ent_type_ in ("GPE", "LOC", "FAC")):
        return None
    if target is not None:
        return trimmed(draft, target.left_edge.i, target.right_edge.i, quotes)
    for child in verb.rights:
        mark = _clause_mark(child)
        if mark is not None and mark.lower_ in preps:  # 'called for a zone to be set up'
            return trimmed(draft, mark.i + 1, child.right_edge.i, quotes)
    if verb.sent.text.rstrip()[-1:] not in ".!?\"”’')":
        return None  # a headline ('UN backs safety zone'): too terse to tell a report from a deed
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None) if lemma in lexicon.objects else None
    if obj is None or obj.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC") or obj.lemma_.lower() in GROUND or (
            obj.pos_ == "PRON" and lemma not in lexicon.object_needs_complement):
        return None
    complement = next((c for c in verb.rights if c.i > obj.i and (c.dep_ in ("oprd", "xcomp", "ccomp") or _as_phrase(c))),
                      None)
    if complement is None:
        complement = next((c for c in obj.rights if c.dep_ == "oprd" and c.pos_ in ("NOUN", "PROPN", "ADJ")
                           or lemma in NAMING_VERBS and _named_as(c)), None)
    if complement is None and (lemma in lexicon.object_needs_complement or _bare_name(obj)):
        return None  # 'accused Moscow', 'warned its partners': the object is who, not what
    last = complement.right_edge.i if complement is not None else obj.right_edge.i
    content = trimmed(draft, obj.left_edge.i, max(last, obj.right_edge.i), quotes)
    if content is None:
        return None
    quoted = bool(overlapping(quotes, *content))
    if lemma in NAMING_VERBS:
        return None if quoted else content  # 'called it "a disaster"': the quote alone is the report
    if quoted or complement is not None or lemma in lexicon.plain_objects:
        return content
    return None  # 'rejected the idea' reports a deed


def _addressed(obj: Token, lexicon: Lexicon) -> bool:
    """True for an object naming who is spoken to ('the council', 'reporters', 'him')."""
    lemma = obj.lemma_.lower()
    return obj.pos_ in ("PRON", "PROPN") or lemma in SPEAKING_OBJECTS or lemma in lexicon.speaker_nouns


def _prep_object(head: Token, preps: tuple[str, ...]) -> Token | None:
    """The object of the first of ``preps`` hung on ``head``, unless it is a date or time."""
    for child in head.rights:
        if child.dep_ in ("prep", "prt") and child.lower_ in preps:
            target = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if target is not None and target.ent_type_ not in ("DATE", "TIME"):
                return target
    return None


def _as_phrase(child: Token) -> bool:
    """True for an 'as' complement of the object ('cited the audit as the reason …', 'described
    the package as illegitimate', which the parser may hang as an adverbial)."""
    if child.dep_ == "prep" and child.lower_ == "as":
        return any(c.dep_ == "pobj" for c in child.children)
    return child.dep_ == "advcl" and child.pos_ in ("ADJ", "NOUN") and any(
        c.lower_ == "as" and c.i < child.i for c in child.children)


def _clause_mark(child: Token) -> Token | None:
    """The word that opens a clause hung on the verb ('for' in 'called for a zone to be set up',
    which the parser reads as a clause with 'for' as its mark), or None."""
    if child.dep_ not in ("advcl", "ccomp") or child.pos_ not in ("VERB", "AUX"):
        return None
    return next((c for c in child.children if c.dep_ == "mark" and c.i < child.i), None)


def _named_as(child: Token) -> bool:
    """True for a second noun phrase the parser hung on the object as an apposition with no comma
    between ('called her son her hero'): what the object is called, not who it is."""
    return child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN") and child.left_edge.i > 0 and (
        not child.doc[child.left_edge.i - 1].is_punct)


def _bare_name(obj: Token) -> bool:
    """True for an object that only names someone ('Moscow', 'each other', 'its partners')."""
    if obj.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") and obj.pos_ == "PROPN":
        return True
    return obj.lower_ in ("other", "partners", "allies", "rivals") or obj.lemma_.lower() in SPEAKING_OBJECTS


def is_question(verb: Token) -> bool:
    """True for 'asked' put to the subject, not by it: a participle with no 'have' ('Asked about
    it, she …') or a passive ('she was asked whether …')."""
    if verb.lemma_.lower() != "ask" or verb.tag_ != "VBN":
        return False
    return not any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children)


def question(draft: Draft, verb: Token, quotes: list[Quote],
             can_speak: Callable[[Token], bool]) -> Candidate | None:
    """The question of an 'asked' put to the subject by a named asker ('asked by reporters about the
    talks', '… whether …'): what it is about, or the question itself; None with no asker named."""
    content = None
    for child in verb.rights:
        if child.dep_ == "prep" and child.lower_ in ("about", "on", "over"):
            target = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            content = trimmed(draft, target.left_edge.i, target.right_edge.i, quotes) if target is not None else None
        elif child.dep_ in ("ccomp", "advcl") and child.left_edge.lower_ in QUESTION_WORDS:
            content = trimmed(draft, child.left_edge.i, child.right_edge.i, quotes)
        if content is not None:
            break
    if content is None:
        return None
    asker = by_phrase(verb)
    if asker is None or not can_speak(asker):
        return None  # 'Asked about the strike, officials …': the answer is the report, not the question
    return Candidate("indirect", content, (verb.idx, verb.idx + len(verb.text)), asker, verb.i)




def colon_paragraph(draft: Draft, verb: Token, quotes: list[Quote]) -> tuple[int, int] | None:
    """The paragraph after a cue that ends its line with a colon ('She added:'), when that
    paragraph opens with no quote mark (a quote there is read by the quote pass)."""
    text = draft.text
    last = verb.sent[-1] if verb.sent[-1].text.strip() else verb.doc[max(verb.sent.start, verb.sent.end - 2)]
    if last.text != ":" or last.i - verb.i > COLON_REACH:
        return None
    line_end = text.find("\n", last.idx)
    if line_end < 0 or text[last.idx + 1:line_end].strip():
        return None
    start = line_end
    while start < len(text) and text[start].isspace():
        start += 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    if start >= end or text[start] in OPENING_QUOTE_MARKS or draft.in_boilerplate(start, end):
        return None
    while end > start and text[end - 1] in " \t\r":
        end -= 1
    return (start, end) if any(c.isalpha() for c in text[start:end]) else None


def hearsay(draft: Draft, adverb: Token, quotes: list[Quote]) -> Candidate | None:
    """'The talks reportedly failed': the clause of a hearsay adverb is reported by no one named."""
    clause = adverb.head
    if adverb.dep_ != "advmod" or clause.pos_ not in ("VERB", "AUX") or clause.i == adverb.i:
        return None
    if clause.dep_ in ("pcomp", "acl", "amod", "advcl", "xcomp") or clause.tag_ == "VBG":
        return None  # 'faced criticism for allegedly muddling …': a charge named, not a report
    content = trimmed(draft, clause.left_edge.i, clause.right_edge.i, quotes)
    if content is None or content[1] - content[0] < MIN_HEARSAY_CHARS:
        return None
    return Candidate("indirect", content, (adverb.idx, adverb.idx + len(adverb.text)), None, adverb.i, unnamed=True)


def as_reported_by(draft: Draft, verb: Token, quotes: list[Quote],
                   can_speak: Callable[[Token], bool]) -> Candidate | None:
    """'As reported by the Post, the talks failed' / 'the talks failed, as first noted by X'."""
    head = verb.head
    if verb.tag_ != "VBN" or verb.dep_ != "advcl" or head.i == verb.i:
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    source = by_phrase(verb)
    if source is None or not can_speak(source):
        return None
    if verb.i < head.i:
        content = trimmed(draft, verb.right_edge.i + 1, head.right_edge.i, quotes)
    else:
        content = trimmed(draft, head.left_edge.i, verb.left_edge.i - 1, quotes)
    if content is None:
        return None
    return Candidate("indirect", content, (verb.idx, verb.idx + len(verb.text)), source, verb.i)


def relative_report(draft: Draft, verb: Token, lexicon: Lexicon, quotes: list[Quote]) -> Candidate | None:
    """'a strike that officials said could widen the war': the reported clause of a cue inside a
    relative clause is what follows the cue, its subject being the thing the clause is about.
    None for a free relative ('what they claim is …'), which names no report of its own."""
    if any(c.lower_ in ("what", "whatever") for c in verb.children) or verb.lemma_.lower() in lexicon.weak:
        return None
    clause = next((c for c in verb.rights if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
    subject = subject_of(verb)
    if clause is None or subject is None or subject.i > verb.i or subject.tag_ in ("WDT", "WP"):
        return None
    content = trimmed(draft, verb.i + 1, clause.right_edge.i, quotes)
    if content is None:
        return None
    return Candidate("indirect", content, cue_span(verb, lexicon), subject, verb.i)


def gerund_content(draft: Draft, verb: Token, lexicon: Lexicon, quotes: list[Quote]) -> tuple[int, int] | None:
    """The gerund clause a denial or proposal reports ('denied limiting supplies')."""
    if verb.lemma_.lower() not in lexicon.gerund:
        return None
    gerund = next((c for c in verb.rights if c.dep_ in ("xcomp", "dobj", "ccomp") and c.tag_ == "VBG"), None)
    return trimmed(draft, gerund.left_edge.i, gerund.right_edge.i, quotes) if gerund is not None else None


def opening_name(verb: Token) -> Token | None:
    """The name opening the sentence of a reporting verb the parser left without a subject
    ('Mali and Burkina Faso, both run by soldiers, have said …' read with 'both' as the subject of
    'run'): the speaker is that name."""
    first = verb.sent[0]
    if verb.dep_ != "ROOT" or first.pos_ != "PROPN" or first.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
        return None
    last = first
    while last.i + 1 < verb.i and last.doc[last.i + 1].ent_iob_ == "I":
        last = last.doc[last.i + 1]
    return last


def loose_clause_after(verb: Token) -> Token | None:
    """A clause that starts right after ``verb`` but that the parser hung elsewhere: a verb whose
    subject is the word after the cue."""
    following = verb.doc[verb.i + 1] if verb.i + 1 < verb.sent.end else None
    if following is None or following.dep_ not in ("nsubj", "nsubjpass") or following.head.i <= verb.i:
        return None
    return following.head
