#!/usr/bin/env python3
"""Make txt/, docx/ and pdf/ for holdout7 from docs.py (adapted from holdout5).

    python benchmarks/holdout7/make_formats.py            # txt + DOCX + PDF
    python benchmarks/holdout7/make_formats.py --no-pdf

The txt is the text as Word displays it (accepted revisions, field results,
numbers produced by numbering, no comments), one paragraph a line, table rows
as TAB-separated cells. DOCX features (see README): multi-level numbering
(第%1条 / %2 full width / (%3)) attached directly (w:numPr in the paragraph)
or through paragraph styles whose w:pPr holds w:numPr; the first paragraph of
an article with one paragraph only has no numPr; Word tables with
w:gridSpan / w:vMerge; a comment; tracked changes (w:ins / w:del); article
headings in the built-in "Heading 2" style; a bookmark + REF fields in the
body and a PAGE field in the footer. PDF: LibreOffice with a private profile.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from docs import DOCS, NUMBERING, Table  # noqa: E402

ARTICLE_LINE = re.compile(r"^第(\d+)条(（[^）]*）)$")
PARA_LINE = re.compile(r"^([１-９])　(.+)$")
ITEM_LINE = re.compile(r"^\((\d+)\)　(.+)$")
MARKUP = re.compile(r"\{\+(.+?)\+\}|\{-(.+?)-\}|\[\[(BM|REF|C):([^|\]]+)\|([^\]]+)\]\]")
NUM_ID = 70
FONT = "ＭＳ 明朝"
FULLWIDTH = str.maketrans("１２３４５６７８９", "123456789")
LEVELS = [  # ilvl, numFmt, lvlText, indent (twips), style id used when numbering comes from a style
    (0, "decimal", "第%1条", 0, "ArticleNum"),
    (1, "decimalFullWidth", "%2　", 0, "ParaNum"),
    (2, "decimal", "(%3)　", 210, "ItemNum"),
]
AUTHOR = "法務部 審査担当"
DATE = "2025-03-10T09:00:00Z"


def plain(line: str) -> str:
    """The line as Word displays it with all revisions accepted."""
    def sub(m):
        if m.group(1) is not None:
            return m.group(1)
        if m.group(2) is not None:
            return ""
        return m.group(5)
    return MARKUP.sub(sub, line)


def txt_lines(doc) -> list[str]:
    out = []
    for item in doc:
        if isinstance(item, Table):
            out += ["\t".join(c or "" for c in row) for row in item.rows]
        else:
            out.append(plain(item))
    return out


def el(tag, **attrs):
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(k.replace("_", ":", 1)), v)
    return e


def set_fonts(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(10.5)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(2)


def add_numbering(doc, with_styles: bool) -> None:
    numbering = doc.part.numbering_part.element
    abstract = el("w:abstractNum", w_abstractNumId=str(NUM_ID))
    abstract.append(el("w:multiLevelType", w_val="multilevel"))
    for ilvl, fmt, text, indent, style_id in LEVELS:
        lvl = el("w:lvl", w_ilvl=str(ilvl))
        lvl.append(el("w:start", w_val="1"))
        lvl.append(el("w:numFmt", w_val=fmt))
        if with_styles:
            lvl.append(el("w:pStyle", w_val=style_id))
        lvl.append(el("w:suff", w_val="nothing"))
        lvl.append(el("w:lvlText", w_val=text))
        lvl.append(el("w:lvlJc", w_val="left"))
        ppr = el("w:pPr")
        ppr.append(el("w:ind", w_left=str(indent), w_firstLine="0"))
        lvl.append(ppr)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = el("w:num", w_numId=str(NUM_ID))
    num.append(el("w:abstractNumId", w_val=str(NUM_ID)))
    numbering.append(num)
    if with_styles:
        names = {"ArticleNum": "条番号", "ParaNum": "項番号", "ItemNum": "号番号"}
        for ilvl, _f, _t, _i, style_id in LEVELS:
            st = doc.styles.add_style(names[style_id], WD_STYLE_TYPE.PARAGRAPH)
            st.element.set(qn("w:styleId"), style_id)
            st.base_style = doc.styles["Normal"]
            if ilvl == 0:
                st.font.bold = True
            ppr = st.element.get_or_add_pPr()
            numpr = el("w:numPr")
            numpr.append(el("w:ilvl", w_val=str(ilvl)))
            numpr.append(el("w:numId", w_val=str(NUM_ID)))
            ppr.insert(0, numpr)


def number_paragraph(p, level: int) -> None:
    ppr = p._p.get_or_add_pPr()
    numpr = el("w:numPr")
    numpr.append(el("w:ilvl", w_val=str(level)))
    numpr.append(el("w:numId", w_val=str(NUM_ID)))
    ppr.insert(0, numpr)


def fld_run(p, kind):
    r = p.add_run()
    r._r.append(el("w:fldChar", w_fldCharType=kind))


def add_field(p, instr: str, result: str) -> None:
    fld_run(p, "begin")
    r = p.add_run()
    t = el("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instr} "
    r._r.append(t)
    fld_run(p, "separate")
    p.add_run(result)
    fld_run(p, "end")


_ids = iter(range(100, 10000))


def add_inline(doc, p, text: str) -> None:
    pos = 0
    for m in MARKUP.finditer(text):
        if m.start() > pos:
            p.add_run(text[pos:m.start()])
        pos = m.end()
        if m.group(1) is not None:  # insertion
            ins = el("w:ins", w_id=str(next(_ids)), w_author=AUTHOR, w_date=DATE)
            r = el("w:r")
            t = el("w:t")
            t.text = m.group(1)
            r.append(t)
            ins.append(r)
            p._p.append(ins)
        elif m.group(2) is not None:  # deletion
            d = el("w:del", w_id=str(next(_ids)), w_author=AUTHOR, w_date=DATE)
            r = el("w:r")
            t = el("w:delText")
            t.text = m.group(2)
            r.append(t)
            d.append(r)
            p._p.append(d)
        else:
            kind, name, shown = m.group(3), m.group(4), m.group(5)
            if kind == "BM":
                bid = str(next(_ids))
                p._p.append(el("w:bookmarkStart", w_id=bid, w_name=name))
                p.add_run(shown)
                p._p.append(el("w:bookmarkEnd", w_id=bid))
            elif kind == "REF":
                add_field(p, f"REF {name} \\h", shown)
            else:  # comment
                run = p.add_run(shown)
                doc.add_comment(run, text=name, author=AUTHOR, initials="HM")
    if pos < len(text):
        p.add_run(text[pos:])


def add_table(doc, table: Table) -> None:
    ncols = max(len(r) for r in table.rows)
    t = doc.add_table(rows=len(table.rows), cols=ncols)
    t.style = "Table Grid"
    widths = [30, 100, 30] if ncols == 3 else [40, 120]
    for r, row in enumerate(table.rows):
        for c in range(ncols):
            t.cell(r, c).width = Mm(widths[c])
    for r, row in enumerate(table.rows):
        if len(row) < ncols:  # last cell spans the rest (w:gridSpan)
            t.cell(r, len(row) - 1).merge(t.cell(r, ncols - 1))
        for c, text in enumerate(row):
            if text is None:  # continue the cell above (w:vMerge)
                top = t.cell(r - 1, c)
                top.merge(t.cell(r, c))
                continue
            t.cell(r, c).text = text


def make_docx(did: str, out: Path) -> None:
    mode = NUMBERING[did]
    lines = DOCS[did]
    doc = Document()
    set_fonts(doc)
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    title = lines[0]
    head = section.header.paragraphs[0]
    head.text = title
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("- ")
    add_field(foot, "PAGE", "1")
    foot.add_run(" -")
    numbered = mode in ("direct", "style")
    if numbered:
        add_numbering(doc, with_styles=mode == "style")
    counters = [0, 0, 0]
    for i, line in enumerate(lines):
        if isinstance(line, Table):
            add_table(doc, line)
            continue
        if i == 0:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(line)
            run.bold = True
            run.font.size = Pt(14)
            continue
        level = text = None
        if numbered:
            if m := ARTICLE_LINE.match(line):
                level, text, typed = 0, m.group(2), int(m.group(1))
            elif m := PARA_LINE.match(line):
                level, text, typed = 1, m.group(2), int(m.group(1).translate(FULLWIDTH))
            elif m := ITEM_LINE.match(line):
                level, text, typed = 2, m.group(2), int(m.group(1))
        if level is not None:
            counters[level] += 1
            for deeper in range(level + 1, 3):
                counters[deeper] = 0
            if counters[level] != typed:
                raise SystemExit(f"{did}: Word would number {counters[level]} where the txt has {typed}: {line[:30]}")
            p = doc.add_paragraph()
            if mode == "style":
                p.style = doc.styles[["条番号", "項番号", "号番号"][level]]
            else:
                number_paragraph(p, level)
            add_inline(doc, p, text)
        else:
            p = doc.add_paragraph()
            if mode == "typed-heading2" and ARTICLE_LINE.match(line):
                p.style = doc.styles["Heading 2"]
            add_inline(doc, p, line)
    tmp = out.with_suffix(".docx.tmp")
    doc.save(tmp)
    tmp.replace(out)


def make_pdfs(docx_dir: Path, pdf_dir: Path, ids: list[str]) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: apt-get install -y libreoffice-writer fonts-noto-cjk")
    with tempfile.TemporaryDirectory(prefix="h7_lo_") as tmp:
        profile = Path(tmp, "profile").as_uri()
        outdir = Path(tmp, "out")
        outdir.mkdir()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(outdir)] + [str(docx_dir / f"{i}.docx") for i in ids]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, timeout=600)
        for i in ids:
            shutil.move(str(outdir / f"{i}.pdf"), str(pdf_dir / f"{i}.pdf"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args()
    for sub in ("txt", "docx", "pdf"):
        (HERE / sub).mkdir(exist_ok=True)
    ids = sorted(DOCS)
    for i in ids:
        (HERE / "txt" / f"{i}.txt").write_text("\n".join(txt_lines(DOCS[i])) + "\n", encoding="utf-8")
        make_docx(i, HERE / "docx" / f"{i}.docx")
    print(f"{len(ids)} txt + DOCX written")
    if not args.no_pdf:
        make_pdfs(HERE / "docx", HERE / "pdf", ids)
        print(f"{len(ids)} PDF written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
