"""Files keiyaku-lint wrote itself, and the mark each carries.

A report or an annotated copy left in a folder must not be checked as a
contract on the next run (a text report quotes every clause, so it would pass
as a "clean contract"). Every such file carries a mark, and a folder walk
passes over marked files, listing them:

    text report     its first line names the report schema (REPORT_MARK)
    JSON report     "schema": "keiyaku-lint/report/1" (its first key)
    SARIF report    the tool driver named keiyaku-lint
    HTML report     <meta name="generator" content="keiyaku-lint/report/1">
    CSV report      its header row (ファイル,判定,… / File,Verdict,…)
    annotated DOCX  a custom document property named ANNOTATED_PROPERTY
                    (File > Info > Properties > Custom in Word)

``own_output(path)`` reads at most the first few KB (and a DOCX's small
custom-properties part) and returns "report", "annotated" or None.
"""
from __future__ import annotations

import os
import re
import stat
import zipfile
from typing import Optional

REPORT_SCHEMA = "keiyaku-lint/report/1"
REPORT_MARK = f"keiyaku-lint ({REPORT_SCHEMA})"
ANNOTATED_PROPERTY = "keiyaku-lint-annotated"
HTML_GENERATOR = f'<meta name="generator" content="{REPORT_SCHEMA}">'

_REPORT_HEAD = re.compile(
    r"keiyaku-lint \(keiyaku-lint/report/\d+\)"  # text
    r'|"schema":\s*"keiyaku-lint/report/\d+"'  # JSON
    r'|<meta name="generator" content="keiyaku-lint/report/\d+">'  # HTML
    r'|"driver":\s*\{\s*"name":\s*"keiyaku-lint"'  # SARIF
)
_CSV_HEAD = re.compile(r"^\ufeff?(ファイル,判定,|File,Verdict,)")


def own_output(path) -> Optional[str]:
    """"report" / "annotated" when keiyaku-lint wrote this file, else None.
    Never raises: a file that cannot be read is not ours to judge here."""
    p = os.fspath(path)
    low = p.lower()
    try:
        if not stat.S_ISREG(os.stat(p).st_mode):
            return None  # a FIFO or a device: opening it could block or never end
        if low.endswith((".docx", ".docm", ".dotx", ".dotm")):
            return "annotated" if _is_annotated_docx(p) else None
        with open(p, "rb") as fh:
            head = fh.read(4096)
    except (OSError, ValueError, zipfile.BadZipFile, KeyError, RuntimeError, EOFError):
        return None
    text = _decode_head(head)
    if text is None:
        return None
    if _REPORT_HEAD.search(text[:3000]) or _CSV_HEAD.match(text):
        return "report"
    return None


def is_report_text(text: str) -> bool:
    """The loaded text of a document starts like one of our reports."""
    return bool(_REPORT_HEAD.search(text[:3000]) or _CSV_HEAD.match(text))


def _decode_head(head: bytes) -> Optional[str]:
    for enc in ("utf-8-sig", "utf-16", "cp932"):
        try:
            return head.decode(enc)
        except UnicodeDecodeError:
            # a cut in the middle of a character at the end of the head
            try:
                return head[:-3].decode(enc)
            except UnicodeDecodeError:
                continue
    return None


def _is_annotated_docx(path: str) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            try:
                info = zf.getinfo("docProps/custom.xml")
            except KeyError:
                return False
            if info.file_size > (1 << 20):
                return False
            data = zf.read(info)
    except (OSError, zipfile.BadZipFile, RuntimeError, EOFError, ValueError, NotImplementedError):
        return False
    return ANNOTATED_PROPERTY.encode("ascii") in data
