"""Rules the code itself must keep, checked on the source.

spaCy builds a new ``Token`` object on every access (``doc[3] is doc[3]`` is False), so comparing
tokens with ``is`` is always False and silently disables the branch it guards; tokens are
compared by their index. The stages compare nothing else by identity, so any ``is`` between two
expressions that are not None, True or False is flagged.
"""

from __future__ import annotations

import ast
from pathlib import Path

import newswire

STAGES = Path(newswire.__file__).parent / "stages"


def identity_comparisons(source: str) -> list[int]:
    """Line numbers of ``a is b`` / ``a is not b`` where neither side is a constant."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for op, left, right in zip(node.ops, operands, operands[1:]):
                if isinstance(op, (ast.Is, ast.IsNot)) and not any(isinstance(x, ast.Constant) for x in (left, right)):
                    lines.append(node.lineno)
    return lines


def test_the_checker_finds_an_identity_comparison():
    assert identity_comparisons("if head is verb:\n    pass\nif x is None:\n    pass\n") == [1]


def test_stages_never_compare_tokens_by_identity():
    found = {path.name: lines for path in sorted(STAGES.glob("*.py"))
             if (lines := identity_comparisons(path.read_text("utf-8")))}
    assert found == {}, f"compare tokens by .i, not 'is': {found}"
