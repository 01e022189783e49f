"""Shared helpers for the structure tests: a LoadedDocument from text lines
and the coverage invariant."""
from __future__ import annotations

from keiyaku_lint.model import Block, LoadedDocument, Location


def doc(text: str, path: str = "sample.txt") -> LoadedDocument:
    lines = text.split("\n")
    return LoadedDocument(path, "text", tuple(Block(line, Location(line=i + 1)) for i, line in enumerate(lines)))


def own_spans(nodes, out=None):
    out = [] if out is None else out
    for n in nodes:
        own_end = n.children[0].start if n.children else n.end
        out.append((n.start, own_end, n))
        own_spans(n.children, out)
    return out


def assert_tiles(contract) -> None:
    """Every character of the text is in exactly one node's own span, and
    children tile their parent after its own span."""
    text = contract.document.text
    spans = sorted(own_spans(contract.nodes), key=lambda s: (s[0], s[1]))
    pos = 0
    for start, end, node in spans:
        assert start == pos, f"gap or overlap at {pos}: {node.kind} {node.label} starts at {start}"
        assert start <= end <= node.end
        pos = end
    assert pos == len(text)

    def check(nodes, lo, hi):
        if not nodes:
            return
        assert nodes[0].start >= lo and nodes[-1].end == hi
        for a, b in zip(nodes, nodes[1:]):
            assert a.end == b.start
        for n in nodes:
            check(n.children, n.start, n.end)

    if contract.nodes:
        check(contract.nodes, 0, len(text))
