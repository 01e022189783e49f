#!/usr/bin/env python3
"""Accuracy on every labelled set, in each of its formats, clause by clause
and element by element.

    python benchmarks/accuracy.py [--sets dev,holdout8] [--formats txt,docx,pdf] [--jobs 2]
                                  [--quiet] [--mistakes] [--no-fail]

Sets: ``dev`` (the 44 contracts of ../shared/corpus/dev, written by others)
and every ``benchmarks/holdout*`` folder with a labels.json (written for the
project; see each README for whether a set is still unseen). For each set and
format it runs ``keiyaku-lint check DIR --format json --isolated`` and scores
the report with the corpus scorer (../shared/tools/score.py: per-clause
precision / recall / F1, the four elements it knows, macro F1) and with the
scorer below, which reads every element a set labels:

* the four legacy keys (subcontracting ``prior_approval`` / ``flowdown``,
  deletion_return ``irrecoverable_or_return`` as ``method`` / ``evidence``),
* and, in the newer sets, ``elements: {element id: true/false}`` for every
  element of every present clause (the 17 scored elements of the library).

An element is scored where the label says its clause is present and gives
the element a value: right when the report's element has the same truth (a
clause the report calls missing has all its elements false), the same rule as
score.py's. One summary line per set and format: macro F1 (score.py's),
element accuracy over every labelled element, the lowest element and its
accuracy. ``--mistakes`` lists every wrong clause and element. Exit 1 when a
set misses macro F1 0.95 or element accuracy 0.90, unless --no-fail.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"
CLAUSES = ["confidentiality", "subcontracting", "safeguards", "incident_reporting",
           "deletion_return", "survival", "liability"]
LEGACY = {("subcontracting", "prior_approval"): "prior_approval",
          ("subcontracting", "flowdown"): "flowdown",
          ("deletion_return", "method"): "irrecoverable_or_return",
          ("deletion_return", "evidence"): "evidence"}


def sets() -> dict[str, Path]:
    out = {"dev": SHARED / "corpus" / "dev"}
    for p in sorted((ROOT / "benchmarks").glob("holdout*"), key=lambda p: (len(p.name), p.name)):
        if (p / "labels.json").is_file():
            out[p.name] = p
    return out


def gold_elements(clause_label: dict, clause: str) -> dict[str, bool]:
    """element id -> labelled truth, for a present clause."""
    out = {}
    for (c, eid), key in LEGACY.items():
        if c == clause and clause_label.get(key) is not None:
            out[eid] = bool(clause_label[key])
    for eid, v in (clause_label.get("elements") or {}).items():
        if v is not None:
            out[eid] = bool(v)
    return out


def score(labels: list[dict], report: dict) -> dict:
    """Per clause (tp, fp, fn) and per element (right, total), with mistakes."""
    by_id = {d["id"]: d for d in labels}
    got = {}
    for f in report.get("files", []):
        stem = Path(str(f.get("path", ""))).stem
        if stem in by_id:
            got[stem] = f
    clause_counts = {c: [0, 0, 0] for c in CLAUSES}
    element_counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    mistakes = []
    for doc_id, lab in by_id.items():
        f = got.get(doc_id)
        found = {}
        elements = {}
        if f and f.get("ok", True):
            for c in f.get("clauses", []):
                if c.get("status") in ("present", "weak"):
                    found[c["id"]] = True
                    elements[c["id"]] = {e["id"]: bool(e.get("ok")) for e in c.get("elements", [])}
        for clause in CLAUSES:
            gl = lab["clauses"][clause]
            gold, g = bool(gl["present"]), found.get(clause, False)
            counts = clause_counts[clause]
            if gold and g:
                counts[0] += 1
            elif g:
                counts[1] += 1
                mistakes.append(f"{doc_id}: {clause}: reported found, label says absent")
            elif gold:
                counts[2] += 1
                mistakes.append(f"{doc_id}: {clause}: reported missing, label says present ({gl.get('where')})")
            if not gold:
                continue
            for eid, truth in gold_elements(gl, clause).items():
                mine = elements.get(clause, {}).get(eid, False)
                cell = element_counts[(clause, eid)]
                cell[1] += 1
                if mine == truth:
                    cell[0] += 1
                else:
                    mistakes.append(f"{doc_id}: {clause}.{eid}: reported {mine}, label says {truth}")
    return {"clauses": clause_counts, "elements": dict(element_counts), "mistakes": mistakes,
            "reported": len(got), "labelled": len(by_id)}


def f1(tp: int, fp: int, fn: int) -> float:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="dev", help="comma-separated: dev, holdout, holdout2 … or all")
    ap.add_argument("--corpus", default=None, help="(compatibility) a corpus folder instead of --sets")
    ap.add_argument("--formats", default="txt,docx,pdf")
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--quiet", action="store_true", help="only the summary lines")
    ap.add_argument("--mistakes", action="store_true", help="list every mistake")
    ap.add_argument("--no-fail", action="store_true")
    args = ap.parse_args()
    known = sets()
    if args.corpus:
        chosen = {Path(args.corpus).name: Path(args.corpus)}
    elif args.sets == "all":
        chosen = known
    else:
        chosen = {}
        for name in args.sets.split(","):
            if name not in known:
                print(f"unknown set {name!r}; known: {', '.join(known)}", file=sys.stderr)
                return 2
            chosen[name] = known[name]
    summary = []
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for name, folder in chosen.items():
            labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
            for fmt in args.formats.split(","):
                if not (folder / fmt).is_dir():
                    continue
                report_path = Path(tmp) / f"{name}-{fmt}.json"
                t0 = time.perf_counter()
                proc = subprocess.run([sys.executable, "-m", "keiyaku_lint", "check", str(folder / fmt),
                                       "--format", "json", "--output", str(report_path), "--quiet",
                                       "--isolated", "--jobs", args.jobs], capture_output=True, text=True,
                                      cwd=ROOT)
                secs = time.perf_counter() - t0
                if proc.returncode not in (0, 1, 2) or not report_path.exists():
                    print(f"[{name} {fmt}] check failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
                    ok = False
                    continue
                legacy = subprocess.run([sys.executable, str(SCORER), "--labels", str(folder / "labels.json"),
                                         "--report", str(report_path), "--quiet"], capture_output=True, text=True)
                macro = float(re.search(r"macro F1 ([0-9.]+)", legacy.stdout).group(1))
                s = score(labels, json.loads(report_path.read_text(encoding="utf-8")))
                right = sum(v[0] for v in s["elements"].values())
                total = sum(v[1] for v in s["elements"].values())
                el_acc = right / total if total else 1.0
                worst = min(s["elements"].items(), key=lambda kv: kv[1][0] / kv[1][1], default=None)
                if not args.quiet:
                    print(f"===== {name} {fmt} ({s['reported']}/{s['labelled']} documents) =====")
                    print(f"{'clause':20} {'tp':>4} {'fp':>4} {'fn':>4} {'f1':>6}")
                    for c, (tp, fp, fn) in s["clauses"].items():
                        print(f"{c:20} {tp:4d} {fp:4d} {fn:4d} {f1(tp, fp, fn):6.3f}")
                    print(f"{'element':38} {'right':>5} {'of':>4} {'acc':>6}")
                    for (c, e), (r, t) in sorted(s["elements"].items(), key=lambda kv: CLAUSES.index(kv[0][0])):
                        print(f"{c + '.' + e:38} {r:5d} {t:4d} {r / t:6.3f}")
                if args.mistakes or not args.quiet:
                    for m in s["mistakes"]:
                        print("  " + m)
                low = f"{worst[0][0]}.{worst[0][1]} {worst[1][0] / worst[1][1]:.3f}" if worst else "-"
                summary.append(f"{name:9} {fmt:5} macro F1 {macro:.3f}  element accuracy {el_acc:.3f} "
                               f"({right}/{total}, {len(s['elements'])} elements; lowest {low})  ({secs:.1f} s)")
                ok &= macro >= 0.95 and el_acc >= 0.90
    print("\n".join(summary))
    return 0 if ok or args.no_fail else 1


if __name__ == "__main__":
    sys.exit(main())
