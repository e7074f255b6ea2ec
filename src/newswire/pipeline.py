"""The reader: parse each document once with spaCy, then run the stages in order over it."""

from __future__ import annotations

import dataclasses
import gc
import logging
from collections.abc import Callable, Iterable, Iterator

from newswire.draft import Draft
from newswire.errors import InputError
from newswire.language import detect_language
from newswire.parse import DEFAULT_MODEL, load_pipeline
from newswire.records import Document, Reading
from newswire.stages import actors, boilerplate, estimates, events, places, quantities, speech

Stage = Callable[[Draft], None]
STAGES: tuple[tuple[str, Stage], ...] = (
    ("boilerplate", boilerplate.annotate),
    ("actors", actors.annotate),
    ("places", places.annotate),
    ("speech", speech.annotate),
    ("estimates", estimates.annotate),
    ("events", events.annotate),
    ("quantities", quantities.annotate),
)
SCALES = ("survey", "icd203", "kent")
WARM_UP_TEXT = ("KYIV, March 3 (Newswire) - Ukraine's foreign minister said on Friday that talks with Russia "
                "were \"unlikely\" before spring, after troops shelled Kharkiv, 20 miles from the border.")
LOG = logging.getLogger("newswire")


class Reader:
    """Reads documents into :class:`~newswire.records.Reading` records.

    Args:
        model: name of an installed spaCy English pipeline package.
        scale: which probability scale calibrates judgments (``survey``, ``icd203`` or ``kent``).
    """

    def __init__(self, *, model: str = DEFAULT_MODEL, scale: str = "survey") -> None:
        if scale not in SCALES:
            raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
        from newswire.inputs import max_document_chars

        self.nlp = load_pipeline(model)
        self.nlp.max_length = max(self.nlp.max_length, max_document_chars())
        self.scale = scale
        self._settle()

    def _settle(self) -> None:
        """Load the stages' lexicons and gazetteer now, then take them out of the garbage
        collector's work.

        The gazetteer alone holds ~700,000 Python objects; left in the collected generations, every
        full collection walks them all, which cost more time than the stages themselves.
        """
        self.read_text(WARM_UP_TEXT)
        gc.collect()
        gc.freeze()

    def read(self, document: Document) -> Reading:
        """Read one document."""
        return next(self.read_many([document]))

    def read_text(self, text: str, **metadata) -> Reading:
        """Read a text given as a string (metadata as in :class:`Document`)."""
        from newswire.inputs import make_document

        return self.read(make_document(text, where="<text>", **metadata))

    def read_many(self, documents: Iterable[Document], *, batch_size: int = 16) -> Iterator[Reading]:
        """Read documents in order, parsing them in batches."""
        pending = (self._with_language(self._within_limit(d)) for d in documents)
        pairs = self.nlp.pipe(((d.text if d.language == "en" else "", d) for d in pending),
                              as_tuples=True, batch_size=batch_size)
        for doc, document in pairs:
            if document.language == "en" and document.text.strip():
                yield self.read_parsed(document, doc)
            else:
                yield Draft(document=document, doc=doc, scale=self.scale).finish()

    def read_parsed(self, document: Document, doc) -> Reading:
        """Run the stages over a document already parsed with ``self.nlp`` (no language check).

        For callers that need the spaCy ``Doc`` themselves, such as evaluations that compare
        another tool on the same parse.
        """
        draft = Draft(document=document, doc=doc, scale=self.scale)
        run_stages(draft)
        return draft.finish()

    def _within_limit(self, document: Document) -> Document:
        """The document, or an :class:`InputError` when it is longer than the parser may take."""
        if len(document.text) > self.nlp.max_length:
            raise InputError(
                f"document {document.id} has {len(document.text):,} characters, more than the "
                f"{self.nlp.max_length:,} the parser reads (NEWSWIRE_MAX_DOCUMENT_CHARS); split it")
        return document

    @staticmethod
    def _with_language(document: Document) -> Document:
        return dataclasses.replace(document, language=detect_language(document.text))


def run_stages(draft: Draft) -> None:
    """Run every stage in order over one parsed document.

    A stage that fails on a document is logged and skipped, so one bad story costs that stage's
    records for that story, never the run.
    """
    for name, stage in STAGES:
        try:
            stage(draft)
        except Exception:  # noqa: BLE001 - one stage's failure must not lose the document
            LOG.exception("stage %s failed on document %s; its records are skipped", name, draft.document.id)
