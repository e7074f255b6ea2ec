"""Group judgments about similar propositions, for the topic view.

Cheap on purpose: each proposition becomes the set of its content words (lower-cased, a plural
"s" dropped, stop words removed); each judgment joins the group whose first member (its leader)
shares the most words with it, if their token-set Jaccard is at least 0.4 (leaders found by
MinHash LSH, datasketch); otherwise it starts a group. No model, no embedding: two propositions
worded with different words stay apart, and a proposition with fewer than two content words
("it could happen") is too vague to group.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

THRESHOLD = 0.4
PERMUTATIONS = 64
STOP_WORDS = frozenset("""
a an the and or but if of to in on at by for with from into onto over under about as than then that this
these those there their they them it its is are was were be been being will would could should can may
might must shall do does did done have has had not no nor so such very more most less least also still
yet just only even ever again which who whom whose what when where why how he she his her him we our us
you your i me my before after while until through during against between within without up down out off
happen come go take make get give put say said tell thing things way time soon some any all one now here
too every different maybe perhaps possibly probably likely unlikely almost certainly certain chance know think
""".split())
MIN_WORDS = 2
WORD = re.compile(r"[a-z0-9]+")


def content_words(text: str) -> frozenset[str]:
    """The words of a proposition that say what it is about."""
    words = set()
    for word in WORD.findall(text.lower()):
        if word in STOP_WORDS or len(word) < 2:
            continue
        words.add(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word)
    return frozenset(words)


def jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    """Token-set Jaccard similarity (0 when both are empty)."""
    union = len(left | right)
    return len(left & right) / union if union else 0.0


def _leader_groups(word_sets: list[frozenset[str]]) -> list[list[int]]:
    """Leader clustering: each item joins the most similar existing leader (Jaccard >= threshold) or leads.

    Comparing with the leader only (not with any member) keeps groups from chaining into one
    giant group through shared words. MinHash LSH over the leaders proposes the candidates.
    """
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
    groups: dict[int, list[int]] = {}
    for index, words in enumerate(word_sets):
        if len(words) < MIN_WORDS:
            continue
        minhash = MinHash(num_perm=PERMUTATIONS, seed=1)
        minhash.update_batch([w.encode("utf-8") for w in words])
        scored = [(jaccard(words, word_sets[int(key)]), int(key)) for key in lsh.query(minhash)]
        best = max((pair for pair in scored if pair[0] >= THRESHOLD), default=None)
        if best is None:
            groups[index] = [index]
            lsh.insert(str(index), minhash)
        else:
            groups[best[1]].append(index)
    return list(groups.values())


def group_judgments(judgments: list[dict[str, Any]], *, min_size: int = 2) -> list[dict[str, Any]]:
    """Topic groups of judgments: label, shared words, and members oldest first; biggest groups first."""
    word_sets = [content_words(j.get("proposition") or "") for j in judgments]
    topics = []
    for members in _leader_groups(word_sets):
        if len(members) < min_size:
            continue
        words = Counter(w for m in members for w in word_sets[m])
        label_index = max(members[:60], key=lambda m: (sum(jaccard(word_sets[m], word_sets[o]) for o in members[:60]),
                                                       -len(judgments[m]["proposition"])))
        rows = sorted((judgments[m] for m in members), key=lambda j: (j.get("published") or "", j["document_id"]))
        topics.append({
            "label": judgments[label_index]["proposition"],
            "words": [w for w, n in words.most_common(6) if n > 1],
            "holders": sorted({j.get("holder") or "(the article)" for j in rows}),
            "judgments": rows,
        })
    topics.sort(key=lambda t: (-len(t["judgments"]), t["label"]))
    for number, topic in enumerate(topics, start=1):
        topic["id"] = number
    return topics
