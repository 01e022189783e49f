"""One PDF page -> its text lines in reading order (part of ``pdf.py``'s spec).

The lines come out turned so that every one reads left to right and they
follow one another top to bottom, whatever the page looked like:

1. Characters drawn at an angle that is not a multiple of 90° (more than 10°
   off: a diagonal watermark) are not read; they are counted for a notice.
   When they are most of the page's text, and 100 or more, the page is
   refused (``Unorderable``). When most characters are drawn between 0.5°
   and 10° off a quarter turn (the text layer of a slightly skewed scan),
   the page is turned back by their median angle first.
2. Writing direction. A character's *turn* (0, 90, 180 or 270° clockwise)
   is the direction of its baseline in its text matrix. Two characters that
   follow each other in the content stream *touch* when the second starts
   where the first ends (within 0.6 em along a row, a quarter of an em down
   a column) and they share the row or the column. Touching pairs give the
   writing *axis* (rows or columns). When the stream has fewer than one
   touching pair per five characters (text drawn in no useful order), the
   neighbours each character abuts on the page (within 0.15 em) decide,
   and a page of 30 characters or more where neither axis has twice the
   other's count is refused. The *advance* follows from the axis and the
   turn of the page's non-ASCII characters: along their baseline it is
   horizontal writing (turned with the page: ``/Rotate``, or content drawn
   with a rotation matrix); across it, vertical writing (縦書き: upright
   glyphs in columns top to bottom, right to left). Sideways Latin in
   vertical writing belongs to its column. The glyphs of a Windows vertical
   font (named "@…", drawn turned 90°) count as upright. A page whose non-ASCII
   characters are drawn at two turns (half of it upside down, a table set
   sideways), the smaller group at least a fifth of them and 30
   characters, is refused.
3. The page is turned so that its advance points right: vertical columns
   become rows, the rightmost first; a page drawn upside down is read the
   right way up. Lines are then made as on an ordinary page (pdfplumber's
   line grouping); in vertical writing a gap under half an em is no space
   (the spacing set around sideways Latin, 和欧間), and vertical
   presentation forms (︵ ︑ ﹁) read as the characters they stand for
   (（ 、 「). An ordinary page (upright, horizontal, one column, no
   annotation text) is read exactly as pdfplumber reads it.
4. Runs across the writing direction, as drawn in the stream (so only when
   it is in writing order): two or three characters set side by side in a
   vertical column (縦中横, 「30日」) are one unit of that column. Longer runs
   (three or more characters) across it — a horizontal header, footer or
   page number on a vertical page, a vertical label on a horizontal page —
   become lines of their own, read in their own direction: first on the
   page when they stand before the body along its advance (above a
   vertical page's columns), last when after, otherwise at their place.
   Single characters beyond the ends of a vertical page's columns, 2 em or
   more apart from them (a page number), are read the same way. When such lines hold at least 15% of the
   page's characters and 30 characters (a page mixing vertical and
   horizontal paragraphs), they are read only when they stand wholly above
   (first) or below (last) the body; otherwise the page is refused.
5. Columns (段組み; the tiers of vertical text turn into columns too).
   Lines are cut into segments where two characters stand 1.2 em or more
   apart. Up to two rows at the top or the bottom standing 3 em or more
   apart from the rest (a running header, a page number) are zones of
   their own. A gutter is a band at least 1.2 em wide, inside the middle
   60% of the text's width, crossed by few segments (at most two more, or
   a twentieth of them more, than the fewest anywhere there, and the fewest
   at most a quarter of them); candidates are tried fewest-crossed first. A
   segment reaching into the band but not across it (a hanging 。) stays on
   its side; segments crossing it (a full-width title, a heading between
   column blocks) cut the page into zones, and a zone with at least three
   segments on each side is read left column first, then right, each top
   to bottom. The page is read as columns when such zones span at least
   40% of the text's height, each side holds at least six segments and a
   quarter of the text's width, the left side has at least two lines
   reaching the gutter, and each side at least three ending at one right
   edge (text wrapped in columns; not a table of short labels, not two
   parties' signature blocks side by side). A gutter needs only one
   segment on each side on the page after a page with a gutter at the same
   place (the last page of a text in columns), and inside a column when it
   cuts it into two of the width of the column beside it (equal columns: a
   short third one). Each side is searched again (three or four columns).
   Lines keep their column (``Line.frame``): wrapped lines are joined
   inside their column, and across a column break as across a page break.
6. Annotations and form fields that show on the page (not Invisible,
   Hidden or NoView): the text of a FreeText annotation (a text box, a
   typewriter entry) and the value of a text or choice form field are read
   where they stand, as lines of their own (a frame of their own: never
   joined with the page's text). The text is what the normal appearance
   stream draws on the page (what it draws outside the page is not shown,
   so not read: counted for a notice); when it draws nothing (or the form
   asks the viewer to redraw, NeedAppearances), the annotation's /Contents
   or the field's /V. Comments (sticky notes), links, stamps and other
   annotations are not read.
7. Characters that are no text: "(cid:N)" (a font without a character
   map), U+FFFD, private-use and control characters, and Latin letters set
   a full em wide (a Japanese font's glyphs with a broken ToUnicode map:
   the page's Latin characters in horizontal fonts, when there are 20 or
   more, are this when their median advance is at least 0.85 em; in a
   vertical font every glyph advances a full em). ``pdf.py`` refuses what
   is mostly so.
"""
from __future__ import annotations

import functools
import math
import operator
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

# a gap wider than this share of the font size between two characters is a space
X_TOLERANCE_RATIO = 0.25
VERTICAL_X_TOLERANCE_RATIO = 0.5  # ... in vertical writing (see _text_lines)

_CID = re.compile(r"^\(cid:\d+\)$")
# characters a line may not start with / end with (Japanese line breaking, kinsoku)
NO_START = set("）)」』】〕］]｝}〉》、。，．,.・：:；;！!？?ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞヽヾ")
NO_END = set("（(「『【〔［[｛{〈《")

SKEW_DEGREES = 10  # farther than this from a multiple of 90°: drawn at an angle
ROW_GAP = 0.6  # touching along a row: the next character starts within this many ems
COLUMN_GAP = 0.25  # ... down a column
ABUT = 0.15  # on the page, in no useful stream order: characters of a word abut
GUTTER_EMS = 1.2  # a gap between two characters of a line this wide may be a gutter
TCY_EMS = 1.3  # a run across a vertical column no longer than this is one unit (縦中横)
SAME_COLUMN = 20.0  # points: zones' column edges closer than this are one column's

# annotation flags (ISO 32000-1 12.5.3): Invisible, Hidden, NoView
_NOT_SHOWN = 1 | 2 | 32


class Unorderable(Exception):
    """The page's text cannot be put in reading order with confidence;
    ``ja`` and ``en`` say why."""

    def __init__(self, ja: str, en: str):
        super().__init__(en)
        self.ja, self.en = ja, en


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int  # 1-based
    page_height: float
    lead: float = 0.0  # width of the line's first unbreakable unit (see lead_width)
    frame: object = None  # the text frame (column) the line belongs to; None: the page's one column


@dataclass
class PageLayout:
    lines: list  # [Line], in reading order
    chars: int = 0  # characters on the page, spaces included
    ink: int = 0  # characters that are not white space
    unreadable: int = 0  # of the ink: no text (see 7.)
    turn: int = 0  # the turn of the page's text (0 upright)
    vertical: bool = False  # read as vertical writing
    columns: int = 1  # most columns read side by side
    skew: float = 0.0  # degrees the text was turned back besides ``turn`` (a skewed scan's text layer)
    skewed: int = 0  # characters drawn at an angle, not read
    annotations: int = 0  # annotation text boxes read
    fields: int = 0  # form field values read
    gutters: tuple = ()  # (advance, ((x0, x1), ...)): the page's outermost gutters, turned coordinates
    clipped: int = 0  # annotation characters drawn outside the page, not read


# --- characters ----------------------------------------------------------------------


def _angle(c: dict) -> float:
    """The clockwise angle of the character's baseline, in degrees [0, 360),
    as the glyph shows: a Windows vertical font ("@ＭＳ 明朝") holds its
    glyphs turned a quarter turn back, and is drawn turned 90° to show them
    upright down a column."""
    m = c.get("matrix") or (1, 0, 0, 1, 0, 0)
    a, b = m[0], m[1]
    if b == 0 and a >= 0 and not _at_font(c):
        return 0.0  # upright: nearly every character
    angle = math.degrees(math.atan2(-b, a))
    return (angle - 90 if _at_font(c) else angle) % 360


def _at_font(c: dict) -> bool:
    return _is_at_name(c.get("fontname") or "")


@functools.lru_cache(maxsize=256)
def _is_at_name(name: str) -> bool:
    return name.startswith("@") or "+@" in name[:8]


def _all_upright(chars: list) -> bool:
    """Whether every character is drawn upright (nearly every page)."""
    if any(_is_at_name(f) for f in {c.get("fontname") or "" for c in chars}):
        return False
    for c in chars:
        m = c.get("matrix")
        if m is not None and not (m[1] == 0 and m[0] > 0):
            return False
    return True


def _turn(c: dict) -> Optional[int]:
    """The character's angle to the nearest quarter turn (0, 90, 180, 270),
    or None when it is drawn at another angle."""
    angle = _angle(c)
    if angle == 0.0:
        return 0
    q = round(angle / 90) * 90
    if abs(angle - q) > SKEW_DEGREES:
        return None
    return q % 360


def _skew(ink: list) -> float:
    """The page's skew: the median angle off the quarter turns, when most
    characters share one of at least half a degree (a scan's text layer
    set along its slanted lines); else 0."""
    offs = []
    for c in ink:
        a = _angle(c)
        if a:
            off = (a + 45) % 90 - 45
            if abs(off) >= 0.5:
                offs.append(off)
    if len(offs) <= len(ink) / 2:
        return 0.0
    return round(statistics.median(offs), 1)


def _deskewed(c: dict, skew: float, cx: float, cy: float) -> dict:
    """The character's box turned back by ``skew`` degrees about (cx, cy)."""
    t = math.radians(-skew)
    mx, my = (c["x0"] + c["x1"]) / 2 - cx, (c["top"] + c["bottom"]) / 2 - cy
    nx, ny = cx + mx * math.cos(t) - my * math.sin(t), cy + mx * math.sin(t) + my * math.cos(t)
    # the box of a slanted glyph (w x h) is W = w cos + h sin wide, H = w sin + h cos tall
    co, si = math.cos(math.radians(skew)), abs(math.sin(math.radians(skew)))
    bw, bh = _w(c), _h(c)
    w = max((bw * co - bh * si) / (co * co - si * si), 0.1 * bw)
    h = max((bh * co - bw * si) / (co * co - si * si), 0.1 * bh)
    d = dict(c)
    d.update(x0=nx - w / 2, x1=nx + w / 2, top=ny - h / 2, bottom=ny + h / 2, doctop=ny - h / 2,
             width=w, height=h)
    return d


def _w(c: dict) -> float:
    return c["x1"] - c["x0"]


def _h(c: dict) -> float:
    return c["bottom"] - c["top"]


def _em(c: dict) -> float:
    """The font size as drawn: the character's extent across its baseline."""
    t = _turn(c)
    return _w(c) if t in (90, 270) else _h(c)


def unreadable_count(ink: list) -> int:
    """How many of the characters are no text (see the module docstring, 7.)."""
    bad = 0
    latin = []
    for c in ink:
        t = c.get("text") or ""
        if len(t) == 1:
            if "\u3000" <= t < "\ue000":
                continue  # CJK: nearly every character
            if "!" <= t <= "\u024f" and t != "\u00a0":
                if (c.get("adv") or 0) > 0:  # a vertical font's glyphs all advance a full em
                    latin.append(c)
            elif t == "\ufffd" or unicodedata.category(t) in ("Co", "Cc", "Cs"):
                bad += 1
        elif _CID.match(t) or "\ufffd" in t:
            bad += 1
    if len(latin) >= 20:
        ratios = [c["adv"] / e for c in latin if (e := _em(c)) > 0]
        if ratios and statistics.median(ratios) >= 0.85:
            bad += len(latin)
    return bad


# --- writing direction ----------------------------------------------------------------


def _step(a: dict, b: dict, row_gap: float = ROW_GAP, column_gap: float = COLUMN_GAP) -> Optional[int]:
    """The direction in which ``b`` follows ``a`` when they touch: 0 right,
    90 down, 180 left, 270 up; None when they do not."""
    at, ab, bt, bb = a["top"], a["bottom"], b["top"], b["bottom"]
    if at == bt and ab == bb and 0 <= b["x0"] - a["x1"] <= row_gap * (ab - at):
        return 0  # the same row, the next character: most of an ordinary page
    ha, hb, wa, wb = _h(a), _h(b), _w(a), _w(b)
    em = max(ha, hb, wa, wb)
    if em <= 0:
        return None
    rows = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) >= 0.5 * min(ha, hb)
    cols = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) >= 0.5 * min(wa, wb)
    if rows and not cols:
        if -0.25 * em <= b["x0"] - a["x1"] <= row_gap * em:
            return 0
        if -0.25 * em <= a["x0"] - b["x1"] <= row_gap * em:
            return 180
    elif cols and not rows:
        if -0.25 * em <= b["top"] - a["bottom"] <= column_gap * em:
            return 90
        if -0.25 * em <= a["top"] - b["bottom"] <= column_gap * em:
            return 270
    return None


def _geometric_axis(ink: list) -> tuple[int, int]:
    """(characters touching a neighbour on their right, ... below), found on
    the page rather than in the stream: for a stream in no useful order."""
    em = statistics.median(max(_w(c), _h(c)) for c in ink) or 1.0
    grid: dict[tuple[int, int], list] = {}
    for c in ink:
        grid.setdefault((int(c["x0"] // em), int(c["top"] // em)), []).append(c)
    right = below = 0
    for c in ink:
        gx, gy = int(c["x0"] // em), int(c["top"] // em)
        cells = [(gx + dx, gy + dy) for dx in (-1, 0, 1, 2) for dy in (-1, 0, 1, 2)]
        near = [o for cell in cells for o in grid.get(cell, ()) if o is not c]
        steps = {_step(c, o, ABUT, ABUT) for o in near}
        right += 0 in steps
        below += 90 in steps
    return right, below


def _in_order(ink: list, steps: list) -> bool:
    """Whether the content stream draws the text in writing order: at least
    one touching pair per five characters."""
    return sum(1 for s in steps if s is not None) >= max(3, 0.2 * len(ink))


def _axis(ink: list, steps: list) -> str:
    """"h" (rows) or "v" (columns): see the module docstring, 2."""
    along = sum(1 for s in steps if s in (0, 180))
    down = sum(1 for s in steps if s in (90, 270))
    if _in_order(ink, steps):
        return "h" if along >= down else "v"
    right, below = _geometric_axis(ink)
    if right >= 2 * below and right >= 3:
        return "h"
    if below >= 2 * right and below >= 3:
        return "v"
    if len(ink) < 30:
        return "h"  # too little text for its order to matter
    raise Unorderable("文字が横にも縦にも並んでいません", "its characters follow each other neither along rows nor down columns")


def _page_turn(ink: list) -> int:
    """The turn of the page's non-ASCII (Japanese) characters, or of all when
    there are few. Refuses a page whose Japanese text is drawn at two turns."""
    wide = [c for c in ink if not (c.get("text") or "").isascii()]
    group = wide if len(wide) >= 5 else ink
    counts = Counter(_turn(c) for c in group)
    (turn, n), *rest = counts.most_common()
    if rest and wide and group is wide:
        second = rest[0][1]
        if second >= 30 and second >= 0.2 * len(group):
            raise Unorderable("日本語の文字が二つの向きで置かれています", "its Japanese text is drawn in two orientations")
    return turn


# --- turning a page ----------------------------------------------------------------------------


def _turned(c: dict, advance: int, width: float, height: float) -> dict:
    """The character as it stands on the page turned so that ``advance``
    points right (``width`` x ``height``: the page as shown)."""
    x0, x1, top, bottom = c["x0"], c["x1"], c["top"], c["bottom"]
    if advance == 90:
        nx0, nx1, nt, nb, h = top, bottom, width - x1, width - x0, width
    elif advance == 180:
        nx0, nx1, nt, nb, h = width - x1, width - x0, height - bottom, height - top, height
    elif advance == 270:
        nx0, nx1, nt, nb, h = height - bottom, height - top, x0, x1, width
    else:
        return c
    d = dict(c)
    d.update(x0=nx0, x1=nx1, top=nt, bottom=nb, doctop=nt, y0=h - nb, y1=h - nt,
             width=nx1 - nx0, height=nb - nt, upright=True, size=nb - nt)
    return d


def _turned_size(advance: int, width: float, height: float) -> tuple[float, float]:
    return (height, width) if advance in (90, 270) else (width, height)


def _merged(chars: list) -> dict:
    """Several characters set as one unit (縦中横): one character to the
    line grouping, its text theirs from left to right."""
    cs = sorted(chars, key=lambda c: c["x0"])
    d = dict(cs[0])
    d.update(text="".join(c["text"] for c in cs), x0=min(c["x0"] for c in cs), x1=max(c["x1"] for c in cs),
             top=min(c["top"] for c in cs), bottom=max(c["bottom"] for c in cs), matrix=(1, 0, 0, 1, 0, 0))
    d.update(doctop=d["top"], width=d["x1"] - d["x0"], height=d["bottom"] - d["top"])
    return d


# --- lines ------------------------------------------------------------------------------------


def _text_lines(chars: list, bbox: tuple, vertical: bool = False) -> list[dict]:
    """pdfplumber's text lines of these characters (as Page.extract_text_lines).
    In vertical writing a gap under half an em is no space: it is the
    typesetter's spacing around sideways Latin (和欧間); Latin words keep the
    space characters between them."""
    from pdfplumber.utils.text import chars_to_textmap

    if not chars:
        return []
    x0, top, x1, bottom = bbox
    ratio = VERTICAL_X_TOLERANCE_RATIO if vertical else X_TOLERANCE_RATIO
    tm = chars_to_textmap(chars, layout=False, x_tolerance_ratio=ratio, layout_bbox=bbox,
                          layout_width=x1 - x0, layout_height=bottom - top)
    return tm.extract_text_lines(strip=True, return_chars=True)


def lead_width(chars: list[dict], size: float) -> float:
    """Width of the first unit the line breaker could not split: an opening
    bracket with the character after it, a Latin word, or one character, plus
    the characters that may not start a line after it (）、。…). A line whose
    remaining room is narrower than the next line's lead unit is full."""
    cs = sorted((c for c in chars if (c.get("text") or "").strip()), key=lambda c: c["x0"])
    if not cs:
        return 0.0
    i = 0
    while i < len(cs) - 1 and cs[i]["text"] in NO_END:
        i += 1
    if cs[i]["text"].isascii():
        while (i + 1 < len(cs) and cs[i + 1]["text"].isascii()
               and cs[i + 1]["x0"] - cs[i]["x1"] < 0.2 * size):
            i += 1
    i += 1
    while i < len(cs) and cs[i]["text"] in NO_START:
        i += 1
    return cs[i - 1]["x1"] - cs[0]["x0"]


_VERTICAL_FORM = re.compile("[\ufe10-\ufe4f]")


def _vertical_forms(text: str) -> str:
    """Vertical presentation forms (︵ ︑ ﹁ …) as the characters they stand for
    (（ 、 「); a form NFKC makes ASCII becomes its full-width twin."""
    if not _VERTICAL_FORM.search(text):
        return text
    out = []
    for ch in text:
        if "\ufe10" <= ch <= "\ufe19" or "\ufe30" <= ch <= "\ufe4f":
            n = unicodedata.normalize("NFKC", ch)
            if len(n) == 1 and "!" <= n <= "~":
                n = chr(ord(n) + 0xFEE0)
            out.append(n)
        else:
            out.append(ch)
    return "".join(out)


def _make_lines(raw: list[dict], number: int, page_height: float, frame=None) -> list[Line]:
    out = []
    for ln in raw:
        text = _vertical_forms(ln["text"].strip())
        if not text:
            continue
        cs = ln.get("chars") or []
        sizes = [c.get("size", 0) for c in cs if c.get("text", "").strip()] or [10.0]
        bold = bool(cs) and sum(1 for c in cs if "bold" in (c.get("fontname") or "").lower()) > len(cs) / 2
        size = statistics.median(sizes)
        out.append(Line(text=text, x0=ln["x0"], x1=ln["x1"], top=ln["top"], bottom=ln["bottom"],
                        size=size, bold=bold, page=number, page_height=page_height,
                        lead=lead_width(cs, size), frame=frame))
    return out


def _sorted(lines: list[Line]) -> list[Line]:
    return sorted(lines, key=lambda l: (round(l.top, 0), l.x0))


# --- columns -----------------------------------------------------------------------------------


@dataclass
class _Seg:
    x0: float
    x1: float
    top: float
    bottom: float
    chars: list


@dataclass
class Region:
    """Part of a page read as a unit: a column of a zone, or a full-width zone."""
    chars: list
    frame: object  # None, or (advance, columns, index)
    bbox: tuple = (0.0, 0.0, 0.0, 0.0)
    lines: list = field(default_factory=list)


def _segments(raw_lines: list[dict]) -> list[_Seg]:
    """Each line cut where two of its characters stand GUTTER_EMS apart."""
    out = []
    for ln in raw_lines:
        cs = ln.get("chars") or ()
        if " " not in ln["text"] and cs:  # no gap between its words: one segment (most lines)
            out.append(_Seg(ln["x0"], ln["x1"], ln["top"], ln["bottom"], list(cs)))
            continue
        if any(a["x0"] > b["x0"] for a, b in zip(cs, cs[1:])):
            cs = sorted(cs, key=_X0)
        gap = GUTTER_EMS * ((ln["bottom"] - ln["top"]) or 1.0)  # the line's tallest character
        cur: list = []
        x0 = x1 = top = bottom = 0.0
        for c in cs:
            if not c["text"].strip():
                continue
            if cur and c["x0"] - x1 >= gap:
                out.append(_Seg(x0, x1, top, bottom, cur))
                cur = []
            if not cur:
                x0, x1, top, bottom = c["x0"], c["x1"], c["top"], c["bottom"]
            else:
                x0, x1 = min(x0, c["x0"]), max(x1, c["x1"])
                top, bottom = min(top, c["top"]), max(bottom, c["bottom"])
            cur.append(c)
        if cur:
            out.append(_Seg(x0, x1, top, bottom, cur))
    return out


_X0 = operator.itemgetter("x0")


def _gutters(segs: list[_Seg], em: float) -> list[tuple[float, float]]:
    """Candidate gutters, the fewest-crossed first (see the docstring, 5.)."""
    x0 = math.floor(min(s.x0 for s in segs))
    x1 = math.ceil(max(s.x1 for s in segs))
    width = x1 - x0
    if width < 10 * em:
        return []
    diff = [0] * (width + 2)
    for s in segs:
        diff[int(s.x0) - x0] += 1
        diff[min(int(math.ceil(s.x1)) - x0, width + 1)] -= 1
    cov, run = [], 0
    for d in diff[:width]:
        run += d
        cov.append(run)
    lo, hi = int(0.2 * width), int(0.8 * width)
    fewest = min(cov[lo:hi])
    if fewest > len(segs) / 4:
        return []
    few = fewest + max(2, len(segs) // 20)  # a title and a page number may cross at different places
    found = []
    for i, j in _runs(cov, lambda v: v <= few):
        if i >= hi or j <= lo or j - i < GUTTER_EMS * em:
            continue
        least = min(cov[i:j])
        inner = [(a, b) for a, b in _runs(cov[i:j], lambda v: v == least) if b - a >= GUTTER_EMS * em]
        a, b = max(inner, key=lambda r: r[1] - r[0]) if inner else (0, j - i)
        found.append((least, -(b - a), x0 + i + a, x0 + i + b))
    return [(g0, g1) for _, _, g0, g1 in sorted(found)[:4]]


def _runs(values: list, test) -> list[tuple[int, int]]:
    """[start, end) of the maximal runs of values passing ``test``."""
    out = []
    i = 0
    while i < len(values):
        if not test(values[i]):
            i += 1
            continue
        j = i
        while j < len(values) and test(values[j]):
            j += 1
        out.append((i, j))
        i = j
    return out


def _margins(segs: list[_Seg], em: float) -> tuple[list, list, list]:
    """(header rows, body, footer rows): up to two rows at the top or the
    bottom set 3 em or more apart from the rest (a running header, a page
    number below the columns)."""
    rows: list[list[_Seg]] = []
    for s in sorted(segs, key=lambda s: s.top):
        if rows and s.top < max(x.bottom for x in rows[-1]):
            rows[-1].append(s)
        else:
            rows.append([s])

    def gap(i: int) -> float:  # between row i and row i + 1
        return min(x.top for x in rows[i + 1]) - max(x.bottom for x in rows[i])

    head = 0
    for i in range(min(2, len(rows) - 1)):
        if gap(i) >= 3 * em:
            head = i + 1
    foot = len(rows)
    for i in range(len(rows) - 1, max(len(rows) - 3, head), -1):
        if gap(i - 1) >= 3 * em:
            foot = i
    flat = lambda rs: [s for r in rs for s in r]  # noqa: E731
    return flat(rows[:head]), flat(rows[head:foot]), flat(rows[foot:])


def _cut(segs: list[_Seg], em: float, depth: int = 0, hint: tuple = (), found: Optional[list] = None,
         unit: float = 0.0) -> Optional[list]:
    """Zones and columns of these segments in reading order: a list of items,
    each a list of segments (read as one) or ("cols", [item lists per
    column]); None when they are one column. ``hint``: the gutters of the
    page before; ``found`` collects this page's outermost gutter; ``unit``:
    the width of the column beside these segments."""
    if depth == 0:
        head, body, foot = _margins(segs, em)
        if head or foot:
            inner = _cut(body, em, 1, hint, found)
            return None if inner is None else ([head] if head else []) + inner + ([foot] if foot else [])
    if depth > 3 or len(segs) < (2 if hint or unit else 6):
        return None
    x0, x1 = min(s.x0 for s in segs), max(s.x1 for s in segs)
    for g0, g1 in _gutters(segs, em):
        zones = _zones(segs, g0, g1, em)
        relaxed = (depth <= 1 and any(min(g1, h1) - max(g0, h0) > 0.5 * min(g1 - g0, h1 - h0) for h0, h1 in hint)
                   or (unit > 0 and abs((g0 - x0) - unit) <= 0.25 * unit and abs((x1 - g1) - unit) <= 0.25 * unit))
        if _are_columns(segs, zones, em, relaxed):
            break
    else:
        return None
    if found is not None and depth <= 1:
        found.append((g0, g1))
    out: list = []
    for left, right in zones:
        if right is None:
            out.append(left)
        elif len(left) >= (1 if relaxed else 3) and len(right) >= (1 if relaxed else 3):
            out.append(("cols", [_cut(left, em, depth + 1, unit=x1 - g1) or [left],
                                 _cut(right, em, depth + 1, unit=g0 - x0) or [right]]))
        elif left or right:
            out.append(left + right)
    return out


def _zones(segs: list[_Seg], g0: float, g1: float, em: float) -> list:
    """The segments in zones cut by those crossing the gutter [g0, g1]:
    [(left, right)] for the zones, ([crossing], None) between them."""
    zones: list = []
    cur_l: list[_Seg] = []
    cur_r: list[_Seg] = []
    tol = 0.1 * em
    for s in sorted(segs, key=lambda s: s.top):
        if s.x0 < g0 and s.x1 < g1 - tol:  # a hanging 。 may reach into the gutter
            cur_l.append(s)
        elif s.x0 > g0 + tol and s.x1 > g1:
            cur_r.append(s)
        else:
            zones.append((cur_l, cur_r))
            zones.append(([s], None))
            cur_l, cur_r = [], []
    zones.append((cur_l, cur_r))
    return zones


def _are_columns(segs: list[_Seg], zones: list, em: float, relaxed: bool = False) -> bool:
    """Whether the zones are text in columns (see the docstring, 5.);
    ``relaxed`` when the page before had a gutter at the same place (the
    last page of a text in columns may hold only a few lines)."""
    least = 1 if relaxed else 3
    col_zones = [(l, r) for l, r in zones if r is not None and len(l) >= least and len(r) >= least]
    if not col_zones:
        return False
    if relaxed:
        return True
    top = min(s.top for s in segs)
    bottom = max(s.bottom for s in segs)
    tall = sum(max(s.bottom for s in l + r) - min(s.top for s in l + r) for l, r in col_zones)
    if tall < 0.4 * (bottom - top):
        return False
    width = max(s.x1 for s in segs) - min(s.x0 for s in segs)
    left = [s for z in col_zones for s in z[0]]
    if sum(1 for s in left if s.x1 >= max(x.x1 for x in left) - em) < 2:
        return False  # the left column's text does not wrap at the gutter
    for side in (0, 1):
        ss = [s for z in col_zones for s in z[side]]
        if len(ss) < 6 or max(s.x1 for s in ss) - min(s.x0 for s in ss) < 0.25 * width:
            return False
        if max(sum(1 for t in ss if abs(t.x1 - s.x1) <= em) for s in ss) < 3:
            return False  # no right edge shared by full lines: not wrapped text
    return True


def _regions(items: list, advance: int) -> list[Region]:
    """Flatten the cut into regions in reading order, numbering columns
    left to right across the page (the frame of their lines)."""
    leaves: list[tuple[list, bool]] = []

    def walk(its: list, in_cols: bool) -> None:
        for it in its:
            if isinstance(it, tuple):
                for col in it[1]:
                    walk(col, True)
            else:
                leaves.append((it, in_cols))

    walk(items, False)
    numbers = _column_numbers(sorted({round(min(s.x0 for s in segs)) for segs, in_cols in leaves if in_cols}))
    n = max(numbers.values(), default=0) + 1
    out = []
    for segs, in_cols in leaves:
        chars = [c for s in segs for c in s.chars]
        bbox = (min(s.x0 for s in segs), min(s.top for s in segs), max(s.x1 for s in segs), max(s.bottom for s in segs))
        if in_cols:
            frame = (advance, n, numbers[round(min(s.x0 for s in segs))])
        else:
            frame = (advance, 1, 0) if advance else None
        out.append(Region(chars, frame, bbox))
    return out


def _column_numbers(lefts: list) -> dict:
    """Column left edges (sorted) -> their column's number, left to right:
    edges closer than SAME_COLUMN points are one column's (its zones)."""
    out, n, last = {}, -1, None
    for x in lefts:
        if last is None or x - last > SAME_COLUMN:
            n += 1
        out[x] = n
        last = x
    return out


# --- the page ----------------------------------------------------------------------------------


def page_layout(page, number: int, gutters_before: Optional[tuple] = None) -> PageLayout:
    """The page's text lines in reading order (see the module docstring).
    ``gutters_before``: ``PageLayout.gutters`` of the page before."""
    chars = page.chars
    width, height = float(page.width), float(page.height)
    ink = [c for c in chars if (c.get("text") or "").strip()]
    layout = PageLayout(lines=[], chars=len(chars), ink=len(ink), unreadable=unreadable_count(ink))
    upright = _all_upright(chars)  # nearly every page: no turn, no skew
    straight = ink if upright else [c for c in ink if _turn(c) is not None]
    layout.skewed = len(ink) - len(straight)
    if layout.skewed > len(ink) / 2 and layout.skewed >= 100:  # more than a watermark
        raise Unorderable("文字の大半が斜めに置かれています", "most of its text is drawn at an angle")
    annots = _annotations(page) if getattr(page, "page_obj", None) is not None else []
    if not straight:
        layout.lines = _place_annotations([], [], annots, page, number, 0, layout)
        return layout

    stream = chars if upright else [c for c in chars if _turn(c) is not None]  # a watermark's spaces too
    layout.skew = 0.0 if upright else _skew(straight)
    if layout.skew:
        stream = [_deskewed(c, layout.skew, width / 2, height / 2) for c in stream]
        straight = [c for c in stream if (c.get("text") or "").strip()]
    steps = _stream_steps(straight)  # the stream's own order, spaces left out
    turn = 0 if upright else _page_turn(straight)
    axis = _axis(straight, list(steps.values()))
    advance = turn if (turn in (0, 180)) == (axis == "h") else (turn + 90) % 360
    layout.turn = turn
    layout.vertical = advance != turn

    if _in_order(straight, list(steps.values())):
        flow, aside = _partition(stream, steps, advance, ink=straight, vertical=layout.vertical)
    else:
        flow, aside = stream, []  # runs across the writing direction cannot be told
    tw, th = _turned_size(advance, width, height)
    turned = flow if advance == 0 else [_turned(c, advance, width, height) for c in flow]
    if advance == 0 and not aside and not layout.skewed and not layout.skew and not annots:
        raw = page.extract_text_lines(layout=False, strip=True, return_chars=True,
                                      x_tolerance_ratio=X_TOLERANCE_RATIO)
    else:
        raw = _text_lines(turned, (0, 0, tw, th), layout.vertical)
    same = gutters_before[1] if gutters_before and gutters_before[0] == advance else ()
    regions = _column_regions(raw, turned, advance, same, layout)
    if regions is None:
        body = _sorted(_make_lines(raw, number, th, frame=(advance, 1, 0) if advance else None))
        regions = [Region(turned, body[0].frame if body else None, _bbox_of(body), body)]
    else:
        for r in regions:
            r.lines = _sorted(_make_lines(_text_lines(r.chars, (0, 0, tw, th), layout.vertical), number, th, r.frame))
        layout.columns = max((r.frame[1] for r in regions if r.frame), default=1)
    lines = _place_aside(regions, aside, advance, page, number, layout)
    layout.lines = _place_annotations(regions, lines, annots, page, number, advance, layout)
    return layout


def _bbox_of(lines: list[Line]) -> tuple:
    if not lines:
        return (0.0, 0.0, 0.0, 0.0)
    return (min(l.x0 for l in lines), min(l.top for l in lines), max(l.x1 for l in lines), max(l.bottom for l in lines))


def _stream_steps(ink: list) -> dict:
    """id(char) -> the step from the character drawn before it (white space
    left out) to it, None when they do not touch."""
    out = {id(ink[0]): None} if ink else {}
    for a, b in zip(ink, ink[1:]):
        at, ab = a["top"], a["bottom"]
        if at == b["top"] and ab == b["bottom"] and 0 <= b["x0"] - a["x1"] <= ROW_GAP * (ab - at):
            out[id(b)] = 0  # _step's first case, inline: most of an ordinary page
        else:
            out[id(b)] = _step(a, b)
    return out


def _partition(stream: list, steps: dict, advance: int, ink: list, vertical: bool) -> tuple[list, list]:
    """(the body's characters, runs across the writing direction read on
    their own [(advance, chars)]) — see the docstring, 4."""
    along = (0, 180) if advance in (0, 180) else (90, 270)
    if advance == 0 and all(s is None or s in along for s in steps.values()):
        return stream, []  # an ordinary page: nothing runs across its rows
    runs: list[list] = []  # chains of characters linked by steps across the writing direction
    cur: list = []
    for c in stream:
        if not (c.get("text") or "").strip():
            continue
        s = steps.get(id(c))
        if s is not None and s not in along and cur:
            cur.append(c)
        else:
            if len(cur) >= 2:
                runs.append(cur)
            cur = [c]
    if len(cur) >= 2:
        runs.append(cur)
    if not runs and advance == 0:
        return stream, []
    col_em = statistics.median(_em_across(c, advance) for c in ink) or 1.0
    down_page = advance in (90, 270)
    merged: dict[int, dict] = {}  # id(first char of a 縦中横 run) -> the merged character
    skip: set[int] = set()
    aside: list[list] = []
    for run in runs:
        extent = max(c["x1"] for c in run) - min(c["x0"] for c in run) if down_page else \
            max(c["bottom"] for c in run) - min(c["top"] for c in run)
        if vertical and extent <= TCY_EMS * col_em:
            merged[id(run[0])] = _merged(run)
            skip.update(id(c) for c in run)
        elif len(run) >= 3:
            aside.append(run)
            skip.update(id(c) for c in run)
    if vertical:
        aside += _beyond_columns(stream, steps, skip, advance)
        skip.update(id(c) for run in aside for c in run)
    flow = []
    for c in stream:
        if id(c) in merged:
            flow.append(merged[id(c)])
        if id(c) in skip:
            continue
        flow.append(c)
    return flow, [(_run_advance(run), run) for run in aside]


def _em_across(c: dict, advance: int) -> float:
    return _w(c) if advance in (90, 270) else _h(c)


def _run_advance(run: list) -> int:
    """The advance of a run read on its own: along the glyphs' baseline when
    it runs that way, else across it (vertical)."""
    turn = Counter(_turn(c) for c in run).most_common(1)[0][0] or 0
    steps = Counter(_step(a, b) for a, b in zip(run, run[1:])).most_common(1)
    if not steps:
        return turn  # a single character: read along its baseline
    horizontal = steps[0][0] in (0, 180)
    return turn if (turn in (0, 180)) == horizontal else (turn + 90) % 360


def _beyond_columns(stream: list, steps: dict, taken: set, advance: int) -> list[list]:
    """Single characters standing beyond the ends of a vertical page's
    columns (a page number above or below them), each a run of its own."""
    ink = [c for c in stream if (c.get("text") or "").strip()]
    alone = [c for c, nxt in zip(ink, ink[1:] + [None])
             if id(c) not in taken and steps.get(id(c)) is None and (nxt is None or steps.get(id(nxt)) is None)]
    lone = {id(c) for c in alone}
    linked = [c for c in ink if id(c) not in taken and id(c) not in lone]
    if len(linked) < 10:
        return []
    start = min(c["top"] for c in linked)
    end = max(c["bottom"] for c in linked)
    # in the margin, well apart (not a paragraph number before a space at a column's head)
    return [[c] for c in alone if c["bottom"] <= start - 2 * _em(c) or c["top"] >= end + 2 * _em(c)]


def _column_regions(raw: list[dict], turned: list, advance: int, hint: tuple,
                    layout: PageLayout) -> Optional[list[Region]]:
    """The page's regions when it has columns (see the docstring, 5.), with
    the white space characters given to the region they stand in."""
    segs = _segments(raw)
    if len(segs) < (2 if hint else 6):
        return None
    em = statistics.median(s.bottom - s.top for s in segs) or 1.0
    found: list = []
    items = _cut(segs, em, 0, hint, found)
    layout.gutters = (advance, tuple(found))
    if items is None:
        return None
    regions = _regions(items, advance)
    for c in turned:
        if (c.get("text") or "").strip():
            continue
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        for r in regions:
            x0, top, x1, bottom = r.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                r.chars.append(c)
                break
    return regions


def _place_aside(regions: list[Region], aside: list, advance: int, page, number: int,
                 layout: PageLayout) -> list[Line]:
    """The body's lines in reading order with the runs across the writing
    direction placed before, after or among them (docstring, 4.)."""
    body = [l for r in regions for l in r.lines]
    if not aside:
        return body
    width, height = float(page.width), float(page.height)
    found: list[tuple[Line, tuple]] = []
    by_advance: dict[int, list] = {}
    for adv, run in aside:
        by_advance.setdefault(adv, []).extend(run)
    for adv, run in by_advance.items():
        tw, th = _turned_size(adv, width, height)
        for ln in _make_lines(_text_lines([_turned(c, adv, width, height) for c in run], (0, 0, tw, th)),
                              number, th, frame=("aside", adv)):
            found.append((ln, _display_box(ln, adv, width, height)))
    extent = _display_extent(regions, advance, width, height)
    n_aside = sum(len(ln.text) for ln, _ in found)
    n_body = sum(len(l.text) for l in body)
    big = n_aside >= 30 and n_aside >= 0.15 * (n_aside + n_body)
    before: list[Line] = []
    after: list[Line] = []
    lines = body
    for ln, box in found:
        # a large block in the other direction is read only above or below the body
        where = _where(box, extent, 90 if big else advance)
        if where == "before":
            before.append(ln)
        elif where == "after":
            after.append(ln)
        elif big:
            raise Unorderable("縦書きと横書きの文章が混在しています", "it mixes vertical and horizontal paragraphs")
        else:
            lines = _insert(regions, lines, ln, _turned_box(box, advance, width, height))
    return before + lines + after


def _display_box(ln: Line, advance: int, width: float, height: float) -> tuple:
    """A turned line's box back on the page as shown (x0, top, x1, bottom)."""
    x0, x1, top, bottom = ln.x0, ln.x1, ln.top, ln.bottom
    if advance == 90:
        return (width - bottom, x0, width - top, x1)
    if advance == 180:
        return (width - x1, height - bottom, width - x0, height - top)
    if advance == 270:
        return (top, height - x1, bottom, height - x0)
    return (x0, top, x1, bottom)


def _turned_box(box: tuple, advance: int, width: float, height: float) -> tuple:
    c = _turned({"x0": box[0], "top": box[1], "x1": box[2], "bottom": box[3]}, advance, width, height)
    return (c["x0"], c["top"], c["x1"], c["bottom"])


def _display_extent(regions: list[Region], advance: int, width: float, height: float) -> tuple:
    boxes = []
    for r in regions:
        for ln in r.lines:
            boxes.append(_display_box(ln, advance, width, height))
    if not boxes:
        return (0.0, 0.0, width, height)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _where(box: tuple, body: tuple, advance: int) -> str:
    """Whether a box stands before, after or inside the body along its advance."""
    x0, top, x1, bottom = box
    bx0, btop, bx1, bbottom = body
    tol = 1.0
    if advance == 90:
        return "before" if bottom <= btop + tol else "after" if top >= bbottom - tol else "inside"
    if advance == 270:
        return "before" if top >= bbottom - tol else "after" if bottom <= btop + tol else "inside"
    if advance == 180:
        return "before" if x0 >= bx1 - tol else "after" if x1 <= bx0 + tol else "inside"
    return "before" if x1 <= bx0 + tol else "after" if x0 >= bx1 - tol else "inside"


def _insert(regions: list[Region], lines: list[Line], new: Line, box: tuple) -> list[Line]:
    """``new`` put among ``lines`` (the regions' lines in order) where its
    box stands: in the region that holds its centre (or the nearest), before
    the first of that region's lines below its top."""
    if not regions:
        return lines + [new]
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2

    def distance(r: Region) -> float:
        x0, top, x1, bottom = r.bbox
        dx = max(x0 - cx, 0, cx - x1)
        dy = max(top - cy, 0, cy - bottom)
        return math.hypot(dx, dy)

    target = min((r for r in regions if r.lines), key=distance, default=None)
    if target is None:
        return lines + [new]
    members = {id(l) for l in target.lines}
    last = None
    for i, l in enumerate(lines):
        if id(l) in members:
            if l.top >= box[1] - 0.5:
                return lines[:i] + [new] + lines[i:]
            last = i
    if last is None:
        return lines + [new]
    return lines[:last + 1] + [new] + lines[last + 1:]


# --- annotations and form fields ------------------------------------------------------------------


@dataclass
class _Annot:
    kind: str  # "annotation" | "field"
    box: tuple  # (x0, top, x1, bottom) on the page as shown
    chars: list  # what its appearance draws on the page (page coordinates)
    text: str  # /Contents or /V, when its appearance draws nothing
    size: float
    clipped: int = 0  # characters its appearance draws outside the page (not shown, not read)


def _annotations(page) -> list[_Annot]:
    """The annotations and form fields whose text shows on the page."""
    try:
        raw = page.page_obj.annots
    except Exception:
        return []
    if not raw:
        return []
    from pdfminer.pdftypes import resolve1

    out = []
    try:
        items = resolve1(raw)
    except Exception:
        return []
    for ref in items if isinstance(items, list) else []:
        try:
            a = resolve1(ref)
            if not isinstance(a, dict):
                continue
            got = _annotation(page, a)
        except Exception:
            continue  # an annotation that cannot be read is not text on the page
        if got is not None:
            out.append(got)
    return out


def _name(v) -> str:
    from pdfminer.psparser import PSLiteral

    return v.name if isinstance(v, PSLiteral) else (v.decode("latin-1") if isinstance(v, bytes) else str(v or ""))


def _field_attr(a: dict, key: str):
    from pdfminer.pdftypes import resolve1

    node, depth = a, 0
    while isinstance(node, dict) and depth < 12:
        if key in node:
            return resolve1(node[key])
        node = resolve1(node.get("Parent"))
        depth += 1
    return None


def _text_string(v) -> str:
    from pdfminer.utils import decode_text

    if isinstance(v, bytes):
        return decode_text(v)
    if isinstance(v, list):
        return "\n".join(_text_string(x) for x in v)
    return "" if v is None else _name(v)


def _annotation(page, a: dict) -> Optional[_Annot]:
    from pdfminer.pdftypes import resolve1

    subtype = _name(resolve1(a.get("Subtype")))
    flags = resolve1(a.get("F")) or 0
    if not isinstance(flags, int) or flags & _NOT_SHOWN:
        return None
    if subtype == "FreeText":
        kind, text = "annotation", _text_string(resolve1(a.get("Contents")))
    elif subtype == "Widget" and _name(_field_attr(a, "FT")) in ("Tx", "Ch"):
        kind, text = "field", _text_string(_field_attr(a, "V"))
    else:
        return None
    rect = [float(resolve1(v)) for v in resolve1(a.get("Rect"))]
    box = _page_box(page, rect)
    drawn = [] if _needs_appearances(page) else _appearance_chars(page, a, rect)
    chars = [c for c in drawn if _on_page(c, page)]
    clipped = sum(1 for c in drawn if (c.get("text") or "").strip() and not _on_page(c, page))
    size = _da_size(_field_attr(a, "DA")) or 10.0
    if not chars and not clipped and not text.strip():
        return None
    return _Annot(kind, box, chars, text if not drawn else "", size, clipped)


def _needs_appearances(page) -> bool:
    from pdfminer.pdftypes import resolve1

    try:
        form = resolve1(page.pdf.doc.catalog.get("AcroForm"))
        return bool(isinstance(form, dict) and resolve1(form.get("NeedAppearances")))
    except Exception:
        return False


def _da_size(da) -> Optional[float]:
    m = re.search(rb"([\d.]+)\s+Tf", da) if isinstance(da, bytes) else None
    try:
        return float(m.group(1)) if m else None
    except ValueError:
        return None


def _page_ctm(page) -> tuple:
    """The matrix pdfminer starts a page with (its /Rotate and MediaBox)."""
    x0, y0, x1, y1 = page.page_obj.mediabox
    r = page.rotation
    if r == 90:
        return (0, -1, 1, 0, -y0, x1)
    if r == 180:
        return (-1, 0, 0, -1, x1, y1)
    if r == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


def _page_box(page, rect: list) -> tuple:
    """A rectangle in PDF user space as (x0, top, x1, bottom) on the page as shown."""
    from pdfminer.utils import apply_matrix_pt

    ctm = _page_ctm(page)
    pts = [apply_matrix_pt(ctm, (x, y)) for x in (rect[0], rect[2]) for y in (rect[1], rect[3])]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    h = float(page.height)
    return (min(xs), h - max(ys), max(xs), h - min(ys))


def _appearance_chars(page, a: dict, rect: list) -> list:
    """The characters the annotation's normal appearance draws, in page
    coordinates (ISO 32000-1 12.5.5: BBox, Matrix, fitted to Rect), on the
    page or not."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.utils import apply_matrix_pt, mult_matrix

    ap = resolve1(a.get("AP"))
    n = resolve1(ap.get("N")) if isinstance(ap, dict) else None
    if isinstance(n, dict) and not isinstance(n, PDFStream):
        n = resolve1(n.get(_name(resolve1(a.get("AS"))))) if a.get("AS") is not None else None
    if not isinstance(n, PDFStream):
        return []
    bbox = [float(resolve1(v)) for v in resolve1(n.attrs.get("BBox", [0, 0, 1, 1]))]
    matrix = tuple(float(resolve1(v)) for v in resolve1(n.attrs.get("Matrix", [1, 0, 0, 1, 0, 0])))
    corners = [apply_matrix_pt(matrix, (x, y)) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
    bx0, by0 = min(p[0] for p in corners), min(p[1] for p in corners)
    bx1, by1 = max(p[0] for p in corners), max(p[1] for p in corners)
    rx0, ry0, rx1, ry1 = min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3])
    sx = (rx1 - rx0) / (bx1 - bx0) if bx1 > bx0 else 1.0
    sy = (ry1 - ry0) / (by1 - by0) if by1 > by0 else 1.0
    fit = (sx, 0, 0, sy, rx0 - bx0 * sx, ry0 - by0 * sy)
    ctm = _page_ctm(page)
    resources = resolve1(n.attrs.get("Resources")) or _default_resources(page) or {}
    device = PDFPageAggregator(page.pdf.rsrcmgr, pageno=page.page_number, laparams=None)
    interp = PDFPageInterpreter(page.pdf.rsrcmgr, device)
    device.begin_page(page.page_obj, ctm)
    interp.render_contents(resources, [n], ctm=mult_matrix(mult_matrix(matrix, fit), ctm))
    device.end_page(page.page_obj)
    out = []
    stack = list(device.get_result())
    while stack:
        o = stack.pop(0)
        if isinstance(o, LTChar):
            out.append(page.process_object(o))
        elif isinstance(o, LTContainer):
            stack[0:0] = list(o)
    return out


def _on_page(c: dict, page) -> bool:
    return c["x1"] > 0 and c["x0"] < float(page.width) and c["bottom"] > 0 and c["top"] < float(page.height)


def _default_resources(page):
    from pdfminer.pdftypes import resolve1

    try:
        form = resolve1(page.pdf.doc.catalog.get("AcroForm"))
        dr = resolve1(form.get("DR")) if isinstance(form, dict) else None
        return dr if isinstance(dr, dict) else None
    except Exception:
        return None


def _annotation_lines(an: _Annot, k: int, page, number: int) -> list[Line]:
    """An annotation's lines, in the page's coordinates as shown."""
    frame = ("annotation", number, k)
    ink = [c for c in an.chars if (c.get("text") or "").strip()]
    if ink:
        width, height = float(page.width), float(page.height)
        steps = _stream_steps(ink)
        try:
            turn = _page_turn(ink)
            axis = _axis(ink, list(steps.values()))
        except Unorderable:
            turn, axis = 0, "h"
        adv = turn if (turn in (0, 180)) == (axis == "h") else (turn + 90) % 360
        tw, th = _turned_size(adv, width, height)
        lines = _make_lines(_text_lines([_turned(c, adv, width, height) for c in an.chars], (0, 0, tw, th)),
                            number, th, frame)
        return _sorted(lines)
    x0, top, x1, bottom = an.box
    out = []
    pieces = [p.strip() for p in re.split(r"\r\n|\r|\n", an.text) if p.strip()]
    for i, text in enumerate(pieces):
        t = top + i * an.size * 1.2
        out.append(Line(text=text, x0=x0, x1=x1, top=t, bottom=t + an.size, size=an.size, bold=False,
                        page=number, page_height=float(page.height), lead=an.size, frame=frame))
    return out


def _place_annotations(regions: list[Region], lines: list[Line], annots: list[_Annot], page, number: int,
                       advance: int, layout: PageLayout) -> list[Line]:
    width, height = float(page.width), float(page.height)
    for k, an in enumerate(annots):
        layout.clipped += an.clipped
        new = _annotation_lines(an, k, page, number)
        if not new:
            continue
        if an.kind == "field":
            layout.fields += 1
        else:
            layout.annotations += 1
        box = _turned_box(an.box, advance, width, height)
        if not lines:
            lines = list(new)
            continue
        first = new[0]
        lines = _insert(regions, lines, first, box)
        at = lines.index(first)
        lines = lines[:at + 1] + new[1:] + lines[at + 1:]
    return lines
