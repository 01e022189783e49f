#!/usr/bin/env python3
"""Accuracy on the labelled dev corpus, in each of its three formats.

    python benchmarks/accuracy.py [--corpus ../shared/corpus/dev] [--formats txt,docx,pdf]

Runs `keiyaku-lint check DIR --format json` over each format folder and scores
the report with the corpus's own scorer (../shared/tools/score.py), printing
its per-clause table, element accuracy, mistakes and macro F1 per format, then
one summary line per format. Exit 1 when a format misses the targets
(macro F1 >= 0.95, element accuracy >= 0.90) unless --no-fail.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--formats", default="txt,docx,pdf")
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--quiet", action="store_true", help="only the summary lines")
    ap.add_argument("--no-fail", action="store_true")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    scorer = corpus.parent.parent / "tools" / "score.py"
    labels = corpus / "labels.json"
    summary = []
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats.split(","):
            report = Path(tmp) / f"{fmt}.json"
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "keiyaku_lint", "check", str(corpus / fmt),
                                   "--format", "json", "--output", str(report), "--quiet",
                                   "--jobs", args.jobs], capture_output=True, text=True)
            secs = time.perf_counter() - t0
            if proc.returncode not in (0, 1) or not report.exists():
                print(f"[{fmt}] check failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
                ok = False
                continue
            score = subprocess.run([sys.executable, str(scorer), "--labels", str(labels),
                                    "--report", str(report)], capture_output=True, text=True)
            if not args.quiet:
                print(f"===== {fmt} =====")
                print(score.stdout)
            f1 = float(re.search(r"macro F1 ([0-9.]+)", score.stdout).group(1))
            el = float(re.search(r"element accuracy ([0-9.]+)", score.stdout).group(1))
            summary.append(f"{fmt:5} macro F1 {f1:.3f}  element accuracy {el:.3f}  ({secs:.1f} s)")
            ok &= f1 >= 0.95 and el >= 0.90
    print("\n".join(summary))
    return 0 if ok or args.no_fail else 1


if __name__ == "__main__":
    sys.exit(main())
