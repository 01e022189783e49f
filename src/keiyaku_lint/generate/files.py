"""Files for ``generate``: reading inputs safely and writing the output.

Reading (data files and templates): only a regular file is read. The file is
opened without blocking (a FIFO would otherwise wait forever for a writer),
checked again on the open descriptor (no swap between the check and the
open), and read up to a size limit (``/dev/zero`` never ends).

Writing: the output is one of

* a **file** (the usual case): it must end in the expected extension
  (``.docx``; ``.yaml`` for ``--example``) so that nothing is mislabelled,
  must not be one of the inputs (the data file, the template), even with
  ``--force``, is never overwritten without ``--force``, and is written
  atomically: a temp file in the same folder, then ``os.link`` (refuses a
  file that appeared meanwhile) or, with ``--force``, ``os.replace``. A
  symlink at the output is replaced, never written through;
* a **stream**: ``-`` (standard output), or an existing character device,
  FIFO or socket (``/dev/null``, ``/dev/stdout`` on a pipe, a named pipe),
  or the very file standard output is redirected to (``-o /dev/stdout >
  out.docx``): written directly, never replaced by rename (that would
  swap ``/dev/stdout`` itself for a regular file). A terminal is refused:
  a DOCX is binary. A FIFO without a reader is refused instead of waiting.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from keiyaku_lint.errors import Bi, KeiyakuError

_KINDS = (
    (stat.S_ISDIR, Bi("フォルダ", "a folder")),
    (stat.S_ISCHR, Bi("デバイス", "a device")),
    (stat.S_ISBLK, Bi("デバイス", "a device")),
    (stat.S_ISFIFO, Bi("名前付きパイプ（FIFO）", "a named pipe (FIFO)")),
    (stat.S_ISSOCK, Bi("ソケット", "a socket")),
)


def kind_of(mode: int) -> Bi:
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return Bi("特殊なファイル", "a special file")


class NotRegular(Exception):
    def __init__(self, kind: Bi):
        super().__init__(str(kind))
        self.kind = kind


class TooLarge(Exception):
    def __init__(self, size: int, limit: int):
        super().__init__(f"{size} > {limit}")
        self.size = size
        self.limit = limit


def read_regular(path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``). Raises
    FileNotFoundError, NotRegular, TooLarge or OSError."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotRegular(kind_of(st.st_mode))
    if st.st_size > limit:
        raise TooLarge(st.st_size, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped since the check
            raise NotRegular(kind_of(st.st_mode))
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise TooLarge(size, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


_ERRNO_JA = {
    errno.EACCES: "アクセス権がありません",
    errno.EPERM: "操作が許可されていません",
    errno.ENOSPC: "ディスクの空きがありません",
    errno.EROFS: "読み取り専用の場所です",
    errno.ENAMETOOLONG: "ファイル名が長すぎます",
    errno.ENOENT: "ファイルまたはフォルダがありません",
    errno.ENOTDIR: "途中のパスがフォルダではありません",
    errno.EISDIR: "フォルダです",
    errno.EEXIST: "既にあります",
    errno.EIO: "入出力エラー",
    errno.ENXIO: "読み手のいない名前付きパイプです",
    errno.EPIPE: "出力先が閉じられました",
    getattr(errno, "EDQUOT", -1): "ディスクの割り当て量を超えました",
    errno.EMFILE: "開いているファイルが多すぎます",
    errno.ELOOP: "シンボリックリンクが循環しています",
}


def os_reason(exc: OSError) -> Bi:
    en = exc.strerror or str(exc) or type(exc).__name__
    ja = _ERRNO_JA.get(exc.errno or 0)
    return Bi(f"{ja}（{en}）" if ja else en, en)


def shown(path) -> str:
    """A path as it can be shown anywhere: undecodable bytes as \\xNN and
    control characters escaped, so a file name can neither crash an
    encoder nor forge a line of output."""
    s = os.fspath(path) if not isinstance(path, str) else path
    if isinstance(s, bytes):
        s = os.fsdecode(s)
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        s = os.fsencode(s).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in s)


# --- output targets ----------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    path: str  # as given
    kind: str  # "file" | "stdout" | "stream"
    fd: Optional[int] = None  # the descriptor to write to for "stdout" (1 or 2)

    @property
    def is_stream(self) -> bool:
        return self.kind != "file"


def target_of(output) -> Target:
    p = os.fspath(output)
    if p == "-":
        return Target(p, "stdout", 1)
    try:
        st = os.stat(p)  # follows links: /dev/stdout -> what stdout is
    except OSError:
        return Target(p, "file")
    if stat.S_ISDIR(st.st_mode):
        return Target(p, "file")  # write_file says it is a folder
    if not stat.S_ISREG(st.st_mode):
        return Target(p, "stream")
    for fd in (1, 2):  # -o /dev/stdout while stdout is redirected to a file
        try:
            fst = os.fstat(fd)
        except OSError:
            continue
        if (fst.st_dev, fst.st_ino) == (st.st_dev, st.st_ino) and stat.S_ISREG(fst.st_mode):
            return Target(p, "stdout", fd)
    return Target(p, "file")


def same_file(a, b) -> bool:
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def check_output(output, *, suffixes: tuple, what: Bi, force: bool,
                 inputs: Iterable[tuple] = ()) -> Target:
    """Everything that can be said about the output before the work is done:
    raises E520 (it is an input), E513 (a folder, or no such folder), E519
    (wrong extension), E507 (exists, no --force). A stream target is
    returned as it is (E527 for a terminal comes when writing)."""
    target = target_of(output)
    if target.is_stream:
        return target
    p = Path(target.path)
    for role, path in inputs:  # first: the worst mistake, and true whatever the name
        if path is not None and same_file(p, path):
            raise KeiyakuError("E520", path=shown(p), role=role, input=shown(path))
    if p.is_dir():
        raise KeiyakuError("E513", path=shown(p), reason=Bi("フォルダです", "it is a folder"))
    suffix = p.suffix
    if suffix.lower() not in suffixes:
        raise KeiyakuError("E519", path=shown(p), suffix=suffix or Bi("（なし）", "(none)"),
                           expected=" / ".join(suffixes), what=what, hint=_suffix_hint(suffix, suffixes))
    if p.exists() and not force:
        raise KeiyakuError("E507", path=shown(p))
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise KeiyakuError("E513", path=shown(p), reason=Bi(f"フォルダ {shown(parent)} がありません",
                                                           f"the folder {shown(parent)} does not exist"))
    return target


def _suffix_hint(suffix: str, suffixes: tuple) -> Bi:
    s = suffix.lower()
    if ".docx" in suffixes and s == ".pdf":
        return Bi("PDF が必要なら、作成した .docx を Word や LibreOffice で開いて PDF として保存してください。",
                  "For a PDF, open the .docx in Word or LibreOffice and save it as PDF.")
    if ".docx" in suffixes and s in (".doc", ".docm", ".dotx", ".odt", ".rtf"):
        return Bi("作成するのは .docx 形式の Word 文書です。", "What is written is a Word document in .docx format.")
    if ".yaml" in suffixes and s in (".toml", ".json"):
        return Bi("記入例は YAML 形式で書きます。", "The example is written as YAML.")
    return Bi("", "")


def write_output(data: bytes, target: Target, force: bool = False, allow_tty: bool = False) -> None:
    if target.kind == "file":
        from keiyaku_lint.generate import write_atomic  # every file generate writes goes through it

        write_atomic(data, target.path, force)
    else:
        write_stream(data, target, allow_tty)


def write_stream(data: bytes, target: Target, allow_tty: bool = False) -> None:
    """Write directly to standard output, a pipe or a device. A terminal is
    refused unless ``allow_tty`` (a DOCX is binary)."""
    where = shown(target.path)
    if target.kind == "stdout":
        fd = target.fd or 1
        if fd == 1:
            stream = _binary_stdout()
            if stream is not None:
                if _isatty(stream) and not allow_tty:
                    raise KeiyakuError("E527", path=where)
                try:
                    stream.write(data)
                    stream.flush()
                except OSError as exc:
                    raise KeiyakuError("E513", path=where, reason=os_reason(exc)) from None
                return
        _write_fd(data, fd, where, close=False, allow_tty=allow_tty)
        return
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(target.path, flags)  # no O_CREAT: it exists; no O_TRUNC on a device
    except OSError as exc:
        raise KeiyakuError("E513", path=where, reason=os_reason(exc)) from None
    try:
        if os.isatty(fd) and not allow_tty:
            raise KeiyakuError("E527", path=where)
        try:
            os.set_blocking(fd, True)  # opened non-blocking only so a FIFO without reader fails
        except (AttributeError, OSError):
            pass
    except BaseException:
        os.close(fd)
        raise
    _write_fd(data, fd, where, close=True, allow_tty=allow_tty)


def _binary_stdout():
    import click

    try:
        return click.get_binary_stream("stdout")
    except Exception:  # no usable stdout
        return None


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _write_fd(data: bytes, fd: int, where: str, close: bool, allow_tty: bool = False) -> None:
    try:
        if os.isatty(fd) and not allow_tty:
            raise KeiyakuError("E527", path=where)
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
    except OSError as exc:
        raise KeiyakuError("E513", path=where, reason=os_reason(exc)) from None
    finally:
        if close:
            os.close(fd)


def stdout_encoding() -> str:
    import sys

    return getattr(sys.stdout, "encoding", None) or "utf-8"


__all__ = ["read_regular", "NotRegular", "TooLarge", "os_reason", "shown", "Target", "target_of",
           "same_file", "check_output", "write_output", "write_stream", "kind_of",
           "stdout_encoding"]
