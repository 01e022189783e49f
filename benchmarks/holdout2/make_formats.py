#!/usr/bin/env python3
"""Make docx/ID.docx and pdf/ID.pdf from txt/ID.txt for the holdout2 set.

    python benchmarks/holdout2/make_formats.py            # DOCX + PDF
    python benchmarks/holdout2/make_formats.py --no-pdf   # DOCX only

DOCX, the way contracts arrive: the title is a bold centred paragraph, the
section header repeats the title, the footer holds a PAGE field. For the
documents in AUTO_NUMBERED (articles 第1条..第N条 in order, one heading line
each) the 「第N条」 is produced by Word automatic numbering (numbering.xml
abstractNum with lvlText 「第%1条」) and the paragraph text is just the rest of
the heading line, e.g. 「（秘密保持）」. Lines with two or more TABs become rows
of a real Word table. Everything else is one paragraph per line.

PDF: the DOCX printed by LibreOffice (`soffice --headless --convert-to pdf`;
install with `apt-get update && apt-get install -y libreoffice-writer
fonts-noto-cjk`). A private LibreOffice profile under the temp dir is used so
that a concurrently running soffice is not disturbed.
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
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
# About half of the documents whose articles run 第1条..第N条.
TABLE_COLUMNS_MM = (12, 38)  # widths of the first two columns of a three-column table
AUTO_NUMBERED = {"K001", "K004", "K008", "K011", "K015", "K017", "K020"}
ARTICLE_LINE = re.compile(r"^第(\d+)条(（[^）]*）)\s*$")
ANY_ARTICLE = re.compile(r"^第(\d+)条")
NUM_ID = 90
FONT = "ＭＳ 明朝"


def title_index(lines: list[str]) -> int:
    return 1 if lines[0] in ("別記", "別紙") and len(lines) > 1 else 0


def set_fonts(doc: Document) -> None:
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
    style.paragraph_format.line_spacing = 1.15


def add_article_numbering(doc: Document) -> None:
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(NUM_ID))
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "singleLevel")
    abstract.append(multi)
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", "第%1条"),
                     ("w:lvlJc", "left"), ("w:suff", "nothing")):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        lvl.append(el)
    abstract.append(lvl)
    # abstractNum elements must precede num elements
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(NUM_ID))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(NUM_ID))
    num.append(ref)
    numbering.append(num)


def number_paragraph(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    numid = OxmlElement("w:numId")
    numid.set(qn("w:val"), str(NUM_ID))
    numpr.append(ilvl)
    numpr.append(numid)
    ppr.insert(0, numpr)


def add_page_field(paragraph) -> None:
    def fld(kind: str):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    paragraph.add_run("- ")
    fld("begin")
    instr = paragraph.add_run()
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = " PAGE "
    instr._r.append(t)
    fld("separate")
    paragraph.add_run("1")
    fld("end")
    paragraph.add_run(" -")


def auto_numbering_applies(lines: list[str]) -> bool:
    numbers = [int(m.group(1)) for ln in lines if (m := ANY_ARTICLE.match(ln))]
    headings = [ln for ln in lines if ARTICLE_LINE.match(ln)]
    return bool(numbers) and numbers == list(range(1, len(numbers) + 1)) and len(headings) == len(numbers)


def make_docx(txt: Path, out: Path) -> None:
    lines = txt.read_text(encoding="utf-8").splitlines()
    doc_id = txt.stem
    auto = doc_id in AUTO_NUMBERED
    if auto and not auto_numbering_applies(lines):
        raise SystemExit(f"{doc_id}: articles are not a plain 第1条..第N条 sequence; cannot auto-number")
    doc = Document()
    set_fonts(doc)
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    ti = title_index(lines)
    title = lines[ti]
    head = section.header.paragraphs[0]
    head.text = title
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for r in head.runs:
        r.font.size = Pt(8)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_field(foot)
    if auto:
        add_article_numbering(doc)

    i = 0
    while i < len(lines):
        line = lines[i]
        if line.count("\t") >= 2:  # table block
            rows = []
            while i < len(lines) and lines[i].count("\t") >= 2:
                rows.append(lines[i].split("\t"))
                i += 1
            ncols = max(len(r) for r in rows)
            table = doc.add_table(rows=len(rows), cols=ncols)
            table.style = "Table Grid"
            table.autofit = False
            text_width = 160  # mm between the margins
            first, second = TABLE_COLUMNS_MM
            widths = [first, second, text_width - first - second] if ncols == 3 else [text_width // ncols] * ncols
            for c in range(ncols):
                table.columns[c].width = Mm(widths[c])
            for r, cells in enumerate(rows):
                for c in range(ncols):
                    cell = table.cell(r, c)
                    cell.text = cells[c] if c < len(cells) else ""
                    cell.width = Mm(widths[c])
            continue
        if i == ti:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(line)
            run.bold = True
            run.font.size = Pt(14)
        elif auto and (m := ARTICLE_LINE.match(line)):
            p = doc.add_paragraph(m.group(2))
            number_paragraph(p)
        else:
            doc.add_paragraph(line)
        i += 1
    tmp = out.with_suffix(".docx.tmp")
    doc.save(tmp)
    tmp.replace(out)


def make_pdfs(docx_dir: Path, pdf_dir: Path, ids: list[str]) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: apt-get update && apt-get install -y libreoffice-writer fonts-noto-cjk")
    with tempfile.TemporaryDirectory(prefix="h2_lo_") as tmp:
        profile = Path(tmp, "profile").as_uri()
        outdir = Path(tmp, "out")
        outdir.mkdir()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(outdir)] + [str(docx_dir / f"{i}.docx") for i in ids]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, timeout=600)
        for i in ids:
            produced = outdir / f"{i}.pdf"
            if not produced.is_file():
                raise SystemExit(f"{i}: LibreOffice produced no PDF")
            shutil.move(str(produced), str(pdf_dir / f"{i}.pdf"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("ids", nargs="*", help="document ids (default: all txt files)")
    args = ap.parse_args()
    txt_dir, docx_dir, pdf_dir = HERE / "txt", HERE / "docx", HERE / "pdf"
    docx_dir.mkdir(exist_ok=True)
    pdf_dir.mkdir(exist_ok=True)
    ids = args.ids or sorted(p.stem for p in txt_dir.glob("*.txt"))
    for i in ids:
        make_docx(txt_dir / f"{i}.txt", docx_dir / f"{i}.docx")
    print(f"{len(ids)} DOCX written ({len(AUTO_NUMBERED & set(ids))} with automatic article numbering)")
    if not args.no_pdf:
        make_pdfs(docx_dir, pdf_dir, ids)
        print(f"{len(ids)} PDF written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
