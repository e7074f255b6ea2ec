"""Stance attributions for the speech stage: what someone believes, wants, backs or charges.

Attribution corpora such as PolNeAR count far more than speech: 'X believes …', 'X wants …',
'X accused Y of …', 'X voted against …', 'X is critical of …', "the senator's support for …",
'a poll shows …', 'X seems to …'. These are found here in the parse and become statements of kind
``stance``, kept apart from the speech kinds (``direct``, ``partial``, ``indirect``). The word lists
are the ``stance`` part of ``data/speech_verbs.json``.

Nothing here knows about actors or quotes: :func:`stance_candidates` returns
:class:`~newswire.stages.speech_quotes.Candidate` objects whose ``subject`` token the speech stage
resolves to actors, and it is given the stage's span trimmer so spans are cut the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from newswire.stages.speech_marks import is_shouting
from newswire.stages.speech_quotes import Candidate, by_phrase, subject_of

Trimmer = Callable[[int, int], "tuple[int, int] | None"]
CLAUSE_DEPS = ("ccomp", "xcomp")
OBJECT_DEPS = ("dobj",)
INTENT_PREPS = {"for", "against"}  # 'pushing for a vote', 'voted against'; 'to' only in 'looks forward to'
CHARGE_PREPS = {"of", "for", "as", "over", "about", "against"}  # 'accused Y of …', 'praised Y for …'
COPULAS = {"be", "seem", "remain", "appear", "feel", "sound", "become", "grow", "stay"}
EMPTY_OBJECTS = {"it", "this", "that", "them", "him", "her", "so", "something", "anything", "nothing",
                 "what", "which", "one", "me", "us", "you"}
SPEAKING_PRONOUNS = {"he", "she", "they", "we", "i", "who", "it"}
OWNER_PRONOUNS = {"his", "her", "their"}
MIN_CONTENT_CHARS = 4
# adjectives of the article's own judgment after an empty 'it' ('it is unclear whether …'); 'likely'
# and its kin are left to the estimates stage
JUDGMENT_ADJECTIVES = {"clear", "unclear", "uncertain", "obvious", "evident", "apparent"}
MIN_CLAUSE_CHARS = 12  # 'In a poll, …' must be followed by a clause, not a word or two
# verbs whose 'to' phrase names the one spoken to ('spoke to reporters'), not a topic
ADDRESSING_VERBS = {"speak", "talk", "write", "say", "explain", "complain", "reply", "tweet", "post"}
STATING_NOUNS = {"resolution", "motion", "petition", "declaration", "communique", "communiqué", "note", "message"}
NOT_TOPICS = {"condition", "behalf", "record"}  # 'spoke on condition of anonymity', 'on behalf of', 'on the record'
MATERIAL_NOUNS = {"support", "push", "bid"}  # 'U.S. support for Ukraine' is aid; "Biden's support for …" a stance


@dataclass(frozen=True)
class StanceLexicon:
    """The ``stance`` word lists of ``data/speech_verbs.json`` (see their ``_format``)."""

    kind_verbs: frozenset[str]
    verbs: frozenset[str]
    evidence_verbs: frozenset[str]
    evidence_nouns: frozenset[str]
    adjectives: frozenset[str]
    nouns: frozenset[str]
    preps: frozenset[str]
    seem_verbs: frozenset[str]
    role_nouns: frozenset[str]
    speech_fallback_excluded: frozenset[str]
    passive_verbs: frozenset[str]
    passive_charges: frozenset[str]
    intention_verbs: frozenset[str]
    complement_verbs: frozenset[str]
    person_verbs: frozenset[str]
    in_nouns: frozenset[str]
    lemma_fixes: dict[str, str]

    def lemma(self, token: Token) -> str:
        """The token's lemma, mended where the parser is known to get it wrong."""
        return self.lemma_fixes.get(token.lower_) or token.lemma_.lower()


@lru_cache(maxsize=1)
def load_stance_lexicon() -> StanceLexicon:
    """The stance word lists, read once."""
    raw = json.loads(resources.files("newswire.data").joinpath("speech_verbs.json").read_text("utf-8"))["stance"]
    lists = [field for field in StanceLexicon.__dataclass_fields__ if field != "lemma_fixes"]
    return StanceLexicon(**{key: frozenset(raw[key]) for key in lists}, lemma_fixes=dict(raw["lemma_fixes"]))


def stance_candidates(doc: Doc, taken: set[int], trim: Trimmer, can_speak: Callable[[Token], bool],
                      skip: Callable[[int, int], bool], speech_verbs: frozenset[str] = frozenset()) -> list[Candidate]:
    """Stance statements of a parsed document, one per cue word not in ``taken`` (the cue tokens
    other statements already use). ``trim(first, last)`` turns a token range into a content span;
    ``can_speak(token)`` says whether a subject can be a speaker; ``skip(start, end)`` marks text
    nothing is read from (boilerplate). ``speech_verbs`` that reported no clause may report a
    plain object ('announced his resignation'), unless their object is the one spoken to. The cue
    tokens used here are added to ``taken``."""
    lexicon = load_stance_lexicon()
    verbs = lexicon.verbs | (speech_verbs - lexicon.speech_fallback_excluded)
    found: list[Candidate] = []
    for sentence in doc.sents:
        if is_shouting(sentence.text) or skip(sentence.start_char, sentence.end_char):
            continue
        if sentence.text.rstrip()[-1:] not in ".!?\"”’'":
            continue  # a headline or a caption: too terse to tell a stance from a deed
        for token in sentence:
            if token.i in taken:
                continue
            candidate = _candidate(token, lexicon, verbs, trim, can_speak)
            if candidate is not None:
                taken.add(token.i)
                found.append(candidate)
    return found


def _candidate(token: Token, lexicon: StanceLexicon, verbs: frozenset[str], trim: Trimmer,
               can_speak: Callable[[Token], bool]) -> Candidate | None:
    """The stance cued by ``token``: a stance, passive-view, intention or 'seem' verb, a stance
    adjective or role noun after 'be', a stance noun with an owner, or 'in' a poll or statement."""
    lemma = lexicon.lemma(token)
    if token.pos_ == "VERB" and lemma in lexicon.seem_verbs:
        return _seeming(token, trim)
    if token.pos_ == "VERB" and lemma in lexicon.passive_verbs and any(c.dep_ == "auxpass" for c in token.children):
        return _held_view(token, trim, can_speak)
    if token.pos_ == "VERB" and lemma in lexicon.passive_charges and any(c.dep_ == "auxpass" for c in token.children):
        return _charge_held(token, trim, can_speak)
    if token.pos_ == "VERB" and (lemma in verbs or lemma in lexicon.evidence_verbs):
        return _stance_verb(token, lexicon, verbs, trim, can_speak)
    if token.pos_ == "VERB" and lemma in lexicon.intention_verbs:
        return _intention(token, lexicon, trim, can_speak)
    if token.pos_ == "VERB" and lemma in lexicon.person_verbs:
        return _between_people(token, trim)
    if token.lower_ == "in" and token.dep_ == "prep" and lexicon.lemma(token.head) not in verbs:
        return _stated_in(token, lexicon, trim)  # 'In a video, X said …': the verb names its own source
    if token.pos_ == "ADJ" and lemma in JUDGMENT_ADJECTIVES:
        return _judgment(token, trim)
    if token.pos_ == "ADJ" and lemma in lexicon.adjectives or token.pos_ == "NOUN" and lemma in lexicon.role_nouns:
        return _stance_adjective(token, lexicon, trim, can_speak)
    if token.pos_ == "NOUN" and lemma in lexicon.nouns:
        return _stance_noun(token, lexicon, trim, can_speak)
    return None


def _holder(verb: Token, lexicon: StanceLexicon, can_speak: Callable[[Token], bool]) -> Token | None:
    """Who holds the stance: the verb's subject when it can speak, or a document ('a poll shows')
    for evidence verbs. A verb with no subject of its own takes its clause's subject; one that
    modifies a noun takes that noun ('a resolution demanding …' is the resolution's demand, not
    its vetoer's)."""
    own = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    if not own and verb.dep_ == "pcomp":
        return None  # 'accused Moscow of trying to …': not the accuser's aim
    if not own and verb.dep_ == "acl":  # 'protesters demanding …', 'a resolution demanding …'
        noun = verb.head
        stated = noun.lemma_.lower() in lexicon.in_nouns or noun.lemma_.lower() in STATING_NOUNS
        return noun if noun.pos_ in ("NOUN", "PROPN") and (stated or can_speak(noun)) else None
    subject = subject_of(verb)
    if subject is None:
        return None
    if subject.pos_ == "PRON" and subject.lower_ not in SPEAKING_PRONOUNS:
        return None
    if can_speak(subject):
        return subject
    evidence = lexicon.lemma(verb) in lexicon.evidence_verbs and subject.lemma_.lower() in lexicon.evidence_nouns
    return subject if evidence else None


def _stance_verb(verb: Token, lexicon: StanceLexicon, verbs: frozenset[str], trim: Trimmer,
                 can_speak: Callable[[Token], bool]) -> Candidate | None:
    """'X believes …', 'X wants to …', 'X accused Y of …', 'X voted against …'."""
    if verb.dep_ in ("amod", "compound") or any(c.dep_ == "auxpass" for c in verb.children):
        return None  # 'self-described', 'was accused of': the holder is not the subject
    if verb.dep_ == "xcomp" and any(c.dep_ in ("dobj", "dative") for c in verb.head.children):
        return None  # 'urged Kyiv to find …': the one urged holds it, not the subject
    holder = _holder(verb, lexicon, can_speak)
    if holder is None:
        return None
    lemma = lexicon.lemma(verb)
    if lemma not in verbs and holder.lemma_.lower() not in lexicon.evidence_nouns and not any(
            c.dep_ == "ccomp" for c in verb.children):
        return None  # 'investigators found that …' is a finding, 'troops found bodies' a deed
    if lemma in lexicon.complement_verbs and not any(
            c.dep_ in ("ccomp", "xcomp", "oprd") or c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        return None  # 'sees the deal as a trap' is a view, 'saw another success' is not
    content = _verb_content(verb, lexicon, trim)
    if content is None or _holds(holder, content):
        return None
    return Candidate("stance", content, _cue(verb), holder, verb.i)


def _verb_content(verb: Token, lexicon: StanceLexicon, trim: Trimmer) -> tuple[int, int] | None:
    """The stance of a verb: its clause, its object (with what it is charged with: 'accused Y of
    lying'), or the object of a stance preposition ('voted against the bill')."""
    clauses = [c for c in verb.rights if c.dep_ in CLAUSE_DEPS]
    obj = next((c for c in verb.rights if c.dep_ in OBJECT_DEPS), None)
    if obj is not None and obj.lower_ not in EMPTY_OBJECTS and obj.ent_type_ not in ("DATE", "TIME"):
        charges = [c.right_edge for c in verb.rights if c.i > obj.i and (
            c.dep_ in CLAUSE_DEPS or c.dep_ == "prep" and c.lower_ in CHARGE_PREPS
            and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children))]
        if obj.ent_type_ in ("GPE", "LOC", "FAC") and not charges:
            return None  # 'defended the city': a place is what a deed is done to
        return trim(obj.left_edge.i, max([obj.right_edge, *charges], key=lambda t: t.i).i)
    if clauses:
        return trim(clauses[0].left_edge.i, clauses[-1].right_edge.i)
    return _prep_content(verb, lexicon, trim)


def _intention(verb: Token, lexicon: StanceLexicon, trim: Trimmer,
               can_speak: Callable[[Token], bool]) -> Candidate | None:
    """'X tried to block …', 'X is pushing for a vote', 'X looks forward to …': what X means to do."""
    if verb.dep_ in ("amod", "compound", "xcomp") or any(c.dep_ == "auxpass" for c in verb.children):
        return None
    holder = _holder(verb, lexicon, can_speak)
    if holder is None:
        return None
    infinitive = next((c for c in verb.rights if c.dep_ == "xcomp"
                       and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)
    if infinitive is not None:
        content = trim(infinitive.left_edge.i, infinitive.right_edge.i)
    else:
        forward = any(c.lower_ == "forward" for c in verb.children)
        prep = next((c for c in verb.rights if c.dep_ == "prep"
                     and (c.lower_ in INTENT_PREPS or forward and c.lower_ == "to")), None)
        target = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        content = trim(target.left_edge.i, target.right_edge.i) if target is not None else None
    if content is None or _holds(holder, content):
        return None
    return Candidate("stance", content, _cue(verb), holder, verb.i)


def _between_people(verb: Token, trim: Trimmer) -> Candidate | None:
    """'Trump attacked Machado', 'the paper backed Clinton': a stance only when a named person (or
    organisation) acts on a named person or organisation; 'troops attacked the convoy' is a deed."""
    subject = subject_of(verb)
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    named = ("PERSON", "ORG")
    if subject is None or obj is None or subject.ent_type_ not in named or obj.ent_type_ not in named:
        return None
    content = trim(obj.left_edge.i, obj.right_edge.i)
    if content is None or _holds(subject, content):
        return None
    return Candidate("stance", content, _cue(verb), subject, verb.i)


def _stated_in(preposition: Token, lexicon: StanceLexicon, trim: Trimmer) -> Candidate | None:
    """'In a new poll, Clinton leads …', 'safe in his eyes': the poll (or the owner of the eyes) is
    the source and the rest of the clause the content."""
    noun = next((c for c in preposition.children if c.dep_ == "pobj"), None)
    head = preposition.head
    if noun is None or noun.lemma_.lower() not in lexicon.in_nouns or head.i == preposition.i:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    source = owner if owner is not None else noun
    if preposition.i < head.i:
        content = trim(preposition.right_edge.i + 1, head.right_edge.i)
    else:
        content = trim(head.left_edge.i, preposition.left_edge.i - 1)
    if content is None or _holds(source, content) or content[1] - content[0] < MIN_CLAUSE_CHARS:
        return None
    return Candidate("stance", content, _cue(preposition), source, preposition.i)


def _prep_content(head: Token, lexicon: StanceLexicon, trim: Trimmer) -> tuple[int, int] | None:
    """The object of the first stance preposition after ``head`` ('critical of the plan')."""
    addressed = lexicon.lemma(head) in ADDRESSING_VERBS
    for child in head.rights:
        if child.dep_ in ("prep", "prt") and child.lower_ in lexicon.preps and not (addressed and child.lower_ == "to"):
            target = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if target is None or target.lemma_.lower() in NOT_TOPICS:
                continue
            if target.ent_type_ not in ("DATE", "TIME") and target.lower_ not in EMPTY_OBJECTS:
                return trim(target.left_edge.i, target.right_edge.i)
    return None


def _judgment(adjective: Token, trim: Trimmer) -> Candidate | None:
    """'It is unclear whether …', 'it is obvious that …': the article's own judgment (no speaker)
    of the clause after an empty 'it'."""
    copula = adjective.head
    if adjective.dep_ != "acomp" or copula.lemma_.lower() not in COPULAS:
        return None
    if not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in copula.children):
        return None
    after = list(adjective.rights) + list(copula.rights)
    clause = next((c for c in after if c.dep_ == "ccomp" and c.i > adjective.i), None)
    content = trim(clause.left_edge.i, clause.right_edge.i) if clause is not None else None
    if content is None or content[1] - content[0] < MIN_CLAUSE_CHARS:
        return None
    return Candidate("stance", content, (copula.idx, adjective.idx + len(adjective.text)), None, adjective.i)


def _stance_adjective(adjective: Token, lexicon: StanceLexicon, trim: Trimmer,
                      can_speak: Callable[[Token], bool]) -> Candidate | None:
    """'X is critical of …', 'X is confident that …', 'X remains opposed to …', 'X is a critic of …'."""
    copula = adjective.head
    if adjective.dep_ not in ("acomp", "attr") or copula.lemma_.lower() not in COPULAS:
        return None
    holder = subject_of(copula)
    if holder is None or not can_speak(holder) or holder.pos_ == "PRON" and holder.lower_ not in SPEAKING_PRONOUNS:
        return None
    clauses = [c for c in adjective.rights if c.dep_ in CLAUSE_DEPS]
    content = (trim(clauses[0].left_edge.i, clauses[-1].right_edge.i) if clauses
               else _prep_content(adjective, lexicon, trim))
    if content is None or _holds(holder, content):
        return None
    cue_start = copula.idx if copula.i < adjective.i else adjective.idx
    return Candidate("stance", content, (cue_start, adjective.idx + len(adjective.text)), holder, adjective.i)


def _stance_noun(noun: Token, lexicon: StanceLexicon, trim: Trimmer,
                 can_speak: Callable[[Token], bool]) -> Candidate | None:
    """"Trump's criticism of …", 'the senator's support for …', 'her plan to …'."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None and noun.lemma_.lower() not in MATERIAL_NOUNS:
        names = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        owner = names[-1] if names else None
    if owner is None or owner.pos_ == "PRON" and owner.lower_ not in OWNER_PRONOUNS:
        return None
    if owner.pos_ != "PRON" and not can_speak(owner):
        return None
    clause = next((c for c in noun.children if c.dep_ in ("acl", "relcl", "ccomp", "appos")
                   and any(g.dep_ in ("mark", "aux") and g.lower_ in ("that", "to") for g in c.children)), None)
    content = (trim(clause.left_edge.i, clause.right_edge.i) if clause is not None
               else _prep_content(noun, lexicon, trim))
    if content is None or _holds(owner, content):
        return None
    return Candidate("stance", content, (noun.idx, noun.idx + len(noun.text)), owner, noun.i)


def _seeming(verb: Token, trim: Trimmer) -> Candidate | None:
    """'X seems to want …', 'the plan appears doomed': the article's own judgment (no speaker),
    whose content is the subject with what it seems to do or be."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    complement = next((c for c in verb.rights if c.dep_ in ("xcomp", "acomp", "attr", "ccomp", "oprd", "prep")), None)
    if subject is None or complement is None or subject.lower_ in ("there", "this", "that"):
        return None
    if subject.lower_ == "it":  # 'it seems (likely) that …', 'it appears the talks …': the clause seems so
        clausal = complement.dep_ == "ccomp" or any(c.dep_ in ("ccomp", "pcomp") for c in complement.children)
        return Candidate("stance", content, _cue(verb), None, verb.i) if clausal and (
            content := trim(complement.left_edge.i, complement.right_edge.i)) else None
    content = trim(subject.left_edge.i, complement.right_edge.i)
    if content is None:
        return None
    return Candidate("stance", content, _cue(verb), None, verb.i)


def _held_view(verb: Token, trim: Trimmer, can_speak: Callable[[Token], bool]) -> Candidate | None:
    """'X is expected to win', 'the plan is seen as a test', 'he is believed by aides to …', 'it is
    widely believed that …': a view held of the passive subject (or the clause after an empty
    'it'), by the 'by' phrase's speaker or by no one named."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i), None)
    complement = next((c for c in verb.rights if c.dep_ in ("xcomp", "ccomp", "oprd")
                       or c.dep_ == "prep" and c.lower_ == "as"), None)
    expletive = subject is not None and subject.lower_ == "it" and complement is not None and complement.dep_ == "ccomp"
    if subject is None or subject.lower_ == "there" or subject.lower_ == "it" and not expletive:
        return None
    holder = by_phrase(verb)
    if holder is not None and not can_speak(holder):
        return None
    if complement is None and holder is not None:  # 'seen by analysts as a test': 'as' hangs on them
        complement = next((c for c in holder.rights if c.dep_ == "prep" and c.lower_ == "as"), None)
    if complement is None:
        return None
    first = complement.left_edge.i if expletive else subject.left_edge.i  # 'it is expected that …': the clause
    content = trim(first, complement.right_edge.i)
    if content is None or holder is not None and _holds(holder, content):
        return None
    return Candidate("stance", content, _cue(verb), holder, verb.i)


def _charge_held(verb: Token, trim: Trimmer, can_speak: Callable[[Token], bool]) -> Candidate | None:
    """'X was accused of lying', 'the army has been blamed for the delay': a charge against the
    passive subject, by the 'by' phrase's speaker or by no one named; the content runs from the
    subject to what it is charged with."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i), None)
    charge = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in ("of", "for", "over")
                   and any(g.dep_ in ("pobj", "pcomp") for g in c.children)), None)
    if subject is None or charge is None or subject.lower_ in ("it", "there"):
        return None
    holder = by_phrase(verb)
    if holder is not None and not can_speak(holder):
        return None
    content = trim(subject.left_edge.i, charge.right_edge.i)
    if content is None or holder is not None and _holds(holder, content):
        return None
    return Candidate("stance", content, _cue(verb), holder, verb.i)


def _cue(token: Token) -> tuple[int, int]:
    """Character span of a one-word cue."""
    return token.idx, token.idx + len(token.text)


def _holds(holder: Token, content: tuple[int, int]) -> bool:
    """True when the content span takes in the holder's own word (a parse gone wrong), or is too
    short to be a stance."""
    return content[0] <= holder.idx < content[1] or content[1] - content[0] < MIN_CONTENT_CHARS
