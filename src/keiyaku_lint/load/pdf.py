"""PDF -> text blocks with pdfplumber.

1. Each page's text lines (pdfplumber's line grouping, top to bottom).
2. Running headers and footers go: a line among the first / last three of a
   page whose text, with digits masked and spaces removed, stands at the same
   height on at least half of the pages (and on two or more). Page numbers go
   too: the last line of a page reading "1", "- 1 -", "－1－", "1/3",
   "1 / 3", "Page 1", "p. 1", "(1)", "1頁" or "1ページ" when it sits apart
   from the body (bottom tenth of the page, or a gap above it clearly larger
   than the line pitch).
3. Lines that wrap inside a paragraph are joined again, with no space (one
   space only between two Latin letters / digits, or after an ASCII comma when
   the document spaces its commas). A space between 第N条 and its bracketed
   heading is dropped, as the DOCX loader writes it: 「第1条（目的）」. A line continues into the
   next one when all of these hold:
   * it is full: the room left before the right edge of the text column is
     narrower than the next line's first unbreakable unit (a character with
     the 、。）」 that may not start a line, or a Latin word), or the next
     line starts with such a character; the right edge must be attested by
     at least two lines, and centred / right-aligned lines never wrap (a
     centred heading wrapped over two lines is joined);
   * the next line does not start a new structural unit (第N条, 第N, （見出し）,
     "2 " / "２　" / "2." paragraph numbers, (1), （１）, ①, 一　, ア　, 別紙,
     別表, 附則, bullets, 記, 以上);
   * the vertical step to the next line is not clearly larger than the
     document's usual line pitch (paragraph spacing), on the same page;
   * the indentation fits: a second or later line of a paragraph is followed
     by a line at the same indent; the first line by one not indented more
     than a hanging indent (4 characters) — and not indented more at all
     when the first line ends with 。 and carries no label.
   "２．" without a space starts a paragraph only after a line that ended a
   sentence. Across a page break the same rules hold, except that a line
   ending with 。 at the foot of a page ends its paragraph. A block
   keeps the page it starts on; Location.line is its index in the output + 1.
4. Failures: encrypted (user password) -> E106; unreadable / truncated ->
   E110; more than 1000 pages -> E109; no characters on any page -> E111;
   mostly "(cid:NNN)" glyphs -> E112.

Guard against hostile files: each page is given PAGE_SECONDS of wall time
(a SIGALRM timer, when running in the main thread of a POSIX process) and the
whole file TOTAL_SECONDS (checked between pages, in any thread); exceeding
either gives E117. A page with more than MAX_CHARS_PER_PAGE characters gives
E109, and so does a Flate stream (page content, font, image, object stream)
inflating past MAX_STREAM_BYTES: a deflate bomb stops there, before it fills
the memory (pdfminer's zlib is swapped for ``_CappedZlib``).
"""
from __future__ import annotations

import contextlib
import logging
import math
import re
import signal
import statistics
import threading
import time
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Optional

from ..errors import LoadError, notice
from ..model import Block, LoadedDocument, Location

MAX_PAGES = 1000
MAX_CHARS_PER_PAGE = 200_000
MAX_STREAM_BYTES = 64 << 20  # one decompressed stream
PAGE_SECONDS = 20
TOTAL_SECONDS = 300
# a gap wider than this share of the font size between two characters is a space
X_TOLERANCE_RATIO = 0.25

logging.getLogger("pdfminer").setLevel(logging.ERROR)


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int  # 1-based
    page_height: float
    lead: float = 0.0  # width of the line's first unbreakable unit (see _lead_width)


class _Timeout(Exception):
    pass


class _StreamTooLarge(Exception):
    pass


class _CappedDecompressor:
    def __init__(self, *args):
        self._d = zlib.decompressobj(*args)
        self._out = 0

    def decompress(self, data, max_length=0):
        room = MAX_STREAM_BYTES + 1 - self._out
        chunk = self._d.decompress(data, min(max_length, room) if max_length else room)
        self._out += len(chunk)
        if self._out > MAX_STREAM_BYTES:
            raise _StreamTooLarge()
        return chunk

    def __getattr__(self, name):
        return getattr(self._d, name)


class _CappedZlib:
    """Stands in for the zlib module inside pdfminer.pdftypes: no Flate
    stream inflates past MAX_STREAM_BYTES (a deflate bomb)."""

    error = zlib.error

    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def decompressobj(*args):
        return _CappedDecompressor(*args)

    @staticmethod
    def decompress(data, *args):
        d = _CappedDecompressor(*args[:1])
        out = d.decompress(data)
        if not d.eof:
            raise zlib.error("incomplete or truncated stream")
        return out


def _cap_pdfminer_streams() -> None:
    import pdfminer.pdftypes

    if not isinstance(pdfminer.pdftypes.zlib, _CappedZlib):
        pdfminer.pdftypes.zlib = _CappedZlib()


def _too_large(e: BaseException) -> bool:
    """A _StreamTooLarge, possibly wrapped by pdfplumber."""
    stack, seen = [e], 0
    while stack and seen < 8:
        x = stack.pop()
        seen += 1
        if isinstance(x, _StreamTooLarge):
            return True
        stack.extend(a for a in getattr(x, "args", ()) if isinstance(a, BaseException))
        stack.extend(n for n in (x.__cause__, x.__context__) if n is not None)
    return False


def _stream_error(path: str) -> LoadError:
    return LoadError("E109", path=path, reason=f"a compressed stream expands past {MAX_STREAM_BYTES >> 20} MB")


@contextlib.contextmanager
def _page_timer(seconds: float):
    """Interrupt a page that takes too long (POSIX main thread only)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


_CID = re.compile(r"^\(cid:\d+\)$")
# characters a line may not start with / end with (Japanese line breaking, kinsoku)
_NO_START = set("）)」』】〕］]｝}〉》、。，．,.・：:；;！!？?ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞヽヾ")
_NO_END = set("（(「『【〔［[｛{〈《")


def _lead_width(chars: list[dict], size: float) -> float:
    """Width of the first unit the line breaker could not split: an opening
    bracket with the character after it, a Latin word, or one character, plus
    the characters that may not start a line after it (）、。…). A line whose
    remaining room is narrower than the next line's lead unit is full."""
    cs = sorted((c for c in chars if (c.get("text") or "").strip()), key=lambda c: c["x0"])
    if not cs:
        return 0.0
    i = 0
    while i < len(cs) - 1 and cs[i]["text"] in _NO_END:
        i += 1
    if cs[i]["text"].isascii():
        while (i + 1 < len(cs) and cs[i + 1]["text"].isascii()
               and cs[i + 1]["x0"] - cs[i]["x1"] < 0.2 * size):
            i += 1
    i += 1
    while i < len(cs) and cs[i]["text"] in _NO_START:
        i += 1
    return cs[i - 1]["x1"] - cs[0]["x0"]


def _page_lines(page, number: int, path: str) -> tuple[list[_Line], int, int]:
    chars = page.chars
    if len(chars) > MAX_CHARS_PER_PAGE:
        raise LoadError("E109", path=path, reason=f"page {number} has {len(chars)} characters")
    n_cid = sum(1 for c in chars if _CID.match(c.get("text", "")))
    out = []
    for ln in page.extract_text_lines(layout=False, strip=True, return_chars=True,
                                      x_tolerance_ratio=X_TOLERANCE_RATIO):
        text = ln["text"].strip()
        if not text:
            continue
        cs = ln.get("chars") or []
        sizes = [c.get("size", 0) for c in cs if c.get("text", "").strip()] or [10.0]
        bold = bool(cs) and sum(1 for c in cs if "bold" in (c.get("fontname") or "").lower()) > len(cs) / 2
        size = statistics.median(sizes)
        out.append(_Line(text=text, x0=ln["x0"], x1=ln["x1"], top=ln["top"], bottom=ln["bottom"],
                         size=size, bold=bold, page=number, page_height=float(page.height),
                         lead=_lead_width(cs, size)))
    out.sort(key=lambda l: (round(l.top, 0), l.x0))
    return out, len(chars), n_cid


# --- headers, footers, page numbers --------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^(?:[-‐−–—~～\s]*\d+[-‐−–—~～\s]*"
    r"|\d+\s*/\s*\d+"
    r"|(?:page|p\.?)\s*\d+(?:\s*(?:of|/)\s*\d+)?"
    r"|[(\[]\s*\d+\s*[)\]]"
    r"|第?\s*\d+\s*(?:頁|ページ)(?:\s*/\s*\d+)?)$",
    re.IGNORECASE,
)


def _key(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", t))


def _remove_running(pages: list[list[_Line]]) -> list[list[_Line]]:
    n = len(pages)
    threshold = max(2, math.ceil(n / 2))
    # (key, half of the page) -> the edge lines where it occurs
    seen: dict[tuple[str, str], list[_Line]] = {}
    for lines in pages:
        edge = lines[:3] + lines[-3:] if len(lines) > 6 else lines
        for ln in {id(l): l for l in edge}.values():
            band = "top" if ln.top < ln.page_height / 2 else "bottom"
            seen.setdefault((_key(ln.text), band), []).append(ln)
    drop: set[int] = set()
    for hits in seen.values():
        if len({l.page for l in hits}) < threshold:
            continue
        tops = sorted(l.top for l in hits)
        med = tops[len(tops) // 2]
        drop.update(id(l) for l in hits if abs(l.top - med) <= 6)
    out = [[l for l in lines if id(l) not in drop] for lines in pages]
    out = _drop_title_header(out)
    return [_drop_page_number(lines) for lines in out]


def _pitch(lines: list[_Line]) -> Optional[float]:
    steps = [b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top]
    return statistics.median(steps) if steps else None


def _drop_title_header(pages: list[list[_Line]]) -> list[list[_Line]]:
    """A running header that repeats the document's title on a one-page PDF
    (where repetition across pages cannot tell it): the lines in the top
    margin of the page (above 10% of its height), set apart from the body by
    a gap, whose text is repeated further down the same page."""
    out = []
    for lines in pages:
        if len(lines) < 3:
            out.append(lines)
            continue
        h = lines[0].page_height
        k = 0
        while k < len(lines) and lines[k].bottom < 0.1 * h:
            k += 1
        pitch = _pitch(lines[k:]) or 0
        if 0 < k < len(lines) and pitch and lines[k].top - lines[k - 1].top > 1.5 * pitch:
            head = "".join(_key(l.text) for l in lines[:k])
            rest = "".join(_key(l.text) for l in lines[k:k + 12])
            if head and head in rest:
                lines = lines[k:]
        out.append(lines)
    return out


def _drop_page_number(lines: list[_Line]) -> list[_Line]:
    if not lines:
        return lines
    last = lines[-1]
    text = unicodedata.normalize("NFKC", last.text).strip()
    if not _PAGE_NUMBER.match(text):
        return lines
    apart = last.top > last.page_height * 0.9
    if len(lines) >= 2:
        pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top]
        typical = statistics.median(pitches) if pitches else 0
        if typical and last.top - lines[-2].top > 1.8 * typical:
            apart = True
    return lines[:-1] if apart or len(lines) == 1 else lines


# --- joining wrapped lines --------------------------------------------------------------

_UNIT = re.compile(
    r"^(?:"
    r"第\s*[0-9０-９一二三四五六七八九十百千〇]+\s*[条章節款](?:\s*の\s*[0-9０-９一二三四五六七八九十]+)?(?![にのでをがはともへよ及又並若かま各第、。，．,.・）)」])"
    r"|第\s*[0-9０-９一二三四五六七八九十百]+(?:$|[\s　（(【．.])"
    r"|[（(][^）)]{1,25}[）)]\s*$"
    r"|[（(]\s*[0-9０-９a-zA-Zａ-ｚＡ-Ｚア-ンｱ-ﾝイロハニホヘト一二三四五六七八九十ⅰ-ⅻi-x]{1,3}\s*[）)]"
    r"|[0-9０-９]{1,3}(?:[.．、)）])?[\s　]"
    r"|[①-⑳㉑-㉟㊱-㊿⑴-⒇⒈-⒛]"
    r"|[一二三四五六七八九十]{1,3}[\s　、．.]"
    r"|[ア-ンｱ-ﾝ][\s　．.]"
    r"|[a-zA-Zａ-ｚＡ-Ｚ][.．)）][\s　]"
    r"|[・•●○■□◆◇▪▶►◎※]"
    r"|別紙|別表|別記|附則|付則|記$|以上$"
    r")"
)
# "２．本契約は" / "3.乙は": a paragraph number without a space after it. It
# also occurs inside sentences ("第5条2.により"), so it starts a new unit only
# after a line that ended a sentence or a heading.
_WEAK_UNIT = re.compile(r"^[0-9０-９]{1,3}[.．、)）](?![0-9０-９])")
_SENTENCE_END = tuple("。．.！!？?：:）)」』】")


def _starts_unit(text: str) -> bool:
    return _UNIT.match(text) is not None


_LABEL_BRACKET = re.compile(
    r"^(第\s*[0-9０-９一二三四五六七八九十百千]+\s*条(?:\s*の\s*[0-9０-９一二三四五六七八九十]+)?)[ 　]+(?=[（(【〔［\[])")


def _tidy(text: str) -> str:
    """No space between an article label and its bracketed heading
    (「第1条 （目的）」 -> 「第1条（目的）」), as the DOCX loader writes it."""
    return _LABEL_BRACKET.sub(r"\1", text)


def _join(a: str, b: str, space_after_comma: bool = False) -> str:
    """Join a wrapped line to the previous one: no space between Japanese
    characters; the space the line breaker swallowed between Latin words
    comes back, and after an ASCII comma / semicolon / colon when the document
    writes a space after them elsewhere (some contracts use "," as their
    Japanese comma with no space)."""
    if a and b:
        if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
            return a + " " + b  # Latin words wrap at spaces
        if a[-1] in ".!?" and b[0].isascii() and b[0].isalpha():
            return a + " " + b
        if a[-1] in ",;:" and (space_after_comma or (b[0].isascii() and b[0].isalpha())):
            return a + " " + b
    return a + b


def _spaces_after_commas(lines: list[_Line]) -> bool:
    spaced = unspaced = 0
    for l in lines:
        spaced += len(re.findall(r"[,;:] ", l.text))
        unspaced += len(re.findall(r"[,;:][^\s\d]", l.text))
    return spaced > unspaced


def _blocks(pages: list[list[_Line]]) -> list[tuple[str, _Line]]:
    lines = [l for page in pages for l in page]
    if not lines:
        return []
    wide = [l for l in lines if len(l.text) >= 5] or lines
    x1s = sorted((l.x1 for l in wide), reverse=True)
    right = x1s[min(len(x1s) - 1, len(x1s) // 100)]
    x0s = sorted(l.x0 for l in wide)
    left = x0s[min(len(x0s) - 1, len(x0s) // 20)]
    width = max(right - left, 1.0)
    # The right edge is only known when at least two lines end at it; with
    # fewer, the widest line is not evidence of a wrap and nothing is joined.
    typical_size = statistics.median(l.size for l in lines)
    if sum(1 for l in lines if l.x1 >= right - typical_size) < 2:
        return [(l.text, l) for l in lines]
    # usual pitch between wrapped lines: consecutive lines where the first is full
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:])
               if a.page == b.page and b.top > a.top and a.x1 >= right - 1.0 * a.size]
    pitch = statistics.median(pitches) if pitches else None

    comma_space = _spaces_after_commas(lines)
    out: list[tuple[str, _Line]] = []
    text = ""
    first: Optional[_Line] = None
    prev: Optional[_Line] = None
    n_in_block = 0
    for ln in lines:
        if first is not None and prev is not None and _continues(prev, ln, first, n_in_block, left, right, width, pitch):
            text = _join(text, ln.text, comma_space)
            prev = ln
            n_in_block += 1
            continue
        if first is not None:
            out.append((text, first))
        text, first, prev, n_in_block = ln.text, ln, ln, 1
    if first is not None:
        out.append((text, first))
    return out


def _continues(prev: _Line, nxt: _Line, first: _Line, n_in_block: int,
               left: float, right: float, width: float, pitch: Optional[float]) -> bool:
    size = max(prev.size, 1.0)
    room = right - prev.x1
    forced = nxt.text[0] in _NO_START  # a line never starts with ）、。: it was pushed
    if not forced and room > max(nxt.lead + 0.3 * size, 1.0 * size):
        return False
    if prev.x1 - prev.x0 < 0.5 * width:
        return False
    if _starts_unit(nxt.text):
        return False
    if _WEAK_UNIT.match(nxt.text) and prev.text.endswith(_SENTENCE_END):
        return False
    if nxt.page == prev.page:
        step = nxt.top - prev.top
        if step <= 0:
            return False
        if pitch is not None and step > 1.35 * pitch:
            return False
    elif nxt.page != prev.page + 1:
        return False
    elif prev.text.endswith("。") and not forced:
        return False  # a sentence ending at the foot of a page: most often a paragraph end
    if forced:
        return True
    mid = (left + right) / 2
    if prev.x0 > left + 0.3 * width:
        return False  # centred or right-aligned: does not wrap into the next line
    if (prev.x0 <= left + 1.5 * size and nxt.x0 > left + size and abs((nxt.x0 + nxt.x1) / 2 - mid) < size
            and abs(nxt.size - prev.size) < 0.5 and (n_in_block == 1 or abs((prev.x0 + prev.x1) / 2 - mid) < size)):
        return True  # a centred heading wrapped over two lines
    if n_in_block >= 2:
        return abs(nxt.x0 - prev.x0) <= 0.5 * size
    if nxt.x0 > prev.x0 + 4 * size:
        return False
    if nxt.x0 > prev.x0 + 0.5 * size and prev.text.endswith("。") and not _starts_unit(first.text):
        return False
    return True


def _is_password_error(e: BaseException) -> bool:
    """pdfplumber wraps pdfminer's errors: look through the wrapper."""
    seen = 0
    stack = [e]
    while stack and seen < 8:
        x = stack.pop()
        seen += 1
        name = type(x).__name__
        if "Password" in name or "Encrypt" in name:
            return True
        stack.extend(a for a in getattr(x, "args", ()) if isinstance(a, BaseException))
        for nxt in (x.__cause__, x.__context__):
            if nxt is not None:
                stack.append(nxt)
    return False


def _describe(e: BaseException) -> str:
    inner = next((a for a in e.args if isinstance(a, BaseException)), None)
    if inner is not None:
        e = inner
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__


def _open(path: str):
    import pdfplumber

    _cap_pdfminer_streams()
    try:
        return pdfplumber.open(path)
    except Exception as e:
        if _too_large(e):
            raise _stream_error(path) from None
        if _is_password_error(e):
            raise LoadError("E106", path=path) from None
        raise LoadError("E110", path=path, reason=_describe(e)) from None


def _has_eof_marker(path: str) -> bool:
    with open(path, "rb") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 4096))
        return b"%%EOF" in f.read()


def load_pdf(path: str) -> LoadedDocument:
    complete = _has_eof_marker(path)
    pdf = _open(path)
    started = time.monotonic()
    warnings: list = []  # model.Notice
    try:
        try:
            n_pages = len(pdf.pages)
        except LoadError:
            raise
        except Exception as e:
            if _too_large(e):
                raise _stream_error(path) from None
            if _is_password_error(e):
                raise LoadError("E106", path=path) from None
            raise LoadError("E110", path=path, reason=_describe(e)) from None
        if n_pages == 0:
            raise LoadError("E110", path=path, reason="no pages")
        if n_pages > MAX_PAGES:
            raise LoadError("E109", path=path, reason=f"{n_pages} pages (limit {MAX_PAGES})")
        pages: list[list[_Line]] = []
        total_chars = cid_chars = 0
        for i, page in enumerate(pdf.pages, start=1):
            if time.monotonic() - started > TOTAL_SECONDS:
                raise LoadError("E117", path=path, seconds=TOTAL_SECONDS)
            try:
                with _page_timer(PAGE_SECONDS):
                    lines, n_chars, n_cid = _page_lines(page, i, path)
            except _Timeout:
                raise LoadError("E117", path=path, seconds=PAGE_SECONDS) from None
            except LoadError:
                raise
            except Exception as e:
                if _too_large(e):
                    raise _stream_error(path) from None
                raise LoadError("E110", path=path, reason=f"page {i}: {_describe(e)}") from None
            finally:
                with contextlib.suppress(Exception):
                    page.close()
            pages.append(lines)
            total_chars += n_chars
            cid_chars += n_cid
    finally:
        with contextlib.suppress(Exception):
            pdf.close()
    if total_chars == 0:
        if not complete:
            raise LoadError("E110", path=path, reason="the file is truncated (no %%EOF marker)")
        raise LoadError("E111", path=path)
    if cid_chars > total_chars / 2:
        raise LoadError("E112", path=path)
    if not complete:
        warnings.append(notice("W121"))
    body = _remove_running(pages)
    if not any(body):
        raise LoadError("E114", path=path)
    joined = _blocks(body)
    sizes = [l.size for page in body for l in page]
    median_size = statistics.median(sizes) if sizes else 0
    blocks = []
    for n, (text, first) in enumerate(joined, start=1):
        style = None
        if n == 1:
            mid = (first.x0 + first.x1) / 2
            page_mid = _page_mid(body)
            centred = page_mid is not None and abs(mid - page_mid) <= 2 * first.size
            if centred and (first.size > median_size * 1.15 or first.bold):
                style = "title"
        blocks.append(Block(text=_tidy(text), location=Location(page=first.page, line=n), style=style))
    return LoadedDocument(path=path, format="pdf", blocks=tuple(blocks), warnings=tuple(warnings))


def _page_mid(pages: list[list[_Line]]) -> Optional[float]:
    lines = [l for p in pages for l in p if len(l.text) >= 5]
    if not lines:
        return None
    x0s = sorted(l.x0 for l in lines)
    x1s = sorted(l.x1 for l in lines)
    return (x0s[len(x0s) // 20] + x1s[-1 - len(x1s) // 100]) / 2
