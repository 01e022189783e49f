#!/usr/bin/env python3
"""Make docx/ID.docx and pdf/ID.pdf from txt/ID.txt for the holdout4 set.

    python benchmarks/holdout4/make_formats.py            # DOCX + PDF
    python benchmarks/holdout4/make_formats.py --no-pdf   # DOCX only

DOCX, the way contracts arrive: the title is a bold centred paragraph, the
section header repeats the title, the footer holds a PAGE field. For the
documents in AUTO_NUMBERED (articles 第1条..第N条 in order, one heading line
each) the 「第N条」 is produced by Word automatic numbering (numbering.xml
abstractNum with lvlText 「第%1条」) and the paragraph text is just the rest of
the heading line, e.g. 「（秘密保持）」. Lines with two or more TABs become rows
of a real Word table. Everything else is one paragraph per line.

Tracked changes: for the documents in TRACKED, some paragraphs carry Word
revision marks (w:del with the earlier wording, w:ins with the new wording).
The txt file holds the ACCEPTED reading (deletions gone, insertions kept);
the DOCX must be read the same way. Their PDFs are printed from the accepted
version (a temporary DOCX without revision marks), because LibreOffice would
otherwise print the struck-through text as well.

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
AUTO_NUMBERED = {"N001", "N004", "N006", "N007", "N008", "N010", "N013", "N016"}
# id -> list of (after, deleted, inserted): in the accepted line, right after the
# text `after`, the deleted text was removed and `inserted` put in its place.
# A change applies to the first line where `after` + `inserted` occurs.
TRACKED: dict[str, list[tuple[str, str, str]]] = {
    "N011": [
        ("", "受注者は、発注者の書面による事前の承諾を得なければ、本件業務の全部又は一部を第三者に再委託してはならない。",
         "受注者は、自らの責任において、本件業務の一部を第三者（以下「再委託先」という。）に再委託することができる。"),
        ("２　受注者は、", "本契約の有効期間中", "本契約の終了後も3年間"),
    ],
    "N012": [
        ("受託者が保有する本件会員データ（複製物を含む。）を", "復元不可能な方法により", ""),
        ("を速やかに消去するものとする。",
         "受託者は、消去完了後7日以内に、消去の日時、方法及び対象を記載した消去証明書を委託者に提出しなければならない。",
         "ただし、法令により保存が義務付けられているものを除く。"),
    ],
}
REVISION_AUTHOR = "法務部 査読者"
REVISION_DATE = "2025-06-18T10:00:00Z"
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


def _revision(kind: str, text: str, rev_id: int):
    el = OxmlElement(kind)
    el.set(qn("w:id"), str(rev_id))
    el.set(qn("w:author"), REVISION_AUTHOR)
    el.set(qn("w:date"), REVISION_DATE)
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if kind == "w:del" else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    el.append(run)
    return el


def tracked_paragraph(doc: Document, line: str, changes: list[tuple[str, str, str]], first_id: int):
    """A paragraph whose accepted reading is `line`, with the given revisions."""
    spots = []
    for after, deleted, inserted in changes:
        pos = line.index(after + inserted) + len(after)
        spots.append((pos, deleted, inserted))
    spots.sort()
    p = doc.add_paragraph()
    cursor = 0
    rev_id = first_id
    for pos, deleted, inserted in spots:
        if pos > cursor:
            p.add_run(line[cursor:pos])
        p._p.append(_revision("w:del", deleted, rev_id))
        rev_id += 1
        if inserted:
            p._p.append(_revision("w:ins", inserted, rev_id))
            rev_id += 1
        cursor = pos + len(inserted)
    if cursor < len(line):
        p.add_run(line[cursor:])
    return p, rev_id


def auto_numbering_applies(lines: list[str]) -> bool:
    numbers = [int(m.group(1)) for ln in lines if (m := ANY_ARTICLE.match(ln))]
    headings = [ln for ln in lines if ARTICLE_LINE.match(ln)]
    return bool(numbers) and numbers == list(range(1, len(numbers) + 1)) and len(headings) == len(numbers)


def make_docx(txt: Path, out: Path, accepted: bool = False) -> None:
    lines = txt.read_text(encoding="utf-8").splitlines()
    doc_id = txt.stem
    pending = [] if accepted else list(TRACKED.get(doc_id, []))
    rev_id = 1
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
            widths = [36, 58, text_width - 94] if ncols == 3 else [text_width // ncols] * ncols
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
            here = [c for c in pending if (c[0] + c[2]) in line]
            if here:
                pending = [c for c in pending if c not in here]
                _, rev_id = tracked_paragraph(doc, line, here, rev_id)
            else:
                doc.add_paragraph(line)
        i += 1
    if pending:
        raise SystemExit(f"{doc_id}: tracked changes not placed: {pending}")
    tmp = out.with_suffix(".docx.tmp")
    doc.save(tmp)
    tmp.replace(out)


def make_pdfs(docx_dir: Path, pdf_dir: Path, ids: list[str]) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: apt-get update && apt-get install -y libreoffice-writer fonts-noto-cjk")
    with tempfile.TemporaryDirectory(prefix="h4_lo_") as tmp:
        profile = Path(tmp, "profile").as_uri()
        outdir = Path(tmp, "out")
        outdir.mkdir()
        accepted_dir = Path(tmp, "accepted")
        accepted_dir.mkdir()
        sources = []
        for i in ids:
            if i in TRACKED:  # print the accepted reading, not the redline
                make_docx(HERE / "txt" / f"{i}.txt", accepted_dir / f"{i}.docx", accepted=True)
                sources.append(str(accepted_dir / f"{i}.docx"))
            else:
                sources.append(str(docx_dir / f"{i}.docx"))
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(outdir)] + sources
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
    print(f"{len(ids)} DOCX written ({len(AUTO_NUMBERED & set(ids))} with automatic article numbering, "
          f"{len(set(TRACKED) & set(ids))} with tracked changes)")
    if not args.no_pdf:
        make_pdfs(docx_dir, pdf_dir, ids)
        print(f"{len(ids)} PDF written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
