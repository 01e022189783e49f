#!/usr/bin/env python3
"""Accuracy on every holdout set of the project (benchmarks/holdout*/), in
each format a set has, with the corpus scorer (../shared/tools/score.py).

    python benchmarks/holdouts.py [--sets holdout,holdout2] [--formats txt,docx,pdf] [--jobs 2]

The sets were written for the project by people who had not seen the rules
(see each set's README); after the fixes they showed they are no longer
unseen, so they measure regressions rather than generalisation. One line per
set and format: macro F1, element accuracy, files, and how many files were
reported as not a contract or unreadable (both must stay 0).
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "tools" / "score.py"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=None, help="comma-separated set folder names (default: all)")
    ap.add_argument("--formats", default="txt,docx,pdf")
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--plain", action="store_true", help="no --isolated (for versions without it)")
    args = ap.parse_args()
    sets = sorted(p for p in (ROOT / "benchmarks").glob("holdout*") if (p / "labels.json").is_file())
    if args.sets:
        wanted = set(args.sets.split(","))
        sets = [s for s in sets if s.name in wanted]
    with tempfile.TemporaryDirectory() as tmp:
        for s in sets:
            for fmt in args.formats.split(","):
                folder = s / fmt
                if not folder.is_dir():
                    continue
                report = Path(tmp) / f"{s.name}-{fmt}.json"
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-m", "keiyaku_lint", "check", str(folder), "--format", "json",
                                "-o", str(report), "-q", "--jobs", args.jobs] + ([] if args.plain else ["--isolated"]),
                               cwd=ROOT)
                secs = time.perf_counter() - t0
                data = json.loads(report.read_text(encoding="utf-8"))
                odd = sum(1 for f in data["files"] if f["verdict"] in ("error", "not_contract"))
                out = subprocess.run([sys.executable, str(SCORER), "--labels", str(s / "labels.json"),
                                      "--report", str(report)], capture_output=True, text=True).stdout
                f1 = re.search(r"macro F1[^0-9]*([0-9.]+)", out)
                el = re.search(r"element accuracy[^0-9]*([0-9.]+)", out)
                print(f"{s.name:9} {fmt:5} macro F1 {f1.group(1) if f1 else '?':6} "
                      f"element accuracy {el.group(1) if el else '?':6} files {len(data['files']):3} "
                      f"not read / not a contract {odd}  ({secs:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
