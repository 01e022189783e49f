"""OCR: a scanned page (an image) -> text lines, through Tesseract.

This module is the spec of how keiyaku-lint reads scans. ``pdf.py`` calls
it for the pages of a PDF that have no text layer (``--ocr auto``; every
page with ``--ocr always``), ``image.py`` for image files (PNG, JPEG, TIFF,
multi-page TIFF included).

Engine. The ``tesseract`` program from the OS's packages (Debian:
``tesseract-ocr``, ``tesseract-ocr-jpn``, ``tesseract-ocr-jpn-vert``; found
on PATH, or where ``KEIYAKU_LINT_TESSERACT`` or pytesseract's
``tesseract_cmd`` says), with its Japanese models ``jpn`` (horizontal) and
``jpn_vert`` (縦書き); ``osd`` is used when installed. pytesseract finds the
program and its languages; each page is passed to the program through a
pipe (no temporary file), one thread each (``OMP_THREAD_LIMIT=1``: the batch
runs one worker per core), with a time limit per call (CALL_SECONDS), and
on Linux the program dies with the worker that started it (a worker
stopped at its deadline leaves nothing running). Without the program or the
``jpn`` model, ``OcrUnavailable`` says what is missing and how to install
it; the loaders then refuse a scan as before (E111 for a PDF, E130 for an
image), with that hint.

Each page:

1. Pixels: an image page is rendered (``pdf.py``: pypdfium2, at the scanned
   image's own resolution within MIN_DPI..MAX_DPI, RENDER_DPI for a page
   without an image, less when the page would pass MAX_PIXELS); an image
   file is used
   at its own resolution (its dpi, or A4's width when it does not say),
   brought down to MAX_DPI. Red ink (a seal, 印影; a red stamp) is turned
   white on a colour page before it is read: seals are not text.
2. Skew: the angle (within ±MAX_SKEW degrees) at which the dark pixels'
   projection, along rows or along columns, is sharpest; a page more than
   0.15° askew is turned straight (deskew).
3. Readings: ``jpn`` with Tesseract's automatic layout (psm 3); when its
   mean confidence is below ACCEPT, ``jpn_vert`` (vertical writing), then
   the page turned as OSD says (or, without OSD, by 90, 180 and 270°) in
   both models: the most confident reading is kept (a check of the
   readings, so a page fed upside down, sideways or in 縦書き is read the
   right way up).
4. Lines: Tesseract's words grouped in its lines, in its reading order;
   words joined without a space, except between two Latin letters or
   digits, or across a gap of 0.4 em or more (0.9 em in a vertical column).
   A vertical page's columns
   become lines read from the rightmost, in turned coordinates, as
   ``pdf_layout`` turns vertical text-layer pages. Coordinates are PDF
   points (1/72 inch) from the page's top left; every line keeps its box.
5. Marks that are not text: a line of at most 6 characters whose mean
   confidence is below NOISE_CONFIDENCE (a seal in grey, a handwritten
   name, a stamp, a logo) is left out and counted; so is a whole page read
   as 40 characters or more of fewer than PATTERN_CHARS distinct ones (a
   grid or ruled form read as 日日日 / HHH: Japanese text uses many).
6. Confusions (``normalize_ocr``): the ones Tesseract makes in Japanese are
   undone by the characters around them: ー/一 (デ一タ → データ, 第ー条 →
   第一条), ロ/口, カ/力, エ/工, タ/夕, ニ/二, ヘ/へ, ト/卜, full-width
   digits and l/I/| between 第 and 条 or beside digits (第l条 → 第1条),
   half-width katakana, 甲 / 乙 read as 皿 / と / 己 in their usual places
   (皿及び乙, 甲ととは), and spaces between Japanese characters (but the one
   after a leading label: 「第1条 目的」, 「1. 」).
7. Confidence: the page's mean word confidence (0-100), weighted by the
   words' characters.

What the loaders make of it (``assess``): a page read by OCR is a notice
(W131, with its confidence) and so are a page below LOW_CONFIDENCE (W132),
pages turned or straightened (W133), read as vertical writing (W134),
marks left out (W135); a document where OCR finds no text is E131, one
whose text is mostly unreadable (the OCR'd characters' mean confidence
below UNREADABLE, or more than half of them on pages below it) is E132
(below NOISE_CONFIDENCE, nothing read as text at all: E131):
never seven "missing". Every verdict on OCR text carries 「OCRで読み取り」
and the confidence of its page (``report``).
"""
from __future__ import annotations

import io
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..errors import Bi, LoadError
from .pdf_layout import NO_END, NO_START, Line, PageLayout

MODES = ("auto", "always", "never")

RENDER_DPI = 300  # a PDF page drawn without text or image (outlined text) is rendered at this
# A scanned page is rendered at its image's own resolution: measured on the
# dev corpus scanned at 200 dpi (benchmarks/ocr.py, 8 contracts), rendering at
# 300 read no better (elements 0.800 vs 0.900) and took about 1.8x as long.
MIN_DPI = 150  # an image file saying less is taken at this (Tesseract wants ~20 px characters)
MAX_DPI = 400  # an image file of more is brought down to this
MAX_PIXELS = 40_000_000  # one page, after scaling (A3 at 400 dpi is 31 M)
MAX_IMAGE_PIXELS = 180_000_000  # an image file's page before scaling (a decompression bomb past this)
MAX_PAGES = 1000
CALL_SECONDS = 60.0  # one Tesseract call
TOTAL_SECONDS = 900.0  # every OCR call of one file (the batch worker's deadline comes first by default)
MAX_SKEW = 5.0  # degrees

ACCEPT = 65.0  # a reading at least this confident is kept without trying the others (a wrong turn or model reads below 50)
LOW_CONFIDENCE = 70.0  # a page below this is a warning (W132)
UNREADABLE = 50.0  # a document whose OCR'd text is below this is not judged (E132)
NOISE_CONFIDENCE = 40.0  # a short line below this is a mark, not text (seal, handwriting)
NOISE_CHARS = 6
PATTERN_CHARS = 12  # a page of 40 characters or more written with fewer distinct ones is a pattern, not text

INSTALL_HINT = Bi(
    "スキャンを OCR で読むには Tesseract と日本語データを入れてください"
    "（Debian / Ubuntu: sudo apt install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert、"
    "macOS: brew install tesseract tesseract-lang、Windows: README の「スキャンした契約書（OCR）」）。"
    "入れた後は --ocr auto（既定）で読みます",
    "To read scans with OCR, install Tesseract and its Japanese data "
    "(Debian/Ubuntu: sudo apt install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert; "
    "macOS: brew install tesseract tesseract-lang; Windows: see \"Scanned contracts (OCR)\" in the README); "
    "then --ocr auto (the default) reads them",
)
NEVER_HINT = Bi("--ocr never が指定されているため OCR していません。--ocr auto で OCR して読めます",
                "OCR is off (--ocr never); --ocr auto reads the scan with OCR")


def parallel() -> int:
    """How many pages of one file are read at once: KEIYAKU_LINT_OCR_PARALLEL,
    which ``check`` sets to the cores each worker has to itself (2 for one
    file on two cores, 1 in a batch of two workers); 1 when unset."""
    try:
        return min(max(int(os.environ.get("KEIYAKU_LINT_OCR_PARALLEL") or 1), 1), 8)
    except ValueError:
        return 1


def render_dpi(native: Optional[float] = None) -> float:
    """The resolution a page without text is rendered at: its scan's own
    (``native``) within MIN_DPI..MAX_DPI, else RENDER_DPI; or
    KEIYAKU_LINT_OCR_DPI (72-600), to measure another (benchmarks/ocr.py)."""
    try:
        forced = float(os.environ.get("KEIYAKU_LINT_OCR_DPI") or 0)
    except ValueError:
        forced = 0.0
    if forced:
        return min(max(forced, 72.0), 600.0)
    if native:
        return min(max(native, MIN_DPI), MAX_DPI)
    return float(RENDER_DPI)


class OcrUnavailable(Exception):
    """Tesseract or its Japanese model is not there; ``reason`` (Bi) says
    what is missing."""

    def __init__(self, reason: Bi):
        super().__init__(str(reason))
        self.reason = reason


class _OcrTimeout(Exception):
    pass


# --- the engine ------------------------------------------------------------------------


@dataclass(frozen=True)
class Engine:
    cmd: str
    version: str
    languages: frozenset

    @property
    def vertical(self) -> bool:
        return "jpn_vert" in self.languages

    @property
    def osd(self) -> bool:
        return "osd" in self.languages


def _command() -> Optional[str]:
    cmd = os.environ.get("KEIYAKU_LINT_TESSERACT")
    if not cmd:
        try:
            import pytesseract

            cmd = pytesseract.pytesseract.tesseract_cmd
        except ImportError:
            cmd = "tesseract"
    if os.path.sep in cmd or (os.path.altsep and os.path.altsep in cmd):
        return cmd if os.path.isfile(cmd) else None
    found = shutil.which(cmd)
    if found is None and sys.platform == "win32":
        for base in (os.environ.get("ProgramFiles", r"C:\Program Files"), os.environ.get("LOCALAPPDATA", "")):
            cand = os.path.join(base, "Tesseract-OCR", "tesseract.exe") if base else ""
            if cand and os.path.isfile(cand):
                return cand
    return found


@lru_cache(maxsize=1)
def _probe() -> tuple:
    """(Engine, None) or (None, reason): looked up once per process."""
    try:
        import pytesseract  # noqa: F401  (the binding that finds the program)
    except ImportError:
        return None, Bi("Python の pytesseract がありません（python -m pip install pytesseract）",
                        "the Python package pytesseract is missing (python -m pip install pytesseract)")
    cmd = _command()
    if cmd is None:
        return None, Bi("Tesseract（tesseract コマンド）が見つかりません", "Tesseract (the tesseract program) was not found")
    try:
        out = subprocess.run([cmd, "--version"], capture_output=True, timeout=20, stdin=subprocess.DEVNULL)
        version = (out.stdout or out.stderr).decode("utf-8", "replace").split("\n", 1)[0].strip()
        out = subprocess.run([cmd, "--list-langs"], capture_output=True, timeout=20, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as e:
        return None, Bi(f"Tesseract を起動できません（{e}）", f"Tesseract could not be started ({e})")
    text = (out.stdout + out.stderr).decode("utf-8", "replace")
    langs = frozenset(ln.strip() for ln in text.splitlines()[1:] if ln.strip() and " " not in ln.strip())
    if "jpn" not in langs:
        return None, Bi("Tesseract の日本語データ（jpn）が入っていません", "Tesseract's Japanese data (jpn) is not installed")
    return Engine(cmd=cmd, version=version, languages=langs), None


def engine() -> Engine:
    eng, reason = _probe()
    if eng is None:
        raise OcrUnavailable(reason)
    return eng


def available() -> bool:
    return _probe()[0] is not None


def unavailable_hint(mode: str = "auto") -> Bi:
    """Why a scan was not read, and how to read it: a message field."""
    if mode == "never":
        return NEVER_HINT
    reason = _probe()[1]
    if reason is None:  # OCR is there: the pages show nothing to read
        return Bi("ページには文字も、OCR で読める画像もありません", "its pages show neither text nor an image to read with OCR")
    return Bi(f"{reason.get('ja')}。{INSTALL_HINT.get('ja')}", f"{reason.get('en')}. {INSTALL_HINT.get('en')}")


@lru_cache(maxsize=1)
def _prctl():
    """libc's prctl, looked up in the parent (the child between fork and
    exec only calls it: nothing to import or lock there)."""
    try:
        import ctypes

        return ctypes.CDLL(None).prctl
    except Exception:
        return None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    fn = _PRCTL[0]
    if fn is not None:
        fn(1, 9)  # PR_SET_PDEATHSIG, SIGKILL: the program dies with the worker


_PRCTL: list = [None]


class Session:
    """The OCR calls of one file, under one time budget."""

    def __init__(self, path: str, budget: float = TOTAL_SECONDS):
        self.engine = engine()
        self.path = path
        self.deadline = time.monotonic() + budget
        self.calls = 0

    def run(self, image, args: list[str]) -> str:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _OcrTimeout()
        buf = io.BytesIO()
        image.save(buf, "PNG", compress_level=1)
        env = dict(os.environ, OMP_THREAD_LIMIT=os.environ.get("KEIYAKU_LINT_OCR_THREADS", "1"))
        kw = {}
        if sys.platform.startswith("linux"):
            _PRCTL[0] = _prctl()
            if _PRCTL[0] is not None:
                kw["preexec_fn"] = _die_with_parent
        self.calls += 1
        try:
            out = subprocess.run([self.engine.cmd, "stdin", "stdout", *args], input=buf.getvalue(),
                                 capture_output=True, timeout=min(CALL_SECONDS, left), env=env, **kw)
        except subprocess.TimeoutExpired:
            raise _OcrTimeout() from None
        except OSError as e:
            raise LoadError("E133", path=self.path, reason=str(e)) from None
        if out.returncode != 0:
            err = out.stderr.decode("utf-8", "replace").strip().splitlines()
            raise LoadError("E133", path=self.path, reason=(err[-1] if err else f"exit status {out.returncode}")[:200])
        return out.stdout.decode("utf-8", "replace")


# --- pixels ----------------------------------------------------------------------------


def drop_red(img):
    """A colour page with its red ink (seals, red stamps) turned white, as
    grey; a grey page as it is."""
    import numpy as np
    from PIL import Image

    if img.mode not in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV"):
        return img.convert("L"), 0
    rgb = np.asarray(img.convert("RGB")).astype(np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    red = (r - np.maximum(g, b) > 50) & (r > 110)
    gray = np.asarray(img.convert("L")).copy()
    gray[red] = 255
    return Image.fromarray(gray), int(red.sum())


def _dark_points(gray, target: int = 1000):
    """Coordinates of the dark pixels of a copy at most ``target`` pixels
    long, and the copy's scale."""
    import numpy as np

    scale = min(1.0, target / max(gray.size))
    small = gray.resize((max(1, int(gray.width * scale)), max(1, int(gray.height * scale)))) if scale < 1 else gray
    a = np.asarray(small)
    thresh = min(160, max(60, float(a.mean()) - 2 * float(a.std()) + 40)) if a.size else 128
    ys, xs = np.nonzero(a < thresh)
    return xs.astype(np.float64), ys.astype(np.float64), small.size


def skew_angle(gray) -> tuple[float, str]:
    """Degrees to turn the page by (PIL's sense) so that its lines run
    straight, and whether they run along "rows" or "columns" (step 2)."""
    import numpy as np

    xs, ys, (w, h) = _dark_points(gray)
    if len(xs) < 200:
        return 0.0, "rows"
    if len(xs) > 150_000:
        keep = np.random.default_rng(0).choice(len(xs), 150_000, replace=False)
        xs, ys = xs[keep], ys[keep]

    def sharpness(angles, axes=("rows", "columns")):
        best = (-1.0, 0.0, "rows")
        for a in angles:
            t = math.tan(math.radians(a))
            for axis in axes:
                coord = ys - xs * t if axis == "rows" else xs + ys * t
                hist = np.bincount((coord + w + h).astype(np.int64))
                s = float((hist.astype(np.float64) ** 2).sum())
                if s > best[0]:
                    best = (s, a, axis)
        return best

    _, coarse, axis = sharpness([x / 2 for x in range(int(-MAX_SKEW * 2), int(MAX_SKEW * 2) + 1)])
    _, fine, _ = sharpness([coarse + x / 10 for x in range(-5, 6)], (axis,))
    return (fine if abs(fine) >= 0.15 else 0.0), axis


def straighten(gray, angle: float):
    from PIL import Image

    if not angle:
        return gray
    return gray.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)


# --- reading ---------------------------------------------------------------------------


@dataclass
class _Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float


@dataclass
class _RawLine:
    words: list
    key: tuple

    @property
    def box(self) -> tuple:
        return (min(w.left for w in self.words), min(w.top for w in self.words),
                max(w.left + w.width for w in self.words), max(w.top + w.height for w in self.words))


@dataclass
class Reading:
    lang: str
    turn: int  # degrees the page was turned (clockwise) before it was read
    lines: list  # [_RawLine]
    chars: int
    confidence: float
    size: tuple  # the image read (width, height) in pixels

    @property
    def vertical(self) -> bool:
        return self.lang == "jpn_vert"


def _parse_tsv(tsv: str) -> list:
    lines: dict = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        try:
            left, top, width, height = (int(c) for c in cols[6:10])
            conf = float(cols[10])
        except ValueError:
            continue
        key = (int(cols[2]), int(cols[3]), int(cols[4]))
        lines.setdefault(key, _RawLine([], key)).words.append(_Word(text, left, top, width, height, max(conf, 0.0)))
    return list(lines.values())


def _stats(lines: list) -> tuple[int, float]:
    n = sum(len(w.text) for ln in lines for w in ln.words)
    if not n:
        return 0, 0.0
    return n, sum(w.conf * len(w.text) for ln in lines for w in ln.words) / n


def _read(session: Session, gray, lang: str, turn: int) -> Reading:
    img = gray.rotate(-turn, expand=True) if turn else gray
    tsv = session.run(img, ["-l", lang, "--psm", "3", "-c", "tessedit_do_invert=0", "tsv"])
    lines = _parse_tsv(tsv)
    n, conf = _stats(lines)
    return Reading(lang, turn, lines, n, conf, img.size)


def _osd_turn(session: Session, gray) -> Optional[int]:
    try:
        out = session.run(gray, ["--psm", "0", "-l", "osd"])
    except LoadError:
        return None  # too little text for OSD: the other turns are tried
    m = re.search(r"Rotate:\s*(\d+)", out)
    c = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if not m or (c and float(c.group(1)) < 1.0):
        return None
    return int(m.group(1)) % 360


def best_reading(session: Session, gray, axis: str = "rows") -> Reading:
    """The most confident of the readings (step 3). ``axis``: whether the
    page's lines run along rows or columns, which says the model to try
    first once the page is turned."""
    eng = session.engine
    first = _read(session, gray, "jpn", 0)
    if first.confidence >= ACCEPT or first.chars == 0:
        return first
    tried = [first]

    def lang_for(turn: int) -> list[str]:
        vertical = (axis == "columns") == (turn in (0, 180))
        order = ["jpn_vert", "jpn"] if vertical else ["jpn", "jpn_vert"]
        return [l for l in order if l in eng.languages]

    def attempt(lang: str, turn: int) -> Optional[Reading]:
        if any(r.lang == lang and r.turn == turn for r in tried):
            return None
        r = _read(session, gray, lang, turn)
        tried.append(r)
        return r if r.confidence >= ACCEPT else None

    # the page's turn: OSD's, else each in turn; first the model its lines'
    # direction calls for, then (only while nothing reads fairly) the other
    turns = [0, 180, 90, 270]
    if eng.osd:
        t = _osd_turn(session, gray)
        if t is not None:
            turns = [t] + [x for x in turns if x != t]
    for t in turns:
        found = attempt(lang_for(t)[0], t)
        if found:
            return found
        if eng.osd and max(r.confidence for r in tried) >= UNREADABLE:
            return max(tried, key=lambda r: (r.confidence, r.chars))  # OSD's turn reads fairly
    for t in turns:
        for lang in lang_for(t)[1:]:
            found = attempt(lang, t)
            if found:
                return found
    return max(tried, key=lambda r: (r.confidence, r.chars))


# --- lines -----------------------------------------------------------------------------


_TIGHT = set("、。，．,.・：:；;）)」』】〕］]｝}〉》（(「『【〔［[｛{〈《")


def _join_words(words: list, vertical: bool) -> str:
    """A line's words: no space between Japanese characters, one between
    Latin words and digits, and one where the gap is 0.4 em or more (0.9 em
    down a vertical column: the space after 「第1条」 before its heading),
    never beside brackets and punctuation (their glyphs hold their own
    white)."""
    out = ""
    prev = None
    for w in words:
        t = w.text
        if prev is not None and out:
            em = max(1, (prev.width if vertical else prev.height))
            gap = (w.top - (prev.top + prev.height)) if vertical else (w.left - (prev.left + prev.width))
            latin = out[-1].isascii() and out[-1].isalnum() and t[0].isascii() and t[0].isalnum()
            wide = gap >= (0.9 if vertical else 0.4) * em  # in 縦書き a space is a full em
            if latin or (wide and out[-1] not in _TIGHT and t[0] not in _TIGHT):
                out += " "
        out += t
        prev = w
    return out


@dataclass
class OcrPage:
    """What OCR read on one page."""

    number: int
    lines: list  # [Line] in reading order (pdf_layout's, in points)
    chars: int
    confidence: float
    turn: int = 0
    skew: float = 0.0
    vertical: bool = False
    marks: int = 0  # short unreadable marks left out (seals, handwriting)
    seal_pixels: int = 0
    boxes: dict = field(default_factory=dict)  # id(Line) -> (x0, top, x1, bottom) on the page, in points

    def layout(self) -> PageLayout:
        # turn / vertical stay unset: the OCR notices (W133, W134) say those
        return PageLayout(lines=self.lines, chars=self.chars, ink=self.chars)


FRAME = ("ocr",)


def to_page(reading: Reading, number: int, dpi: float, skew: float = 0.0, seal_pixels: int = 0) -> OcrPage:
    pt = 72.0 / dpi
    w_px, h_px = reading.size
    vertical = reading.vertical
    kept: list = []
    marks = 0
    for raw in reading.lines:
        text = normalize_ocr(_join_words(raw.words, vertical))
        n, conf = _stats([raw])
        if not text.strip():
            continue
        if len(text) <= NOISE_CHARS and conf < NOISE_CONFIDENCE:
            marks += 1
            continue
        kept.append((raw, text, conf))
    distinct = {c for _, text, _ in kept for c in text if not c.isspace()}
    if sum(len(t) for _, t, _ in kept) >= 40 and len(distinct) < PATTERN_CHARS:
        marks += len(kept)  # a grid, a ruled form, a pattern read as 日日日 / HHH: not text
        kept = []
    lines: list[Line] = []
    boxes: dict = {}
    page_h = (w_px if vertical else h_px) * pt
    for raw, text, conf in kept:
        x0, y0, x1, y1 = raw.box
        if vertical:  # a column becomes a row: its top is its left, the rightmost column first
            lx0, lx1, ltop, lbot = y0 * pt, y1 * pt, (w_px - x1) * pt, (w_px - x0) * pt
            em = (x1 - x0) * pt
        else:
            lx0, lx1, ltop, lbot = x0 * pt, x1 * pt, y0 * pt, y1 * pt
            em = statistics.median(w.height for w in raw.words) * pt
        size = max(em, 4.0)
        line = Line(text=text, x0=lx0, x1=lx1, top=ltop, bottom=lbot, size=size, bold=False,
                    page=number, page_height=page_h, lead=_lead(text, size), frame=FRAME + (("vertical",) if vertical else ()))
        lines.append(line)
        boxes[id(line)] = (round(x0 * pt, 1), round(y0 * pt, 1), round(x1 * pt, 1), round(y1 * pt, 1))
    if vertical:
        lines.sort(key=lambda l: (round(l.top / max(l.size, 1)), l.x0))
    n, conf = _stats([raw for raw, _, _ in kept])
    return OcrPage(number=number, lines=lines, chars=n, confidence=round(conf, 1), turn=reading.turn,
                   skew=round(skew, 2), vertical=vertical, marks=marks, seal_pixels=seal_pixels, boxes=boxes)


def _lead(text: str, size: float) -> float:
    """Width of the line's first unbreakable unit (see pdf_layout.lead_width),
    from its characters: full-width ones an em, ASCII half."""
    i = 0
    while i < len(text) - 1 and text[i] in NO_END:
        i += 1
    if text[i].isascii() and text[i].isalnum():
        while i + 1 < len(text) and text[i + 1].isascii() and text[i + 1].isalnum():
            i += 1
    i += 1
    while i < len(text) and text[i] in NO_START:
        i += 1
    return sum(0.5 if c.isascii() else 1.0 for c in text[:i]) * size


def read_page(session: Session, image, number: int, dpi: float) -> OcrPage:
    """OCR one page image taken at ``dpi`` (steps 1-7)."""
    gray, seal = drop_red(image)
    skew, axis = skew_angle(gray)
    gray = straighten(gray, skew)
    try:
        reading = best_reading(session, gray, axis)
    except _OcrTimeout:
        raise LoadError("E134", path=session.path, page=number,
                        seconds=int(min(CALL_SECONDS, TOTAL_SECONDS))) from None
    return to_page(reading, number, dpi, skew=skew, seal_pixels=seal)


# --- confusions ------------------------------------------------------------------------

_K = "ァ-ヺヽヾー"  # katakana (with the prolonged sound mark)
_J = "一-龯々〆〇"  # kanji
_H = "ぁ-ゖ"

_RULES = [
    # ー / 一: after katakana the long vowel; else, beside kanji, the kanji 一
    (re.compile(f"(?<=[{_K}])[一－―‐−—](?![0-9０-９])"), "ー"),
    (re.compile(f"(?<![{_K}{_H}])ー(?=[{_J}条つ])|(?<=[{_J}])ー(?![{_K}])"), "一"),
    # ロ / 口, カ / 力, エ / 工, ニ / 二, ト / 卜, タ / 夕: kanji beside kanji, katakana beside katakana
    (re.compile(f"(?<=[{_K}])口|口(?=[{_K}])"), "ロ"),
    (re.compile(f"(?<![{_K}])ロ(?=[{_J}])|(?<=[{_J}])ロ(?![{_K}])"), "口"),
    (re.compile(f"(?<=[{_K}])力|力(?=[{_K}])"), "カ"),
    (re.compile(f"(?<![{_K}0-9０-９一二三四五六七八九十])カ(?=[{_J}])(?!所|月|国|年)|(?<=[{_J}])カ(?![{_K}])"), "力"),
    (re.compile(f"(?<=[{_K}])工|工(?=[{_K}])"), "エ"),
    (re.compile(f"(?<![{_K}])エ(?=[{_J}])|(?<=[{_J}])エ(?![{_K}])"), "工"),
    (re.compile(f"(?<=[{_K}])二|二(?=[{_K}])"), "ニ"),
    (re.compile(f"(?<![{_K}])ニ(?=[{_J}])|(?<=[第{_J}])ニ(?![{_K}])"), "二"),
    (re.compile(f"(?<=[{_K}])卜|卜(?=[{_K}])"), "ト"),
    (re.compile(f"(?<=[{_K}])夕|夕(?=[{_K}])"), "タ"),
    (re.compile(f"(?<=[{_J}])タ(?=[{_J}])"), "夕"),
    # ヘ (katakana) after kanji or hiragana, not in a katakana word: the particle へ
    (re.compile(f"(?<=[{_J}{_H}])ヘ(?![{_K}])"), "へ"),
    (re.compile(f"(?<=[{_K}])へ|へ(?=[{_K}])"), "ヘ"),
    # digits misread as letters: 第l条 / 第I条, 1O → 10
    (re.compile(r"(?<=第)[lI|｜](?=[0-9]*\s*[条項号章])"), "1"),
    (re.compile(r"(?<=[0-9])[lI|](?=[0-9条項号])|(?<=第)[lI|](?=[0-9])"), "1"),
    (re.compile(r"(?<=[0-9])[oOＯ〇](?=[0-9条項号])"), "0"),
]
_PARTY_RULES = [
    # 甲 / 乙, the parties' names in most contracts, read as 皿, と, 己, 選, Z
    (re.compile("皿(?=[及はがにのと乙、又並])"), "甲"),
    (re.compile("(?<=甲[とおよび及並又は、])[とこ己Z選](?=[はがにのへ、双間])"), "乙"),
    (re.compile("(?<=甲及び)[とこ己Z選]"), "乙"),
    (re.compile("(?<=甲)[己Z](?=[双間の])"), "乙"),
    (re.compile("^([0-9]{1,2}[ .．]{0,2})[とこ己Z](?=[はがの、])"), "\\1乙"),
    (re.compile("[とこ己Z](?=(?:及び|又は|と)甲)"), "乙"),
]
_HALF_KANA = re.compile("[\uff61-\uff9f]+")
_WIDE_DIGIT = str.maketrans("０１２３４５６７８９", "0123456789")
_SPACE_BY_PUNCT = re.compile("(?<=[^\\x00-\\x7f])[ 　]+(?=[、。，．）」』】〕)\\]（「『【〔(\\[])"
                             "|(?<=[（「『【〔(\\[、。）」』】〕)\\]])[ 　]+(?=[^\\x00-\\x7f])")
_LABEL_SPACE = re.compile(r"第\s*([0-9]+)\s*([条項号章])")
# a space between two Japanese characters is OCR's (justified or spaced-out
# text); the one after a leading label (第1条 見出し, 1. , (1) ) is the document's
_JP_GAP = re.compile(f"(?<=[{_K}{_J}{_H}]) +(?=[{_K}{_J}{_H}])")
_LEAD_LABEL = re.compile(r"^(?:第[0-9]+[条章節](?:の[0-9]+)?|[0-9]{1,3}[.．]?|[（(][0-9]{1,3}[)）])[ 　]+")


def normalize_ocr(text: str) -> str:
    """Undo Tesseract's typical confusions in Japanese (step 6)."""
    t = _HALF_KANA.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    t = t.translate(_WIDE_DIGIT)
    for _ in range(2):
        before = t
        for pattern, repl in _RULES + _PARTY_RULES:
            t = pattern.sub(repl, t)
        if t == before:
            break
    t = _LABEL_SPACE.sub(r"第\1\2", t)
    t = _SPACE_BY_PUNCT.sub("", t)
    m = _LEAD_LABEL.match(t)
    head, rest = (t[:m.end()], t[m.end():]) if m else ("", t)
    return (head + _JP_GAP.sub("", rest)).strip()


# --- what the loaders make of it -------------------------------------------------------


def assess(pages: list[OcrPage], path: str, total_pages: int) -> None:
    """Refuse what OCR could not read: E131 no text (no characters, or
    only what strokes and marks read as: a mean confidence below
    NOISE_CONFIDENCE), E132 mostly unreadable."""
    if not pages:
        return
    chars = sum(p.chars for p in pages)
    mean = sum(p.chars * p.confidence for p in pages) / chars if chars else 0.0
    if chars == 0 or mean < NOISE_CONFIDENCE:  # nothing, or only what marks and strokes read as
        raise LoadError("E131", path=path, pages=_page_list([p.number for p in pages]))
    low = sum(p.chars for p in pages if p.confidence < UNREADABLE)
    if mean < UNREADABLE or low > chars / 2:
        raise LoadError("E132", path=path, confidence=f"{mean:.0f}", threshold=f"{UNREADABLE:.0f}")


def notices(pages: list[OcrPage]) -> list:
    from ..errors import notice

    if not pages:
        return []
    out = []
    read = [p for p in pages if p.chars]
    if read:
        chars = sum(p.chars for p in read)
        mean = sum(p.chars * p.confidence for p in read) / chars
        out.append(notice("W131", pages=_page_list([p.number for p in pages]), confidence=f"{mean:.0f}",
                          detail=Bi("、".join(f"{p.number}ページ {p.confidence:.0f}%" for p in read),
                                    ", ".join(f"page {p.number} {p.confidence:.0f}%" for p in read))))
    low = [p for p in read if p.confidence < LOW_CONFIDENCE]
    if low:
        out.append(notice("W132", pages=_page_list([p.number for p in low]),
                          confidence="/".join(f"{p.confidence:.0f}%" for p in low), threshold=f"{LOW_CONFIDENCE:.0f}"))
    turned = [p for p in pages if p.turn or p.skew]
    if turned:
        angles = sorted({f"{p.turn}°" for p in turned if p.turn} | {f"{p.skew:+.1f}°" for p in turned if p.skew})
        out.append(notice("W133", pages=_page_list([p.number for p in turned]), angle="/".join(angles)))
    vertical = [p for p in pages if p.vertical]
    if vertical:
        out.append(notice("W134", pages=_page_list([p.number for p in vertical])))
    marked = [p for p in pages if p.marks or p.seal_pixels > 400]
    if marked:
        out.append(notice("W135", pages=_page_list([p.number for p in marked]),
                          count=sum(p.marks + (1 if p.seal_pixels > 400 else 0) for p in marked)))
    empty = [p for p in pages if not p.chars]
    if empty and read:
        out.append(notice("W136", pages=_page_list([p.number for p in empty])))
    return out


def confidences(pages: list[OcrPage]) -> tuple:
    """((page, mean confidence), ...) of the pages read by OCR."""
    return tuple((p.number, p.confidence) for p in pages)


def _page_list(pages: list[int]) -> str:
    from .pdf import _page_list as pl

    return pl(pages)


def image_dpi(img) -> float:
    """The resolution an image file was scanned at: its own dpi when it says
    a plausible one, else as if it were an A4 page's width (8.27 in)."""
    dpi = img.info.get("dpi")
    try:
        d = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        d = 0.0
    if not 50 <= d <= 2400:
        d = max(img.size) / 11.69 if img.height >= img.width else max(img.size) / 11.69
    return d


def scaled_for_ocr(img, dpi: float):
    """``img`` brought into MIN_DPI..MAX_DPI and under MAX_PIXELS: (image, dpi)."""
    from PIL import Image

    target = min(max(dpi, MIN_DPI), MAX_DPI)
    scale = target / dpi
    w, h = img.size
    if w * h * scale * scale > MAX_PIXELS:
        scale = math.sqrt(MAX_PIXELS / (w * h))
    if abs(scale - 1.0) < 0.02:
        return img, dpi
    nw, nh = max(1, int(w * scale)), max(1, int(h * scale))
    mode = img.mode if img.mode in ("L", "RGB") else ("RGB" if "A" in img.mode or img.mode in ("P", "CMYK") else "L")
    return img.convert(mode).resize((nw, nh), Image.LANCZOS if scale < 1 else Image.BICUBIC), dpi * scale
