#!/usr/bin/env python3
"""Check holdout2/labels.json against the texts in holdout2/txt/.

    python benchmarks/holdout2/validate_labels.py

Checks, for every document: the top-level fields of the dev-corpus format are
there; every one of the seven clauses has present/where/quote (and the
elements of subcontracting and deletion_return); an absent clause has null
where/quote/elements; a present clause has a quote that is a verbatim
substring of txt/ID.txt and boolean elements; the txt, docx and pdf files
exist; each clause is present in 40-70% of the documents (the design
target of this set). Prints each problem and a summary (clause prevalence);
exit 1 on any problem.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _holdout_labels import CLAUSES, ELEMENTS, TOP, check as _check_labels  # noqa: E402,F401


def check(labels: list[dict], check_binaries: bool = True) -> list[str]:
    return _check_labels(labels, HERE, check_binaries)


def main() -> int:
    labels = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))
    problems = check(labels, check_binaries="--no-binaries" not in sys.argv)
    for p in problems:
        print("  " + p)
    n = len(labels)
    for cid in CLAUSES:
        k = sum(1 for d in labels if d["clauses"][cid]["present"])
        print(f"{cid:20} present in {k:2d}/{n} ({k / n:.0%})")
        if n and not 0.4 <= k / n <= 0.7:
            problems.append(f"{cid}: present in {k}/{n}, outside the 40-70% target")
            print(f"  {problems[-1]}")
    print(f"{n} documents, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
