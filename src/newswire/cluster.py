"""Story clustering: near-duplicate and syndicated copies of one story grouped under one story id.

The same wire story runs in many outlets, lightly edited: another headline or byline, a line of
boilerplate, a trimmed last paragraph. So that a statement or an event is counted once per story,
every stored document gets a story id (its own id when nothing else resembles it).

How: the document text (less its boilerplate spans) becomes a set of word shingles; a MinHash
signature (datasketch) estimates the Jaccard similarity of two such sets, and an LSH index finds
the earlier documents whose signatures probably resemble a new one, in about constant time. A new
document joins the story of its most similar earlier document when the estimated similarity
reaches :data:`THRESHOLD`, else it starts a story of its own. One pass, no pairwise comparison of
the corpus: time grows linearly with the number of documents.

Incremental: signatures are kept in the store (``story_signatures``), so a later batch is matched
against the documents clustered before (the most recent :data:`WINDOW` of them, which bounds
memory). Stories never merge after the fact, which keeps story ids stable (a story's id is the id
of its first document).

Measured with ``newswire cluster --evaluate FOLDER`` (see :mod:`newswire.cluster_eval`).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

NUM_PERM = 128
SHINGLE_WORDS = 2
THRESHOLD = 0.4
SEED = 1
SCHEME = "affine32"
MAX_CANDIDATES = 200
WINDOW = 200_000  # documents kept in the LSH index; about 12 KB of memory each
SETTINGS = {"num_perm": str(NUM_PERM), "shingle_words": str(SHINGLE_WORDS), "threshold": str(THRESHOLD),
            "seed": str(SEED), "hash": f"crc32-words {SCHEME}", "tokens": "lowercase-alphanumeric-words"}
CHUNK = 2000

WORD = re.compile(r"[^\W_]+")
WORD_CACHE_SIZE = 1_000_000
_WORD_HASHES: dict[str, int] = {}  # word -> CRC-32, filled as texts come
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant that spreads the word hashes


def shingle_hashes(text: str, boilerplate: Sequence[tuple[int, int]] = ()) -> np.ndarray:
    """The distinct 32-bit hashes of the word shingles of ``text`` (runs of :data:`SHINGLE_WORDS` words).

    Words are lowercased runs of letters and digits; characters inside the ``boilerplate`` spans
    (start, end) are left out. Each word is hashed once (CRC-32) and a shingle's hash combines
    its words' hashes, all in numpy. A text shorter than one shingle gives one hash of all its
    words; a text without words gives an empty array.
    """
    if boilerplate:
        text = _blank_spans(text, boilerplate)
    if len(_WORD_HASHES) > WORD_CACHE_SIZE:
        _WORD_HASHES.clear()
    cache = _WORD_HASHES
    words = np.array([cache[w] if w in cache else cache.setdefault(w, zlib.crc32(w.encode("utf-8")))
                      for w in WORD.findall(text.lower())], dtype=np.uint64)
    if len(words) == 0:
        return words.astype(np.uint32)
    width = min(SHINGLE_WORDS, len(words))
    combined = np.zeros(len(words) - width + 1, dtype=np.uint64)
    for offset in range(width):
        combined = combined * _MIX + words[offset:offset + len(combined)]
    folded = (combined ^ (combined >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    return np.unique(folded.astype(np.uint32))


def _blank_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with each (start, end) span replaced by a line break."""
    pieces, position = [], 0
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if start > position:
            pieces.append(text[position:start])
        pieces.append("\n")
        position = max(position, end)
    pieces.append(text[position:])
    return "".join(pieces)


class Signer:
    """Computes MinHash signatures with fixed permutations (made once, reused for every text)."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED) -> None:
        from datasketch import MinHash

        self.num_perm, self.seed = num_perm, seed
        self._template = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME)

    def signature(self, hashes: np.ndarray) -> np.ndarray | None:
        """The MinHash values (uint32) of a set of shingle hashes; None for an empty set (nothing to match)."""
        from datasketch import MinHash

        if len(hashes) == 0:
            return None
        minhash = MinHash(num_perm=self.num_perm, seed=self.seed, hashfunc=int,
                          permutations=self._template.permutations, scheme=SCHEME)
        minhash.update_batch(hashes)
        return minhash.hashvalues.astype(np.uint32)

    def of_text(self, text: str, boilerplate: Sequence[tuple[int, int]] = ()) -> np.ndarray | None:
        """The signature of a document text, boilerplate spans left out."""
        return self.signature(shingle_hashes(text, boilerplate))


@dataclass(frozen=True)
class Assignment:
    """The story one document joined: ``similarity`` to its closest earlier document (None: a new story)."""

    document_id: str
    story_id: str
    similarity: float | None


class StoryIndex:
    """The LSH index of clustered documents and the story of each; assigns new documents to stories.

    ``window`` bounds memory: only the most recent ``window`` documents stay indexed (older ones
    are dropped as new ones come), so a copy can join a story while some document of that story
    is among them. None keeps every document.
    """

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM, seed: int = SEED,
                 window: int | None = None) -> None:
        from datasketch import MinHashLSH

        self.threshold, self.seed, self.window = threshold, seed, window
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[int, np.ndarray] = {}
        self._stories: dict[int, str] = {}
        self._added = 0

    def __len__(self) -> int:
        """How many documents are indexed now."""
        return len(self._signatures)

    def add(self, story_id: str, signature: np.ndarray) -> None:
        """Index a document already assigned to ``story_id`` (as when loading a store)."""
        from datasketch import LeanMinHash

        key, self._added = self._added, self._added + 1
        self._signatures[key] = signature
        self._stories[key] = story_id
        self._lsh.insert(key, LeanMinHash(seed=self.seed, hashvalues=signature, scheme=SCHEME), check_duplication=False)
        if self.window is not None and len(self._signatures) > self.window:
            oldest = next(iter(self._signatures))
            self._lsh.remove(oldest)
            del self._signatures[oldest], self._stories[oldest]

    def assign(self, document_id: str, signature: np.ndarray | None) -> Assignment:
        """Put a new document in the story of its most similar indexed document, or in a new one."""
        if signature is None:
            return Assignment(document_id, document_id, None)
        best_key, best = self._closest(signature)
        story_id = self._stories[best_key] if best_key is not None and best >= self.threshold else document_id
        self.add(story_id, signature)
        return Assignment(document_id, story_id, best if story_id != document_id else None)

    def _closest(self, signature: np.ndarray) -> tuple[int | None, float]:
        """The indexed document most similar to ``signature`` among the LSH candidates.

        Similarity is the share of equal MinHash values (an estimate of the Jaccard similarity of
        the shingle sets); at most MAX_CANDIDATES candidates are compared, so a story with very
        many copies costs no more than one with a few hundred.
        """
        from datasketch import LeanMinHash

        candidates = self._lsh.query(LeanMinHash(seed=self.seed, hashvalues=signature, scheme=SCHEME))
        if not candidates:
            return None, 0.0
        keys = sorted(candidates)[:MAX_CANDIDATES]
        matrix = np.stack([self._signatures[k] for k in keys])
        scores = np.count_nonzero(matrix == signature, axis=1) / len(signature)
        index = int(np.argmax(scores))
        return keys[index], float(scores[index])


def cluster_texts(items: Iterable[tuple[str, str]], *, index: StoryIndex | None = None,
                  signer: Signer | None = None) -> Iterator[Assignment]:
    """Assign each (document id, text) to a story, in order; no store needed (used by the evaluation)."""
    index = index or StoryIndex()
    signer = signer or Signer()
    for document_id, text in items:
        yield index.assign(document_id, signer.of_text(text))


@dataclass
class ClusterSummary:
    """What one clustering run over a store did."""

    clustered: int = 0
    stories: int = 0
    joined: int = 0
    indexed_before: int = 0


def cluster_new_documents(con, *, rebuild: bool = False, chunk: int = CHUNK,
                          window: int | None = WINDOW) -> ClusterSummary:
    """Give every stored document that has no story yet its story id; the ingest hook.

    ``con`` is a writable connection from :func:`newswire.store.open_store`. Documents are taken
    in the order they were stored and matched against the documents clustered before (their
    signatures are loaded from ``story_signatures``). Each chunk of ``chunk`` documents is
    committed on its own, so a run killed part way is finished by the next one. ``rebuild``
    forgets every story first and clusters the whole store again. ``window`` is how many of the
    most recently clustered documents a new one is matched against (see :class:`StoryIndex`).
    """
    from newswire import store

    if rebuild:
        store.clear_stories(con)
    store.check_story_settings(con, SETTINGS, rebuild=rebuild)
    index, signer = StoryIndex(window=window), Signer()
    for story_id, signature in store.story_signatures(con, newest=window):
        index.add(story_id, signature)
    summary = ClusterSummary(indexed_before=len(index))
    pending = store.unclustered_ids(con)
    for start in range(0, len(pending), chunk):
        rows = []
        for document_id, text, boilerplate in store.texts_of(con, pending[start:start + chunk]):
            signature = signer.of_text(text, boilerplate)
            assignment = index.assign(document_id, signature)
            rows.append((assignment, signature))
            summary.joined += assignment.story_id != document_id
            summary.stories += assignment.story_id == document_id
        store.write_stories(con, rows)
        summary.clustered += len(rows)
    return summary


def cluster_store(db, *, rebuild: bool = False, window: int | None = WINDOW) -> ClusterSummary:
    """Open the store at ``db``, cluster its documents that have no story yet, and close it."""
    from newswire.store import open_store

    con = open_store(db)
    try:
        return cluster_new_documents(con, rebuild=rebuild, window=window)
    finally:
        con.close()
