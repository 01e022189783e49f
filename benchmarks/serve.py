"""The web server's latency against the CLI, in one run.

    python benchmarks/serve.py [--requests 30] [--clients 10] [--jobs 2]

Starts ``keiyaku-lint serve`` on a free loopback port, waits until its
workers are warm, then times ``POST /api/check`` for a 20,000-character
contract: one client after another (median and 95th percentile), then 10
clients at once; and, on the same file, ``keiyaku-lint check --format json``
from a cold start (a new process that loads the model), the way a user
without the server runs it. Only loopback traffic; every loop is bounded.
Goal: the warm median at most a third of the CLI's time.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def contract_of(chars: int = 20_000) -> str:
    """The bundled full contract, with more ordinary articles (業務の内容, 報告, 協議 …)
    before its closing articles, to ``chars`` characters."""
    base = (SAMPLES / "outsourcing_full.txt").read_text(encoding="utf-8")
    lines = base.splitlines()
    filler = []
    n = 100
    while len("\n".join(lines + filler)) < chars:
        filler += [f"第{n}条（業務の報告 その{n - 99}）",
                   f"乙は、本業務の実施状況について、毎月末日までに甲に書面で報告するものとし、甲が求めたときは、"
                   f"その他の事項についても速やかに報告する。報告の様式は、甲乙協議のうえ定める。第{n}条の報告に"
                   f"要する費用は、乙の負担とする。",
                   f"2　甲は、前項の報告の内容について説明を求めることができ、乙はこれに誠実に応じる。"]
        n += 1
    out = "\n".join(lines + filler)
    return out[: max(chars, len(base))]


def multipart(path: Path) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
            f"Content-Type: text/plain\r\n\r\n").encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def post(port: int, body: bytes, ctype: str) -> float:
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("POST", "/api/check", body=body, headers={"Content-Type": ctype})
    r = conn.getresponse()
    data = r.read()
    conn.close()
    dt = time.perf_counter() - t0
    if r.status != 200 or not json.loads(data)["files"][0]["ok"]:
        raise SystemExit(f"bad response {r.status}: {data[:300]!r}")
    return dt


def pct(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--per-client", type=int, default=3)
    ap.add_argument("--cli-runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "contract_20k.txt"
        path.write_text(contract_of(), encoding="utf-8")
        chars = len(path.read_text(encoding="utf-8"))
        server = subprocess.Popen([sys.executable, "-m", "keiyaku_lint", "serve", "--no-browser", "--port", "0",
                                   "--jobs", str(args.jobs)], cwd=tmp, env=env, stderr=subprocess.PIPE, text=True)
        try:
            port = None
            t_start = time.perf_counter()
            deadline = time.monotonic() + 300
            while port is None and time.monotonic() < deadline:
                line = server.stderr.readline()
                if not line:
                    raise SystemExit("the server did not start")
                m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
                if m:
                    port = int(m.group(1))
            startup = time.perf_counter() - t_start
            body, ctype = multipart(path)
            for _ in range(3):  # warm: the workers have parsed a contract once
                post(port, body, ctype)
            seq = [post(port, body, ctype) for _ in range(args.requests)]
            conc: list = []
            lock = threading.Lock()

            def client():
                for _ in range(args.per_client):
                    dt = post(port, body, ctype)
                    with lock:
                        conc.append(dt)

            t0 = time.perf_counter()
            threads = [threading.Thread(target=client) for _ in range(args.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(600)
            wall = time.perf_counter() - t0
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
        cli = []
        for _ in range(args.cli_runs):
            t0 = time.perf_counter()
            p = subprocess.run([sys.executable, "-m", "keiyaku_lint", "check", str(path), "--format", "json", "-q"],
                               cwd=tmp, env=env, capture_output=True, text=True, timeout=600)
            cli.append(time.perf_counter() - t0)
            if p.returncode not in (0, 1):
                raise SystemExit(p.stderr)
    p50 = statistics.median(seq)
    cli50 = statistics.median(cli)
    print(f"contract: {chars:,} characters; server: {args.jobs} workers, ready in {startup:.1f} s")
    print(f"warm, one client:   {len(seq)} requests  p50 {p50 * 1000:.0f} ms  p95 {pct(seq, 95) * 1000:.0f} ms")
    print(f"warm, {args.clients} clients:    {len(conc)} requests  p50 {statistics.median(conc) * 1000:.0f} ms  "
          f"p95 {pct(conc, 95) * 1000:.0f} ms  ({len(conc) / wall:.1f} requests/s)")
    print(f"CLI, cold start:    {len(cli)} runs      p50 {cli50 * 1000:.0f} ms  (min {min(cli) * 1000:.0f} ms)")
    ratio = p50 / cli50
    print(f"warm p50 / CLI p50 = {ratio:.2f}  (goal: at most 0.33) -> {'met' if ratio <= 1 / 3 else 'NOT met'}")
    return 0 if ratio <= 1 / 3 else 1


if __name__ == "__main__":
    sys.exit(main())
