#!/usr/bin/env python3
"""Check holdout6/labels.json against the texts in holdout6/txt/.

    python benchmarks/holdout6/validate_labels.py

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
CLAUSES = ["confidentiality", "subcontracting", "safeguards", "incident_reporting",
           "deletion_return", "survival", "liability"]
ELEMENTS = {"subcontracting": ["prior_approval", "flowdown"],
            "deletion_return": ["irrecoverable_or_return", "evidence"]}
TOP = ["id", "source", "kind", "excerpt", "clauses", "notes"]


def check(labels: list[dict], check_binaries: bool = True) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for doc in labels:
        did = doc.get("id", "?")
        for key in TOP:
            if key not in doc:
                problems.append(f"{did}: missing field {key!r}")
        if did in seen:
            problems.append(f"{did}: duplicate id")
        seen.add(did)
        txt_path = HERE / "txt" / f"{did}.txt"
        if not txt_path.is_file():
            problems.append(f"{did}: no {txt_path.relative_to(HERE)}")
            text = ""
        else:
            text = txt_path.read_text(encoding="utf-8")
        if check_binaries:
            for ext in ("docx", "pdf"):
                if not (HERE / ext / f"{did}.{ext}").is_file():
                    problems.append(f"{did}: no {ext}/{did}.{ext}")
        if not isinstance(doc.get("excerpt"), bool):
            problems.append(f"{did}: excerpt must be true/false")
        clauses = doc.get("clauses") or {}
        if set(clauses) != set(CLAUSES):
            problems.append(f"{did}: clause ids {sorted(clauses)} != {sorted(CLAUSES)}")
        for cid in CLAUSES:
            c = clauses.get(cid)
            if not isinstance(c, dict):
                continue
            need = ["present", "where", "quote", *ELEMENTS.get(cid, [])]
            for key in need:
                if key not in c:
                    problems.append(f"{did}.{cid}: missing {key!r}")
            if not isinstance(c.get("present"), bool):
                problems.append(f"{did}.{cid}: present must be true/false")
                continue
            if c["present"]:
                q = c.get("quote")
                if not isinstance(q, str) or not q.strip():
                    problems.append(f"{did}.{cid}: present but no quote")
                elif q not in text:
                    problems.append(f"{did}.{cid}: quote not verbatim in txt: {q[:40]}…")
                if not isinstance(c.get("where"), str) or not c["where"]:
                    problems.append(f"{did}.{cid}: present but no where")
                for el in ELEMENTS.get(cid, []):
                    if not isinstance(c.get(el), bool):
                        problems.append(f"{did}.{cid}: element {el} must be true/false when present")
            else:
                for key in ["where", "quote", *ELEMENTS.get(cid, [])]:
                    if c.get(key) is not None:
                        problems.append(f"{did}.{cid}: absent but {key} is not null")
        # survival without confidentiality would contradict the convention
        if clauses.get("survival", {}).get("present") and not clauses.get("confidentiality", {}).get("present"):
            problems.append(f"{did}: survival present but confidentiality absent")
    return problems


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
