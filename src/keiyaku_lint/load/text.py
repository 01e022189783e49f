"""Plain text and Markdown -> text blocks.

Encoding: a BOM decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); otherwise strict
UTF-8; otherwise CP932 (Shift_JIS as Windows writes it) when it decodes
cleanly and reads as Japanese; otherwise E113. Data with NUL bytes or many
control characters is not text (E108).

Each non-empty line becomes one block whose ``Location.line`` is its line
number in the file (CRLF / CR / LF all end a line). In Markdown, heading
markers, list bullets, block quotes, emphasis, inline code and link syntax are
stripped; fences, horizontal rules and table separator rows produce no block;
table rows become their cells joined by a tab.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Optional

from ..errors import LoadError, notice
from ..model import Block, LoadedDocument, Location

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _japanese_ratio(text: str) -> float:
    """Share of Japanese characters among the non-ASCII ones."""
    non_ascii = [c for c in text if ord(c) > 0x7F]
    if not non_ascii:
        return 1.0
    jp = 0
    for c in non_ascii:
        o = ord(c)
        if (0x3040 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F
                or 0xFF00 <= o <= 0xFFEF or 0x3400 <= o <= 0x4DBF):
            jp += 1
    return jp / len(non_ascii)


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    return bad / len(text)


def decode(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding name) or LoadError."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError:
                raise LoadError("E113", path=path) from None
    if b"\x00" in data:
        raise LoadError("E108", path=path, actual="binary data (NUL bytes)")
    text: Optional[str] = None
    enc = ""
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:
            cand = data.decode("cp932")
        except UnicodeDecodeError:
            cand = None
        if cand is not None and _japanese_ratio(cand) >= 0.6 and _control_ratio(cand) < 0.001:
            text, enc = cand, "cp932"
    if text is None:
        if _control_ratio(data.decode("latin-1")) > 0.05:
            raise LoadError("E108", path=path, actual="binary data")
        raise LoadError("E113", path=path)
    if _control_ratio(text) > 0.01:
        raise LoadError("E108", path=path, actual="binary data (control characters)")
    return text, enc


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(\s+#+\s*)?$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_HR = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(\[[ xX]\]\s+)?")
_MD_QUOTE = re.compile(r"^\s{0,3}(>\s?)+")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _md_inline(s: str) -> str:
    s = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", s)  # images
    s = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", s)  # links
    s = re.sub(r"`([^`]+)`", r"\1", s)
    s = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", s)
    s = re.sub(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])", r"\1", s)
    s = re.sub(r"~~(?=\S)(.+?)(?<=\S)~~", r"\1", s)
    s = re.sub(r"<br\s*/?>", "", s, flags=re.I)
    s = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", s)  # backslash escapes
    return s


def _markdown_line(line: str, in_fence: bool) -> tuple[Optional[str], Optional[str]]:
    """(text, style) for one Markdown line outside a fence, (None, None) to skip."""
    if _MD_HR.match(line) or _MD_SETEXT.match(line) or _MD_TABLE_SEP.match(line):
        return None, None
    m = _MD_HEADING.match(line)
    if m:
        return _md_inline(m.group(1)).strip(), "heading"
    line = _MD_QUOTE.sub("", line)
    line = _MD_BULLET.sub("", line)
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        cells = [c.strip() for c in stripped[1:-1].split("|")]
        return "\t".join(_md_inline(c) for c in cells), None
    return _md_inline(line), None


def load_text(path: str, data: bytes, markdown: bool) -> LoadedDocument:
    text, enc = decode(data, path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    in_fence = False
    title_seen = False
    for n, raw in enumerate(lines, start=1):
        style = None
        line = raw.replace("\f", "").replace("\v", "")
        if markdown:
            if _MD_FENCE.match(line):
                in_fence = not in_fence
                continue
            if not in_fence:
                line, style = _markdown_line(line, in_fence)
                if line is None:
                    continue
                if style == "heading" and not title_seen and not blocks and raw.lstrip().startswith("# "):
                    style = "title"
        line = line.strip(" \t")
        if not line.strip():
            continue
        title_seen = True
        blocks.append(Block(text=line, location=Location(line=n), style=style))
    warnings = (notice("W141", encoding=enc.upper()),) if enc not in ("utf-8",) else ()
    return LoadedDocument(path=path, format="text", blocks=tuple(blocks), warnings=warnings)
