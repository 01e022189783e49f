#!/usr/bin/env python3
"""Check holdout7/labels.json against the texts in holdout7/txt/.

    python benchmarks/holdout7/validate_labels.py

Checks, for every document: the dev-corpus label format (seven clauses with
present/where/quote and the elements of subcontracting and deletion_return;
absent clauses all null; present quotes verbatim in txt/ID.txt; boolean
elements); txt, docx and pdf exist; each clause is present in 40-75% of the
documents; the DOCX body read with python-docx (revisions accepted: w:delText
is not w:t; field results kept, instructions dropped; comments are not in the
body; vMerge continuation cells empty) equals the txt line for line once
Word's automatic numbers are removed; no PDF is older than its txt. Exit 1 on
any problem.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from docx.oxml.ns import qn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _holdout_labels import CLAUSES, ELEMENTS, TOP, check as _check_labels  # noqa: E402,F401


def check(labels: list[dict], check_binaries: bool = True) -> list[str]:
    return _check_labels(labels, HERE, check_binaries)


def check_docx(labels: list[dict]) -> list[str]:
    """Every txt line is a DOCX paragraph (Word's numbers removed) or table row, in order."""
    sys.path.insert(0, str(HERE))
    from make_formats import ARTICLE_LINE, ITEM_LINE, PARA_LINE  # noqa: E402  (same folder)
    from docs import NUMBERING  # noqa: E402

    problems: list[str] = []
    for doc in labels:
        did = doc["id"]
        path = HERE / "docx" / f"{did}.docx"
        if not path.is_file():
            continue
        shown = docx_lines(path)
        wanted = []
        for line in (HERE / "txt" / f"{did}.txt").read_text(encoding="utf-8").splitlines():
            if NUMBERING[did] in ("direct", "style"):
                if m := ARTICLE_LINE.match(line):
                    line = m.group(2)
                elif m := (PARA_LINE.match(line) or ITEM_LINE.match(line)):
                    line = m.group(2)
            wanted.append(line)
        if shown != wanted:
            bad = next((i for i, (a, b) in enumerate(zip(shown, wanted)) if a != b), min(len(shown), len(wanted)))
            problems.append(f"{did}: DOCX differs from txt at line {bad + 1} (regenerate with make_formats.py)")
        pdf = HERE / "pdf" / f"{did}.pdf"
        if pdf.is_file() and pdf.stat().st_mtime < (HERE / "txt" / f"{did}.txt").stat().st_mtime:
            problems.append(f"{did}: pdf older than txt (regenerate with make_formats.py)")
    return problems


def docx_lines(path: Path) -> list[str]:
    """Body paragraphs as Word displays them (revisions accepted, field results, no comments)."""
    from docx import Document
    from docx.table import Table as DocxTable

    document = Document(str(path))
    out: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            for tr in block._tbl.tr_lst:
                cells = []
                for tc in tr.tc_lst:
                    vm = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
                    cont = vm is not None and vm.get(qn("w:val")) in (None, "continue")
                    cells.append("" if cont else "\n".join(para_text(p) for p in tc.p_lst))
                out.append("\t".join(cells))
        else:
            out.append(para_text(block._p))
    return out


def para_text(p) -> str:
    """w:t text outside w:del and outside field instructions (w:instrText is never w:t)."""
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def main() -> int:
    labels = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))
    problems = check(labels, check_binaries="--no-binaries" not in sys.argv)
    if "--no-binaries" not in sys.argv:
        problems += check_docx(labels)
    for p in problems:
        print("  " + p)
    n = len(labels)
    for cid in CLAUSES:
        k = sum(1 for d in labels if d["clauses"][cid]["present"])
        print(f"{cid:20} present in {k:2d}/{n} ({k / n:.0%})")
        if n and not 0.4 <= k / n <= 0.75:
            problems.append(f"{cid}: present in {k}/{n}, outside the 40-75% target")
            print(f"  {problems[-1]}")
    print(f"{n} documents, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
