"""Uploads: a multipart/form-data body streamed into a private temporary
folder, with the limits checked while it arrives.

    async with receive_uploads(request, limits) as form:
        form.files  -> [Upload(name, path, size)]   in upload order
        form.fields -> {name: [values]}

* Every file part is written to ``<private folder>/<n>/<safe name>``: the
  folder is made by ``tempfile.mkdtemp`` (mode 0700) and removed, with all
  it holds, when the block ends, whatever happens. The name the client gave
  is kept only as the file's display name; the file on disk gets a cleaned
  base name with the same extension (the loader reads by extension), never
  a client-chosen path.
* A file over ``max_bytes`` (E601), more than ``max_files`` files (E602), a
  text field over 64 KB or more than 100 fields (E604) stop the upload at
  once with status 413 / 400: nothing more is read or written.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Optional

from keiyaku_lint.errors import Bi, KeiyakuError

MAX_FIELD_BYTES = 64 << 10
MAX_FIELDS = 100


class UploadError(Exception):
    def __init__(self, status: int, err: KeiyakuError):
        super().__init__(err.code)
        self.status, self.err = status, err


@dataclass
class Upload:
    name: str  # the file name the client gave (display only)
    path: str  # where it is on disk, in the private folder
    size: int = 0
    field: str = "file"


@dataclass
class Form:
    folder: str
    files: list = field(default_factory=list)
    fields: dict = field(default_factory=dict)

    def value(self, name: str, default: Optional[str] = None) -> Optional[str]:
        values = self.fields.get(name)
        return values[-1] if values else default


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_files: int


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def display_name(raw: str) -> str:
    """The client's file name as reports give it: the path it came with
    (a folder upload sends sub/契約書.docx), separators made '/', no "." or
    ".." parts, at most 300 characters; "upload" when empty."""
    name = raw.replace("\\", "/").strip().lstrip("/")
    name = "/".join(p for p in name.split("/") if p not in ("", ".", ".."))
    return name[-300:] or "upload"  # control characters stay: JSON escapes them, the pages show them (textsafe)


def disk_name(raw: str) -> str:
    """A safe base name for the file on disk, keeping the extension."""
    base = raw.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = _UNSAFE_NAME.sub("_", base).strip(" .")
    stem, ext = os.path.splitext(base)
    ext = ext.lower() if re.fullmatch(r"\.[A-Za-z0-9]{1,10}", ext or "") else ""
    stem = stem.encode("utf-8")[:120].decode("utf-8", "ignore").strip(" .") or "upload"
    return stem + ext


def _too_large(name, limit: int) -> UploadError:
    return UploadError(413, KeiyakuError("E601", name=name, limit=_mb(limit)))


def _mb(n: int) -> str:
    v = n / (1 << 20)
    return str(int(v)) if v.is_integer() else f"{v:.1f}"


def bad_request(reason_ja: str, reason_en: str, hint_ja: str = "", hint_en: str = "") -> UploadError:
    return UploadError(400, KeiyakuError("E604", reason=Bi(reason_ja, reason_en), hint=Bi(hint_ja, hint_en)))


_MULTIPART_HINT = ("multipart/form-data で送ってください（例: curl -F file=@契約書.docx）。",
                   "Send multipart/form-data (for example curl -F file=@contract.docx).")


@asynccontextmanager
async def receive_uploads(request, limits: Limits):
    from python_multipart.multipart import MultipartParser, parse_options_header

    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    if ctype != b"multipart/form-data" or b"boundary" not in params:
        raise bad_request("multipart/form-data ではありません", "not multipart/form-data", *_MULTIPART_HINT)
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and limits.max_files > 0:
        budget = (limits.max_bytes + MAX_FIELD_BYTES) * limits.max_files + MAX_FIELDS * MAX_FIELD_BYTES
        if int(length) > budget:  # more than the limits could ever allow: refuse before reading
            raise _too_large(Bi("（リクエスト全体）", "(the whole request)"), limits.max_bytes)
    folder = tempfile.mkdtemp(prefix="keiyaku-serve-")
    form = Form(folder=folder)
    state = {"headers": [], "hname": b"", "hvalue": b"", "part": None, "error": None}

    class Part:
        def __init__(self):
            self.name = ""
            self.filename: Optional[str] = None
            self.data = bytearray()
            self.fh = None
            self.upload: Optional[Upload] = None

    def fail(err: UploadError):
        if state["error"] is None:
            state["error"] = err
        raise err

    def on_part_begin():
        state["part"] = Part()
        state["headers"] = []

    def on_header_field(data, start, end):
        state["hname"] += data[start:end]

    def on_header_value(data, start, end):
        state["hvalue"] += data[start:end]

    def on_header_end():
        state["headers"].append((state["hname"].lower(), state["hvalue"]))
        state["hname"], state["hvalue"] = b"", b""

    def on_headers_finished():
        part = state["part"]
        disposition = dict(state["headers"]).get(b"content-disposition", b"")
        _, options = parse_options_header(disposition)
        part.name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            raw = options[b"filename"].decode("utf-8", "replace")
            # browsers (and httpx) send " CR LF in a name as %22 %0D %0A (the HTML standard's form encoding)
            raw = raw.replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")
            if len(form.files) >= limits.max_files:
                fail(UploadError(413, KeiyakuError("E602", limit=limits.max_files, count=f"{limits.max_files + 1}+")))
            part.filename = raw
            sub = os.path.join(folder, str(len(form.files)))
            os.mkdir(sub, 0o700)
            path = os.path.join(sub, disk_name(raw))
            part.fh = open(path, "xb")  # noqa: SIM115 - closed in on_part_end or below
            part.upload = Upload(name=display_name(raw), path=path, field=part.name)
            form.files.append(part.upload)
        elif sum(len(v) for v in form.fields.values()) >= MAX_FIELDS:
            fail(bad_request(f"欄が多すぎます（{MAX_FIELDS} 個まで）", f"more than {MAX_FIELDS} fields"))

    def on_part_data(data, start, end):
        part = state["part"]
        chunk = data[start:end]
        if part.fh is not None:
            part.upload.size += len(chunk)
            if part.upload.size > limits.max_bytes:
                fail(_too_large(part.upload.name, limits.max_bytes))
            part.fh.write(chunk)
        else:
            if len(part.data) + len(chunk) > MAX_FIELD_BYTES:
                fail(bad_request(f"欄 {part.name} が長すぎます（64 KB まで）", f"the field {part.name} is over 64 KB"))
            part.data += chunk

    def on_part_end():
        part = state["part"]
        if part.fh is not None:
            part.fh.close()
            part.fh = None
        else:
            form.fields.setdefault(part.name, []).append(part.data.decode("utf-8", "replace"))

    callbacks = {"on_part_begin": on_part_begin, "on_part_data": on_part_data, "on_part_end": on_part_end,
                 "on_header_field": on_header_field, "on_header_value": on_header_value,
                 "on_header_end": on_header_end, "on_headers_finished": on_headers_finished}
    try:
        parser = MultipartParser(params[b"boundary"], callbacks)
        try:
            async for chunk in request.stream():
                parser.write(chunk)
            parser.finalize()
        except UploadError:
            raise
        except Exception as exc:  # noqa: BLE001 - python-multipart's own errors, a client that went away
            if state["error"] is not None:
                raise state["error"] from None
            raise bad_request(f"multipart の書式の誤り: {str(exc)[:120]}", f"bad multipart body: {str(exc)[:120]}",
                              *_MULTIPART_HINT) from None
        finally:
            part = state["part"]
            if part is not None and part.fh is not None:
                part.fh.close()
        yield form
    finally:
        shutil.rmtree(folder, ignore_errors=True)
