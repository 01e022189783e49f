#!/usr/bin/env python3
"""Memory of a batch: peak resident memory per worker process.

    python benchmarks/memory.py [--files 200] [--jobs 2] [--limit-mb 1200]

Copies the contracts in samples/ (.txt, .md, .docx, .pdf) into a temporary
folder, over and over up to --files files, and runs
`keiyaku-lint check DIR --jobs N --format json` on it. While it runs, every
process of the run (the parent and its pool workers) is polled through /proc:
each one's VmHWM (the kernel's own peak resident set) is read until the
process ends, along with its resident set at the middle and at the end of
its life, so a steady climb (memory growing with the number of files
checked) shows. resource.getrusage(RUSAGE_CHILDREN) is printed too: the
largest peak of any process the run left behind, an upper bound for each.

Prints one line per process and exits 1 when a worker's peak is over
--limit-mb (target: under 1.2 GB per worker).
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = (".txt", ".md", ".docx", ".pdf")


def make_folder(dest: Path, n: int) -> None:
    sources = sorted(p for p in (ROOT / "samples").iterdir()
                     if p.is_file() and p.suffix.lower() in KINDS and not p.name.startswith((".", "~$")))
    if not sources:
        sys.exit("no contracts in samples/")
    for i in range(n):
        src = sources[i % len(sources)]
        shutil.copyfile(src, dest / f"{i:04d}_{src.name}")


def _status(pid: int) -> dict:
    out = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                key, _, val = line.partition(":")
                if key in ("VmHWM", "VmRSS", "PPid"):
                    out[key] = int(val.split()[0])
    except (OSError, ValueError):
        return {}
    return out


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit-mb", type=float, default=1200)
    ap.add_argument("--interval", type=float, default=0.05, help="seconds between polls")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="keiyaku-memory-") as tmp:
        folder = Path(tmp) / "contracts"
        folder.mkdir()
        make_folder(folder, args.files)
        cmd = [sys.executable, "-m", "keiyaku_lint", "check", str(folder), "--jobs", str(args.jobs),
               "--format", "json", "--output", str(Path(tmp) / "report.json"), "--quiet"]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seen: dict[int, dict] = {}  # pid -> {"hwm", "samples": [(t, rss)]}
        while proc.poll() is None:
            now = time.perf_counter() - t0
            for pid in [proc.pid] + _children(proc.pid):
                st = _status(pid)
                if not st:
                    continue
                rec = seen.setdefault(pid, {"hwm": 0, "samples": []})
                rec["hwm"] = max(rec["hwm"], st.get("VmHWM", 0))
                rec["samples"].append((now, st.get("VmRSS", 0)))
            time.sleep(args.interval)
        seconds = time.perf_counter() - t0
        err = proc.stderr.read()
        if proc.returncode not in (0, 1):
            print(f"check failed (exit {proc.returncode}):\n{err[-2000:]}")
            return 2
        summary = json.loads((Path(tmp) / "report.json").read_text(encoding="utf-8"))["summary"]
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.files} files, --jobs {args.jobs}: {seconds:.1f} s; summary "
          f"{ {k: summary[k] for k in ('files', 'clean', 'weak', 'missing', 'error')} }")
    worst = 0.0
    for pid, rec in seen.items():
        role = "parent" if pid == proc.pid else "worker"
        s = rec["samples"]
        mid = s[len(s) // 2][1] / 1024 if s else 0
        end = s[-1][1] / 1024 if s else 0
        peak = rec["hwm"] / 1024
        if role == "worker":
            worst = max(worst, peak)
        print(f"  {role:6} pid {pid:7}: peak {peak:7.0f} MB   resident at mid-life {mid:7.0f} MB, "
              f"at the end {end:7.0f} MB   ({len(s)} samples)")
    print(f"largest peak of any process of the run (getrusage RUSAGE_CHILDREN): {children_peak:.0f} MB")
    ok = worst <= args.limit_mb
    print(f"worst worker peak {worst:.0f} MB: {'OK' if ok else 'OVER'} (limit {args.limit_mb:.0f} MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
