"""The server's workers: a ``batch.Pool`` of supervised processes, made once
at start and kept warm, driven by one thread of its own.

    service = WorkerService(config, jobs); service.start(); service.wait_ready()
    future = service.submit(job)          # concurrent.futures.Future of the job's result
    service.stop()

Workers are forked from a ``forkserver`` started before the web server has
threads of its own, preloaded with the language model (``serve.preload``):
forking from the threaded server process itself is unsafe, and a worker that
ran past its deadline or memory limit, or died, is replaced by a fresh fork
of the same warm process. Each job keeps the CLI's guarantees: a deadline
and a memory limit (E310 / E311), a dead worker is E312 for its job only.
"""
from __future__ import annotations

import concurrent.futures
import os
import queue
import threading
import time
from typing import Optional

from keiyaku_lint.batch import Job, Pool
from keiyaku_lint.config import Config
from keiyaku_lint.errors import KeiyakuError

_context = None


def _forkserver():
    global _context
    if _context is None:
        import multiprocessing as mp

        try:
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["keiyaku_lint.serve.preload"])
        except ValueError:  # no forkserver (not POSIX): spawn, each worker loads the model
            ctx = mp.get_context("spawn")
        _context = ctx
    return _context


class WorkerService:
    def __init__(self, config: Config, jobs: int):
        self.config = config
        self.jobs = max(1, jobs)
        self._inbox: "queue.SimpleQueue" = queue.SimpleQueue()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self._stopping = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._ready = 0
        self._pids: list[int] = []
        self.failure: Optional[str] = None  # why workers cannot start, if they cannot

    # --- the caller's side (any thread) ---------------------------------------------------

    def start(self) -> None:
        _forkserver()
        self._thread = threading.Thread(target=self._run, name="keiyaku-lint-workers", daemon=True)
        self._thread.start()

    def wait_ready(self, timeout: float = 300.0) -> bool:
        """True once every worker is warm (the model loaded)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._ready >= self.jobs:
                return True
            if self.failure or self._stopping.is_set():
                return False
            time.sleep(0.05)
        return False

    @property
    def ready(self) -> int:
        return self._ready

    @property
    def pids(self) -> list[int]:
        return list(self._pids)

    def submit(self, job: Job) -> concurrent.futures.Future:
        fut: concurrent.futures.Future = concurrent.futures.Future()
        if self._stopping.is_set():
            fut.set_exception(KeiyakuError("E616"))
            return fut
        self._inbox.put((job, fut))
        self._wake()
        return fut

    def stop(self) -> None:
        self._stopping.set()
        self._wake()
        if self._thread is not None:
            self._thread.join(timeout=30)
        for fd in (self._wake_r, self._wake_w):
            try:
                os.close(fd)
            except OSError:
                pass

    def _wake(self) -> None:
        try:
            os.write(self._wake_w, b"x")
        except (BlockingIOError, OSError):
            pass  # the pipe is full (a wake-up is pending anyway) or closed

    # --- the pool's own thread ------------------------------------------------------------

    def _run(self) -> None:
        pool = Pool(_forkserver(), self.config, self.jobs, keep_warm=True, announce=True)
        waiting: dict[int, concurrent.futures.Future] = {}
        failures = 0
        try:
            while not self._stopping.is_set():
                while True:
                    try:
                        job, fut = self._inbox.get_nowait()
                    except queue.Empty:
                        break
                    if fut.set_running_or_notify_cancel():
                        job.tag = fut
                        pool.submit(job)
                try:
                    finished, woke = pool.step(0.5, extra=[self._wake_r])
                    failures = 0
                except (OSError, ValueError, RuntimeError) as exc:  # a worker could not be started
                    failures += 1
                    self.failure = f"{type(exc).__name__}: {exc}"
                    for _, job in list(pool.queue):
                        _settle(job.tag, KeiyakuError("E614", reason=self.failure))
                    pool.queue.clear()
                    time.sleep(min(5.0, 0.2 * failures))
                    continue
                self._ready = pool.ready
                self._pids = pool.pids()
                if woke:
                    try:
                        while os.read(self._wake_r, 4096):
                            pass
                    except (BlockingIOError, OSError):
                        pass
                for job, result in finished:
                    _settle(job.tag, result)
        finally:
            pending = [job for _, job in pool.queue] + [w.job[1] for w in pool.workers if w.job is not None]
            pool.close()
            self._ready = 0
            for job in pending:
                _settle(job.tag, KeiyakuError("E616"))
            while True:
                try:
                    job, fut = self._inbox.get_nowait()
                except queue.Empty:
                    break
                _settle(fut, KeiyakuError("E616"))
            del waiting


def _settle(fut, result) -> None:
    if not isinstance(fut, concurrent.futures.Future) or fut.done():
        return
    if isinstance(result, BaseException):
        fut.set_exception(result)
    else:
        fut.set_result(result)
