"""The structure stage: LoadedDocument -> Contract.

    parse(doc) -> Contract   title, preamble, parties, articles 条 > paragraphs 項
                             > items 号, chapters, annexes, signature block, cross
                             references and broken-reference findings

Node paths name a node for references and reports: an article is ("5",) or
("5-2",) for 第5条の2, a paragraph ("5", "2"), an item ("5", "2", "3"); an
article inside an annex is prefixed by the annex's label: ("別紙1", "3").
``find_node``, ``node_path`` and ``article_ref`` work with them.
"""
from __future__ import annotations

from keiyaku_lint.structure.api import (
    article_ref,
    find_node,
    iter_paths,
    node_at,
    node_path,
    parse,
)

__all__ = ["parse", "find_node", "node_path", "iter_paths", "node_at", "article_ref"]
