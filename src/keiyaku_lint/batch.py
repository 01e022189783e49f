"""Checking many files: pick the files from the paths given, run ``api.lint``
on each (in a process pool when jobs > 1), and gather a Report in input order.

    collect(paths, globs) -> (files, skipped)
    run(files, config, jobs, progress) -> Report

A broken file does not stop the batch: it comes back as a FileResult with an
error. Every file is checked in a watched worker process with a deadline and
a memory limit (its Config's ``timeout`` / ``memory_limit_mb``): past either,
or when its worker dies (the OOM killer, a crash), the file gets an error
(E310 / E311 / E312) and a new worker goes on with the rest. Ctrl-C and
SIGTERM (``Interrupted``) stop the workers and return the results so far with
``Report.interrupted`` and ``Report.stop_signal`` set.
"""
from __future__ import annotations

import fnmatch
import os
import re
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from keiyaku_lint.config import DEFAULT_GLOBS, Config
from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.model import FileResult, Report

Progress = Callable[[int, int, str], None]  # (done, total, path)


# --- picking files ------------------------------------------------------------


# Office and image files a folder may hold that this tool does not read: a
# walk lists them as skipped (with what to do) instead of passing over them
# in silence, so "1 file, clean" never hides an unchecked contract.
UNREAD_KINDS = {
    ".doc": "legacy_word", ".dot": "legacy_word",
    ".rtf": "rtf",
    ".odt": "other_document", ".ott": "other_document", ".pages": "other_document",
    ".wpd": "other_document", ".wps": "other_document", ".jtd": "other_document",
    ".jtdc": "other_document", ".jaw": "other_document", ".jbw": "other_document",
    ".hwp": "other_document", ".xps": "other_document", ".oxps": "other_document",
    ".xls": "spreadsheet", ".xlsx": "spreadsheet", ".xlsm": "spreadsheet", ".ods": "spreadsheet",
    ".ppt": "presentation", ".pptx": "presentation", ".odp": "presentation", ".key": "presentation",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
    ".bmp": "image", ".gif": "image", ".heic": "image", ".webp": "image",
    ".zip": "archive", ".7z": "archive", ".rar": "archive", ".lzh": "archive", ".lha": "archive",
    ".msg": "email", ".eml": "email",
}


def collect(paths: Iterable, globs: Sequence[str] = DEFAULT_GLOBS, exclude: Iterable = ()):
    """Files to check, in a stable order, and the ones passed over as
    (path, reason).

    A path given as a file is always checked (whatever its name); folders are
    walked recursively, sorted, keeping names that match one of ``globs``.
    Passed over, with a reason: hidden files, Word lock files, a folder's
    README, symbolic-link loops and dangling links, the tool's own outputs
    (``exclude``: the report file and the --annotate-dir folder; and every
    file that carries keiyaku-lint's mark, see ``marks``), and office or image
    files this tool does not read (``UNREAD_KINDS``). A path that does not
    exist is kept, so the check reports it (E101).
    """
    files: list[str] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()
    excluded = set()
    for x in exclude:
        if x:
            try:
                excluded.add(os.path.realpath(os.fsdecode(x)))
            except (OSError, ValueError):
                pass
    for p in paths:
        p = os.fsdecode(p)
        if os.path.isdir(p):
            _walk(Path(p), tuple(globs), files, skipped, seen, set(), excluded)
        else:
            key = os.path.realpath(p)
            if key not in seen:
                seen.add(key)
                files.append(p)
    return files, skipped


def _walk(folder: Path, globs, files, skipped, seen, active: set, excluded: set) -> None:
    from keiyaku_lint.marks import own_output

    try:
        real = os.path.realpath(folder)
    except OSError:
        return
    if real in active:  # a symbolic link back into a folder being walked
        skipped.append((str(folder), "symlink_loop"))
        return
    if real in excluded:
        skipped.append((str(folder), "own_output_folder"))
        return
    active = active | {real}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for e in entries:
        path = Path(folder) / e.name
        if e.name.startswith("."):  # hidden: noted when it looks like a contract
            if _matches(e.name, globs) or _matches(e.name.lstrip("."), globs):
                skipped.append((str(path), "hidden"))
            continue
        try:
            is_dir = e.is_dir()  # follows links
        except OSError:
            is_dir = False
        if is_dir:
            _walk(path, globs, files, skipped, seen, active, excluded)
            continue
        if not _matches(e.name, globs):
            kind = UNREAD_KINDS.get(os.path.splitext(e.name)[1].lower())
            if kind is not None and not e.name.startswith("~$"):
                skipped.append((str(path), kind))
            continue
        if e.name.startswith("~$"):
            skipped.append((str(path), "lock_file"))
            continue
        if _DOC_FILE.match(e.name):  # a folder's README is about the folder, not a contract
            skipped.append((str(path), "documentation"))
            continue
        if e.is_symlink() and not os.path.exists(path):
            skipped.append((str(path), "not_a_file"))
            continue
        key = os.path.realpath(path)
        if key in excluded:
            skipped.append((str(path), "own_output"))
            continue
        if key in seen:
            continue
        mark = own_output(path)
        if mark is not None:
            skipped.append((str(path), "own_report" if mark == "report" else "own_annotated"))
            continue
        seen.add(key)
        files.append(str(path))


_DOC_FILE = re.compile(r"^(README|CHANGELOG|CHANGES|LICENSE|LICENCE|CONTRIBUTING|NOTICE)([._-].*)?$", re.I)


def _matches(name: str, globs) -> bool:
    low = name.lower()
    return any(fnmatch.fnmatchcase(low, g.lower()) for g in globs)


# --- running ------------------------------------------------------------------
#
# Every file is checked in a worker process that the parent watches: a file
# that runs past its deadline, grows past the memory limit, or kills its
# worker (the OOM killer, a crash in a C extension) becomes an error result
# for that file, a fresh worker takes over, and the batch finishes. Ctrl-C and
# SIGTERM stop the workers at once and return the results so far.

DEFAULT_TIMEOUT = 120.0  # seconds per file, loading and analysis together
DEFAULT_MEMORY_MB = 4096  # resident memory of one worker
_POLL = 0.1  # seconds between looks at the workers' clocks and memory


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM: stop, keep the results so far. ``signum`` says which."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signum)
        self.signum = signum


def lint_safely(path: str, config: Config) -> FileResult:
    """``api.lint``, with an unexpected failure turned into an E307 result so
    one broken file never stops a batch."""
    from keiyaku_lint import api

    try:
        return api.lint(path, config)
    except KeiyakuError as err:
        return api.error_result(path, err, config.profile)
    except (KeyboardInterrupt, SystemExit):
        raise
    except MemoryError:
        return api.error_result(path, _memory_error(path, config), config.profile)
    except Exception as exc:  # noqa: BLE001
        err = KeiyakuError("E307", path=path, reason=f"{type(exc).__name__}: {exc}")
        return api.error_result(path, err, config.profile)


def _memory_error(path: str, config: Config) -> KeiyakuError:
    return KeiyakuError("E311", path=path, limit=_memory_limit(config))


def _memory_limit(config: Config) -> int:
    return int(getattr(config, "memory_limit_mb", None) or DEFAULT_MEMORY_MB)


def _timeout(config: Config) -> float:
    return float(getattr(config, "timeout", None) or DEFAULT_TIMEOUT)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run(files: Sequence[str], config: Config, jobs: Optional[int] = None,
        progress: Optional[Progress] = None, skipped=(), configs: Optional[Sequence[Config]] = None,
        isolate: bool = True) -> Report:
    """Check ``files`` (each with its own entry of ``configs`` when given);
    the Report lists them in input order. With ``isolate`` (the default)
    every file runs in a supervised worker process under the deadline and
    memory limit of its Config; ``isolate=False`` runs them here, unguarded."""
    files = list(files)
    configs = list(configs) if configs is not None else [config] * len(files)
    jobs = jobs or config.jobs or default_jobs()
    jobs = max(1, min(jobs, len(files) or 1))
    results: list[Optional[FileResult]] = [None] * len(files)
    interrupted = False
    stop_signal = 0
    try:
        if not isolate:
            for i, path in enumerate(files):
                results[i] = lint_safely(path, configs[i])
                if progress:
                    progress(i + 1, len(files), path)
        elif files:
            _Supervisor(files, configs, config, jobs, results, progress).run()
    except KeyboardInterrupt as exc:
        interrupted = True
        stop_signal = getattr(exc, "signum", signal.SIGINT)
    got = tuple(r for r in results if r is not None)
    return Report(files=got, profile=config.profile, interrupted=interrupted,
                  skipped=tuple(skipped), stop_signal=stop_signal)


# --- the workers ------------------------------------------------------------------
#
# A worker is a process that warms up once (the clause library, the language
# model) and then runs jobs the parent sends it, one at a time. ``Pool`` keeps
# ``jobs`` of them busy and watches each job's deadline and memory; the CLI's
# batch (``_Supervisor``) and the web server (``serve.pool``) both use it.


@dataclass
class Job:
    """One unit of work for a worker: ``fn(*args)`` runs there (``fn`` is a
    module-level function, so it pickles by name). ``path`` and ``profile``
    name the job in the error it gets when it runs past ``timeout`` seconds,
    grows past ``memory_mb`` or its worker dies (E310 / E311 / E312);
    ``failed`` turns that error into the job's result (by default an error
    FileResult for ``path``). ``tag`` is the caller's own reference."""

    fn: Callable
    args: tuple
    path: str
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    profile: str = "outsourcing"
    failed: Optional[Callable] = None
    tag: object = None

    def failure(self, err: KeiyakuError):
        if self.failed is not None:
            return self.failed(err)
        from keiyaku_lint import api

        return api.error_result(self.path, err, self.profile)


def lint_job(path: str, config: Config, tag=None) -> Job:
    """The job of checking one file under ``config``'s deadline and memory limit."""
    return Job(lint_safely, (path, config), path, _timeout(config), _memory_limit(config),
               config.profile, tag=tag)


def _out_of_memory(result) -> bool:
    if isinstance(result, tuple) and result:
        result = result[0]
    if isinstance(result, KeiyakuError):
        return result.code == "E311"
    err = getattr(result, "error", None)
    return isinstance(err, dict) and err.get("code") == "E311"


def _worker_main(conn, config: Config, memory_mb: int, announce: bool = False) -> None:
    """A worker: warm up once, then run the jobs the parent sends, one at a
    time, until told to stop. With ``announce`` it says ("ready", None) once
    warm. Signals are the parent's business: Ctrl-C is ignored here and
    SIGTERM kills quietly, so a stopped batch shows no worker traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    _limit_address_space(memory_mb)
    code = 0
    try:
        from keiyaku_lint import api

        try:
            api.warm_up(config)
        except Exception:  # noqa: BLE001 - every file then reports the error itself
            pass
        if announce:
            conn.send(("ready", None))
        while True:
            msg = conn.recv()
            if msg is None:
                break
            key, fn, args = msg
            try:
                result = fn(*args)
            except MemoryError:
                result = KeiyakuError("E311", path=str(args[0]) if args else "", limit=memory_mb)
            except KeiyakuError as err:
                result = err
            except Exception as exc:  # noqa: BLE001 - a job's own failure is its result
                result = KeiyakuError("E307", path=str(args[0]) if args else "",
                                      reason=f"{type(exc).__name__}: {exc}"[:300])
            conn.send((key, result))
            if _out_of_memory(result):
                break  # after running out of memory, a fresh worker is safer
    except (EOFError, OSError, KeyboardInterrupt):
        pass  # the parent went away or stopped us: nothing to report
    except BaseException:  # noqa: BLE001 - never a traceback from a worker
        code = 1
    finally:
        try:
            conn.close()
        except OSError:
            pass
        os._exit(code)


def _limit_address_space(memory_mb: int) -> None:
    """Make an allocation far past the limit fail inside the worker (a
    MemoryError, reported for its file) before the parent has to kill it.
    The cap is the worker's size at start plus the limit, plus room."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            size = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        cap = size + (memory_mb + 1024) * (1 << 20)
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        if soft == resource.RLIM_INFINITY or soft > cap:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, OSError, ValueError, AttributeError):
        pass  # not Linux: the parent's clock still bounds the file


def _resident_mb(pid: int) -> Optional[float]:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)
    except (OSError, ValueError, IndexError):
        return None


class _Worker:
    def __init__(self, ctx, config: Config, announce: bool = False):
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, config, _memory_limit(config), announce),
                                daemon=True)
        self.proc.start()
        child.close()
        self.job: Optional[tuple[int, Job]] = None  # (key, job) it is running
        self.started = 0.0
        self.ready = not announce  # with announce: once it said it is warm

    def give(self, key: int, job: Job) -> None:
        self.job = (key, job)
        self.started = time.monotonic()
        self.conn.send((key, job.fn, job.args))

    def stop(self, kill: bool = False) -> None:
        if kill and self.proc.is_alive():
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
        self.proc.join(timeout=None if kill else 5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        try:
            self.conn.close()
        except OSError:
            pass


class Pool:
    """Up to ``jobs`` supervised workers and a queue of ``Job``s.

    ``step()`` starts missing workers, gives idle ones the next jobs, waits
    up to ``timeout`` for results, and enforces every running job's deadline
    and memory limit: a job past either, or whose worker dies, finishes with
    its ``failure`` (E310 / E311 / E312) and the worker is replaced. It
    returns the (job, result) pairs finished, in the order they finished,
    and which of ``extra`` (more things to wait on, such as a wake-up pipe)
    became ready. The caller owns the pool: one thread calls its methods.

    ``keep_warm`` keeps all workers running while the queue is empty (a
    server); ``announce`` gives jobs only to workers that said they are warm.
    """

    def __init__(self, ctx, config: Config, jobs: int, keep_warm: bool = False, announce: bool = False):
        import collections

        self.ctx, self.config, self.jobs = ctx, config, max(1, jobs)
        self.keep_warm, self.announce = keep_warm, announce
        self.workers: list[_Worker] = []
        self.queue: "collections.deque[tuple[int, Job]]" = collections.deque()
        self._next = 0

    def submit(self, job: Job) -> int:
        key = self._next
        self._next += 1
        self.queue.append((key, job))
        return key

    @property
    def pending(self) -> bool:
        return bool(self.queue) or any(w.job is not None for w in self.workers)

    @property
    def ready(self) -> int:
        return sum(1 for w in self.workers if w.ready and w.proc.is_alive())

    def pids(self) -> list[int]:
        return [w.proc.pid for w in self.workers if w.proc.pid is not None]

    def step(self, timeout: float = _POLL, extra=()) -> tuple[list, set]:
        from multiprocessing.connection import wait

        done: list = []
        self._staff()
        watched = [w for w in self.workers if w.job is not None or not w.ready or self.keep_warm]
        waitables = [w.conn for w in watched] + [w.proc.sentinel for w in watched] + list(extra)
        ready = set(wait(waitables, timeout=timeout)) if waitables else set()
        for w in list(watched):
            if w.conn in ready:
                try:
                    key, result = w.conn.recv()
                except (EOFError, OSError):
                    self._lost(w, self._died(w), done)
                    continue
                if key == "ready" and w.job is None:
                    w.ready = True
                    continue
                job = w.job[1] if w.job is not None else None
                w.job = None
                if job is not None:
                    done.append((job, result))
                if not w.proc.is_alive() or _out_of_memory(result):
                    self._retire(w)
            elif w.proc.sentinel in ready or not w.proc.is_alive():
                self._lost(w, self._died(w), done)
        self._watch(done)
        return done, {x for x in extra if x in ready}

    def close(self) -> None:
        for w in self.workers:
            w.stop(kill=True)
        self.workers = []

    def _staff(self) -> None:
        """Idle workers get the next jobs; missing workers are started."""
        for w in [w for w in self.workers if w.job is None and not w.proc.is_alive()]:
            self._retire(w)
        while (self.queue or self.keep_warm) and len(self.workers) < self.jobs:
            self.workers.append(_Worker(self.ctx, self.config, self.announce))
        for w in self.workers:
            if w.job is None and w.ready and self.queue:
                key, job = self.queue.popleft()
                try:
                    w.give(key, job)
                except (OSError, ValueError):  # the worker died before it was given work
                    w.job = None
                    self.queue.appendleft((key, job))
                    self._retire(w)

    def _watch(self, done: list) -> None:
        """The deadline and the memory limit of every running job."""
        now = time.monotonic()
        for w in [w for w in self.workers if w.job is not None]:
            job = w.job[1]
            if now - w.started > job.timeout:
                self._lost(w, KeiyakuError("E310", path=job.path, seconds=_seconds(job.timeout)), done)
                continue
            rss = _resident_mb(w.proc.pid)
            if rss is not None and rss > job.memory_mb:
                self._lost(w, KeiyakuError("E311", path=job.path, limit=job.memory_mb), done)

    def _died(self, w: _Worker) -> KeiyakuError:
        w.proc.join(timeout=1)
        code = w.proc.exitcode
        path = w.job[1].path if w.job is not None else ""
        if code is not None and code < 0:
            try:
                how = signal.Signals(-code).name
            except ValueError:
                how = f"signal {-code}"
        else:
            how = f"exit status {code}"
        return KeiyakuError("E312", path=path, how=how)

    def _lost(self, w: _Worker, err: KeiyakuError, done: list) -> None:
        """The job a worker was running ends with ``err``; the worker goes."""
        job = w.job[1] if w.job is not None else None
        w.job = None
        self._retire(w, kill=True)
        if job is not None:
            done.append((job, job.failure(err)))

    def _retire(self, w: _Worker, kill: bool = False) -> None:
        if w in self.workers:
            self.workers.remove(w)
        w.stop(kill=kill or not w.proc.is_alive())


class _Supervisor:
    """A batch of files through a ``Pool`` of forked workers (Linux: they
    share the model the parent loaded), results in input order."""

    def __init__(self, files, configs, config, jobs, results, progress):
        import multiprocessing as mp

        self.files, self.configs, self.config = files, configs, config
        self.jobs, self.results, self.progress = jobs, results, progress
        fork = sys.platform.startswith("linux")
        self.ctx = mp.get_context("fork" if fork else "spawn")
        if fork:
            # Load the model once here: forked workers share it (copy-on-write),
            # so their own warm_up finds it loaded instead of loading it again.
            _warm_parent(config)
        self.done = 0

    def run(self) -> None:
        pool = Pool(self.ctx, self.config, self.jobs)
        try:
            for i, path in enumerate(self.files):
                pool.submit(lint_job(path, self.configs[i], tag=i))
            while pool.pending:
                finished, _ = pool.step(_POLL)
                for job, result in finished:
                    self._finish(job.tag, result)
        finally:
            pool.close()

    def _finish(self, index: int, result: FileResult) -> None:
        self.results[index] = result
        self.done += 1
        if self.progress:
            self.progress(self.done, len(self.files), self.files[index])


def _seconds(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _warm_parent(config: Config) -> None:
    from keiyaku_lint import api

    try:
        api.warm_up(config)
    except Exception:  # noqa: BLE001 - each file then reports the error itself
        pass


class ProgressBar:
    """A one-line progress bar on a terminal stream (stderr)."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.shown = False

    def __call__(self, done: int, total: int, path: str) -> None:
        from keiyaku_lint.textsafe import display_path

        filled = int(self.width * done / total) if total else self.width
        name = display_path(os.path.basename(path))  # a file name never moves the cursor
        if len(name) > 40:
            name = name[:39] + "…"
        self.stream.write(f"\r[{'#' * filled}{'-' * (self.width - filled)}] {done}/{total} {name}\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
