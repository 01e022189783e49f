"""parse() and the helpers that name nodes by path (("9", "2") = 第9条第2項)."""
from __future__ import annotations

import bisect
from typing import Iterator, Optional, Union

from keiyaku_lint.model import Contract, LoadedDocument, Node

Path = tuple[str, ...]


def parse(doc: LoadedDocument, parties=None) -> Contract:
    """The contract's structure. Never raises on any text: what cannot be
    recognised stays as plain text in the node it stands in. ``parties`` is
    the party-role table (``structure.roles.Parties``; default: the bundled
    clause_library/parties.yaml)."""
    from keiyaku_lint.structure.parser import build_tree
    from keiyaku_lint.structure.parties import find_parties
    from keiyaku_lint.structure.references import find_references

    nodes = build_tree(doc.blocks)
    title = None
    for n in nodes:
        if n.kind == "title":
            title = _title_text(n.text)
            break
    if title is None and nodes and nodes[0].kind == "annex" and nodes[0].heading:
        title = nodes[0].heading
    draft = Contract(doc.path, doc.format, title, (), nodes, (), (), doc)
    parties = find_parties(draft, parties)
    refs, findings = find_references(draft)
    return Contract(doc.path, doc.format, title, parties, nodes, refs, findings, doc)


def _title_text(s: str) -> str:
    s = " ".join(s.split("\n")).strip()
    # 業 務 委 託 契 約 書 -> 業務委託契約書
    parts = s.replace("\u3000", " ").split(" ")
    if len(parts) > 2 and all(len(p) <= 1 for p in parts):
        return "".join(parts)
    return s


# --- paths ----------------------------------------------------------------------


def iter_paths(contract: Contract) -> Iterator[tuple[Path, Node]]:
    """(path, node) for every annex, article, paragraph and item in document
    order. Nodes that are not addressable (title, preamble, ...) are skipped."""
    seen_annex: dict[str, int] = {}
    for top in contract.nodes:
        if top.kind == "article":
            yield from _walk_article((), top)
        elif top.kind == "annex":
            key = annex_key(top)
            seen_annex[key] = seen_annex.get(key, 0) + 1
            if seen_annex[key] > 1:
                key = f"{key}#{seen_annex[key]}"
            yield (key,), top
            for c in top.children:
                if c.kind == "article":
                    yield from _walk_article((key,), c)


def annex_key(annex: Node) -> str:
    return annex.label or "別紙"


def _walk_article(prefix: Path, art: Node):
    base = prefix + (art.number or "?",)
    yield base, art
    for p in art.children:
        if p.kind == "paragraph":
            pp = base + (p.number or "?",)
            yield pp, p
            yield from _walk_items(pp, p)


def _walk_items(prefix: Path, node: Node):
    for c in node.children:
        if c.kind == "item":
            ip = prefix + (c.number or "?",)
            yield ip, c
            yield from _walk_items(ip, c)


def find_node(contract: Contract, path: Path) -> Optional[Node]:
    """The node a path names, or None: find_node(c, ("5", "2")) is 第5条第2項.
    An article given without paragraph "1" also answers ("5", "1") when it
    has a single paragraph."""
    path = tuple(str(p) for p in path)
    for p, node in iter_paths(contract):
        if p == path:
            return node
    return None


def node_path(contract: Contract, node: Node) -> Optional[Path]:
    for p, n in iter_paths(contract):
        if n is node:
            return p
    return None


def node_at(contract: Contract, offset: int) -> list[Node]:
    """The chain of nodes (outermost first) whose span holds the character at
    ``offset`` of LoadedDocument.text."""
    chain: list[Node] = []
    level = contract.nodes
    while level:
        starts = [n.start for n in level]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0 or not (level[i].start <= offset < level[i].end or (offset == level[i].end == level[i].start)):
            break
        chain.append(level[i])
        level = level[i].children
    return chain


def _article_word(art: Node, lang: str) -> str:
    num = art.number or "?"
    label = art.label or ""
    if lang == "en":
        if "条" in label or label.startswith("第"):
            return "Article " + num.replace("-", "-")
        return "Section " + num
    if "条" in label:
        main, _, sub = num.partition("-")
        return f"第{main}条" + (f"の{sub}" if sub else "")
    if label.startswith("第"):
        return f"第{num}"
    return label or num


def article_ref(contract: Contract, target: Union[Node, Path], lang: str = "ja") -> str:
    """How to name a node in a report: 「第9条第2項」, 「第9条第2項第3号」,
    「別紙1 第3」; in English "Article 9(2)(3)". Paragraph 1 of an article
    that has only one paragraph is named by the article alone."""
    if isinstance(target, Node):
        path = node_path(contract, target)
        if path is None:
            return _plain_name(target, lang)
    else:
        path = tuple(target)
    chain: list[Node] = []
    prefix: Optional[str] = None
    for i in range(1, len(path) + 1):
        n = find_node(contract, path[:i])
        if n is None:
            break
        if n.kind == "annex":
            prefix = path[0].split("#")[0]
            continue
        chain.append(n)
    if not chain:
        return prefix or "/".join(path)
    out = []
    art = chain[0]
    out.append(_article_word(art, lang))
    if len(chain) > 1:
        para = chain[1]
        paragraphs = [c for c in art.children if c.kind == "paragraph"]
        if len(paragraphs) > 1 or len(chain) == 2:
            if len(paragraphs) > 1 or para.label:
                out.append(f"第{para.number}項" if lang != "en" else f"({para.number})")
        for item in chain[2:]:
            out.append(f"第{item.number}号" if lang != "en" and len(out) and item is chain[2] else
                       (f"({item.number})" if lang == "en" else (item.label or item.number or "")))
    body = "".join(out) if lang != "en" else out[0] + "".join(out[1:])
    if prefix:
        return f"{prefix} {body}" if lang != "en" else f"{prefix}, {body}"
    return body


def _plain_name(node: Node, lang: str) -> str:
    names = {"title": ("表題", "title"), "preamble": ("前文", "preamble"), "signature": ("署名欄", "signature block"),
             "annex": (node.label or "別紙", node.label or "annex"), "text": (node.label or "本文", node.label or "text")}
    ja, en = names.get(node.kind, ("本文", "text"))
    return en if lang == "en" else ja
