"""PDF -> text blocks with pdfplumber.

1. Each page's text lines in reading order (``pdf_layout.py``, whose
   docstring is this step's spec): vertical writing (縦書き) read column by
   column from the right, pages turned by /Rotate or drawn rotated (or
   slightly askew) turned upright, columns (段組み) read one after the
   other below a full-width title, the text of FreeText annotations and
   form fields read where it stands, text drawn at an angle (a watermark)
   left out. A page that cannot be put in order with confidence is refused
   (E120). Every line keeps its *frame* (its column; an annotation's own).
   An ordinary page (upright, horizontal, one column) comes out as
   pdfplumber's lines, top to bottom.
2. Running headers and footers go: a line among the first / last three of a
   page whose text, with digits masked and spaces removed, stands at the
   same height (in the same frame) on at least half of the pages (and on
   two or more). Page numbers go too: the last line of a page reading "1",
   "- 1 -", "－1－", "1/3", "1 / 3", "Page 1", "p. 1", "(1)", "1頁" or
   "1ページ" when it sits apart from the body (bottom tenth of the page, or
   a gap above it clearly larger than the line pitch).
3. Lines that wrap inside a paragraph are joined again, with no space (one
   space only between two Latin letters / digits, or after an ASCII comma
   when the document spaces its commas). A space between 第N条 and its
   bracketed heading is dropped, as the DOCX loader writes it:
   「第1条（目的）」. A line continues into the next one when all of these
   hold:
   * it is full: the room left before the right edge of the text column is
     narrower than the next line's first unbreakable unit (a character with
     the 、。）」 that may not start a line, or a Latin word), or the next
     line starts with such a character; the right edge must be attested by
     at least two lines (and is the edge three or more lines end at when
     the only lines beyond it, by at most 1.6 em, end with punctuation
     hanging past the margin, ぶら下げ), and centred / right-aligned lines
     never wrap (a centred heading wrapped over two lines is joined);
   * the next line does not start a new structural unit (第N条, 第N,
     （見出し）, "2 " / "２　" / "2." paragraph numbers, (1), （１）, ①, 一　,
     ア　, 別紙, 別表, 附則, bullets, 記, 以上, a date alone: 「令和7年4月1日」),
     and the line is not an article heading by itself
     (「第6条（契約終了時のデータの返却及び消去）」 filling a column);
   * the vertical step to the next line is not clearly larger than the
     document's usual line pitch (paragraph spacing), on the same page;
   * the indentation fits: a second or later line of a paragraph is followed
     by a line at the same indent; the first line by one not indented more
     than a hanging indent (4 characters) — and not indented more at all
     when the first line ends with 。 and carries no label.
   "２．" without a space starts a paragraph only after a line that ended a
   sentence. Across a page break the same rules hold, except that a line
   ending with 。 at the foot of a page ends its paragraph. The edges, the
   pitch and the indents are those of the line's frame (each column of a
   page has its own, shared by that column on every page), and a column
   break joins like a page break; lines of an annotation, or of a run read
   across a page's writing direction, join only each other. A block keeps
   the page it starts on; Location.line is its index in the output + 1.
4. Failures: encrypted (user password) -> E106; unreadable / truncated ->
   E110; more than 1000 pages -> E109; no characters on any page -> E111;
   more than half of the characters no text ("(cid:NNN)", U+FFFD, private
   use, Latin letters set a full em wide: a font without a usable character
   map) -> E112; a page of 20 or more characters at least half of which are
   no text, in an otherwise readable file -> E121 (its clauses could not be
   checked); a page whose reading order is unclear -> E120.
5. Notices (``LoadedDocument.warnings``), each naming its pages: W121 no
   %%EOF (truncated?), W122 read as vertical writing, W123 text drawn
   rotated (or askew, as a scan's text layer) turned upright, W124 read as
   columns, W125 annotation text read, W126 form field values read, W127
   text drawn at an angle not read, W128 annotation text outside the page
   not read.

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
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from ..errors import Bi, LoadError, notice
from ..model import Block, LoadedDocument, Location
from .pdf_layout import NO_START as _NO_START
from .pdf_layout import Line as _Line
from .pdf_layout import PageLayout, Unorderable, page_layout

MAX_PAGES = 1000
MAX_CHARS_PER_PAGE = 200_000
MAX_STREAM_BYTES = 64 << 20  # one decompressed stream
PAGE_SECONDS = 20
TOTAL_SECONDS = 300

logging.getLogger("pdfminer").setLevel(logging.ERROR)


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


def _page_lines(page, number: int, path: str, before: Optional[PageLayout] = None) -> PageLayout:
    chars = page.chars
    if len(chars) > MAX_CHARS_PER_PAGE:
        raise LoadError("E109", path=path, reason=f"page {number} has {len(chars)} characters")
    try:
        return page_layout(page, number, before.gutters if before is not None else None)
    except Unorderable as e:
        raise LoadError("E120", path=path, page=number, reason=Bi(e.ja, e.en)) from None


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
    # (key, half of the page, frame) -> the edge lines where it occurs
    seen: dict[tuple, list[_Line]] = {}
    for lines in pages:
        edge = lines[:3] + lines[-3:] if len(lines) > 6 else lines
        for ln in {id(l): l for l in edge}.values():
            band = "top" if ln.top < ln.page_height / 2 else "bottom"
            seen.setdefault((_key(ln.text), band, ln.frame), []).append(ln)
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
    steps = [b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top and a.frame == b.frame]
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
        while k < len(lines) and lines[k].bottom < 0.1 * h and lines[k].frame == lines[0].frame:
            k += 1
        pitch = _pitch(lines[k:]) or 0
        if (0 < k < len(lines) and pitch and lines[k].frame == lines[0].frame
                and lines[k].top - lines[k - 1].top > 1.5 * pitch):
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
    if len(lines) >= 2 and lines[-2].frame == last.frame:
        typical = _pitch(lines) or 0
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


# a whole line that is an article's label and bracketed heading: 「第6条（契約終了時の…）」
_HEADING = re.compile(r"^第\s*[0-9０-９一二三四五六七八九十百千]+\s*条(?:\s*の\s*[0-9０-９一二三四五六七八九十]+)?"
                      r"\s*[（(【][^）)】]{1,40}[）)】]$")


# a line that is a date and nothing else: 「令和7年4月1日」「2025年4月1日」
_DATE_LINE = re.compile(r"^(?:令和|平成|昭和)?\s*[0-9０-９元]{1,4}\s*年\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日$")


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


@dataclass
class _Frame:
    """A text column's edges, as its lines show them: where its lines start
    (left) and where full lines end (right); ``wraps`` when at least two lines
    end at that right edge (else no line in it is taken to wrap); ``pitch``
    the usual step from a full line to the next."""
    left: float
    right: float
    pitch: Optional[float]
    wraps: bool

    @property
    def width(self) -> float:
        return max(self.right - self.left, 1.0)

    @property
    def mid(self) -> float:
        return (self.left + self.right) / 2


def _frame_of(lines: list[_Line]) -> _Frame:
    wide = [l for l in lines if len(l.text) >= 5] or lines
    x1s = sorted((l.x1 for l in wide), reverse=True)
    right = _below_hanging(wide, x1s[min(len(x1s) - 1, len(x1s) // 100)])
    x0s = sorted(l.x0 for l in wide)
    left = x0s[min(len(x0s) - 1, len(x0s) // 20)]
    typical_size = statistics.median(l.size for l in lines)
    wraps = sum(1 for l in lines if l.x1 >= right - typical_size) >= 2
    # usual pitch between wrapped lines: consecutive lines where the first is full
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:])
               if a.page == b.page and b.top > a.top and a.x1 >= right - 1.0 * a.size]
    return _Frame(left, right, statistics.median(pitches) if pitches else None, wraps)


def _below_hanging(wide: list[_Line], right: float) -> float:
    """The right edge under hanging punctuation (ぶら下げ): when the lines
    ending beyond an edge that at least three lines share, within 1.6 em
    of it, all end with a character that may not start a line (、。）) and
    are fewer than those ending at it, the shared edge."""
    size = statistics.median(l.size for l in wide)
    near = [l for l in wide if right - 1.6 * size <= l.x1 <= right + 0.5]
    edges = Counter(round(l.x1) for l in near if not l.text.endswith(tuple(_NO_START)))
    for edge, n in sorted(edges.items(), reverse=True):
        if n < 3:
            continue
        beyond = [l for l in near if l.x1 > edge + 1.0]
        at = sum(1 for l in near if abs(l.x1 - edge) <= 1.0)
        if beyond and all(l.text.endswith(tuple(_NO_START)) for l in beyond) and len(beyond) < at:
            return float(edge)
        break
    return right


def _frames(lines: list[_Line]) -> dict:
    by_frame: dict = {}
    for l in lines:
        by_frame.setdefault(l.frame, []).append(l)
    return {key: _frame_of(ls) for key, ls in by_frame.items()}


def _blocks(pages: list[list[_Line]]) -> list[tuple[str, _Line]]:
    lines = [l for page in pages for l in page]
    if not lines:
        return []
    frames = _frames(lines)
    comma_space = _spaces_after_commas(lines)
    out: list[tuple[str, _Line]] = []
    text = ""
    first: Optional[_Line] = None
    prev: Optional[_Line] = None
    n_in_block = 0
    for ln in lines:
        if first is not None and prev is not None and _continues(prev, ln, first, n_in_block,
                                                                 frames[prev.frame], frames[ln.frame]):
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


def _apart(frame) -> bool:
    """A frame whose lines join only each other: an annotation's, or a run
    read across its page's writing direction."""
    return isinstance(frame, tuple) and frame[:1] in (("annotation",), ("aside",))


def _continues(prev: _Line, nxt: _Line, first: _Line, n_in_block: int, fp: _Frame, fn: _Frame) -> bool:
    """Whether ``nxt`` continues the paragraph ``prev`` ends (``fp`` / ``fn``:
    their frames)."""
    if not fp.wraps:
        return False
    if prev.frame != nxt.frame and (_apart(prev.frame) or _apart(nxt.frame)):
        return False
    size = max(prev.size, 1.0)
    room = fp.right - prev.x1
    forced = nxt.text[0] in _NO_START  # a line never starts with ）、。: it was pushed
    if not forced and room > max(nxt.lead + 0.3 * size, 1.0 * size):
        return False
    if prev.x1 - prev.x0 < 0.5 * fp.width:
        return False
    if _starts_unit(nxt.text) or _HEADING.match(prev.text) or _DATE_LINE.match(nxt.text):
        return False
    if _WEAK_UNIT.match(nxt.text) and prev.text.endswith(_SENTENCE_END):
        return False
    if nxt.page == prev.page and nxt.frame == prev.frame:
        step = nxt.top - prev.top
        if step <= 0:
            return False
        if fp.pitch is not None and step > 1.35 * fp.pitch:
            return False
    elif nxt.page not in (prev.page, prev.page + 1):
        return False
    elif prev.text.endswith("。") and not forced:
        return False  # a sentence ending at the foot of a page or column: most often a paragraph end
    if forced:
        return True
    px0, nx0 = prev.x0 - fp.left, nxt.x0 - fn.left  # indents in their own frames
    if px0 > 0.3 * fp.width:
        return False  # centred or right-aligned: does not wrap into the next line
    if (px0 <= 1.5 * size and nx0 > size and abs((nxt.x0 + nxt.x1) / 2 - fn.mid) < size
            and abs(nxt.size - prev.size) < 0.5 and (n_in_block == 1 or abs((prev.x0 + prev.x1) / 2 - fp.mid) < size)):
        return True  # a centred heading wrapped over two lines
    if n_in_block >= 2:
        return abs(nx0 - px0) <= 0.5 * size
    if nx0 > px0 + 4 * size:
        return False
    if nx0 > px0 + 0.5 * size and prev.text.endswith("。") and not _starts_unit(first.text):
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


def load_pdf(path: str, ocr_mode: str = "auto") -> LoadedDocument:
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
        layouts: list[PageLayout] = []
        scans: list[int] = []  # pages to read with OCR (ocr.py)
        native: dict = {}  # their scanned images' own resolution
        for i, page in enumerate(pdf.pages, start=1):
            if time.monotonic() - started > TOTAL_SECONDS:
                raise LoadError("E117", path=path, seconds=TOTAL_SECONDS)
            try:
                with _page_timer(PAGE_SECONDS):
                    layouts.append(_page_lines(page, i, path, layouts[-1] if layouts else None))
                    if _scanned(page, layouts[-1], ocr_mode):  # --- OCR hook
                        scans.append(i)
                        native[i] = _image_dpi(page)
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
    finally:
        with contextlib.suppress(Exception):
            pdf.close()
    ocr_pages, ocr_notes = _read_scans(path, scans, layouts, ocr_mode, complete, native)  # --- OCR hook
    _refuse_unreadable(layouts, path, complete, ocr_mode)
    if not complete:
        warnings.append(notice("W121"))
    warnings += _layout_notices(layouts)
    warnings += ocr_notes
    boxes: dict = {}
    for p in ocr_pages.values():
        boxes.update(p.boxes)
    blocks = blocks_from_lines([lay.lines for lay in layouts], boxes)
    if not blocks:
        raise LoadError("E114", path=path)
    from . import ocr as _ocr

    return LoadedDocument(path=path, format="pdf", blocks=tuple(blocks), warnings=tuple(warnings),
                          ocr=_ocr.confidences(list(ocr_pages.values())))


def blocks_from_lines(pages: list[list[_Line]], ocr_boxes: Optional[dict] = None) -> list[Block]:
    """Steps 2 and 3 of the docstring: each page's lines in reading order ->
    blocks (running headers and page numbers dropped, wrapped lines joined).
    ``ocr_boxes`` (id(line) -> box) gives the blocks of OCR'd lines their box."""
    body = _remove_running(pages)
    if not any(body):
        return []
    joined = _blocks(body)
    sizes = [l.size for page in body for l in page]
    median_size = statistics.median(sizes) if sizes else 0
    flat = [l for page in body for l in page]
    index = {id(l): k for k, l in enumerate(flat)}
    starts = [index[id(first)] for _, first in joined] + [len(flat)]
    blocks = []
    for n, (text, first) in enumerate(joined, start=1):
        style = None
        if n == 1:
            mid = (first.x0 + first.x1) / 2
            page_mid = _page_mid(body, first.frame)
            centred = page_mid is not None and abs(mid - page_mid) <= 2 * first.size
            if centred and (first.size > median_size * 1.15 or first.bold):
                style = "title"
        box = None
        if ocr_boxes and id(first) in ocr_boxes:
            own = [ocr_boxes[id(l)] for l in flat[starts[n - 1]:starts[n]]
                   if l.page == first.page and id(l) in ocr_boxes]
            box = (min(b[0] for b in own), min(b[1] for b in own), max(b[2] for b in own), max(b[3] for b in own))
        blocks.append(Block(text=_tidy(text), location=Location(page=first.page, line=n, box=box), style=style))
    return blocks


# --- pages without a text layer: OCR (ocr.py) ---------------------------------------------


def _scanned(page, layout: PageLayout, mode: str) -> bool:
    """Whether a page is to be read with OCR: every page with --ocr always;
    with auto (and never, to say so), a page without a text layer (at most
    a few characters: a page number stamped on a scan) that shows an image
    covering a tenth of it or more, or is drawn in many curves (text turned
    into outlines)."""
    if mode == "always":
        return True
    if layout.ink > 10:
        return False
    try:
        area = max(float(page.width) * float(page.height), 1.0)
        covered = 0.0
        for im in page.images:
            w = max(0.0, min(float(im["x1"]), float(page.width)) - max(float(im["x0"]), 0.0))
            h = max(0.0, min(float(im["bottom"]), float(page.height)) - max(float(im["top"]), 0.0))
            covered += w * h
        if covered >= 0.1 * area:
            return True
        return len(page.curves) >= 200
    except Exception:  # an odd image dictionary: not a scan we can tell
        return False


def _image_dpi(page) -> Optional[float]:
    """The resolution of the largest image on the page (its pixels over
    its width on the page), or None."""
    try:
        best = max(page.images, key=lambda im: float(im["x1"] - im["x0"]) * float(im["bottom"] - im["top"]))
        width_pt = float(best["x1"] - best["x0"])
        return float(best["srcsize"][0]) * 72.0 / width_pt if width_pt > 1 else None
    except Exception:  # no image, or an odd image dictionary
        return None


def _read_scans(path: str, scans: list[int], layouts: list[PageLayout], mode: str, complete: bool,
                native: Optional[dict] = None):
    """Read the pages in ``scans`` with OCR, in place in ``layouts``; the
    pages read ({number: OcrPage}) and the notices. When OCR is off or not
    installed, a file of scans is E111 (with how to enable OCR) and scanned
    pages among typed ones a notice (W137): never "missing" unsaid."""
    from . import ocr

    if not scans:
        return {}, []
    typed = any(lay.ink for i, lay in enumerate(layouts, start=1) if i not in scans)
    session = None
    if mode != "never":
        try:
            session = ocr.Session(path)
        except ocr.OcrUnavailable:
            session = None
    if session is None:
        hint = ocr.unavailable_hint(mode)
        if not typed:
            if not complete and not any(lay.chars for lay in layouts):
                raise LoadError("E110", path=path, reason="the file is truncated (no %%EOF marker)")
            raise LoadError("E111", path=path, hint=hint)
        return {}, [notice("W137", pages=_page_list(scans), hint=hint)]
    pages = {}
    workers = min(ocr.parallel(), len(scans))
    if workers <= 1:
        for number, image, dpi in _render(path, scans, native):
            pages[number] = ocr.read_page(session, image, number, dpi)
    else:  # pages read side by side (each a Tesseract process), rendered one by one
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers) as pool:
            running: dict = {}
            for number, image, dpi in _render(path, scans, native):
                running[number] = pool.submit(ocr.read_page, session, image, number, dpi)
                if len(running) >= workers * 2:  # at most a few rendered pages wait in memory
                    first = min(running)
                    pages[first] = running.pop(first).result()
            for number in sorted(running):
                pages[number] = running[number].result()
    for number, page in pages.items():
        layouts[number - 1] = page.layout()
    ocr.assess(list(pages.values()), path, len(layouts))
    return pages, ocr.notices(list(pages.values()))


def _render(path: str, numbers: list[int], native: Optional[dict] = None):
    """(number, image, dpi) of each page in ``numbers``, rendered in colour
    by pypdfium2 at the resolution of the scan on it (``native``; kept
    within ocr.MIN_DPI..ocr.MAX_DPI), or ocr.RENDER_DPI for a page drawn
    without an image (text turned into outlines); less for a page so large
    that it would pass ocr.MAX_PIXELS."""
    import pypdfium2 as pdfium

    from . import ocr

    try:
        doc = pdfium.PdfDocument(path)
    except Exception as e:  # pdfplumber read it, pdfium does not
        raise LoadError("E110", path=path, reason=f"cannot render: {_describe(e)}") from None
    try:
        for number in numbers:
            page = doc[number - 1]
            try:
                w, h = page.get_size()
                dpi = ocr.render_dpi((native or {}).get(number))
                if (w * dpi / 72) * (h * dpi / 72) > ocr.MAX_PIXELS:
                    dpi = 72 * math.sqrt(ocr.MAX_PIXELS / max(w * h, 1.0))
                bitmap = page.render(scale=dpi / 72, may_draw_forms=True)
                image = bitmap.to_pil()
                bitmap.close()
            except LoadError:
                raise
            except Exception as e:
                raise LoadError("E110", path=path, reason=f"page {number}: cannot render: {_describe(e)}") from None
            finally:
                page.close()
            yield number, image, dpi
    finally:
        doc.close()


def _refuse_unreadable(layouts: list[PageLayout], path: str, complete: bool, ocr_mode: str = "auto") -> None:
    """E110 / E111 without text, E112 when most of it is no text, E121 when
    some page's is (step 4 of the docstring)."""
    if sum(lay.chars for lay in layouts) == 0:
        if not complete:
            raise LoadError("E110", path=path, reason="the file is truncated (no %%EOF marker)")
        from .ocr import unavailable_hint

        raise LoadError("E111", path=path, hint=unavailable_hint(ocr_mode))
    ink = sum(lay.ink for lay in layouts)
    if sum(lay.unreadable for lay in layouts) > ink / 2:
        raise LoadError("E112", path=path)
    bad = [i for i, lay in enumerate(layouts, start=1) if lay.unreadable >= 20 and lay.unreadable >= lay.ink / 2]
    if bad:
        raise LoadError("E121", path=path, pages=_page_list(bad))


def _page_list(pages: list[int]) -> str:
    """[1, 2, 3, 5] -> "1-3, 5"."""
    out: list[str] = []
    run: list[int] = []
    for p in sorted(set(pages)) + [None]:
        if run and (p is None or p != run[-1] + 1):
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)))
            run = []
        if p is not None:
            run.append(p)
    return ", ".join(out)


def _layout_notices(layouts: list[PageLayout]) -> list:
    def pages(test) -> str:
        return _page_list([i for i, lay in enumerate(layouts, start=1) if test(lay)])

    out = []
    if any(lay.vertical for lay in layouts):
        out.append(notice("W122", pages=pages(lambda l: l.vertical)))
    turns = sorted({lay.turn + lay.skew for lay in layouts if lay.turn or lay.skew})
    if turns:
        out.append(notice("W123", pages=pages(lambda l: l.turn or l.skew),
                          angle="/".join(f"{t:g}°" for t in turns)))
    if any(lay.columns > 1 for lay in layouts):
        out.append(notice("W124", pages=pages(lambda l: l.columns > 1), columns=max(l.columns for l in layouts)))
    if any(lay.annotations for lay in layouts):
        out.append(notice("W125", pages=pages(lambda l: l.annotations)))
    if any(lay.fields for lay in layouts):
        out.append(notice("W126", pages=pages(lambda l: l.fields)))
    if any(lay.clipped for lay in layouts):
        out.append(notice("W128", pages=pages(lambda l: l.clipped), count=sum(l.clipped for l in layouts)))
    if any(lay.skewed for lay in layouts):
        out.append(notice("W127", pages=pages(lambda l: l.skewed), count=sum(l.skewed for l in layouts)))
    return out


def _page_mid(pages: list[list[_Line]], frame=None) -> Optional[float]:
    lines = [l for p in pages for l in p if len(l.text) >= 5 and l.frame == frame]
    if not lines:
        return None
    x0s = sorted(l.x0 for l in lines)
    x1s = sorted(l.x1 for l in lines)
    return (x0s[len(x0s) // 20] + x1s[-1 - len(x1s) // 100]) / 2
