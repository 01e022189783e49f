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
    """Markdown inline markup stripped, in time linear in the line's length
    (a line of 200 KB of unclosed ``**`` once took minutes with regular
    expressions that searched for each opener's closer): images and links
    keep their text, code spans their content, emphasis (``**`` ``__``
    ``~~`` ``*``) loses its delimiters; ``<br>`` and backslash escapes go."""
    s = _md_links(s)
    s = _md_code_spans(s)
    s = _md_emphasis(s)
    s = re.sub(r"<br\s*/?>", "", s, flags=re.I)
    s = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", s)  # backslash escapes
    return s


def _next_index(s: str, ch: str) -> list[int]:
    """nxt[i] = the first index >= i holding ``ch`` (len(s) when none)."""
    nxt = [len(s)] * (len(s) + 1)
    for i in range(len(s) - 1, -1, -1):
        nxt[i] = i if s[i] == ch else nxt[i + 1]
    return nxt


def _md_links(s: str) -> str:
    """[text](url) -> text, ![alt](url) -> alt. The text may not hold ]."""
    if "](" not in s:
        return s
    close_sq = _next_index(s, "]")
    close_par = _next_index(s, ")")
    out, i, n = [], 0, len(s)
    while i < n:
        image = s.startswith("![", i)
        if s[i] == "[" or image:
            open_at = i + (2 if image else 1)
            j = close_sq[open_at]
            if j < n and j + 1 < n and s[j + 1] == "(" and (image or j > open_at):
                k = close_par[j + 2] if j + 2 <= n else n
                if k < n:
                    out.append(s[open_at:j])
                    i = k + 1
                    continue
        out.append(s[i])
        i += 1
    return "".join(out)


def _md_code_spans(s: str) -> str:
    """`code` -> code: single backticks paired left to right."""
    if s.count("`") < 2:
        return s
    parts = s.split("`")
    out = [parts[0]]
    i = 1
    while i < len(parts):
        if i + 1 < len(parts) and parts[i]:
            out.append(parts[i])  # a code span's content
            out.append(parts[i + 1])
            i += 2
        else:
            out.append("`" + parts[i])  # an empty span or an unpaired backtick stays
            i += 1
    return "".join(out)


_DELIMS = re.compile(r"\*+|_+|~+")


def _md_emphasis(s: str) -> str:
    """Emphasis delimiters removed where they pair: ``**x**``, ``__x__``,
    ``~~x~~`` (an opener followed by a non-space, a closer after one) and
    ``*x*`` (not inside a word). One pass over the delimiter runs with a
    stack of openers per kind: linear."""
    if not any(c in s for c in "*_~"):
        return s
    drop: list[tuple[int, int]] = []
    stacks: dict[str, list[int]] = {}
    n = len(s)
    for m in _DELIMS.finditer(s):
        run = m.group()
        if run in ("**", "__", "~~"):
            key = run
        elif run == "*":
            key = "*"
        else:
            continue
        start, end = m.start(), m.end()
        before = s[start - 1] if start else " "
        after = s[end] if end < n else " "
        can_open = not after.isspace()
        can_close = not before.isspace()
        if key == "*":
            can_open = can_open and not (before.isalnum() or before == "_")
            can_close = can_close and not (after.isalnum() or after == "_")
        stack = stacks.setdefault(key, [])
        if can_close and stack:
            opener = stack.pop()
            drop.append((opener, opener + len(run)))
            drop.append((start, end))
        elif can_open:
            stack.append(start)
    if not drop:
        return s
    drop.sort()
    out, pos = [], 0
    for a, b in drop:
        out.append(s[pos:a])
        pos = b
    out.append(s[pos:])
    return "".join(out)


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
