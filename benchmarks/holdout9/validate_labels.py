#!/usr/bin/env python3
"""Check holdout9/labels.json against the texts in holdout9/txt/.

    python benchmarks/holdout9/validate_labels.py [--no-binaries]

Reuses holdout5's validator (through benchmarks/_reuse.py), which applies the
checks shared by every holdout set (benchmarks/_holdout_labels.py: dev-corpus
fields, quotes verbatim in the txt, absent clauses null, legacy elements of
subcontracting and deletion_return boolean, survival only with
confidentiality) and checks that each DOCX holds the txt's paragraphs, that
Word numbering is used exactly in make_formats.AUTO_NUMBERED / PARA_NUMBERED
and that no PDF is older than its txt. This set adds:

- every clause carries `elements` with exactly the element ids of that clause
  (README of the product), all true/false when the clause is present and all
  null when it is absent;
- the legacy keys agree with `elements` (subcontracting prior_approval and
  flowdown; deletion_return irrecoverable_or_return = method, evidence);
- each clause is present in at least 3 and absent in at least 3 documents, so
  that both verdicts are measured (the 40-75% target of earlier sets is not
  used: confidentiality is present in most documents of this kind).

Prints each problem and the prevalence of each clause; exit 1 on any problem.
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _reuse import reuse  # noqa: E402

_tool = reuse("holdout5/validate_labels.py", __file__)
HERE = _tool.HERE
CLAUSES = _tool.CLAUSES

ELEMENT_IDS = {
    "confidentiality": ["non_disclosure", "non_use"],
    "subcontracting": ["prior_approval", "flowdown", "responsibility", "incident_flowdown"],
    "safeguards": ["measures"],
    "incident_reporting": ["report", "prompt", "cooperation"],
    "deletion_return": ["method", "evidence", "deadline"],
    "survival": ["continues", "period"],
    "liability": ["damages", "allocation"],
}
LEGACY = {"subcontracting": {"prior_approval": "prior_approval", "flowdown": "flowdown"},
          "deletion_return": {"irrecoverable_or_return": "method", "evidence": "evidence"}}
MIN_EACH_WAY = 3


def check_elements(labels: list[dict]) -> list[str]:
    problems = []
    for doc in labels:
        did = doc.get("id", "?")
        for cid in CLAUSES:
            c = (doc.get("clauses") or {}).get(cid)
            if not isinstance(c, dict):
                continue
            els = c.get("elements")
            if not isinstance(els, dict):
                problems.append(f"{did}.{cid}: no elements object")
                continue
            if set(els) != set(ELEMENT_IDS[cid]):
                problems.append(f"{did}.{cid}: element ids {sorted(els)} != {sorted(ELEMENT_IDS[cid])}")
            for el in ELEMENT_IDS[cid]:
                v = els.get(el)
                if c.get("present") is True and not isinstance(v, bool):
                    problems.append(f"{did}.{cid}: element {el} must be true/false when present")
                if c.get("present") is False and v is not None:
                    problems.append(f"{did}.{cid}: absent but element {el} is not null")
            for legacy, el in LEGACY.get(cid, {}).items():
                if c.get(legacy) != els.get(el):
                    problems.append(f"{did}.{cid}: legacy {legacy}={c.get(legacy)} but elements.{el}={els.get(el)}")
        if not doc.get("notes"):
            problems.append(f"{did}: empty notes")
    return problems


def main() -> int:
    labels = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))
    binaries = "--no-binaries" not in sys.argv
    problems = _tool.check(labels, check_binaries=binaries)
    if binaries:
        problems += _tool.check_docx(labels)
    problems += check_elements(labels)
    n = len(labels)
    for cid in CLAUSES:
        k = sum(1 for d in labels if d["clauses"][cid]["present"])
        print(f"{cid:20} present in {k:2d}/{n} ({k / n:.0%})")
        if k < MIN_EACH_WAY or n - k < MIN_EACH_WAY:
            problems.append(f"{cid}: present in {k}/{n}; want at least {MIN_EACH_WAY} present and {MIN_EACH_WAY} absent")
    for p in problems:
        print("  " + p)
    print(f"{n} documents, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
