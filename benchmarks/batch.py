#!/usr/bin/env python
"""Batch speed: copy the contracts in samples/ into a temporary folder of 100
files and time `keiyaku-lint check DIR --jobs 1` and `--jobs 2` in one run.

    python benchmarks/batch.py [--files 100] [--jobs 2]

Prints both wall-clock times and the speed-up. Each run is a fresh process,
so each includes loading the language model (once per worker with --jobs N).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
KINDS = (".docx", ".pdf", ".txt", ".md")


def make_folder(dest: Path, n: int) -> list[Path]:
    sources = sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix.lower() in KINDS
                     and not p.name.startswith((".", "~$")))
    if not sources:
        sys.exit("no contracts in samples/: run scripts/make_samples.py first")
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        dst = dest / f"{i:03d}_{src.name}"
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def timed_check(folder: Path, jobs: int) -> tuple[float, float, dict, int]:
    """Wall-clock seconds, CPU seconds (user + system, all processes), summary, exit."""
    cmd = [sys.executable, "-m", "keiyaku_lint", "check", str(folder), "--jobs", str(jobs),
           "--format", "json", "--quiet"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if r.returncode not in (0, 1, 2):
        sys.exit(f"check failed ({r.returncode}): {r.stderr[-2000:]}")
    return seconds, cpu, json.loads(r.stdout)["summary"], r.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=2, help="the parallel run's --jobs")
    ap.add_argument("--repeat", type=int, default=1,
                    help="alternate the two runs this many times and keep each one's fastest")
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}  load average before: {os.getloadavg()[0]:.2f}")
    best: dict = {}
    with tempfile.TemporaryDirectory(prefix="keiyaku-bench-") as tmp:
        folder = Path(tmp)
        make_folder(folder, args.files)
        for _ in range(args.repeat):
            for jobs in (1, args.jobs):
                got = timed_check(folder, jobs)
                if jobs not in best or got[0] < best[jobs][0]:
                    best[jobs] = got
    (t1, c1, s1, rc1), (tn, cn, sn, rcn) = best[1], best[args.jobs]
    same = {k: s1[k] for k in ("files", "clean", "weak", "missing", "error")} == \
           {k: sn[k] for k in ("files", "clean", "weak", "missing", "error")}
    print(f"files: {s1['files']}  (clean {s1['clean']}, weak {s1['weak']}, "
          f"missing {s1['missing']}, unreadable {s1['error']})")
    print(f"--jobs 1: {t1:7.2f} s wall, {c1:7.2f} s CPU  ({t1 / max(1, s1['files']):.3f} s/file)  exit {rc1}")
    print(f"--jobs {args.jobs}: {tn:7.2f} s wall, {cn:7.2f} s CPU  ({tn / max(1, sn['files']):.3f} s/file)  exit {rcn}")
    print(f"speed-up: {t1 / tn:.2f}x   same verdicts: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
