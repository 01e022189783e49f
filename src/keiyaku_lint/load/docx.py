"""DOCX -> text blocks, read straight from the zip with zipfile + lxml.

The rule: read what Word shows in Print Layout with hidden text off, and say
(as a per-file notice, ``errors.NOTICES`` W101-W107) what was not read or was
read in a particular way. What counts as body text (decided here, once):

* The package: .docx, .docm, .dotx and .dotm are the same OOXML format; the
  main part is the target of the ``officeDocument`` relationship in
  ``_rels/.rels`` (``word/document.xml`` when that is missing). Macros are
  never run; a macro-enabled file is only read.
* Body paragraphs and table cells, in document order (``w:body`` children:
  ``w:p``, ``w:tbl``, and the content of ``w:sdt`` / ``w:customXml`` /
  ``mc:AlternateContent``). Each non-empty table-cell paragraph is its own
  block with ``kind="table_cell"`` and ``Location.table = (table, row,
  column)``: the table index is the index of the ``w:tbl`` element in
  ``body.iter(w:tbl)`` (every table of the body in document order, nested
  tables and tables in text boxes included, the outer table first), the row
  counts ``w:tr`` of that table, the column is the grid column
  (``w:gridBefore`` and ``w:gridSpan`` counted). A table outside the body (in
  a footnote, an embedded chunk) gives ``table_cell`` blocks with
  ``Location.table = None``.
* ``Location.paragraph`` is the index of the paragraph's ``w:p`` element in
  ``body.iter(w:p)``: every ``w:p`` under ``w:body`` in document order, table
  cells, empty paragraphs and text-box paragraphs (of both AlternateContent
  branches) included. It is therefore the index into
  ``[p for p in docx.Document(path).element.body.iter(qn("w:p"))]`` and lets a
  report put a Word comment on the right paragraph. Footnote and endnote
  blocks carry the index of the paragraph that references them; blocks read
  from an ``w:altChunk`` carry None (they are no ``w:p`` of the body).
  ``Location.line`` is the block's index in the output + 1.
* ``mc:AlternateContent`` (at block, paragraph and run level): the first
  ``mc:Choice`` whose ``Requires`` prefixes all name namespaces Word
  understands (``_MC_UNDERSTOOD``: wps, wpg, wpc, w14, w15, w16*, a14, ...) is
  read, otherwise ``mc:Fallback``; never both, so nothing is read twice.
* Text boxes (``w:txbxContent`` in a DrawingML ``wps:txbx`` or a VML
  ``v:textbox``, also inside groups, canvases and AlternateContent) are read
  once, as blocks of their own right after the paragraph that anchors them
  (after its merged paragraph when its mark is deleted or hidden), in the
  order of their anchors in that paragraph. They take the anchor's table
  location. Text boxes in hidden or deleted runs or in field instructions are
  not shown, so not read.
* Footnotes and endnotes that the body references (``w:footnoteReference`` /
  ``w:endnoteReference`` in a shown run; separator notes never are) are read
  like text boxes: as blocks right after the paragraph holding the first
  reference, each note once, and notice W103 says how many. A note is printed
  with the contract and binds like the article that refers to it, so a legal
  reader checks it as part of that article; skipping it would report a clause
  written in a note as missing, and reading all notes at the end would tie it
  to the last article instead.
* ``w:altChunk``, read in place: an HTML / XHTML chunk is parsed with
  lxml.html (no network, no entities; script, style, ``rt`` and elements
  hidden by ``hidden`` / ``display:none`` / ``mso-hide:all`` skipped; ``p``,
  ``div``, ``li``, ``td`` ... each a block, ``td`` / ``th`` as table cells), a
  plain-text chunk gives a block per non-empty line, an embedded DOCX is read
  with this same reader (at most ``MAX_CHUNK_DEPTH`` levels deep, sharing the
  size budget of the outer file): notice W102 names the kinds read. An RTF,
  MHT or other chunk, one nested too deeply, or a second reference to a chunk
  part already read (Word never writes one; reading it again would multiply
  the text) is not read: notice W101 names its kind.
* Word's automatic numbering is rendered as Word shows it (see ``Numbering``);
  the label is followed by one ASCII space for ``w:suff`` "tab" / "space"
  (none for "nothing"), and by no space when the text starts with an opening
  bracket: 「第1条（目的）」, 「第2条 定義」. Counter values are clamped to
  Word's range 0..32767 (``w:start``, ``w:startOverride``), levels outside
  0..8 are ignored, ``w:numStyleLink`` chains are followed at most 8 steps
  (cycles end there), and a label longer than ``MAX_LABEL_CHARS`` is cut to
  that length (notice W107).
* Tracked changes are read as accepted: ``w:ins`` / ``w:moveTo`` kept,
  ``w:del`` / ``w:moveFrom`` / ``w:delText`` and deleted table rows dropped;
  a deleted paragraph mark (``w:pPr/w:rPr/w:del`` or ``w:moveFrom``) joins the
  paragraph with the next one (the first paragraph's place and properties).
* Hidden text (``w:vanish``) is not read. The property is resolved per run as
  Word does for toggle properties (ECMA-376 Part 1 §17.7.3 with Word's
  behaviour from [MS-OI29500] 2.1.258): direct formatting in the run's
  ``w:rPr`` sets the value (``w:val="0"`` un-hides); otherwise start from
  ``w:docDefaults/w:rPrDefault``, then the table style and then the paragraph
  style (each the first value in its ``w:basedOn`` chain) *set* it, then the
  character style (``w:rStyle``, first value in its chain) *toggles* it when
  it says on. (LibreOffice lets a character style set the value instead, so
  it differs only when a paragraph style and a character style both hide a
  run.) A paragraph without ``w:pStyle`` uses the default paragraph style.
  The paragraph mark's ``w:pPr/w:rPr`` formats only the mark, never the runs;
  a hidden mark (``w:vanish`` resolved the same way, or ``w:specVanish``)
  joins the paragraph with the next one, as Word displays it; a paragraph
  whose mark and text are all hidden vanishes with its number (its number
  still counts). ``w:specVanish`` on an ordinary run is ignored, as the
  standard allows and Word and LibreOffice do. ``w:webHidden`` text is read:
  it is hidden only in Web Layout, and Word prints it. A numbering level whose
  ``w:rPr`` hides it shows no label. Text coloured like the page is not
  hidden text and is read.
* Ruby (振り仮名): the base text (``w:rubyBase``) is read, the reading
  (``w:rt``) is not.
* Not read: headers and footers (notice W104 when a paragraph of one reads
  like contract text: a sentence with 。 / ． of at least 15 characters, an
  article heading 第N条, or more than 80 characters; page numbers and titles
  do not count), comments, footnote / endnote reference marks, field
  instructions (``w:instrText``), the results of page-number fields (PAGE,
  NUMPAGES, SECTIONPAGES, PAGEREF), math, legacy VML WordArt
  (``v:textpath``), and the inside of embedded objects: OLE objects other
  than equations and pictures, charts and SmartArt holding text give notice
  W105. Results of other fields (dates, REF, TOC entries) are kept.
* Characters: ``w:tab`` / ``w:ptab`` become "\\t"; ``w:br`` / ``w:cr`` (and
  U+2028 / U+2029) join the pieces with nothing between Japanese characters
  and one space between Latin letters / digits, so ``Block.text`` never holds
  a line break of any kind. ``w:sym``: a symbol-font glyph in the private use
  area (U+E000-U+F8FF, where Symbol / Wingdings live) becomes "・", a value
  above U+10FFFF becomes U+FFFD, any other value is that character. Then,
  for every piece of text from any source (``w:t``, ``w:sym``, field results,
  numbering labels, chunks): C0 / C1 control characters (except tab) and DEL
  are dropped (Word draws nothing for them), surrogates (U+D800-U+DFFF) and
  noncharacters (U+FDD0-U+FDEF, U+xFFFE / U+xFFFF) become U+FFFD; notice
  W106 counts them. Block text is therefore always encodable as UTF-8. (A
  character reference to a C0 control such as ``&#x1B;`` is not well-formed
  XML 1.0: Word refuses such a file, and so does the loader, E107.) Bidi
  controls (U+202A-U+202E, U+2066-U+2069) are text Word obeys and are kept;
  showing them safely is the reports' job. Full-width spaces are kept; ASCII
  spaces and tabs at either end of a block are trimmed.
* ``Block.style`` is "title" for a paragraph in a Title / 表題 style, or for
  the first non-empty paragraph when it is centred and bold (resolved like
  ``w:vanish``) or >= 14 pt; "heading" for a paragraph in a Heading / 見出し
  style (or with an outline level), or an HTML h1-h6 in a chunk; otherwise
  None.

Safety: every member's declared size and compression ratio are checked before
anything is decompressed (E109), reads are capped at the declared size, the
parts of a file and of the DOCX chunks embedded in it share one size budget,
and XML is parsed with entity resolution, DTD loading and network access off;
a DTD declaring entities is refused (E116), in an HTML chunk too.
"""
from __future__ import annotations

import codecs
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Iterator, Optional

from lxml import etree

from ..errors import Bi, LoadError, notice
from ..model import Block, LoadedDocument, Location
from .numfmt import format_number

# --- limits -------------------------------------------------------------------
MAX_PART_BYTES = 64 << 20  # one decompressed part
MAX_TOTAL_BYTES = 256 << 20  # all parts together (the file and its embedded DOCX chunks)
MAX_RATIO = 200  # uncompressed / compressed, checked for parts above RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1 << 20
MAX_MEMBERS = 10_000
MAX_CHUNK_DEPTH = 2  # a DOCX altChunk inside a DOCX altChunk, no deeper
MAX_COUNTER_START = 32767  # Word's range for w:start / w:startOverride
MAX_LEVELS = 9  # w:ilvl 0..8
MAX_LVL_TEXT = 256  # characters of w:lvlText considered
MAX_LABEL_CHARS = 64  # characters of a rendered numbering label
MAX_STYLE_CHAIN = 32  # w:basedOn steps followed
MAX_STYLE_LINKS = 8  # w:numStyleLink steps followed

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
OFFICE_DOC_TYPES = ("/officeDocument",)
_ALTERNATE = f"{{{MC_NS}}}AlternateContent"

# Namespaces a Word 2010-365 reader understands: an mc:Choice requiring only
# these is what Word shows. Anything else (a future or made-up namespace) is
# not understood, and Word shows the mc:Fallback.
_MC_UNDERSTOOD = frozenset({
    W_MAIN, W_STRICT,
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/math",
    "http://purl.oclc.org/ooxml/drawingml/main",
    "http://purl.oclc.org/ooxml/drawingml/picture",
    "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "urn:schemas-microsoft-com:vml",
    "urn:schemas-microsoft-com:office:office",
    "urn:schemas-microsoft-com:office:word",
    "http://schemas.microsoft.com/office/word/2006/wordml",  # wne
    "http://schemas.microsoft.com/office/word/2010/wordml",  # w14
    "http://schemas.microsoft.com/office/word/2012/wordml",  # w15
    "http://schemas.microsoft.com/office/word/2015/wordml/symex",  # w16se
    "http://schemas.microsoft.com/office/word/2016/wordml/cid",  # w16cid
    "http://schemas.microsoft.com/office/word/2018/wordml",  # w16
    "http://schemas.microsoft.com/office/word/2018/wordml/cex",  # w16cex
    "http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash",  # w16sdtdh
    "http://schemas.microsoft.com/office/word/2023/wordml/word16du",  # w16du
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",  # wps
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",  # wpg
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",  # wpc
    "http://schemas.microsoft.com/office/word/2010/wordprocessingInk",  # wpi
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",  # wp14
    "http://schemas.microsoft.com/office/drawing/2010/main",  # a14
    "http://schemas.microsoft.com/office/drawing/2014/chartex",  # cx
    "http://schemas.microsoft.com/office/drawing/2015/9/8/chartex",  # cx1
    "http://schemas.microsoft.com/office/drawing/2015/10/21/chartex",  # cx2
    "http://schemas.microsoft.com/office/drawing/2016/5/9/chartex",  # cx3
    "http://schemas.microsoft.com/office/drawing/2016/5/10/chartex",  # cx4
    "http://schemas.microsoft.com/office/drawing/2016/5/11/chartex",  # cx5
    "http://schemas.microsoft.com/office/drawing/2016/5/12/chartex",  # cx6
    "http://schemas.microsoft.com/office/drawing/2016/5/13/chartex",  # cx7
    "http://schemas.microsoft.com/office/drawing/2016/5/14/chartex",  # cx8
    "http://schemas.microsoft.com/office/drawing/2016/ink",  # aink
    "http://schemas.microsoft.com/office/drawing/2017/model3d",  # am3d
    "http://schemas.microsoft.com/office/drawing/2016/SVG/main",  # asvg
})

_OPEN_BRACKETS = "（(「『【〔［[〈《｛{"
_PAGE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF", "SECTION"}
_FALSEY = {"0", "false", "off", "none"}
_BR = "\x00"  # placeholder for a line break until the block text is final
_ARTICLE = re.compile(r"第\s*[0-9０-９一二三四五六七八九十百千〇]+\s*条")


# --- characters -------------------------------------------------------------------

_DROPPED = "".join(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)))
_REPLACED = "".join(chr(c) for c in (*range(0xD800, 0xE000), *range(0xFDD0, 0xFDF0))) + "".join(
    chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
_BAD_CHAR = re.compile("[" + re.escape(_DROPPED + _REPLACED) + "]")
_LINE_SEPARATORS = str.maketrans({"\u2028": _BR, "\u2029": _BR})


def _clean(text: str) -> tuple[str, int]:
    """Text as Word draws it: control characters dropped, surrogates and
    noncharacters replaced by U+FFFD, U+2028 / U+2029 as line breaks.
    Returns the text and how many characters were dropped or replaced."""
    if not text:
        return "", 0
    bad = 0

    def fix(m: re.Match) -> str:
        nonlocal bad
        bad += 1
        return "" if m.group() in _DROPPED else "\ufffd"

    text = _BAD_CHAR.sub(fix, text)
    if "\u2028" in text or "\u2029" in text:
        text = text.translate(_LINE_SEPARATORS)
    return text, bad


def _sym_char(value: Optional[str]) -> str:
    """The character a ``w:sym w:char`` draws (before ``_clean``)."""
    if not value or re.fullmatch(r"[0-9A-Fa-f]{1,8}", value) is None:
        return ""
    code = int(value, 16)
    if 0xE000 <= code <= 0xF8FF:  # symbol fonts use the private use area
        return "・"
    return chr(code) if code <= 0x10FFFF else "\uffff"  # a noncharacter: _clean makes it U+FFFD and counts it


# --- the zip --------------------------------------------------------------------


def _other_zip_kind(names: set[str], zf: zipfile.ZipFile) -> Optional[str]:
    """What a zip without a Word main document is, if we can tell."""
    if "xl/workbook.xml" in names:
        return "Excel workbook (.xlsx)"
    if "ppt/presentation.xml" in names:
        return "PowerPoint presentation (.pptx)"
    if "mimetype" in names:
        try:
            info = zf.getinfo("mimetype")
            if info.file_size < 200:
                mt = zf.read("mimetype").decode("ascii", "replace").strip()
                if "opendocument.text" in mt:
                    return "OpenDocument text (.odt)"
                if "opendocument" in mt:
                    return "OpenDocument file"
                if "epub" in mt:
                    return "EPUB book"
        except Exception:
            pass
    if "META-INF/MANIFEST.MF" in names:
        return "Java archive (.jar)"
    if "[Content_Types].xml" in names:
        return None  # an OOXML package whose main part is missing: broken DOCX
    return "ZIP archive"


class _Package:
    """A guarded view of an OOXML zip. ``budget`` (a one-item list of bytes
    left) is shared with the packages embedded in it."""

    def __init__(self, zf: zipfile.ZipFile, path: str, budget: Optional[list] = None):
        self.zf = zf
        self.path = path
        self.budget = budget if budget is not None else [MAX_TOTAL_BYTES]
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise LoadError("E109", path=path, reason=f"{len(infos)} parts in the zip")
        total = 0
        self.infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            size = info.file_size
            total += size
            if size > MAX_PART_BYTES:
                raise LoadError("E109", path=path,
                                reason=f"part {info.filename} expands to {size >> 20} MB")
            if size > RATIO_MIN_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
                raise LoadError("E109", path=path,
                                reason=f"part {info.filename} is compressed {size // max(info.compress_size, 1)}:1 (zip bomb?)")
            self.infos[info.filename] = info
        if total > self.budget[0]:
            raise LoadError("E109", path=path, reason=f"contents expand to {total >> 20} MB")
        self.budget[0] -= total
        self._rels: dict[str, dict[str, tuple[str, str]]] = {}
        self._types: Optional[tuple[dict[str, str], dict[str, str]]] = None

    def has(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str) -> bytes:
        info = self.infos[name]
        if info.flag_bits & 0x1:
            raise LoadError("E106", path=self.path)
        with self.zf.open(info) as fh:
            data = fh.read(info.file_size + 1)
        if len(data) > info.file_size:  # the header lied about the size
            raise LoadError("E109", path=self.path, reason=f"part {name} is larger than declared")
        return data

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), name, self.path)

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationships of a part: rId -> (type, resolved target part name)."""
        if part in self._rels:
            return self._rels[part]
        base = posixpath.dirname(part)
        rels_name = posixpath.join(base, "_rels", posixpath.basename(part) + ".rels")
        out: dict[str, tuple[str, str]] = {}
        if self.has(rels_name):
            for rel in self.xml(rels_name).iter(f"{{{REL_NS}}}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target") or ""
                if target.startswith("/"):
                    resolved = target.lstrip("/")
                else:
                    resolved = posixpath.normpath(posixpath.join(base, target))
                out[rel.get("Id") or ""] = (rel.get("Type") or "", resolved)
        self._rels[part] = out
        return out

    def related(self, part: str, rtype: str) -> Optional[str]:
        """The first existing target of ``part``'s relationships of a type
        ending in ``rtype`` ("/styles", "/footnotes" ...)."""
        for t, target in self.rels(part).values():
            if t.endswith(rtype) and self.has(target):
                return target
        return None

    def content_type(self, name: str) -> str:
        """The part's content type from [Content_Types].xml (lower case,
        without parameters), or "" when the package does not say."""
        if self._types is None:
            overrides: dict[str, str] = {}
            defaults: dict[str, str] = {}
            if self.has("[Content_Types].xml"):
                root = self.xml("[Content_Types].xml")
                for el in root.iter(f"{{{CT_NS}}}Override"):
                    overrides[(el.get("PartName") or "").lstrip("/").lower()] = el.get("ContentType") or ""
                for el in root.iter(f"{{{CT_NS}}}Default"):
                    defaults[(el.get("Extension") or "").lower()] = el.get("ContentType") or ""
            self._types = (overrides, defaults)
        overrides, defaults = self._types
        ctype = overrides.get(name.lower())
        if ctype is None:
            ctype = defaults.get(posixpath.splitext(name)[1].lstrip(".").lower(), "")
        return ctype.split(";")[0].strip().lower()


_ENTITY_MARKERS = (b"<!ENTITY", "<!ENTITY".encode("utf-16-le"), "<!ENTITY".encode("utf-16-be"))


def _refuse_entities(data: bytes, part: str, path: str) -> None:
    if any(m in data for m in _ENTITY_MARKERS):
        raise LoadError("E116", path=path, reason=f"{part} declares XML entities")


def parse_xml(data: bytes, part: str, path: str) -> etree._Element:
    """Parse one XML part with a hardened parser. Entity declarations are
    refused outright (E116): they are never legitimate in OOXML and are how
    billion-laughs and external-entity (XXE) attacks start."""
    _refuse_entities(data, part, path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, dtd_validation=False, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise LoadError("E107", path=path, reason=f"{part}: {e}") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise LoadError("E116", path=path, reason=f"{part} declares XML entities")
    return root


def _main_part(pkg: _Package, path: str) -> str:
    """The main document part: the officeDocument relationship's target (for
    .docx, .docm, .dotx and .dotm alike), else word/document.xml."""
    if not pkg.has("word/document.xml"):
        other = _other_zip_kind(set(pkg.infos), pkg.zf)
        if other is not None:
            raise LoadError("E108", path=path, actual=other)
    target = pkg.related("", OFFICE_DOC_TYPES[0])
    if target is not None:
        return target
    if pkg.has("word/document.xml"):
        return "word/document.xml"
    raise LoadError("E107", path=path, reason="word/document.xml is missing")


# --- styles and numbering -------------------------------------------------------------


def _on(el: Optional[etree._Element], w: str) -> Optional[bool]:
    """A WordprocessingML on/off property: None when absent."""
    if el is None:
        return None
    return (el.get(f"{{{w}}}val") or "true").lower() not in _FALSEY


class _Styles:
    def __init__(self, root: Optional[etree._Element], w: str):
        self.w = w
        self.by_id: dict[str, etree._Element] = {}
        self.default_para: Optional[str] = None
        self.default_sz: Optional[int] = None
        self.default_rpr: Optional[etree._Element] = None
        self._found: dict[tuple, Optional[etree._Element]] = {}
        self._toggles: dict[tuple, bool] = {}
        if root is None:
            return
        for st in root.iter(f"{{{w}}}style"):
            sid = st.get(f"{{{w}}}styleId")
            if sid is None:
                continue
            self.by_id.setdefault(sid, st)
            if st.get(f"{{{w}}}type") == "paragraph" and (st.get(f"{{{w}}}default") or "").lower() in ("1", "true", "on"):
                self.default_para = sid
        self.default_rpr = root.find(f"{{{w}}}docDefaults/{{{w}}}rPrDefault/{{{w}}}rPr")
        sz = self.default_rpr.find(f"{{{w}}}sz") if self.default_rpr is not None else None
        if sz is not None:
            self.default_sz = _int(sz.get(f"{{{w}}}val"))

    def chain(self, sid: Optional[str]) -> Iterator[etree._Element]:
        seen = set()
        while sid and sid in self.by_id and sid not in seen and len(seen) < MAX_STYLE_CHAIN:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            based = st.find(f"{{{self.w}}}basedOn")
            sid = based.get(f"{{{self.w}}}val") if based is not None else None

    def find(self, sid: Optional[str], path: str) -> Optional[etree._Element]:
        """The first element at ``path`` (relative to w:style) in the chain."""
        key = (sid, path)
        if key not in self._found:
            self._found[key] = next((el for el in (st.find(path) for st in self.chain(sid)) if el is not None), None)
        return self._found[key]

    def name(self, sid: Optional[str]) -> str:
        names = []
        for st in self.chain(sid):
            n = st.find(f"{{{self.w}}}name")
            names.append(((n.get(f"{{{self.w}}}val") if n is not None else "") or "").lower())
        return "|".join(names)

    def toggle(self, prop: str, rpr: Optional[etree._Element], pstyle: Optional[str],
               tstyle: Optional[str] = None) -> bool:
        """The effective value of a toggle run property (``vanish``, ``b``) for a
        run (or paragraph mark) with properties ``rpr`` in a paragraph of style
        ``pstyle`` (in a table of style ``tstyle``): direct formatting sets it;
        else docDefaults, then the table style and the paragraph style set it,
        then the character style toggles it (module docstring)."""
        w = self.w
        tag = f"{{{w}}}{prop}"
        rstyle = None
        if rpr is not None:
            direct = rpr.find(tag)
            if direct is not None:
                return bool(_on(direct, w))
            rs = rpr.find(f"{{{w}}}rStyle")
            rstyle = rs.get(f"{{{w}}}val") if rs is not None else None
        key = (prop, pstyle, tstyle, rstyle)
        state = self._toggles.get(key)
        if state is None:
            path = f"{{{w}}}rPr/{tag}"
            state = bool(_on(self.default_rpr.find(tag), w)) if self.default_rpr is not None else False
            for sid in (tstyle, pstyle):
                v = _on(self.find(sid, path), w)
                if v is not None:
                    state = v
            if rstyle is not None and _on(self.find(rstyle, path), w):
                state = not state
            self._toggles[key] = state
        return state


def _int(v: Optional[str], default: Optional[int] = None) -> Optional[int]:
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default


def _counter(v: Optional[str], default: int) -> int:
    """A w:start / w:startOverride value, clamped to Word's 0..32767."""
    n = _int(v, default)
    return min(max(n if n is not None else default, 0), MAX_COUNTER_START)


@dataclass
class _Lvl:
    start: int = 1
    fmt: str = "decimal"
    text: Optional[str] = None
    restart: Optional[int] = None
    is_lgl: bool = False
    suff: str = "tab"
    pstyle: Optional[str] = None
    hidden: bool = False


def _parse_lvl(el: etree._Element, w: str) -> _Lvl:
    def val(tag):
        c = el.find(f"{{{w}}}{tag}")
        return c.get(f"{{{w}}}val") if c is not None else None

    lt = el.find(f"{{{w}}}lvlText")
    return _Lvl(
        start=_counter(val("start"), 1),
        fmt=val("numFmt") or "decimal",
        text=(lt.get(f"{{{w}}}val") or "")[:MAX_LVL_TEXT] if lt is not None else None,
        restart=_int(val("lvlRestart")),
        is_lgl=bool(_on(el.find(f"{{{w}}}isLgl"), w)),
        suff=val("suff") or "tab",
        pstyle=val("pStyle"),
        hidden=bool(_on(el.find(f"{{{w}}}rPr/{{{w}}}vanish"), w)),
    )


def _ilvl(v: Optional[str]) -> Optional[int]:
    """A level number 0..8, or None when absent or out of Word's range."""
    n = _int(v)
    return n if n is not None and 0 <= n < MAX_LEVELS else None


@dataclass
class _Num:
    abstract: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    lvl_overrides: dict[int, _Lvl] = field(default_factory=dict)


def _bullet(text: str) -> str:
    # Symbol / Wingdings bullets live in the private use area: show "・"
    return "".join("・" if 0xE000 <= ord(c) <= 0xF8FF else c for c in text)


class Numbering:
    """Word's list numbering: counters per list, rendered like Word.

    Counters belong to the abstract numbering definition, so paragraphs of
    different ``w:num`` instances pointing to the same ``w:abstractNum``
    continue one sequence; a ``w:num`` with a ``w:startOverride`` is a list
    of its own that starts at the override. Using a level restarts the deeper
    levels (unless their ``w:lvlRestart`` says otherwise); a level not used
    yet shows its start value. Bounded for any input: start values clamped to
    0..32767, levels 0..8 only, lvlText cut to MAX_LVL_TEXT and the label to
    MAX_LABEL_CHARS (``cut`` counts the labels cut), numStyleLink chains
    followed MAX_STYLE_LINKS steps.
    """

    def __init__(self, root: Optional[etree._Element], styles: _Styles, w: str):
        self.w = w
        self.styles = styles
        self.abstract: dict[str, dict[int, _Lvl]] = {}
        self.num_style_link: dict[str, str] = {}
        self.nums: dict[str, _Num] = {}
        self.counters: dict[object, list[Optional[int]]] = {}
        self.cut = 0
        if root is None:
            return
        for an in root.iter(f"{{{w}}}abstractNum"):
            aid = an.get(f"{{{w}}}abstractNumId") or ""
            levels = {}
            for el in an.findall(f"{{{w}}}lvl"):
                ilvl = _ilvl(el.get(f"{{{w}}}ilvl") or "0")
                if ilvl is not None:
                    levels[ilvl] = _parse_lvl(el, w)
            self.abstract[aid] = levels
            link = an.find(f"{{{w}}}numStyleLink")
            if link is not None and link.get(f"{{{w}}}val"):
                self.num_style_link[aid] = link.get(f"{{{w}}}val")
        for num in root.iter(f"{{{w}}}num"):
            nid = num.get(f"{{{w}}}numId") or ""
            a = num.find(f"{{{w}}}abstractNumId")
            n = _Num(abstract=(a.get(f"{{{w}}}val") or "") if a is not None else "")
            for ov in num.findall(f"{{{w}}}lvlOverride"):
                ilvl = _ilvl(ov.get(f"{{{w}}}ilvl") or "0")
                if ilvl is None:
                    continue
                so = ov.find(f"{{{w}}}startOverride")
                if so is not None:
                    n.start_overrides[ilvl] = _counter(so.get(f"{{{w}}}val"), 1)
                lv = ov.find(f"{{{w}}}lvl")
                if lv is not None:
                    n.lvl_overrides[ilvl] = _parse_lvl(lv, w)
                    if so is None and lv.find(f"{{{w}}}start") is not None:
                        n.start_overrides[ilvl] = n.lvl_overrides[ilvl].start
            self.nums[nid] = n

    def _abstract_id(self, num: _Num) -> str:
        """Follow numStyleLink -> numbering style -> its num -> abstractNum."""
        aid = num.abstract
        seen = {aid}
        for _ in range(MAX_STYLE_LINKS):
            style = self.num_style_link.get(aid)
            if style is None:
                break
            numpr = self.styles.find(style, f"{{{self.w}}}pPr/{{{self.w}}}numPr/{{{self.w}}}numId")
            target = self.nums.get(numpr.get(f"{{{self.w}}}val") if numpr is not None else "")
            if target is None or target.abstract in seen:
                break
            aid = target.abstract
            seen.add(aid)
        return aid

    def levels(self, num_id: str) -> Optional[tuple[object, dict[int, _Lvl], _Num]]:
        num = self.nums.get(num_id)
        if num is None:
            return None
        aid = self._abstract_id(num)
        levels = dict(self.abstract.get(aid, {}))
        levels.update(num.lvl_overrides)
        key: object = ("num", num_id) if num.start_overrides else ("abstract", aid)
        return key, levels, num

    def level_for_style(self, num_id: str, style_id: Optional[str]) -> int:
        got = self.levels(num_id)
        if got and style_id:
            for ilvl, lvl in got[1].items():
                if lvl.pstyle == style_id:
                    return ilvl
        return 0

    def next_label(self, num_id: str, ilvl: int) -> Optional[tuple[str, str]]:
        """Advance the counter for a paragraph at (num_id, ilvl) and return
        (label text, suffix kind), or None when the paragraph shows nothing."""
        got = self.levels(num_id)
        if got is None or not 0 <= ilvl < MAX_LEVELS:
            return None
        key, levels, num = got
        lvl = levels.get(ilvl)
        if lvl is None:
            return None

        def start(i: int) -> int:
            if i in num.start_overrides:
                return num.start_overrides[i]
            return levels[i].start if i in levels else 1

        vals = self.counters.setdefault(key, [None] * MAX_LEVELS)
        vals[ilvl] = start(ilvl) if vals[ilvl] is None else vals[ilvl] + 1
        for k in range(ilvl + 1, MAX_LEVELS):
            restart = levels[k].restart if k in levels else None
            if restart is None or (restart != 0 and ilvl < restart):
                vals[k] = None
        if lvl.hidden:
            return None
        if lvl.text is None or lvl.fmt == "none" and "%" not in (lvl.text or ""):
            text = lvl.text or ""
        elif lvl.fmt == "bullet":
            text = _bullet(lvl.text)
        else:
            def repl(m: re.Match) -> str:
                i = int(m.group(1)) - 1
                v = vals[i] if vals[i] is not None else start(i)
                fmt = levels[i].fmt if i in levels else "decimal"
                if lvl.is_lgl and fmt != "none":
                    fmt = "decimal"
                return format_number(v, fmt)

            text = re.sub(r"%([1-9])", repl, lvl.text)
        if len(text) > MAX_LABEL_CHARS:
            text = text[:MAX_LABEL_CHARS]
            self.cut += 1
        if not text:
            return None
        return text, lvl.suff


# --- notices ----------------------------------------------------------------------


@dataclass
class _Count:
    count: int = 0
    location: Optional[Location] = None
    kinds: list = field(default_factory=list)
    sample: str = ""


class _Tally:
    """What the reader skipped or read specially, per notice code (and kind);
    shared by the reader of a file and the readers of its embedded chunks."""

    def __init__(self):
        self.items: dict[tuple[str, object], _Count] = {}

    def add(self, code: str, kind=None, n: int = 1, location: Optional[Location] = None,
            sample: str = "") -> None:
        c = self.items.setdefault((code, kind), _Count())
        c.count += n
        if c.location is None:
            c.location = location
        if sample and not c.sample:
            c.sample = sample

    def kind(self, code: str, kind) -> None:
        """One more thing of ``kind`` under a notice that lists kinds (W105)."""
        c = self.items.setdefault((code, None), _Count())
        c.count += 1
        if kind not in c.kinds:
            c.kinds.append(kind)

    def notices(self) -> list:
        out = []
        for (code, kind), c in sorted(self.items.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
            fields: dict = {"count": c.count}
            if kind is not None:
                fields["kind"] = kind
            if code == "W104":
                fields["sample"] = c.sample
            if code == "W105":
                fields["kinds"] = Bi("、".join(k[0] for k in c.kinds), ", ".join(k[1] for k in c.kinds))
            if code == "W107":
                fields["limit"] = MAX_LABEL_CHARS
            out.append(notice(code, location=c.location, **fields))
        return out


_CHUNK_KINDS = {
    "html": Bi("HTML", "HTML"),
    "text": Bi("テキスト", "plain text"),
    "docx": Bi("Word 文書", "Word document"),
    "rtf": Bi("RTF", "RTF"),
    "mht": Bi("MHT（Web アーカイブ）", "MHT (web archive)"),
    "deep": Bi("入れ子が深すぎる Word 文書", "Word document nested too deeply"),
    "broken": Bi("壊れた Word 文書", "broken Word document"),
    "missing": Bi("見つからない部品", "missing part"),
    "repeated": Bi("既に読んだ部品の再参照", "a part already read, referenced again"),
}
_OBJECT_KINDS = {
    "ole": ("埋め込みオブジェクト（OLE）", "embedded OLE object"),
    "chart": ("グラフ", "chart"),
    "smartart": ("SmartArt", "SmartArt"),
}
_DOCX_TYPES = ("wordprocessingml.document", "wordprocessingml.template", "ms-word.document.macroenabled",
               "ms-word.template.macroenabled")


def _chunk_kind(ctype: str, part: str) -> str:
    """html / text / docx / rtf / mht, or the content type itself."""
    ext = posixpath.splitext(part)[1].lower()
    if ctype in ("text/html", "application/xhtml+xml") or (not ctype and ext in (".htm", ".html", ".xhtml")):
        return "html"
    if ctype == "text/plain" or (not ctype and ext == ".txt"):
        return "text"
    if any(t in ctype for t in _DOCX_TYPES) or (not ctype and ext in (".docx", ".docm", ".dotx", ".dotm")):
        return "docx"
    if ctype in ("application/rtf", "text/rtf") or (not ctype and ext == ".rtf"):
        return "rtf"
    if ctype in ("message/rfc822", "multipart/related", "application/x-mimearchive") or ext in (".mht", ".mhtml"):
        return "mht"
    return _clean(ctype or ext or "?")[0][:60]  # named in a notice: no control characters


# --- the body ---------------------------------------------------------------------


@dataclass
class _Para:
    text: str
    index: int
    el: etree._Element
    table: Optional[tuple]
    attached: list = field(default_factory=list)  # stories read after it: (element, part, is_note)
    mark_hidden: bool = False


class _Reader:
    """Reads one WordprocessingML package (a file, or a DOCX chunk in one)."""

    def __init__(self, pkg: _Package, path: str, depth: int = 0, tally: Optional[_Tally] = None):
        self.pkg = pkg
        self.path = path
        self.depth = depth
        self.tally = tally if tally is not None else _Tally()
        self.main = main = _main_part(pkg, path)
        root = pkg.xml(main)
        ns = etree.QName(root).namespace
        if ns not in (W_MAIN, W_STRICT):
            raise LoadError("E107", path=path, reason=f"{main} is not a WordprocessingML document")
        self.w = w = ns
        self._names: dict[str, str] = {}
        self.body = root.find(f"{{{w}}}body")
        if self.body is None:
            raise LoadError("E107", path=path, reason=f"{main} has no body")
        styles = pkg.related(main, "/styles")
        numbering = pkg.related(main, "/numbering")
        self.styles = _Styles(pkg.xml(styles) if styles else None, w)
        self.numbering = Numbering(pkg.xml(numbering) if numbering else None, self.styles, w)
        self.p_index = {p: i for i, p in enumerate(self.body.iter(f"{{{w}}}p"))}
        self.t_index = {t: i for i, t in enumerate(self.body.iter(f"{{{w}}}tbl"))}
        self.notes: dict[str, tuple[Optional[str], dict[str, etree._Element]]] = {}  # kind -> (part, id -> note)
        self.notes_read: set = set()
        self.stories_read: set = set()
        self.chunks_read: set = set()  # altChunk parts
        # state while reading
        self.part = main  # the part whose relationships r:id attributes use
        self.fields: list[dict] = []  # complex fields may span paragraphs
        self.blocks: list[Block] = []
        self.pending: Optional[_Para] = None  # paragraph whose mark was deleted or is hidden
        self.tstyles: list[Optional[str]] = []  # table styles of the tables we are in
        self.pstyle: Optional[str] = None  # style of the paragraph whose runs are read
        self.attached: list = []  # stories anchored in that paragraph
        self.p_at: Optional[int] = None  # its index
        self.anchor: Optional[int] = None  # index given to paragraphs outside the body (notes)
        self.quiet = False  # reading headers: no notices
        self._title_candidate_done = False

    def q(self, tag: str) -> str:
        """The Clark name {w}tag of a WordprocessingML element."""
        name = self._names.get(tag)
        if name is None:
            name = self._names[tag] = f"{{{self.w}}}{tag}"
        return name

    # -- the document
    def read(self) -> list[Block]:
        self._container(self.body, None)
        self._flush_pending()
        if self.numbering.cut:
            self.tally.add("W107", n=self.numbering.cut)
        if self.depth == 0:
            self._scan_headers_footers()
        return self.blocks

    def notices(self) -> list:
        return self.tally.notices()

    # -- containers (body, cell, text box, note, sdt content ...)
    def _container(self, el: etree._Element, cell: Optional[tuple]) -> None:
        q = self.q
        for child in el:
            tag = child.tag
            if tag == q("p"):
                self._paragraph(child, cell)
            elif tag == q("tbl"):
                self._flush_pending()
                self._table(child)
            elif tag == q("sdt"):
                content = child.find(q("sdtContent"))
                if content is not None:
                    self._container(content, cell)
            elif tag in (q("customXml"), q("ins"), q("moveTo")):
                self._container(child, cell)
            elif tag == _ALTERNATE:
                branch = self._mc_branch(child)
                if branch is not None:
                    self._container(branch, cell)
            elif tag == q("altChunk"):
                self._flush_pending()
                self._alt_chunk(child, cell)

    def _table(self, tbl: etree._Element) -> None:
        q = self.q
        t_index = self.t_index.get(tbl)
        ts = tbl.find(f"{q('tblPr')}/{q('tblStyle')}")
        self.tstyles.append(ts.get(q("val")) if ts is not None else None)
        try:
            for r, tr in enumerate(self._children(tbl, "tr")):
                trpr = tr.find(q("trPr"))
                if trpr is not None and trpr.find(q("del")) is not None:
                    continue  # deleted row, read as accepted
                col = 0
                if trpr is not None:
                    gb = trpr.find(q("gridBefore"))
                    col = _int(gb.get(q("val")) if gb is not None else None, 0) or 0
                for tc in self._children(tr, "tc"):
                    self._container(tc, (t_index, r, col))
                    self._flush_pending()
                    span = tc.find(f"{q('tcPr')}/{q('gridSpan')}")
                    col += max(1, _int(span.get(q("val")) if span is not None else None, 1) or 1)
        finally:
            self.tstyles.pop()

    def _children(self, el: etree._Element, tag: str) -> Iterator[etree._Element]:
        """Children named ``tag``, looking through sdt / customXml /
        AlternateContent wrappers."""
        q = self.q
        for child in el:
            if child.tag == q(tag):
                yield child
            elif child.tag == q("sdt"):
                content = child.find(q("sdtContent"))
                if content is not None:
                    yield from self._children(content, tag)
            elif child.tag == q("customXml"):
                yield from self._children(child, tag)
            elif child.tag == _ALTERNATE:
                branch = self._mc_branch(child)
                if branch is not None:
                    yield from self._children(branch, tag)

    def _mc_branch(self, ac: etree._Element) -> Optional[etree._Element]:
        """The branch of an mc:AlternateContent that Word shows: the first
        mc:Choice whose Requires prefixes all name understood namespaces,
        else mc:Fallback (None when there is neither)."""
        for choice in ac.findall(f"{{{MC_NS}}}Choice"):
            required = (choice.get("Requires") or "").split()
            if required and all(choice.nsmap.get(prefix) in _MC_UNDERSTOOD for prefix in required):
                return choice
        return ac.find(f"{{{MC_NS}}}Fallback")

    # -- paragraphs
    def _pstyle_of(self, ppr: Optional[etree._Element]) -> Optional[str]:
        ps = ppr.find(self.q("pStyle")) if ppr is not None else None
        sid = ps.get(self.q("val")) if ps is not None else None
        return sid if sid is not None else self.styles.default_para

    def _paragraph(self, p: etree._Element, cell: Optional[tuple]) -> None:
        q = self.q
        ppr = p.find(q("pPr"))
        index = self.p_index.get(p, self.anchor if self.anchor is not None else -1)
        self.pstyle = self._pstyle_of(ppr)
        self.p_at = index
        self.attached = []
        text = self._runs_text(p)
        mark = ppr.find(q("rPr")) if ppr is not None else None
        mark_deleted = mark is not None and (mark.find(q("del")) is not None or mark.find(q("moveFrom")) is not None)
        tstyle = self.tstyles[-1] if self.tstyles else None
        mark_hidden = not mark_deleted and (self.styles.toggle("vanish", mark, self.pstyle, tstyle)
                                            or bool(_on(mark.find(q("specVanish")) if mark is not None else None, self.w)))
        para = _Para(text=text, index=index, el=p, table=cell, attached=self.attached, mark_hidden=mark_hidden)
        if self.pending is not None:
            prev, self.pending = self.pending, None
            if _visible(prev.text):  # merged: the first paragraph's place and properties
                para = _Para(text=prev.text + text, index=prev.index, el=prev.el, table=prev.table,
                             attached=prev.attached + para.attached, mark_hidden=prev.mark_hidden)
            elif prev.mark_hidden:
                self._emit(prev)  # a hidden paragraph: nothing shown, its number counts
            else:
                para.attached = prev.attached + para.attached  # a deleted paragraph: gone
        if mark_deleted or mark_hidden:
            self.pending = para
            return
        self._emit(para)

    def _flush_pending(self) -> None:
        if self.pending is not None:
            para, self.pending = self.pending, None
            self._emit(para)

    def _emit(self, para: _Para) -> None:
        p = para.el
        ppr = p.find(self.q("pPr"))
        style_id = self._pstyle_of(ppr)
        text = para.text
        label = self._label(ppr, style_id)
        if label is not None:
            lab, bad = _clean(label[0])
            if bad:
                self.tally.add("W106", n=bad, location=Location(paragraph=para.index))
            label = (lab, label[1]) if lab else None
        if para.mark_hidden and not _visible(text):
            text = ""  # the whole paragraph is hidden, its number too
        elif label is not None:
            lab, suff = label
            body = text.lstrip(" \t")
            if suff == "nothing" or not body or body[0] in _OPEN_BRACKETS:
                text = lab + body
            else:
                text = lab + " " + body
        text = _finish(text)
        if text:
            style = self._style(p, ppr, style_id)
            self._add_block(text, para.index, para.table, style)
        for story, part, is_note in para.attached:
            before = len(self.blocks)
            self._story(story, part, para.table, para.index if is_note else self.anchor)
            if is_note and len(self.blocks) > before and not self.quiet:
                self.tally.add("W103", location=Location(paragraph=para.index))

    def _add_block(self, text: str, index: Optional[int], table: Optional[tuple], style: Optional[str] = None,
                   kind: Optional[str] = None) -> None:
        self.blocks.append(Block(
            text=text,
            location=Location(paragraph=index, line=len(self.blocks) + 1,
                              table=table if table is not None and table[0] is not None else None),
            kind=kind or ("table_cell" if table is not None else "paragraph"),
            style=style,
        ))

    def _story(self, el: etree._Element, part: str, cell: Optional[tuple], anchor: Optional[int]) -> None:
        """Read a text box or note anchored in the paragraph just emitted."""
        saved = (self.fields, self.part, self.anchor, self.tstyles, self.pending)
        self.fields, self.part, self.anchor, self.tstyles, self.pending = [], part, anchor, [], None
        try:
            self._container(el, cell)
            self._flush_pending()
        finally:
            self.fields, self.part, self.anchor, self.tstyles, self.pending = saved

    def _label(self, ppr: Optional[etree._Element], style_id: Optional[str]) -> Optional[tuple[str, str]]:
        q = self.q
        numpr = ppr.find(q("numPr")) if ppr is not None else None
        num_id = ilvl = None
        if numpr is not None:
            n = numpr.find(q("numId"))
            i = numpr.find(q("ilvl"))
            num_id = n.get(q("val")) if n is not None else None
            ilvl = _int(i.get(q("val")) if i is not None else None)
        if num_id is None:
            s = self.styles.find(style_id, f"{q('pPr')}/{q('numPr')}/{q('numId')}")
            num_id = s.get(q("val")) if s is not None else None
            if ilvl is None:
                si = self.styles.find(style_id, f"{q('pPr')}/{q('numPr')}/{q('ilvl')}")
                ilvl = _int(si.get(q("val")) if si is not None else None)
        if num_id is None or num_id == "0":
            return None
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style_id)
        return self.numbering.next_label(num_id, ilvl)

    def _style(self, p: etree._Element, ppr, style_id: Optional[str]) -> Optional[str]:
        q = self.q
        name = self.styles.name(style_id)
        first_name = name.split("|", 1)[0]
        if first_name in ("title", "表題") or (style_id or "").lower() == "title":
            return "title"
        if re.match(r"(heading|見出し)\s*\d", first_name) or (style_id or "").lower().startswith("heading"):
            return "heading"
        outline = ppr.find(q("outlineLvl")) if ppr is not None else None
        if outline is None:
            outline = self.styles.find(style_id, f"{q('pPr')}/{q('outlineLvl')}")
        if outline is not None and (_int(outline.get(q("val")), 9) or 0) < 9:
            return "heading"
        if not self._title_candidate_done:
            self._title_candidate_done = True
            jc = ppr.find(q("jc")) if ppr is not None else None
            if jc is None:
                jc = self.styles.find(style_id, f"{q('pPr')}/{q('jc')}")
            centred = jc is not None and jc.get(q("val")) == "center"
            if centred and self._bold_or_large(p, style_id):
                return "title"
        return None

    def _bold_or_large(self, p: etree._Element, style_id: Optional[str]) -> bool:
        q = self.q
        style_sz = self.styles.find(style_id, f"{q('rPr')}/{q('sz')}")
        default_sz = _int(style_sz.get(q("val"))) if style_sz is not None else self.styles.default_sz
        runs = [r for r in p.iter(q("r")) if "".join(t.text or "" for t in r.iter(q("t"))).strip()]
        if not runs:
            return False
        bold = large = True
        for r in runs:
            rpr = r.find(q("rPr"))
            if not self.styles.toggle("b", rpr, style_id):
                bold = False
            sz_el = rpr.find(q("sz")) if rpr is not None else None
            sz = _int(sz_el.get(q("val"))) if sz_el is not None else default_sz
            if not (sz or 21) >= 28:
                large = False
        return bold or large

    # -- runs
    def _field_visible(self) -> bool:
        return all(f["state"] == "result" and not f["drop"] for f in self.fields)

    def _runs_text(self, p: etree._Element) -> str:
        parts: list[str] = []
        self._inline(p, parts)
        return "".join(parts)

    def _inline(self, el: etree._Element, parts: list[str]) -> None:
        q = self.q
        for child in el:
            tag = child.tag
            if tag == q("r"):
                self._run(child, parts)
            elif tag in (q("ins"), q("moveTo"), q("hyperlink"), q("smartTag"), q("customXml"),
                         q("dir"), q("bdo")):
                self._inline(child, parts)
            elif tag == q("sdt"):
                content = child.find(q("sdtContent"))
                if content is not None:
                    self._inline(content, parts)
            elif tag == _ALTERNATE:
                branch = self._mc_branch(child)
                if branch is not None:
                    self._inline(branch, parts)
            elif tag == q("fldSimple"):
                instr = (child.get(q("instr")) or "").split()
                drop = bool(instr) and instr[0].upper() in _PAGE_FIELDS
                self.fields.append({"state": "result", "drop": drop, "instr": []})
                self._inline(child, parts)
                self.fields.pop()
            # w:del, w:moveFrom, w:pPr, bookmarks, comments marks, math: not text

    def _run(self, r: etree._Element, parts: list[str]) -> None:
        rpr = r.find(self.q("rPr"))
        hidden = self.styles.toggle("vanish", rpr, self.pstyle, self.tstyles[-1] if self.tstyles else None)
        self._run_content(r, hidden, parts)

    def _run_content(self, r: etree._Element, hidden: bool, parts: list[str]) -> None:
        prefix = self.q("")
        for c in r:
            tag = c.tag
            if tag == _ALTERNATE:
                branch = self._mc_branch(c)
                if branch is not None:
                    self._run_content(branch, hidden, parts)
                continue
            if not isinstance(tag, str) or not tag.startswith(prefix):
                continue
            name = tag[len(prefix):]
            if name == "fldChar":
                kind = c.get(prefix + "fldCharType")
                if kind == "begin":
                    self.fields.append({"state": "instr", "drop": False, "instr": []})
                elif kind == "separate" and self.fields:
                    f = self.fields[-1]
                    f["state"] = "result"
                    words = "".join(f["instr"]).split()
                    f["drop"] = bool(words) and words[0].upper() in _PAGE_FIELDS
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if name == "instrText":
                if self.fields:
                    self.fields[-1]["instr"].append(c.text or "")
                continue
            if hidden or (self.fields and not self._field_visible()):
                continue
            if name == "t":
                self._text(c.text, parts)
            elif name in ("tab", "ptab"):
                parts.append("\t")
            elif name in ("br", "cr"):
                parts.append(_BR)
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name == "sym":
                self._text(_sym_char(c.get(prefix + "char")), parts)
            elif name == "ruby":
                base = c.find(prefix + "rubyBase")  # the reading, w:rt, is not read
                if base is not None:
                    self._inline(base, parts)
            elif name in ("drawing", "pict", "object"):
                self._anchored(c)
            elif name in ("footnoteReference", "endnoteReference"):
                self._note(name[:-len("Reference")], c.get(prefix + "id"))
            # w:delText, footnote marks, w:softHyphen, page-number glyphs: not text

    def _text(self, text: Optional[str], parts: list[str]) -> None:
        clean, bad = _clean(text or "")
        if bad and not self.quiet:
            self.tally.add("W106", n=bad, location=Location(paragraph=self.p_at))
        parts.append(clean)

    # -- what a run anchors: text boxes, notes, objects
    def _anchored(self, el: etree._Element) -> None:
        """Attach the text boxes of a drawing / VML picture / object to the
        current paragraph, in document order and once (through the
        AlternateContent branch Word shows), and tally the embedded objects
        whose text is not read."""
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == _ALTERNATE:
                branch = self._mc_branch(child)
                if branch is not None:
                    self._anchored(branch)
            elif child.tag == self.q("txbxContent"):
                if child not in self.stories_read:
                    self.stories_read.add(child)
                    self.attached.append((child, self.part, False))
            else:
                self._object(child)
                self._anchored(child)

    def _object(self, el: etree._Element) -> None:
        """Tally an embedded object (OLE, chart, SmartArt) that holds text."""
        if self.quiet:
            return
        name = etree.QName(el).localname
        ns = etree.QName(el).namespace or ""
        kind = None
        if name == "OLEObject" and ns == "urn:schemas-microsoft-com:office:office":
            prog = (el.get("ProgID") or "").lower()
            if not prog.startswith(("equation.", "paint.", "pbrush", "mspaint")):
                kind = "ole"
        elif name in ("objectEmbed", "objectLink") and ns == self.w:
            prog = (el.get(self.q("progId")) or "").lower()
            if not prog.startswith(("equation.", "paint.", "pbrush", "mspaint")):
                kind = "ole"
        elif name == "graphicData":
            uri = el.get("uri") or ""
            rid_attr = None
            if uri.endswith("/chart") or "chartex" in uri:
                kind, rid_attr = "chart", "id"
            elif uri.endswith("/diagram"):
                kind, rid_attr = "smartart", "dm"
            if kind is not None:
                part = self._related_part(next(iter(el), None), rid_attr)
                if part is None or not self._part_has_text(part):
                    kind = None
        if kind is not None:
            self.tally.kind("W105", _OBJECT_KINDS[kind])
            c = self.tally.items[("W105", None)]
            if c.location is None:
                c.location = Location(paragraph=self.p_at)

    def _related_part(self, el: Optional[etree._Element], local: str) -> Optional[str]:
        """The existing part an r:``local`` attribute of ``el`` points to."""
        got = self.pkg.rels(self.part).get(_rel_id(el, local) or "") if el is not None else None
        return got[1] if got is not None and self.pkg.has(got[1]) else None

    def _part_has_text(self, part: str) -> bool:
        """Whether a chart / SmartArt part holds text: a DrawingML a:t (titles,
        labels, SmartArt nodes) or a string value of a chart (c:v in a
        strCache / strLit, cx:v in a strDim)."""
        try:
            root = self.pkg.xml(part)
        except LoadError as e:
            if e.code in ("E109", "E116"):
                raise
            return False
        for el in root.iter():
            if not isinstance(el.tag, str) or not (el.text or "").strip():
                continue
            name = etree.QName(el).localname
            if name == "t":
                return True
            if name == "v" and any(etree.QName(a).localname in ("strCache", "strLit", "strDim")
                                   for a in el.iterancestors() if isinstance(a.tag, str)):
                return True
        return False

    def _note(self, kind: str, note_id: Optional[str]) -> None:
        """Attach a referenced footnote / endnote to the current paragraph."""
        if note_id is None or (kind, note_id) in self.notes_read:
            return
        if kind not in self.notes:
            part = self.pkg.related(self.main, f"/{kind}s")
            by_id = {}
            if part is not None:
                for el in self.pkg.xml(part).iter(self.q(kind)):
                    if (el.get(self.q("type")) or "normal") == "normal":  # not a separator
                        by_id[el.get(self.q("id")) or ""] = el
            self.notes[kind] = (part, by_id)
        part, by_id = self.notes[kind]
        el = by_id.get(note_id)
        if el is None or part is None:
            return
        self.notes_read.add((kind, note_id))
        self.attached.append((el, part, True))

    # -- embedded chunks
    def _alt_chunk(self, el: etree._Element, cell: Optional[tuple]) -> None:
        """Read a w:altChunk in place (module docstring), or say why not."""
        if self.quiet:
            return
        target = self.pkg.rels(self.part).get(_rel_id(el) or "")
        if target is None or not self.pkg.has(target[1]):
            self.tally.add("W101", kind=_CHUNK_KINDS["missing"])
            return
        part = target[1]
        if part in self.chunks_read:  # Word never repeats one; reading it again would multiply the text
            self.tally.add("W101", kind=_CHUNK_KINDS["repeated"])
            return
        self.chunks_read.add(part)
        kind, items, bad = self._read_chunk(part)
        if items is None:
            self.tally.add("W101", kind=_CHUNK_KINDS.get(kind, Bi(kind, kind)))
            return
        if bad:
            self.tally.add("W106", n=bad)
        for text, style, item_kind in items:
            text = _finish(text)
            if text:
                kind_of = "table_cell" if cell is not None or item_kind == "table_cell" else "paragraph"
                self._add_block(text, None, cell, style, kind=kind_of)
        self.tally.add("W102", kind=_CHUNK_KINDS[kind])

    def _read_chunk(self, part: str) -> tuple[str, Optional[list], int]:
        """(kind, its (text, style, kind) items or None when not read, count of
        characters cleaned) of one chunk part."""
        kind = _chunk_kind(self.pkg.content_type(part), part)
        if kind == "docx" and self.depth >= MAX_CHUNK_DEPTH:
            return "deep", None, 0
        if kind not in ("html", "text", "docx"):
            return kind, None, 0
        data = self.pkg.read(part)
        if kind == "docx":
            items = self._docx_chunk(data)
            return ("docx", items, 0) if items is not None else ("broken", None, 0)
        if kind == "html":
            _refuse_entities(data, part, self.path)
            items, bad = _html_blocks(data)
            return "html", items, bad
        items, bad = [], 0
        for line in _decode(data).splitlines():
            line, n = _clean(line)
            bad += n
            items.append((line, None, None))
        return "text", items, bad

    def _docx_chunk(self, data: bytes) -> Optional[list[tuple[str, Optional[str], Optional[str]]]]:
        """The blocks of an embedded DOCX, read with this reader one level
        deeper (sharing the size budget and the notices), or None when it is
        broken."""
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError):
            return None
        with zf:
            try:
                inner = _Reader(_Package(zf, self.path, self.pkg.budget), self.path, self.depth + 1, self.tally)
                blocks = inner.read()
            except LoadError as e:
                if e.code in ("E107", "E108"):
                    return None
                raise
            except (zipfile.BadZipFile, EOFError, KeyError, zlib.error):
                return None
        return [(b.text, b.style, b.kind) for b in blocks]

    # -- headers and footers: not read; said when they hold contract text
    def _scan_headers_footers(self) -> None:
        q = self.q
        parts = []
        for ref in self.body.iter(q("headerReference"), q("footerReference")):
            got = self.pkg.rels(self.main).get(_rel_id(ref) or "")
            if got is not None and self.pkg.has(got[1]) and got[1] not in parts:
                parts.append(got[1])
        if not parts:
            return
        saved = (self.blocks, self.pending, self.fields, self.part, self.quiet, self._title_candidate_done,
                 {k: list(v) for k, v in self.numbering.counters.items()}, self.numbering.cut)
        try:
            for part in parts:
                self.blocks, self.pending, self.fields, self.part, self.quiet = [], None, [], part, True
                self._container(self.pkg.xml(part), None)
                self._flush_pending()
                for b in self.blocks:
                    if _contract_like(b.text):
                        self.tally.add("W104", sample=b.text[:40])
        finally:
            (self.blocks, self.pending, self.fields, self.part, self.quiet, self._title_candidate_done,
             self.numbering.counters, self.numbering.cut) = saved


def _rel_id(el: etree._Element, local: str = "id") -> Optional[str]:
    """An r:id-like attribute (r:id, r:dm ...) in whichever relationships
    namespace the document uses (transitional or strict)."""
    return next((v for k, v in el.attrib.items() if etree.QName(k).localname == local
                 and "relationships" in (etree.QName(k).namespace or "")), None)


def _visible(text: str) -> bool:
    return bool(text.strip(" \t" + _BR))


def _contract_like(text: str) -> bool:
    """Header / footer text that reads like a clause, not a title or a page
    number: a sentence, an article heading, or a long line."""
    t = text.strip()
    return (len(t) >= 15 and re.search(r"[。．]", t) is not None) or _ARTICLE.search(t) is not None or len(t) > 80


# --- chunk formats -------------------------------------------------------------------

_HTML_BLOCK = frozenset("""p div h1 h2 h3 h4 h5 h6 li dt dd blockquote pre address section article header footer
main aside nav figure figcaption table thead tbody tfoot tr td th caption ul ol dl hr form fieldset legend center
body html""".split())
_HTML_SKIP = frozenset("head script style title template rt rp object embed iframe svg math select textarea".split())
_HTML_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def _decode(data: bytes, declared: Optional[str] = None) -> str:
    """Bytes of a chunk as text: BOM, then the declared charset, then UTF-8,
    then CP932 (Japanese Windows), else UTF-8 with replacement."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace")
    candidates = []
    if declared:
        name = declared.lower()
        candidates.append("cp932" if name in ("shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "ms_kanji") else name)
    candidates += ["utf-8", "cp932"]
    for enc in candidates:
        try:
            codecs.lookup(enc)
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", "replace")


def _html_blocks(data: bytes) -> tuple[list[tuple[str, Optional[str], Optional[str]]], int]:
    """(text, style, kind) of each block of an HTML chunk, in order, and how
    many characters ``_clean`` dropped or replaced."""
    import lxml.html

    m = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", data[:4096]) or \
        re.search(rb"""encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", data[:200])
    text = _decode(data, m.group(1).decode("ascii") if m else None)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        return [], 0
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return [], 0
    out: list[tuple[str, Optional[str], Optional[str]]] = []
    buf: list[str] = []
    bad = 0

    def flush(ctx) -> None:
        joined = "".join(buf)
        buf.clear()
        if not ctx[2]:
            joined = _HTML_SPACE.sub(" ", joined)
        if joined.strip(" \t" + _BR):
            out.append((joined, ctx[1], ctx[0]))

    def add(s: Optional[str], ctx) -> None:
        nonlocal bad
        if not s:
            return
        s, n = _clean(s)
        bad += n
        if ctx[2]:  # pre: every line its own block
            lines = s.split("\n")
            for i, line in enumerate(lines):
                if i:
                    flush(ctx)
                buf.append(line)
        else:
            buf.append(s)

    def walk(el, outer) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _HTML_SKIP or el.get("hidden") is not None \
                or _HTML_HIDDEN_STYLE.search(el.get("style") or ""):
            add(el.tail, outer)
            return
        if tag == "br":
            buf.append(_BR)
            add(el.tail, outer)
            return
        if tag in _HTML_BLOCK:
            flush(outer)
            kind = "table_cell" if tag in ("td", "th") else outer[0]
            style = "heading" if re.fullmatch(r"h[1-6]", tag) else None
            inner = (kind, style, outer[2] or tag == "pre")
            add(el.text, inner)
            for child in el:
                walk(child, inner)
            flush(inner)
        else:
            add(el.text, outer)
            for child in el:
                walk(child, outer)
        add(el.tail, outer)

    top = (None, None, False)
    walk(root, top)
    flush(top)
    return out, bad


# --- text ------------------------------------------------------------------------------


def _join_break(m: re.Match) -> str:
    a, b = m.group(1), m.group(2)
    if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
        return a + " " + b
    return a + b


def _finish(text: str) -> str:
    """Final block text: line breaks joined, newlines impossible, ends trimmed."""
    text = re.sub(f"(.?){_BR}+(.?)", _join_break, text)
    text = text.replace(_BR, "").replace("\r", "").replace("\n", "")
    return _clean(text)[0].strip(" \t")  # a last guard: every piece was cleaned on the way in


def load_docx(path: str) -> LoadedDocument:
    """Read a .docx / .docm / .dotx / .dotm file (see the module docstring)."""
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        raise LoadError("E107", path=path, reason=f"not a valid zip file: {e}") from None
    with zf:
        try:
            reader = _Reader(_Package(zf, path), path)
            blocks = reader.read()
            warnings = reader.notices()
        except LoadError:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, ValueError,
                NotImplementedError, OSError, RuntimeError, zlib.error) as e:
            raise LoadError("E107", path=path, reason=f"{type(e).__name__}: {e}") from None
    return LoadedDocument(path=path, format="docx", blocks=tuple(blocks), warnings=tuple(warnings))
