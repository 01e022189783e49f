"""Checking many files: pick the files from the paths given, run ``api.lint``
on each (in a process pool when jobs > 1), and gather a Report in input order.

    collect(paths, globs) -> (files, skipped)
    run(files, config, jobs, progress) -> Report

A broken file does not stop the batch: it comes back as a FileResult with an
error. Ctrl-C stops the workers and returns the results so far with
``Report.interrupted`` set.
"""
from __future__ import annotations

import fnmatch
import os
import re
import signal
import sys
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from keiyaku_lint.config import DEFAULT_GLOBS, Config
from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.model import FileResult, Report

Progress = Callable[[int, int, str], None]  # (done, total, path)


# --- picking files ------------------------------------------------------------


def collect(paths: Iterable, globs: Sequence[str] = DEFAULT_GLOBS):
    """Files to check, in a stable order, and the ones passed over as
    (path, reason) with reason "hidden" | "lock_file" | "symlink_loop".

    A path given as a file is always checked (whatever its name); folders are
    walked recursively, sorted, keeping names that match one of ``globs``.
    A path that does not exist is kept, so the check reports it (E101).
    """
    files: list[str] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()
    for p in paths:
        p = str(p)
        if os.path.isdir(p):
            _walk(Path(p), tuple(globs), files, skipped, seen, set())
        else:
            key = os.path.realpath(p)
            if key not in seen:
                seen.add(key)
                files.append(p)
    return files, skipped


def _walk(folder: Path, globs, files, skipped, seen, active: set) -> None:
    try:
        real = os.path.realpath(folder)
    except OSError:
        return
    if real in active:  # a symbolic link back into a folder being walked
        skipped.append((str(folder), "symlink_loop"))
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
            _walk(path, globs, files, skipped, seen, active)
            continue
        if not _matches(e.name, globs):
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
        if key in seen:
            continue
        seen.add(key)
        files.append(str(path))


_DOC_FILE = re.compile(r"^(README|CHANGELOG|CHANGES|LICENSE|LICENCE|CONTRIBUTING|NOTICE)([._-].*)?$", re.I)


def _matches(name: str, globs) -> bool:
    low = name.lower()
    return any(fnmatch.fnmatchcase(low, g.lower()) for g in globs)


# --- running ------------------------------------------------------------------

_worker_config: Optional[Config] = None


def _init_worker(config: Config) -> None:
    """Runs once in each worker: ignore Ctrl-C (the parent handles it) and load
    the clause library and the language model now, not per file."""
    global _worker_config
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_config = config
    from keiyaku_lint import api

    try:
        api.warm_up(config)
    except KeiyakuError:
        pass  # the same error comes back from lint() for every file, as a FileResult
    except Exception:  # noqa: BLE001 - reported per file by _lint_one
        pass


def _lint_one(item):
    index, path = item
    return index, lint_safely(path, _worker_config)


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
    except Exception as exc:  # noqa: BLE001
        err = KeiyakuError("E307", path=path, reason=f"{type(exc).__name__}: {exc}")
        return api.error_result(path, err, config.profile)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run(files: Sequence[str], config: Config, jobs: Optional[int] = None,
        progress: Optional[Progress] = None, skipped=()) -> Report:
    """Check ``files``; the Report lists them in input order."""
    jobs = jobs or config.jobs or default_jobs()
    jobs = max(1, min(jobs, len(files) or 1))
    results: list[Optional[FileResult]] = [None] * len(files)
    interrupted = False
    done = 0
    try:
        if jobs == 1:
            for i, path in enumerate(files):
                results[i] = lint_safely(path, config)
                done += 1
                if progress:
                    progress(done, len(files), path)
        else:
            done = _run_pool(files, config, jobs, results, progress)
    except KeyboardInterrupt:
        interrupted = True
    got = tuple(r for r in results if r is not None)
    return Report(files=got, profile=config.profile, interrupted=interrupted,
                  skipped=tuple(skipped))


def _run_pool(files, config, jobs, results, progress) -> int:
    import multiprocessing as mp

    fork = sys.platform.startswith("linux")
    ctx = mp.get_context("fork" if fork else "spawn")
    if fork:
        # Load the model once here: forked workers share it (copy-on-write), so
        # their own warm_up finds it loaded instead of each loading it again.
        _warm_parent(config)
    pool = ctx.Pool(processes=jobs, initializer=_init_worker, initargs=(config,))
    done = 0
    try:
        for index, result in pool.imap_unordered(_lint_one, list(enumerate(files)), chunksize=1):
            results[index] = result
            done += 1
            if progress:
                progress(done, len(files), files[index])
        pool.close()
    except BaseException:
        pool.terminate()  # stop the workers now, mid-file if need be
        raise
    finally:
        pool.join()
    return done


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
        filled = int(self.width * done / total) if total else self.width
        name = os.path.basename(path)
        if len(name) > 40:
            name = name[:39] + "…"
        self.stream.write(f"\r[{'#' * filled}{'-' * (self.width - filled)}] {done}/{total} {name}\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
