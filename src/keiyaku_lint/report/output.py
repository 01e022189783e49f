"""Writing a file the tool produces: to a temp file in the same folder, then
renamed into place, so a reader never sees half a report."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Union

from keiyaku_lint.errors import KeiyakuError


def write_atomic(path, data: Union[str, bytes]) -> None:
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
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
        os.replace(tmp, path)
    except BaseException as exc:  # Ctrl-C mid-write too: never leave the temp file
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if not isinstance(exc, OSError):
            raise
        raise KeiyakuError("E407", path=str(path), reason=exc.strerror or str(exc)) from None
