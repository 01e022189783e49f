"""Writing a report the tool produces, without ever losing a file.

    check_output_path(output, files, folders)   E411 / E412 before any work
    format_for_output(output, fmt, explicit)    the format, or E413
    write_report(path, data)                    atomically, or straight to a device
    write_atomic(path, data)                    temp file in the same folder + rename

* The output may not be one of the files being checked, nor lie inside a
  folder being walked (E411, E412): a mistyped or tab-completed ``-o`` must
  never replace the contract it checks, and a report inside the walked folder
  would be read as a contract on the next run.
* The format follows the extension: ``-o 結果.csv`` writes CSV. When
  ``--format`` is given too and names another format, or the extension is one
  no report has (``-o 結果.docx``), it is refused (E413) rather than writing,
  say, a text report into a file called .docx.
* A regular file is written to a temp file in its folder and renamed into
  place, so a reader never sees half a report and an old report survives a
  failed write. A character device, FIFO or socket (``-o /dev/stdout``, a
  named pipe) is written directly: renaming onto it would replace the device
  node with a regular file.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable, Optional, Union

from keiyaku_lint.errors import KeiyakuError

# extension -> report format
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".log": "text",
    ".json": "json",
    ".csv": "csv",
    ".html": "html", ".htm": "html",
    ".sarif": "sarif",
}
EXPECTED = {"text": ".txt", "compact": ".txt", "json": ".json", "csv": ".csv", "html": ".html", "sarif": ".sarif"}


def _is_stream(path) -> bool:
    """A character device, FIFO or socket (following links): written directly."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _ext(path) -> str:
    name = os.path.basename(os.fsdecode(path)).lower()
    if name.endswith(".sarif.json"):
        return ".sarif"
    return os.path.splitext(name)[1]


def format_for_output(output, fmt: str, explicit: bool) -> str:
    """The report format to write to ``output``. ``fmt`` is the format asked
    for (``explicit``: on the command line, not only a default)."""
    if output is None or _is_stream(output):
        return fmt
    ext = _ext(output)
    if not ext:
        return fmt  # a name without an extension: whatever was asked
    by_ext = EXTENSIONS.get(ext)
    if by_ext is None or (explicit and by_ext != fmt and not (by_ext == "text" and fmt == "compact")):
        raise KeiyakuError("E413", path=os.fsdecode(output), ext=ext, format=fmt,
                           expected=EXPECTED.get(fmt, ".txt"))
    if ext == ".json" and fmt == "sarif":
        return fmt
    if by_ext == "text" and fmt == "compact":  # one finding a line is text too
        return fmt
    return by_ext


def _same_file(a, b) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _inside(path: str, folder: str) -> bool:
    try:
        real_folder = os.path.realpath(folder)
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return False
    return os.path.commonpath([real, real_folder]) == real_folder and real != real_folder


def check_output_path(output, files: Iterable, folders: Iterable = ()) -> None:
    """Refuse an output that is one of the inputs (E411) or lies inside a
    folder being walked (E412). Devices and FIFOs are never inputs."""
    if output is None or _is_stream(output):
        return
    out = os.fsdecode(output)
    real_out = os.path.realpath(out)
    for f in files:
        if _same_file(out, f) or os.path.realpath(os.fsdecode(f)) == real_out:
            raise KeiyakuError("E411", path=out, input=os.fsdecode(f))
    for d in folders:
        if _inside(out, os.fsdecode(d)):
            raise KeiyakuError("E412", path=out, folder=os.fsdecode(d), name=os.path.basename(out))


def write_report(path, data: Union[str, bytes]) -> None:
    raw = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data
    if _is_stream(path):
        try:
            with open(path, "wb", buffering=0) as fh:
                view = memoryview(raw)
                while view:
                    n = fh.write(view)
                    view = view[n:]
        except BrokenPipeError:
            return  # a reader that stopped reading (| head): not an error
        except OSError as exc:
            raise KeiyakuError("E407", path=os.fsdecode(path), reason=exc.strerror or str(exc)) from None
        return
    write_atomic(path, raw)


def write_atomic(path, data: Union[str, bytes], exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder.
    ``exclusive``: claim the name atomically (a hard link), failing with
    FileExistsError when a file of that name appeared meanwhile."""
    path = Path(path)
    raw = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise KeiyakuError("E407", path=str(path), reason=exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes it private; a report is not
        if exclusive:
            _link_into_place(tmp, path)
        else:
            os.replace(tmp, path)
    except FileExistsError:
        raise
    except BaseException as exc:  # Ctrl-C / SIGTERM mid-write too: never leave the temp file
        if not isinstance(exc, OSError):
            raise
        raise KeiyakuError("E407", path=str(path), reason=exc.strerror or str(exc)) from None
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _link_into_place(tmp: str, path: Path) -> None:
    """Put ``tmp`` at ``path`` only if nothing is there (atomic with hard
    links; on a file system without them, O_EXCL claims the name first)."""
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        raise
    except OSError:
        pass
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # FileExistsError if taken
    os.close(fd)
    os.replace(tmp, path)


def unique_name(folder: Path, name: str, taken: Optional[set] = None) -> Iterable[Path]:
    """folder/name, then name-1, name-2, ...: the candidates for a new file."""
    stem, suffix = Path(name).stem, Path(name).suffix
    yield folder / name
    n = 1
    while True:
        cand = folder / f"{stem}-{n}{suffix}"
        if taken is None or str(cand) not in taken:
            yield cand
        n += 1
