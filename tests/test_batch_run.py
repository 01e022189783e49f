"""Running a batch: a process pool whose workers load the model once, results
in input order, a broken file does not stop the rest, Ctrl-C stops cleanly
with the results so far."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from keiyaku_lint import api, batch
from keiyaku_lint.config import Config

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def texts(tmp_path_factory):
    """Text contracts from samples/, copied a few times, plus one unreadable file."""
    src = sorted(p for p in SAMPLES.glob("*.txt"))
    assert src, "samples/ is missing: run scripts/make_samples.py"
    d = tmp_path_factory.mktemp("batch")
    files = []
    for i in range(12):
        p = d / f"{i:02d}_{src[i % len(src)].name}"
        shutil.copyfile(src[i % len(src)], p)
        files.append(str(p))
    bad = d / "03b_unreadable.txt"
    bad.write_bytes(b"\xff\xfe\x00\xd8" * 50 + b"\x80\x81\xfe" * 300)
    files.insert(4, str(bad))
    return files


def test_pool_warms_up_once_per_worker_and_keeps_input_order(texts, tmp_path, monkeypatch):
    log = tmp_path / "warm.log"
    real = api.warm_up

    def recording_warm_up(config=None):
        with open(log, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        real(config)

    monkeypatch.setattr(api, "warm_up", recording_warm_up)  # inherited by the forked workers
    seen = []
    report = batch.run(texts[:6], Config(), jobs=2, progress=lambda d, t, p: seen.append((d, t)))
    pids = log.read_text().split()
    workers = [x for x in pids if x != str(os.getpid())]
    assert len(workers) == 2 and len(set(workers)) == 2  # each worker once, not per file
    assert pids.count(str(os.getpid())) <= 1  # on Linux the parent loads it first, for the forks to share
    assert [f.path for f in report.files] == texts[:6]
    assert seen[-1] == (6, 6) and [d for d, _ in seen] == list(range(1, 7))
    bad = report.files[4]
    assert not bad.ok and bad.error["code"].startswith("E1")
    assert all(f.ok for i, f in enumerate(report.files) if i != 4)
    assert not report.interrupted


def test_interrupt_returns_the_results_so_far(texts):
    def progress(done, total, path):
        if done == 3:
            raise KeyboardInterrupt

    report = batch.run(texts, Config(), jobs=2, progress=progress)
    assert report.interrupted
    assert len(report.files) == 3
    order = [texts.index(f.path) for f in report.files]
    assert order == sorted(order)  # still in input order


def test_ctrl_c_in_the_cli_stops_cleanly(texts):
    """A real SIGINT while a batch runs: exit 130, the report of the files so
    far, no traceback, no worker left behind."""
    import pty

    folder = str(Path(texts[0]).parent)
    master, slave = pty.openpty()
    p = subprocess.Popen([sys.executable, "-m", "keiyaku_lint", "check", folder, "--jobs", "2",
                          "--format", "json"], cwd=ROOT, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    err = b""
    try:
        while b"] 2/" not in err:  # the progress bar says two files are done
            chunk = os.read(master, 4096)
            if not chunk:
                break
            err += chunk
        children = _children(p.pid)
        p.send_signal(signal.SIGINT)
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        out, _ = p.communicate(timeout=120)
    finally:
        os.close(master)
    text = err.decode("utf-8", "replace")
    assert p.returncode == 130, text
    assert "Traceback" not in text and "中断しました" in text
    data = json.loads(out)
    assert data["interrupted"] is True and data["summary"]["interrupted"] is True
    assert 2 <= len(data["files"]) < len(texts)
    assert children and not any(os.path.exists(f"/proc/{c}") and _alive(c) for c in children)


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False
