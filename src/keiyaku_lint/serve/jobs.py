"""What the server's workers run (``batch.Job`` functions). Each runs in a
supervised worker process, never in the server: a hostile upload can only
cost its own worker (deadline, memory limit, crash: E310-E312).

    check_job(path, config, name, view, annotate) -> (FileResult, view | None, annotated | None)
    generate_job(name, data, strict)            -> (docx bytes, self-check FileResult | None)

``path`` is the upload in the server's private temporary folder; ``name`` is
the file name the client gave. Every message that names ``path`` names
``name`` instead, so no server path reaches a client.
"""
from __future__ import annotations

import bisect
import os
from dataclasses import replace
from typing import Optional

from keiyaku_lint.config import Config
from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.model import Contract, FileResult, Node

WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")
MAX_VIEW_CHARS = 2_000_000  # text shown in the result view; the check itself reads everything


def _unlink_path(text, path: str, name: str):
    if not isinstance(text, str):
        return text
    for p in {path, os.path.dirname(path), os.path.dirname(os.path.dirname(path))}:
        if p and p != "/" and p in text:
            text = text.replace(p, name if p == path else "")
    return text


def renamed(result: FileResult, path: str, name: str) -> FileResult:
    """``result`` with the temp path replaced by the client's file name in
    its path, error and notices."""
    error = None
    if result.error is not None:
        error = {k: _unlink_path(v, path, name) for k, v in result.error.items()}
    notices = tuple(replace(n, message_ja=_unlink_path(n.message_ja, path, name),
                            message_en=_unlink_path(n.message_en, path, name)) for n in result.notices)
    return replace(result, path=name, error=error, notices=notices, annotated=None)


def check_job(path: str, config: Config, name: str, view: bool = False, annotate: bool = False):
    from keiyaku_lint import api
    from keiyaku_lint.batch import _memory_error

    try:
        result, contract = api.check_file(path, config)
    except KeiyakuError as err:
        result, contract = api.error_result(path, err, config.profile), None
    except MemoryError:
        result, contract = api.error_result(path, _memory_error(path, config), config.profile), None
    except Exception as exc:  # noqa: BLE001 - one file's failure is its result
        err = KeiyakuError("E307", path=path, reason=f"{type(exc).__name__}: {exc}"[:300])
        result, contract = api.error_result(path, err, config.profile), None
    copy = None
    if annotate and result.ok and result.kind == "contract":
        copy = annotated_copy(path, result, config.lang)
    result = renamed(result, path, name)
    shown = build_view(contract, result) if (view and contract is not None) else None
    return result, shown, copy


def annotated_copy(path: str, result: FileResult, lang: str = "ja"):
    """(DOCX bytes, number of comments) of the commented copy, or a
    KeiyakuError (E610 not Word, E410 it failed)."""
    from keiyaku_lint.report.annotate import annotate_docx

    if not path.lower().endswith(WORD_SUFFIXES):
        return KeiyakuError("E610", name=os.path.basename(path))
    try:
        return annotate_docx(path, result, None, lang)
    except KeiyakuError as err:
        return KeiyakuError("E410", path=os.path.basename(path), reason=err.message(lang))
    except Exception as exc:  # noqa: BLE001
        return KeiyakuError("E410", path=os.path.basename(path), reason=f"{type(exc).__name__}: {exc}"[:300])


def generate_job(name: str, data: dict, strict: bool = False):
    """Render template ``name`` with ``data`` and, for a contract, check it
    (``generate.self_check``). Returns (bytes, FileResult | None) or raises
    the coded error (sent back as the job's result)."""
    from keiyaku_lint.generate import find_template, render_document, self_check

    found = find_template(name)
    docx_bytes = render_document(found, data, strict)
    result = None
    if found.spec is not None and found.spec.profile:
        result = self_check(docx_bytes, found.spec.profile, "strict" if strict else "standard",
                            name=f"{name}.docx")
    return docx_bytes, result


# --- the result view: the contract's text, its outline and the evidence ------------------

def build_view(contract: Contract, result: FileResult) -> dict:
    """What the one-file page shows beside the verdicts: the text as blocks
    (each split into segments marked with the clauses whose evidence they
    hold), and the outline of 条・項 pointing at blocks."""
    doc = contract.document
    offsets = list(doc.offsets)
    blocks = list(doc.blocks)
    truncated = False
    total = 0
    for i, b in enumerate(blocks):
        total += len(b.text) + 1
        if total > MAX_VIEW_CHARS:
            blocks = blocks[:i]
            truncated = True
            break
    spans: dict[int, list] = {}
    for c in result.clauses:
        if c.status == "missing" or c.span is None:
            continue
        start, end = c.span
        i = max(0, bisect.bisect_right(offsets, start) - 1)
        while i < len(blocks) and offsets[i] < end:
            b0 = offsets[i]
            a, z = max(start - b0, 0), min(end - b0, len(blocks[i].text))
            if z > a:
                spans.setdefault(i, []).append((a, z, c.id))
            i += 1
    out_blocks = []
    for i, b in enumerate(blocks):
        out_blocks.append({"text": b.text, "kind": b.kind, "style": b.style,
                           "segments": _segments(b.text, spans.get(i, []))})

    def block_of(offset: int) -> int:
        return max(0, bisect.bisect_right(offsets, offset) - 1)

    where: dict[int, list] = {}
    for c in result.clauses:
        if c.status != "missing" and c.span is not None:
            where.setdefault(block_of(c.span[0]), []).append((c.id, c.status))

    def node(n: Node, depth: int) -> Optional[dict]:
        if n.kind not in ("title", "article", "annex", "paragraph"):
            return None
        first = block_of(n.start)
        last = block_of(max(n.start, n.end - 1))
        clauses = []
        for bi, found in where.items():
            if first <= bi <= last:
                clauses += found
        children = [x for x in (node(c, depth + 1) for c in n.children) if x] if depth < 1 else []
        if len(children) < 2:
            children = []  # an article of one paragraph: the article is enough
        label = f"第{n.number}項" if n.kind == "paragraph" and n.number else (n.label or "")
        return {"kind": n.kind, "label": label, "heading": n.heading,
                "text": (n.text or "")[:60], "block": first, "clauses": sorted(set(clauses)),
                "children": children}

    outline = [x for x in (node(n, 0) for n in contract.nodes) if x]
    return {"blocks": out_blocks, "outline": outline, "truncated": truncated,
            "parties": [{"alias": p.alias, "name": p.name, "role": p.role} for p in contract.parties],
            "evidence_block": {c.id: block_of(c.span[0]) for c in result.clauses
                               if c.status != "missing" and c.span is not None}}


def _segments(text: str, spans: list) -> list:
    """``text`` cut at every span boundary: [(piece, [clause ids])]."""
    if not spans:
        return [(text, [])]
    cuts = sorted({0, len(text)} | {a for a, _, _ in spans} | {z for _, z, _ in spans})
    out = []
    for a, z in zip(cuts, cuts[1:]):
        ids = sorted({cid for s, e, cid in spans if s <= a and z <= e})
        out.append((text[a:z], ids))
    return out
