"""DOCX -> text blocks, read straight from the zip with zipfile + lxml.

What counts as body text (decided here, once):

* Body paragraphs and table cells, in document order (``w:body`` children:
  ``w:p``, ``w:tbl``, and the content of ``w:sdt`` / ``w:customXml``).
  Each non-empty table-cell paragraph is its own block with
  ``kind="table_cell"`` and ``Location.table = (table, row, column)``: the
  table index counts every ``w:tbl`` of the body in document order (nested
  tables included, the outer table first), the row counts ``w:tr`` of that
  table, the column is the grid column (``w:gridBefore`` and ``w:gridSpan``
  counted).
* ``Location.paragraph`` is the index of the paragraph's ``w:p`` element in
  ``body.iter(w:p)``: every ``w:p`` under ``w:body`` in document order, table
  cells, empty paragraphs and text-box paragraphs included. It is therefore
  the index into ``[p for p in docx.Document(path).element.body.iter(qn("w:p"))]``
  and lets a report put a Word comment on the right paragraph.
  ``Location.line`` is the block's index in the output + 1.
* Word's automatic numbering is rendered as Word shows it (see ``Numbering``);
  the label is followed by one ASCII space for ``w:suff`` "tab" / "space"
  (none for "nothing"), and by no space when the text starts with an opening
  bracket: 「第1条（目的）」, 「第2条 定義」.
* Tracked changes are read as accepted: ``w:ins`` / ``w:moveTo`` kept,
  ``w:del`` / ``w:moveFrom`` / ``w:delText`` and deleted table rows dropped;
  a deleted paragraph mark (``w:pPr/w:rPr/w:del``) joins the paragraph with
  the next one.
* Not read: headers, footers, comments, footnotes / endnotes (and their
  reference marks), field instructions (``w:instrText``), the results of
  page-number fields (PAGE, NUMPAGES, SECTIONPAGES, PAGEREF), hidden text
  (``w:vanish`` on the run, its character style or the paragraph style),
  text boxes and drawings inside paragraphs, embedded ``w:altChunk`` documents
  (a warning says so). Results of other fields (dates, REF, TOC entries) are
  kept.
* ``w:tab`` becomes "\\t"; ``w:br`` / ``w:cr`` join the pieces with nothing
  between Japanese characters and one space between Latin letters / digits,
  so ``Block.text`` never holds a newline. Full-width spaces are kept; ASCII
  spaces and tabs at either end of a block are trimmed.
* ``Block.style`` is "title" for a paragraph in a Title / 表題 style, or for
  the first non-empty paragraph when it is centred and bold or >= 14 pt;
  "heading" for a paragraph in a Heading / 見出し style (or with an outline
  level); otherwise None.

Safety: every member's declared size and compression ratio are checked before
anything is decompressed (E109), reads are capped at the declared size, and
XML is parsed with entity resolution, DTD loading and network access off; a
DTD declaring entities is refused (E116).
"""
from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Iterator, Optional

from lxml import etree

from ..errors import LoadError, notice
from ..model import Block, LoadedDocument, Location
from .numfmt import format_number

# --- limits -------------------------------------------------------------------
MAX_PART_BYTES = 64 << 20  # one decompressed part
MAX_TOTAL_BYTES = 256 << 20  # all parts together
MAX_RATIO = 200  # uncompressed / compressed, checked for parts above RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1 << 20
MAX_MEMBERS = 10_000

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC_TYPES = ("/officeDocument",)

_OPEN_BRACKETS = "（(「『【〔［[〈《｛{"
_PAGE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF", "SECTION"}
_FALSEY = {"0", "false", "off", "none"}
_BR = "\x00"  # placeholder for a line break until the block text is final


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
    """A guarded view of the DOCX zip."""

    def __init__(self, zf: zipfile.ZipFile, path: str):
        self.zf = zf
        self.path = path
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
        if total > MAX_TOTAL_BYTES:
            raise LoadError("E109", path=path, reason=f"contents expand to {total >> 20} MB")

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
        base = posixpath.dirname(part)
        rels_name = posixpath.join(base, "_rels", posixpath.basename(part) + ".rels")
        if not self.has(rels_name):
            return {}
        out = {}
        for rel in self.xml(rels_name).iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(base, target))
            out[rel.get("Id") or ""] = (rel.get("Type") or "", resolved)
        return out


_ENTITY_MARKERS = (b"<!ENTITY", "<!ENTITY".encode("utf-16-le"), "<!ENTITY".encode("utf-16-be"))


def parse_xml(data: bytes, part: str, path: str) -> etree._Element:
    """Parse one XML part with a hardened parser. Entity declarations are
    refused outright (E116): they are never legitimate in OOXML and are how
    billion-laughs and external-entity (XXE) attacks start."""
    if any(m in data for m in _ENTITY_MARKERS):
        raise LoadError("E116", path=path, reason=f"{part} declares XML entities")
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
        if root is None:
            return
        for st in root.iter(f"{{{w}}}style"):
            sid = st.get(f"{{{w}}}styleId")
            if sid is None:
                continue
            self.by_id.setdefault(sid, st)
            if st.get(f"{{{w}}}type") == "paragraph" and (st.get(f"{{{w}}}default") or "").lower() in ("1", "true", "on"):
                self.default_para = sid
        sz = root.find(f"{{{w}}}docDefaults/{{{w}}}rPrDefault/{{{w}}}rPr/{{{w}}}sz")
        if sz is not None:
            self.default_sz = _int(sz.get(f"{{{w}}}val"))

    def chain(self, sid: Optional[str]) -> Iterator[etree._Element]:
        seen = set()
        while sid and sid in self.by_id and sid not in seen and len(seen) < 32:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            based = st.find(f"{{{self.w}}}basedOn")
            sid = based.get(f"{{{self.w}}}val") if based is not None else None

    def find(self, sid: Optional[str], path: str) -> Optional[etree._Element]:
        """The first element at ``path`` (relative to w:style) in the chain."""
        for st in self.chain(sid):
            el = st.find(path)
            if el is not None:
                return el
        return None

    def name(self, sid: Optional[str]) -> str:
        names = []
        for st in self.chain(sid):
            n = st.find(f"{{{self.w}}}name")
            names.append(((n.get(f"{{{self.w}}}val") if n is not None else "") or "").lower())
        return "|".join(names)


def _int(v: Optional[str], default: Optional[int] = None) -> Optional[int]:
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default


@dataclass
class _Lvl:
    start: int = 1
    fmt: str = "decimal"
    text: Optional[str] = None
    restart: Optional[int] = None
    is_lgl: bool = False
    suff: str = "tab"
    pstyle: Optional[str] = None


def _parse_lvl(el: etree._Element, w: str) -> _Lvl:
    def val(tag):
        c = el.find(f"{{{w}}}{tag}")
        return c.get(f"{{{w}}}val") if c is not None else None

    lt = el.find(f"{{{w}}}lvlText")
    return _Lvl(
        start=_int(val("start"), 1),
        fmt=val("numFmt") or "decimal",
        text=(lt.get(f"{{{w}}}val") or "") if lt is not None else None,
        restart=_int(val("lvlRestart")),
        is_lgl=bool(_on(el.find(f"{{{w}}}isLgl"), w)),
        suff=val("suff") or "tab",
        pstyle=val("pStyle"),
    )


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
    yet shows its start value.
    """

    def __init__(self, root: Optional[etree._Element], styles: _Styles, w: str):
        self.w = w
        self.styles = styles
        self.abstract: dict[str, dict[int, _Lvl]] = {}
        self.num_style_link: dict[str, str] = {}
        self.nums: dict[str, _Num] = {}
        self.counters: dict[object, list[Optional[int]]] = {}
        if root is None:
            return
        for an in root.iter(f"{{{w}}}abstractNum"):
            aid = an.get(f"{{{w}}}abstractNumId") or ""
            self.abstract[aid] = {(_int(l.get(f"{{{w}}}ilvl"), 0) or 0): _parse_lvl(l, w)
                                  for l in an.findall(f"{{{w}}}lvl")}
            link = an.find(f"{{{w}}}numStyleLink")
            if link is not None and link.get(f"{{{w}}}val"):
                self.num_style_link[aid] = link.get(f"{{{w}}}val")
        for num in root.iter(f"{{{w}}}num"):
            nid = num.get(f"{{{w}}}numId") or ""
            a = num.find(f"{{{w}}}abstractNumId")
            n = _Num(abstract=(a.get(f"{{{w}}}val") or "") if a is not None else "")
            for ov in num.findall(f"{{{w}}}lvlOverride"):
                ilvl = _int(ov.get(f"{{{w}}}ilvl"), 0) or 0
                so = ov.find(f"{{{w}}}startOverride")
                if so is not None:
                    n.start_overrides[ilvl] = _int(so.get(f"{{{w}}}val"), 1)
                lv = ov.find(f"{{{w}}}lvl")
                if lv is not None:
                    n.lvl_overrides[ilvl] = _parse_lvl(lv, w)
                    if so is None and lv.find(f"{{{w}}}start") is not None:
                        n.start_overrides[ilvl] = n.lvl_overrides[ilvl].start
            self.nums[nid] = n

    def _abstract_id(self, num: _Num) -> str:
        """Follow numStyleLink -> numbering style -> its num -> abstractNum."""
        aid = num.abstract
        for _ in range(8):
            style = self.num_style_link.get(aid)
            if style is None:
                break
            numpr = self.styles.find(style, f"{{{self.w}}}pPr/{{{self.w}}}numPr/{{{self.w}}}numId")
            target = self.nums.get(numpr.get(f"{{{self.w}}}val") if numpr is not None else "")
            if target is None or target.abstract == aid:
                break
            aid = target.abstract
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
        if got is None:
            return None
        key, levels, num = got
        lvl = levels.get(ilvl)
        if lvl is None:
            return None

        def start(i: int) -> int:
            if i in num.start_overrides:
                return num.start_overrides[i]
            return levels[i].start if i in levels else 1

        vals = self.counters.setdefault(key, [None] * 10)
        vals[ilvl] = start(ilvl) if vals[ilvl] is None else vals[ilvl] + 1
        for k in range(ilvl + 1, 10):
            restart = levels[k].restart if k in levels else None
            if restart is None or (restart != 0 and ilvl < restart):
                vals[k] = None
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
        if not text:
            return None
        return text, lvl.suff


# --- the body ---------------------------------------------------------------------


@dataclass
class _Para:
    text: str
    index: int
    el: etree._Element
    table: Optional[tuple[int, int, int]]


class _Reader:
    def __init__(self, pkg: _Package, path: str):
        self.pkg = pkg
        self.path = path
        self.warnings: list = []  # model.Notice
        main = self._main_part()
        root = pkg.xml(main)
        ns = etree.QName(root).namespace
        if ns not in (W_MAIN, W_STRICT):
            raise LoadError("E107", path=path, reason=f"{main} is not a WordprocessingML document")
        self.w = w = ns
        self.body = root.find(f"{{{w}}}body")
        if self.body is None:
            raise LoadError("E107", path=path, reason=f"{main} has no body")
        styles_root = numbering_root = None
        for rtype, target in pkg.rels(main).values():
            if rtype.endswith("/styles") and pkg.has(target):
                styles_root = pkg.xml(target)
            elif rtype.endswith("/numbering") and pkg.has(target):
                numbering_root = pkg.xml(target)
        self.styles = _Styles(styles_root, w)
        self.numbering = Numbering(numbering_root, self.styles, w)
        self.p_index = {p: i for i, p in enumerate(self.body.iter(f"{{{w}}}p"))}
        self.table_count = 0
        self.fields: list[dict] = []  # complex fields may span paragraphs
        self.blocks: list[Block] = []
        self.pending: Optional[_Para] = None  # paragraph whose mark was deleted
        self.first_done = False

    def _main_part(self) -> str:
        for rtype, target in self.pkg.rels("").values():
            if rtype.endswith(OFFICE_DOC_TYPES) and self.pkg.has(target):
                return target
        if self.pkg.has("word/document.xml"):
            return "word/document.xml"
        raise LoadError("E107", path=self.path, reason="word/document.xml is missing")

    def q(self, tag: str) -> str:
        return f"{{{self.w}}}{tag}"

    # -- containers
    def read(self) -> list[Block]:
        self._container(self.body, None)
        self._flush_pending()
        return self.blocks

    def _container(self, el: etree._Element, cell: Optional[tuple[int, int, int]]) -> None:
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
            elif tag == q("altChunk"):
                self.warnings.append(notice("W101", kind="altChunk"))

    def _table(self, tbl: etree._Element) -> None:
        q = self.q
        t_index = self.table_count
        self.table_count += 1
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

    def _children(self, el: etree._Element, tag: str) -> Iterator[etree._Element]:
        """Children named ``tag``, looking through sdt / customXml wrappers."""
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

    # -- paragraphs
    def _paragraph(self, p: etree._Element, cell: Optional[tuple[int, int, int]]) -> None:
        q = self.q
        text = self._runs_text(p)
        ppr = p.find(q("pPr"))
        mark_deleted = ppr is not None and ppr.find(f"{q('rPr')}/{q('del')}") is not None
        if self.pending is not None:
            prev = self.pending
            self.pending = None
            if prev.text.strip(" \t" + _BR):
                text = prev.text + text
                p_info = prev
            else:
                p_info = None
        else:
            p_info = None
        para = _Para(text=text, index=self.p_index.get(p, -1), el=p, table=cell)
        if p_info is not None:  # merged: the first paragraph's place and properties
            para = _Para(text=text, index=p_info.index, el=p_info.el, table=p_info.table)
        if mark_deleted:
            self.pending = para
            return
        self._emit(para)

    def _flush_pending(self) -> None:
        if self.pending is not None:
            para, self.pending = self.pending, None
            self._emit(para)

    def _emit(self, para: _Para) -> None:
        q = self.q
        p = para.el
        ppr = p.find(q("pPr"))
        style_id = None
        if ppr is not None and ppr.find(q("pStyle")) is not None:
            style_id = ppr.find(q("pStyle")).get(q("val"))
        if style_id is None:
            style_id = self.styles.default_para
        text = para.text
        label = self._label(ppr, style_id)
        if label is not None:
            lab, suff = label
            body = text.lstrip(" \t")
            if suff == "nothing" or not body or body[0] in _OPEN_BRACKETS:
                text = lab + body
            else:
                text = lab + " " + body
        text = _finish(text)
        if not text:
            return
        style = self._style(p, ppr, style_id)
        self.first_done = True
        self.blocks.append(Block(
            text=text,
            location=Location(paragraph=para.index, line=len(self.blocks) + 1, table=para.table),
            kind="table_cell" if para.table is not None else "paragraph",
            style=style,
        ))

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

    _title_candidate_done = False

    def _bold_or_large(self, p: etree._Element, style_id: Optional[str]) -> bool:
        q = self.q
        style_b = _on(self.styles.find(style_id, f"{q('rPr')}/{q('b')}"), self.w)
        style_sz = self.styles.find(style_id, f"{q('rPr')}/{q('sz')}")
        default_sz = _int(style_sz.get(q("val"))) if style_sz is not None else self.styles.default_sz
        runs = [r for r in p.iter(q("r")) if "".join(t.text or "" for t in r.iter(q("t"))).strip()]
        if not runs:
            return False
        bold = large = True
        for r in runs:
            rpr = r.find(q("rPr"))
            b = _on(rpr.find(q("b")), self.w) if rpr is not None else None
            if not (b if b is not None else bool(style_b)):
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
            elif tag == q("fldSimple"):
                instr = (child.get(q("instr")) or "").split()
                drop = bool(instr) and instr[0].upper() in _PAGE_FIELDS
                self.fields.append({"state": "result", "drop": drop, "instr": []})
                self._inline(child, parts)
                self.fields.pop()
            # w:del, w:moveFrom, w:pPr, bookmarks, comments marks, math: not text

    def _run(self, r: etree._Element, parts: list[str]) -> None:
        q = self.q
        rpr = r.find(q("rPr"))
        hidden = False
        if rpr is not None:
            v = _on(rpr.find(q("vanish")), self.w)
            if v is None:
                rs = rpr.find(q("rStyle"))
                if rs is not None:
                    v = _on(self.styles.find(rs.get(q("val")), f"{q('rPr')}/{q('vanish')}"), self.w)
            hidden = bool(v)
        for c in r:
            tag = c.tag
            if tag == q("fldChar"):
                kind = c.get(q("fldCharType"))
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
            if tag == q("instrText"):
                if self.fields:
                    self.fields[-1]["instr"].append(c.text or "")
                continue
            if hidden or not self._field_visible():
                continue
            if tag == q("t"):
                parts.append(c.text or "")
            elif tag in (q("tab"), q("ptab")):
                parts.append("\t")
            elif tag in (q("br"), q("cr")):
                parts.append(_BR)
            elif tag == q("noBreakHyphen"):
                parts.append("-")
            elif tag == q("sym"):
                char = c.get(q("char"))
                if _is_hex(char):
                    code = int(char, 16)  # symbol fonts use the private use area
                    parts.append("・" if 0xE000 <= code <= 0xF8FF else chr(code))
            # w:delText, w:drawing, w:pict, footnote references, softHyphen: not text


def _is_hex(v: Optional[str]) -> bool:
    return bool(v) and re.fullmatch(r"[0-9A-Fa-f]{1,6}", v) is not None


def _join_break(m: re.Match) -> str:
    a, b = m.group(1), m.group(2)
    if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
        return a + " " + b
    return a + b


def _finish(text: str) -> str:
    """Final block text: line breaks joined, newlines impossible, ends trimmed."""
    text = re.sub(f"(.?){_BR}+(.?)", _join_break, text)
    text = text.replace(_BR, "").replace("\r", "").replace("\n", "")
    return text.strip(" \t")


def load_docx(path: str) -> LoadedDocument:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        raise LoadError("E107", path=path, reason=f"not a valid zip file: {e}") from None
    with zf:
        try:
            pkg = _Package(zf, path)
            names = set(pkg.infos)
            if "word/document.xml" not in names:
                other = _other_zip_kind(names, zf)
                if other is not None:
                    raise LoadError("E108", path=path, actual=other)
                # a Word main part elsewhere is allowed when the relationships say so
                rel_main = None
                if pkg.has("_rels/.rels"):
                    for rtype, target in pkg.rels("").values():
                        if rtype.endswith(OFFICE_DOC_TYPES) and pkg.has(target):
                            rel_main = target
                if rel_main is None:
                    raise LoadError("E107", path=path, reason="word/document.xml is missing")
            reader = _Reader(pkg, path)
            blocks = reader.read()
        except LoadError:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, ValueError,
                NotImplementedError, OSError, RuntimeError, zlib.error) as e:
            raise LoadError("E107", path=path, reason=f"{type(e).__name__}: {e}") from None
    return LoadedDocument(path=path, format="docx", blocks=tuple(blocks), warnings=tuple(reader.warnings))
