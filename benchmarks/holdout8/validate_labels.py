#!/usr/bin/env python3
"""Check holdout8/labels.json against the texts in holdout8/txt/.

    python benchmarks/holdout8/validate_labels.py [--no-binaries]

The checks of benchmarks/_holdout_labels.py (dev-corpus format, verbatim
quotes, absent clauses null, legacy elements of subcontracting and
deletion_return boolean) plus, for this set, the full element mapping:
every clause carries `elements` with exactly the element ids of the
product's table; a present clause has every element true/false (a weak
clause may have none true, e.g. a bare 破棄), an absent clause has every
element null; the legacy keys
(prior_approval, flowdown, irrecoverable_or_return, evidence) agree with
`elements`. Then holdout5's DOCX/PDF checks (Word numbering where
make_formats.AUTO_NUMBERED / PARA_NUMBERED say, every txt line in the DOCX,
no PDF older than its txt) and the 40-75% prevalence target for every
clause. Exit 1 on any problem.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from _holdout_labels import CLAUSES, check as _check_labels  # noqa: E402
from _reuse import reuse  # noqa: E402

ALL_ELEMENTS = {
    "confidentiality": ["non_disclosure", "non_use"],
    "subcontracting": ["prior_approval", "flowdown", "responsibility", "incident_flowdown"],
    "safeguards": ["measures"],
    "incident_reporting": ["report", "prompt", "cooperation"],
    "deletion_return": ["method", "evidence", "deadline"],
    "survival": ["continues", "period"],
    "liability": ["damages", "allocation"],
}
LEGACY = {  # (clause, element id) -> legacy key read by ../shared/tools/score.py
    ("subcontracting", "prior_approval"): "prior_approval",
    ("subcontracting", "flowdown"): "flowdown",
    ("deletion_return", "method"): "irrecoverable_or_return",
    ("deletion_return", "evidence"): "evidence",
}


def check_elements(labels: list[dict]) -> list[str]:
    problems: list[str] = []
    for doc in labels:
        did = doc.get("id", "?")
        for cid in CLAUSES:
            c = (doc.get("clauses") or {}).get(cid)
            if not isinstance(c, dict):
                continue
            els = c.get("elements")
            if not isinstance(els, dict):
                problems.append(f"{did}.{cid}: no elements mapping")
                continue
            if sorted(els) != sorted(ALL_ELEMENTS[cid]):
                problems.append(f"{did}.{cid}: element ids {sorted(els)} != {sorted(ALL_ELEMENTS[cid])}")
            present = c.get("present")
            for el in ALL_ELEMENTS[cid]:
                v = els.get(el)
                if present is True and not isinstance(v, bool):
                    problems.append(f"{did}.{cid}: element {el} must be true/false when present")
                if present is False and v is not None:
                    problems.append(f"{did}.{cid}: absent but element {el} is not null")
            for (lc, el), key in LEGACY.items():
                if lc == cid and c.get(key) != els.get(el):
                    problems.append(f"{did}.{cid}: legacy {key}={c.get(key)!r} disagrees with elements.{el}={els.get(el)!r}")
    return problems


def main() -> int:
    labels = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))
    binaries = "--no-binaries" not in sys.argv
    problems = _check_labels(labels, HERE, binaries) + check_elements(labels)
    if binaries:
        problems += reuse("holdout5/validate_labels.py", __file__).check_docx(labels)
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
