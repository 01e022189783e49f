#!/usr/bin/env python3
"""Check holdout5/labels.json against the texts in holdout5/txt/.

    python benchmarks/holdout5/validate_labels.py

Checks, for every document: the top-level fields of the dev-corpus format are
there; every one of the seven clauses has present/where/quote (and the
elements of subcontracting and deletion_return); an absent clause has null
where/quote/elements; a present clause has a quote that is a verbatim
substring of txt/ID.txt and boolean elements; the txt, docx and pdf files
exist; each clause is present in 40-75% of the documents (the design
target of this set); the DOCX files listed in make_formats.AUTO_NUMBERED
use Word numbering for the articles, those in PARA_NUMBERED also for
paragraphs (ilvl 1) and items (ilvl 2), and no other DOCX does; every
txt line is a paragraph (or table cell) of the DOCX and no PDF is older than
its txt (regenerate with make_formats.py after an edit). Prints each problem
and a summary (clause prevalence); exit 1 on any problem.
"""
from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _holdout_labels import CLAUSES, ELEMENTS, TOP, check as _check_labels  # noqa: E402,F401


def check(labels: list[dict], check_binaries: bool = True) -> list[str]:
    return _check_labels(labels, HERE, check_binaries)


def check_docx(labels: list[dict]) -> list[str]:
    sys.path.insert(0, str(HERE))
    from make_formats import AUTO_NUMBERED, PARA_NUMBERED, numbered_line  # noqa: E402  (same folder)

    problems: list[str] = []
    for doc in labels:
        did = doc["id"]
        path = HERE / "docx" / f"{did}.docx"
        if not path.is_file():
            continue
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        text = (HERE / "txt" / f"{did}.txt").read_text(encoding="utf-8")
        if "<w:del " in xml or "<w:ins " in xml:
            problems.append(f"{did}: unexpected revision marks")
        paragraphs = set()
        for para in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
            para = re.sub(r"<w:del [^>]*>.*?</w:del>", "", para, flags=re.S)
            paragraphs.add("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", para)))
        for line in text.splitlines():
            if not line.strip():
                continue
            if "\t" in line and line.count("\t") >= 2:
                wanted = line.split("\t")
            elif did in AUTO_NUMBERED and (n := numbered_line(line, did in PARA_NUMBERED)):
                wanted = [n[1]]
            else:
                wanted = [line]
            for w in wanted:
                if w and w not in paragraphs:
                    problems.append(f"{did}: DOCX differs from txt (regenerate with make_formats.py): {w[:30]}…")
                    break
        pdf = HERE / "pdf" / f"{did}.pdf"
        if pdf.is_file() and pdf.stat().st_mtime < (HERE / "txt" / f"{did}.txt").stat().st_mtime:
            problems.append(f"{did}: pdf older than txt (regenerate with make_formats.py)")
        numbered = 'w:numId w:val="90"' in xml
        if (did in AUTO_NUMBERED) != numbered:
            problems.append(f"{did}: automatic article numbering {'missing' if did in AUTO_NUMBERED else 'unexpected'}")
        levels = set(re.findall(r'<w:ilvl w:val="(\d)"/>\s*<w:numId w:val="90"/>', xml))
        if did in PARA_NUMBERED and not {"1", "2"} <= levels:
            problems.append(f"{did}: paragraph/item numbering (ilvl 1 and 2) missing")
        if did not in PARA_NUMBERED and levels - {"0"}:
            problems.append(f"{did}: unexpected paragraph numbering")
    return problems


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
