"""Write small PDFs of Japanese text laid out the way real ones are, for the
PDF layout tests and battery cases: horizontal or vertical (縦書き) writing,
one or more columns, pages turned with /Rotate or content drawn rotated,
FreeText annotations and form fields, and fonts whose text cannot be
extracted (Type3 without glyph names, a ToUnicode map to U+FFFD, to the
private use area, or to the wrong Latin letters).

Nothing is embedded: text is drawn with a Type0 font (``/Identity-H`` or
``/Identity-V``) whose ``/ToUnicode`` CMap gives each glyph its character,
which is all a text extractor needs (there are no glyph outlines; a viewer
shows blanks). ASCII characters are half-width (500/1000 em), the rest
full-width, as in a Japanese font.

    doc = Doc()
    page = doc.page()                       # A4 portrait, top-down coordinates
    page.text(72, 100, "第1条（目的）")      # baseline-free: (x, top) of the text box
    doc.bytes()

Layout helpers (``wrap``, ``flow_horizontal``, ``flow_vertical``) set a
contract's lines into frames, the way a word processor fills a page or a
column, and ``contract_pdf(...)`` builds a whole document in one call.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

A4 = (595.0, 842.0)
NO_START = set("）)」』】〕］]｝}〉》、。，．,.・：:；;！!？?ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞ")
ASCENT = 0.88  # of the em, above the baseline (the font descriptor's /Ascent 880)


def em_width(ch: str) -> float:
    return 0.5 if ch.isascii() else 1.0


# --- fonts ----------------------------------------------------------------------------


class CIDFont:
    """A Type0 font with an Identity-H / Identity-V encoding and a ToUnicode
    CMap. ``unicode_of`` can map a character to what the CMap should claim
    (U+FFFD, a private-use code, a wrong letter) to make unreadable text."""

    def __init__(self, name: str, vertical: bool = False, unicode_of=None, widths_full: bool = False,
                 basefont: str = ""):
        self.name = name
        self.basefont = basefont or "KL" + name
        self.vertical = vertical
        self.cids: dict[str, int] = {}
        self.unicode_of = unicode_of or (lambda ch: ch)
        self.widths_full = widths_full  # every glyph 1 em wide (a CJK font's glyphs)

    def encode(self, text: str) -> bytes:
        out = []
        for ch in text:
            cid = self.cids.setdefault(ch, len(self.cids) + 1)
            out.append(b"%04x" % cid)
        return b"<" + b"".join(out) + b">"

    def width(self, ch: str) -> float:
        return 1.0 if self.widths_full else em_width(ch)

    def objects(self, first_id: int) -> list[bytes]:
        """[Type0 font, CIDFont, ToUnicode stream, FontDescriptor] from first_id."""
        half = [cid for ch, cid in self.cids.items() if self.width(ch) < 1]
        w = b" ".join(b"%d [500]" % cid for cid in sorted(half))
        bfchars = []
        for ch, cid in sorted(self.cids.items(), key=lambda kv: kv[1]):
            u = self.unicode_of(ch)
            bfchars.append(b"<%04x> <%s>" % (cid, u.encode("utf-16-be").hex().encode()))
        cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
                b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
                b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def "
                b"1 begincodespacerange <0000> <ffff> endcodespacerange\n")
        for i in range(0, len(bfchars), 100):
            chunk = bfchars[i:i + 100]
            cmap += b"%d beginbfchar\n" % len(chunk) + b"\n".join(chunk) + b"\nendbfchar\n"
        cmap += b"endcmap CMapName currentdict /CMap defineresource pop end end"
        base = b"/" + self.basefont.encode()
        enc = b"/Identity-V" if self.vertical else b"/Identity-H"
        return [
            b"<< /Type /Font /Subtype /Type0 /BaseFont %s /Encoding %s /DescendantFonts [%d 0 R] "
            b"/ToUnicode %d 0 R >>" % (base, enc, first_id + 1, first_id + 2),
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont %s "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/FontDescriptor %d 0 R /DW 1000 /W [%s] /DW2 [880 -1000] >>" % (base, first_id + 3, w),
            stream(cmap),
            b"<< /Type /FontDescriptor /FontName %s /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 "
            b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>" % base,
        ]


class Type3Font:
    """A Type3 font whose glyphs are named /g1, /g2, ... with no ToUnicode
    map: an extractor cannot tell what the glyphs are (it returns the raw
    codes). At most 255 distinct characters."""

    def __init__(self, name: str):
        self.name = name
        self.codes: dict[str, int] = {}

    def encode(self, text: str) -> bytes:
        out = bytearray()
        for ch in text:
            code = self.codes.setdefault(ch, len(self.codes) + 1)
            if code > 255:
                raise ValueError("a Type3 font holds at most 255 glyphs")
            out.append(code)
        return b"<" + out.hex().encode() + b">"

    def width(self, ch: str) -> float:
        return 1.0

    def objects(self, first_id: int) -> list[bytes]:
        n = max(len(self.codes), 1)
        names = b" ".join(b"/g%d" % i for i in range(1, n + 1))
        procs = b" ".join(b"/g%d %d 0 R" % (i, first_id + 2) for i in range(1, n + 1))
        return [
            b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] "
            b"/CharProcs %d 0 R /Encoding << /Type /Encoding /Differences [1 %s] >> "
            b"/FirstChar 1 /LastChar %d /Widths [%s] /Resources << >> >>"
            % (first_id + 1, names, n, b" ".join(b"1000" for _ in range(n))),
            b"<< " + procs + b" >>",
            stream(b"1000 0 0 0 1000 1000 d1 100 100 800 800 re f"),
        ]


HELVETICA = "Helvetica"  # a standard Type1 font (WinAnsi), for English text


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


# --- pages ------------------------------------------------------------------------------


def _latin1(text: str) -> bytes:
    return b"(" + text.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


@dataclass
class Annot:
    """An annotation: ``kind`` "FreeText" or "Widget" (a text form field)."""
    kind: str
    rect: tuple  # (x0, top, x1, bottom), top-down page coordinates
    lines: list  # [(x, top, text)] relative to the rect's top-left, drawn in the appearance
    contents: str
    size: float = 10.5
    flags: int = 4  # Print
    with_appearance: bool = True


@dataclass
class Page:
    doc: "Doc"
    width: float = A4[0]
    height: float = A4[1]
    rotate: int = 0
    ops: list = field(default_factory=list)
    annots: list = field(default_factory=list)
    fonts_used: set = field(default_factory=set)
    matrix: Optional[tuple] = None  # a cm applied to the whole content (rotated content)

    def text(self, x: float, top: float, text: str, size: float = 10.5, font: str = "H",
             rotate: int = 0) -> float:
        """Draw ``text`` with its em box's top-left at (x, top) (top-down
        coordinates), advancing to the right (or, for a vertical font, down).
        ``rotate`` 90 turns the glyphs a quarter turn clockwise, advancing
        down the page (sideways Latin in vertical writing). Returns the
        advance in points."""
        f = self.doc.font(font)
        self.fonts_used.add(font)
        y = self.height - top
        if isinstance(f, CIDFont) and f.vertical:
            # the glyph origin of vertical writing is the top centre of the em box
            tm = b"1 0 0 1 %.2f %.2f Tm" % (x + size / 2, y - size * (1 - ASCENT))
            adv = size * len(text)
        elif rotate == 90:
            # turned clockwise: the baseline runs down, the ascent faces right
            tm = b"0 -1 1 0 %.2f %.2f Tm" % (x + size * (1 - ASCENT), y)
            adv = size * sum(self._w(f, ch) for ch in text)
        else:
            tm = b"1 0 0 1 %.2f %.2f Tm" % (x, y - size * ASCENT)
            adv = size * sum(self._w(f, ch) for ch in text)
        data = _latin1(text) if f == HELVETICA else f.encode(text)
        self.ops.append(b"BT /%s %.2f Tf %s %s Tj ET" % (font.encode(), size, tm, data))
        return adv

    @staticmethod
    def _w(f, ch: str) -> float:
        if f == HELVETICA:
            return 0.5
        return f.width(ch)

    def raw(self, op: bytes) -> None:
        self.ops.append(op)

    def content(self) -> bytes:
        body = b"\n".join(self.ops)
        if self.matrix is not None:
            body = b"q %s cm\n" % " ".join("%g" % v for v in self.matrix).encode() + body + b"\nQ"
        return body


class Doc:
    """A PDF under construction: pages, fonts made on first use."""

    def __init__(self):
        self.pages: list[Page] = []
        self.fonts: dict = {}
        self.font_makers = {
            "H": lambda: CIDFont("H"),
            "V": lambda: CIDFont("V", vertical=True),
            "L": lambda: HELVETICA,
            "@": lambda: CIDFont("@", basefont="KLABCD+@KLMincho"),  # a Windows vertical font: "@" name
        }
        self.fields: list = []  # (page index, annot) of form fields

    def font(self, name: str):
        if name not in self.fonts:
            self.fonts[name] = self.font_makers[name]()
        return self.fonts[name]

    def add_font(self, name: str, font) -> None:
        self.font_makers[name] = lambda: font

    def page(self, width: float = A4[0], height: float = A4[1], rotate: int = 0) -> Page:
        p = Page(self, width, height, rotate)
        self.pages.append(p)
        return p

    def bytes(self, truncate: bool = False) -> bytes:
        objs: list[bytes] = [b"", b""]  # catalog, pages

        def add(b: bytes) -> int:
            objs.append(b)
            return len(objs)

        # fonts go after the pages' content streams, once every glyph is known
        page_ids = []
        content_ids = []
        for p in self.pages:
            content_ids.append(add(stream(p.content())))
            page_ids.append(add(b""))
        font_ids = {}
        for name, f in self.fonts.items():
            if f == HELVETICA:
                font_ids[name] = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                                     b"/Encoding /WinAnsiEncoding >>")
            else:
                start = len(objs) + 1
                for o in f.objects(start):
                    add(o)
                font_ids[name] = start
        font_dict = b"<< " + b" ".join(b"/%s %d 0 R" % (n.encode(), i) for n, i in font_ids.items()) + b" >>"
        fields = []
        for p, pid, cid in zip(self.pages, page_ids, content_ids):
            annot_ids = [self._annot(a, p, pid, font_dict, add, fields) for a in p.annots]
            annots = b" /Annots [%s]" % b" ".join(b"%d 0 R" % i for i in annot_ids) if annot_ids else b""
            rot = b" /Rotate %d" % p.rotate if p.rotate else b""
            objs[pid - 1] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g]%s /Contents %d 0 R "
                             b"/Resources << /Font %s >>%s >>" % (p.width, p.height, rot, cid, font_dict, annots))
        acro = (b" /AcroForm << /Fields [%s] /DR << /Font %s >> >>"
                % (b" ".join(b"%d 0 R" % i for i in fields), font_dict)) if fields else b""
        objs[0] = b"<< /Type /Catalog /Pages 2 0 R%s >>" % acro
        objs[1] = (b"<< /Type /Pages /Count %d /Kids [%s] >>"
                   % (len(page_ids), b" ".join(b"%d 0 R" % i for i in page_ids)))
        return _serialise(objs, truncate)

    def _annot(self, a: Annot, page: Page, page_id: int, font_dict: bytes, add, fields) -> int:
        x0, top, x1, bottom = a.rect
        h = page.height
        rect = b"[%.2f %.2f %.2f %.2f]" % (x0, h - bottom, x1, h - top)
        ap = b""
        if a.with_appearance:
            f = self.font("H")
            ops = []
            for dx, dy, text in a.lines:
                y = (bottom - top) - dy - a.size * ASCENT
                ops.append(b"BT /H %.2f Tf 1 0 0 1 %.2f %.2f Tm %s Tj ET" % (a.size, dx, y, f.encode(text)))
            ap_id = add(stream(b"\n".join(ops), b"/Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] "
                                                b"/Resources << /Font %s >> " % (x1 - x0, bottom - top, font_dict)))
            ap = b" /AP << /N %d 0 R >>" % ap_id
        contents = b"<feff" + a.contents.encode("utf-16-be").hex().encode() + b">"
        if a.kind == "FreeText":
            return add(b"<< /Type /Annot /Subtype /FreeText /Rect %s /Contents %s /DA (/H %.1f Tf 0 g) /F %d "
                       b"/P %d 0 R%s >>" % (rect, contents, a.size, a.flags, page_id, ap))
        fid = add(b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (field%d) /V %s /Rect %s /DA (/H %.1f Tf 0 g) "
                  b"/F %d /P %d 0 R /Ff 4096%s >>" % (len(fields) + 1, contents, rect, a.size, a.flags, page_id, ap))
        fields.append(fid)
        return fid


def _serialise(objs: list[bytes], truncate: bool) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


# --- wrapping and flowing text -----------------------------------------------------------------


@dataclass
class Line:
    text: str
    first: bool  # the first line of its paragraph
    size: float = 10.5
    centred: bool = False
    gap_before: float = 0.0  # extra space before the line, in line pitches


def _units(text: str) -> list[str]:
    """Unbreakable units: a run of ASCII letters / digits, or one character."""
    out: list[str] = []
    for ch in text:
        if out and ch.isascii() and ch.isalnum() and out[-1][-1].isascii() and out[-1][-1].isalnum():
            out[-1] += ch
        else:
            out.append(ch)
    return out


def wrap(text: str, width_em: float) -> list[str]:
    """Greedy line breaking at ``width_em`` ems; a character that may not
    start a line (、。）…) takes the last unit of the full line with it to the
    next line (追い出し), as a word processor does."""
    lines: list[list[str]] = []
    cur: list[str] = []
    w = 0.0
    for u in _units(text):
        uw = sum(em_width(c) for c in u)
        if cur and w + uw > width_em + 1e-6:
            carry: list[str] = []
            while u in NO_START and len(cur) > 1 and (not carry or carry[0] in NO_START):
                carry.insert(0, cur.pop())
                if carry[0] not in NO_START:
                    break
            lines.append(cur)
            cur = carry
            w = sum(em_width(c) for x in cur for c in x)
        cur.append(u)
        w += uw
    if cur:
        lines.append(cur)
    return ["".join(x) for x in lines]


def contract_lines(text: str, width_em: float, size: float = 10.5, title_size: float = 16.0) -> list[Line]:
    """The contract's lines as a word processor sets them: the first line a
    centred title, a blank line of the text makes a gap, every other line is
    a paragraph wrapped at ``width_em``."""
    out: list[Line] = []
    gap = 0.0
    for i, para in enumerate(text.splitlines()):
        if not para.strip():
            gap = 1.0
            continue
        if not out:
            out.append(Line(para, True, title_size, centred=True))
            gap = 1.0
            continue
        for j, piece in enumerate(wrap(para, width_em)):
            out.append(Line(piece, j == 0, size, gap_before=gap if j == 0 else 0.0))
        gap = 0.0
    return out


@dataclass
class Frame:
    """A rectangle text flows into (top-down page coordinates)."""
    x0: float
    top: float
    x1: float
    bottom: float


def flow_horizontal(pages: list[list[Frame]], lines: list[Line], doc: Doc, pitch: float = 1.5,
                    page_kw: Optional[dict] = None, footer: bool = False) -> list[Page]:
    """Set lines top to bottom into each frame in turn (a frame per column),
    starting a new page when a page's frames are full. ``pages`` gives the
    frames of page 1, 2, ...; the last entry is reused."""
    made: list[Page] = []
    i = 0
    n = 0
    while i < len(lines):
        frames = pages[min(n, len(pages) - 1)]
        page = doc.page(**(page_kw or {}))
        made.append(page)
        for fr in frames:
            top = fr.top
            while i < len(lines):
                ln = lines[i]
                step = ln.size * pitch
                top += ln.gap_before * step if top > fr.top else 0
                if top + ln.size > fr.bottom:
                    break
                w = sum(em_width(c) for c in ln.text) * ln.size
                x = (fr.x0 + fr.x1 - w) / 2 if ln.centred else fr.x0
                page.text(x, top, ln.text, ln.size)
                top += step
                i += 1
        if footer:
            label = f"- {len(made)} -"
            page.text(page.width / 2 - 5 * 0.5 * 10, page.height - 40, label, 10)
        n += 1
    return made


def flow_vertical(pages: list[list[Frame]], lines: list[Line], doc: Doc, pitch: float = 1.6,
                  mode: str = "identity-v", digits: str = "rotate", footer: bool = False,
                  page_kw: Optional[dict] = None) -> list[Page]:
    """Set lines as vertical columns, right to left, each top to bottom, into
    each frame in turn (a frame per tier 段), a new page when full.

    mode "identity-v": runs of full-width characters drawn with an
    Identity-V font in one string (the viewer advances down); "positioned":
    every character placed on its own, upright, with a horizontal font (as
    LibreOffice writes vertical text); "at-font": a horizontal font named
    "@…" drawn turned 90° (Word's vertical text with a Windows "@" font). digits "rotate": ASCII turned
    sideways; "tcy": runs of up to three ASCII characters set side by side
    across the column (縦中横)."""
    made: list[Page] = []
    i = 0
    n = 0
    while i < len(lines):
        frames = pages[min(n, len(pages) - 1)]
        page = doc.page(**(page_kw or {}))
        made.append(page)
        for fr in frames:
            right = fr.x1
            while i < len(lines):
                ln = lines[i]
                step = ln.size * pitch
                right -= ln.gap_before * step if right < fr.x1 else 0
                if right - ln.size < fr.x0:
                    break
                length = _vlength(ln.text, digits) * ln.size
                top = fr.top + ((fr.bottom - fr.top) - length) / 2 if ln.centred else fr.top
                _column(page, right - ln.size, top, ln.text, ln.size, mode, digits)
                right -= step
                i += 1
        if footer:
            label = f"- {len(made)} -"
            page.text(page.width / 2 - 5 * 0.5 * 10, page.height - 40, label, 10)
        n += 1
    return made


def _vruns(text: str, digits: str) -> list[tuple[str, str]]:
    """(kind, text): "cjk" upright runs, "latin" runs (sideways or 縦中横)."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        kind = "latin" if ch.isascii() and ch != " " else "cjk"
        if runs and runs[-1][0] == kind and not (kind == "latin" and digits == "tcy" and len(runs[-1][1]) >= 3):
            runs[-1] = (kind, runs[-1][1] + ch)
        else:
            runs.append((kind, ch))
    return runs


def _vlength(text: str, digits: str) -> float:
    n = 0.0
    for kind, run in _vruns(text, digits):
        n += len(run) if kind == "cjk" else (1.0 if digits == "tcy" else 0.5 * len(run))
    return n


def _column(page: Page, x: float, top: float, text: str, size: float, mode: str, digits: str) -> None:
    for kind, run in _vruns(text, digits):
        if kind == "cjk":
            if mode == "at-font":  # a Windows "@" font: turned glyphs drawn turned back, in one string
                top += page.text(x, top, run, size, font="@", rotate=90)
                continue
            if mode == "identity-v":
                page.text(x, top, run, size, font="V")
            else:
                for k, ch in enumerate(run):
                    page.text(x, top + k * size, ch, size)
            top += len(run) * size
        elif digits == "tcy":
            w = 0.5 * size * len(run)
            page.text(x + (size - w) / 2, top, run, size * (1 if len(run) <= 2 else 2 / 3))
            top += size
        else:
            top += page.text(x, top, run, size, rotate=90)


# --- whole documents -------------------------------------------------------------------------------

MARGIN = 72.0


def single_frame(width=A4[0], height=A4[1], margin=MARGIN) -> list[list[Frame]]:
    return [[Frame(margin, margin, width - margin, height - margin)]]


def columns_frames(n: int, gutter: float = 24.0, title_band: float = 0.0, width=A4[0], height=A4[1],
                   margin=MARGIN) -> list[Frame]:
    col = (width - 2 * margin - (n - 1) * gutter) / n
    return [Frame(margin + k * (col + gutter), margin + title_band, margin + k * (col + gutter) + col,
                  height - margin) for k in range(n)]


def horizontal_pdf(text: str, size: float = 10.5, rotate: int = 0, footer: bool = False,
                   width_em: Optional[float] = None) -> bytes:
    doc = Doc()
    frames = single_frame()
    fr = frames[0][0]
    lines = contract_lines(text, width_em or int((fr.x1 - fr.x0) / size), size)
    pages = flow_horizontal(frames, lines, doc, footer=footer)
    for p in pages:
        p.rotate = rotate
    return doc.bytes()


def vertical_pdf(text: str, size: float = 10.5, mode: str = "identity-v", digits: str = "rotate",
                 footer: bool = False, tiers: int = 1) -> bytes:
    doc = Doc()
    w, h = A4
    if tiers == 1:
        frames = [[Frame(MARGIN, MARGIN, w - MARGIN, h - MARGIN)]]
    else:
        band = (h - 2 * MARGIN - (tiers - 1) * 2 * size) / tiers
        frames = [[Frame(MARGIN, MARGIN + k * (band + 2 * size), w - MARGIN, MARGIN + k * (band + 2 * size) + band)
                   for k in range(tiers)]]
    length_em = int((frames[0][0].bottom - frames[0][0].top) / size)
    lines = contract_lines(text, length_em, size, title_size=size * 1.4)
    flow_vertical(frames, lines, doc, mode=mode, digits=digits, footer=footer)
    return doc.bytes()


def columns_pdf(text: str, n: int = 2, size: float = 10.5, gutter: float = 24.0, title_full_width: bool = True,
                footer: bool = True) -> bytes:
    """The contract in ``n`` columns; its title (and the preamble, when
    ``title_full_width``) set across the page above them."""
    doc = Doc()
    w, h = A4
    lines_all = text.splitlines()
    title = next(l for l in lines_all if l.strip())
    rest = "\n".join(lines_all[lines_all.index(title) + 1:])
    band = 0.0
    first = doc.page()
    if title_full_width:
        tw = sum(em_width(c) for c in title) * 16
        first.text((w - tw) / 2, MARGIN, title, 16)
        band = 40.0
    else:
        rest = text
    cols = columns_frames(n, gutter)
    fr = cols[0]
    lines = contract_lines("x\n" + rest, int((fr.x1 - fr.x0) / size), size)[1:]
    doc.pages.pop()  # flow_horizontal makes its own pages; keep the title page's drawing
    pages = flow_horizontal([columns_frames(n, gutter, band), cols], lines, doc, footer=footer)
    pages[0].ops[:0] = first.ops
    return doc.bytes()


def mixed_rotations_pdf(text: str, rotations=(0, 90, 180, 270), size: float = 10.5) -> bytes:
    """The contract over several pages, each turned by its own /Rotate."""
    doc = Doc()
    frames = [[Frame(MARGIN, MARGIN, A4[0] - MARGIN, A4[1] / 3)]]
    fr = frames[0][0]
    lines = contract_lines(text, int((fr.x1 - fr.x0) / size), size)
    pages = flow_horizontal(frames, lines, doc)
    for i, p in enumerate(pages):
        p.rotate = rotations[i % len(rotations)]
    return doc.bytes()


def rotated_content_pdf(text: str, turn: int = 90, size: float = 10.5) -> bytes:
    """The contract drawn on landscape pages with its content turned a
    quarter turn (counter-clockwise for ``turn`` 90: it reads bottom to top),
    as a sideways scan's text layer is; no /Rotate."""
    doc = Doc()
    lines = contract_lines(text, int((A4[0] - 2 * MARGIN) / size), size)
    pages = flow_horizontal(single_frame(), lines, doc)
    w, h = A4
    for p in pages:
        p.width, p.height = h, w
        # portrait (x, y) -> landscape: turned 90° counter-clockwise (or clockwise for 270)
        p.matrix = (0, 1, -1, 0, h, 0) if turn == 90 else (0, -1, 1, 0, 0, w)
    return doc.bytes()


def skewed_pdf(text: str, degrees: float = 3.0, size: float = 10.5) -> bytes:
    """The contract with every page's content turned ``degrees`` about the
    page's centre, as the text layer of a scan fed in slightly askew."""
    import math as _m

    doc = Doc()
    pages = flow_horizontal(single_frame(), contract_lines(text, int((A4[0] - 2 * MARGIN) / size), size), doc)
    t = _m.radians(-degrees)  # clockwise on the page as shown
    c, s = _m.cos(t), _m.sin(t)
    cx, cy = A4[0] / 2, A4[1] / 2
    for p in pages:
        p.matrix = (c, s, -s, c, cx - c * cx + s * cy, cy - s * cx - c * cy)
    return doc.bytes()


def vertical_cover_pdf(text: str, size: float = 10.5) -> bytes:
    """A vertical title page (the title and the parties in columns) before
    the contract set horizontally."""
    doc = Doc()
    w, h = A4
    cover = doc.page()
    lines = [l for l in text.splitlines() if l.strip()]
    title = lines[0]
    parties = [l for l in lines if l.startswith(("甲　", "乙　"))]
    x = w / 2 + 20
    for col in [title, ""] + parties:
        if col:
            _column(cover, x, 150, col, 18 if col == title else size, "identity-v", "rotate")
        x -= 40
    frames = single_frame()
    fr = frames[0][0]
    body = contract_lines(text, int((fr.x1 - fr.x0) / size), size)
    flow_horizontal(frames, body, doc)
    return doc.bytes()


def freetext_pdf(text: str, article: str, hidden: bool = False, as_field: bool = False,
                 appearance: bool = True, size: float = 10.5, shift: float = 0.0) -> bytes:
    """The contract with one article (the lines starting at ``article`` up to
    the next 第N条) left out of the page content and shown instead by a
    FreeText annotation (or a text form field) in the space it leaves
    (``shift`` points lower: part of it off the page)."""
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith(article))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("第"))
    body = "\n".join(lines[:start] + ["（この条は入力欄）"] + lines[end:])
    doc = Doc()
    frames = single_frame()
    fr = frames[0][0]
    width_em = int((fr.x1 - fr.x0) / size)
    flowed = contract_lines(body, width_em, size)
    # leave room for the annotation after the placeholder line
    art = [piece for para in lines[start:end] for piece in wrap(para, width_em)]
    for ln in flowed:
        if ln.text.startswith("（この条は入力欄）"):
            idx = flowed.index(ln)
            flowed[idx + 1].gap_before = len(art) + 0.5
            break
    pages = flow_horizontal(frames, flowed, doc)
    page = pages[0]
    top = _top_of(page, "（この条は入力欄）", size) + size * 1.5
    pitch = size * 1.5
    rect = (fr.x0, top + shift, fr.x1, top + shift + pitch * len(art))
    annot = Annot("Widget" if as_field else "FreeText", rect,
                  [(0, k * pitch, piece) for k, piece in enumerate(art)], "\r".join(lines[start:end]), size,
                  flags=(4 | 2) if hidden else 4, with_appearance=appearance)
    page.annots.append(annot)
    if appearance:
        doc.font("H").encode("".join(art))  # the appearance's glyphs are in the font
    return doc.bytes()


def _top_of(page: Page, text: str, size: float) -> float:
    """Where ``flow_horizontal`` put the line starting with ``text`` (its top)."""
    f = page.doc.font("H")
    enc = f.encode(text)
    for op in page.ops:
        if enc[1:-1] in op:
            y = float(op.split(b" Tm")[0].split()[-1])
            return page.height - y - size * ASCENT
    raise ValueError(text)


def unreadable_pdf(text: str, kind: str, pages: Optional[set] = None, size: float = 10.5) -> bytes:
    """The contract set with a font whose text cannot be extracted: "type3"
    (glyphs /g1.. without names), "fffd" (a ToUnicode map to U+FFFD), "pua"
    (to private-use codes), "latin" (to the wrong ASCII letters, as a broken
    CMap gives). ``pages``: only those pages (1-based) use it, and the text
    is spread over more pages (a third of a page each)."""
    doc = Doc()
    if kind == "type3":
        doc.add_font("X", Type3Font("X"))
    else:
        mapping = {"fffd": lambda ch: "\ufffd",
                   "pua": lambda ch: chr(0xE000 + (ord(ch) % 0x1000)),
                   "latin": lambda ch: chr(0x21 + (ord(ch) * 7) % 94)}[kind]
        doc.add_font("X", CIDFont("X", unicode_of=mapping, widths_full=True))
    frames = single_frame() if pages is None else [[Frame(MARGIN, MARGIN, A4[0] - MARGIN, A4[1] / 3)]]
    fr = frames[0][0]
    lines = contract_lines(text, int((fr.x1 - fr.x0) / size), size)
    made = flow_horizontal(frames, lines, doc)
    for i, p in enumerate(made, start=1):
        if pages is None or i in pages:
            p.ops = [_refont(op, doc) for op in p.ops]
    return doc.bytes()


def _refont(op: bytes, doc: Doc) -> bytes:
    """A text-showing operation of font H redrawn with font X."""
    h, x = doc.font("H"), doc.font("X")
    if not op.startswith(b"BT /H "):
        return op
    hexs = op.split(b"<")[1].split(b">")[0]
    inv = {cid: ch for ch, cid in h.cids.items()}
    text = "".join(inv[int(hexs[i:i + 4], 16)] for i in range(0, len(hexs), 4))
    doc.fonts.setdefault("X", x)
    return op.replace(b"/H ", b"/X ", 1).replace(b"<" + hexs + b">", x.encode(text))


def watermark(page: Page, text: str = "社外秘　複製禁止", size: float = 48.0, angle: float = 45.0) -> None:
    """A diagonal watermark across the page."""
    import math as _m

    f = page.doc.font("H")
    page.fonts_used.add("H")
    c, s = _m.cos(_m.radians(angle)), _m.sin(_m.radians(angle))
    page.ops.append(b"BT /H %.2f Tf %.4f %.4f %.4f %.4f %.2f %.2f Tm %s Tj ET"
                    % (size, c, s, -s, c, 120, 200, f.encode(text)))
