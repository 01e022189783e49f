"""PDF layouts read in reading order, or refused with a code: vertical
writing (縦書き), columns, pages turned by /Rotate or drawn rotated, text in
annotations and form fields, text drawn at an angle, and fonts whose text
cannot be extracted. Never "missing" verdicts from scrambled text.

Every input is written at test time by ``tests/battery/pdfgen.py`` (Type0
fonts with a ToUnicode map, nothing embedded). The reference for "read
correctly" is the same contract set as an ordinary horizontal page: its
blocks, which the existing loader reads paragraph for paragraph.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "battery"))
import make_battery as mb  # noqa: E402
import pdfgen  # noqa: E402

from keiyaku_lint.errors import LoadError  # noqa: E402
from keiyaku_lint.load import load  # noqa: E402
from keiyaku_lint.load.pdf import _page_list  # noqa: E402
from keiyaku_lint.load.pdf_layout import _step, _turn  # noqa: E402

CONTRACT = mb.FULL_CONTRACT


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s)).strip()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def texts(doc) -> list[str]:
    return [norm(b.text) for b in doc.blocks]


def codes(doc) -> list[str]:
    return [w.code for w in doc.warnings]


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> list[str]:
    """The contract's blocks as read from an ordinary horizontal PDF."""
    path = write(tmp_path_factory.mktemp("ref"), "h.pdf", pdfgen.horizontal_pdf(CONTRACT, footer=True))
    doc = load(path)
    assert codes(doc) == []
    blocks = texts(doc)
    # the reference itself: the contract's paragraphs, one block each
    assert blocks == [norm(l) for l in CONTRACT.splitlines() if l.strip()]
    return blocks


# --- vertical writing (縦書き) ------------------------------------------------------------


@pytest.mark.parametrize("mode,digits,footer", [
    ("identity-v", "rotate", False),  # an Identity-V font, sideways Latin digits
    ("positioned", "tcy", True),  # every glyph placed upright (LibreOffice), 縦中横, a page number
    ("positioned", "rotate", True),
    ("at-font", "tcy", True),  # Word: a Windows "@" font drawn turned 90°, 縦中横 digits upright
])
def test_vertical_contract_reads_column_by_column(tmp_path, reference, mode, digits, footer):
    """Finding 9: a vertical contract loaded as 875 one-character blocks. It
    reads right to left, each column top to bottom, wrapped columns joined:
    the same blocks as the horizontal contract."""
    doc = load(write(tmp_path, "v.pdf", pdfgen.vertical_pdf(CONTRACT, mode=mode, digits=digits, footer=footer)))
    assert texts(doc) == reference
    assert codes(doc) == ["W122"]
    assert doc.blocks[0].style == "title"
    assert "縦書き" in doc.warnings[0].message_ja and "vertical" in doc.warnings[0].message_en


def test_vertical_reading_does_not_depend_on_the_drawing_order(tmp_path, reference):
    """Glyphs drawn in any order (here: shuffled) are read by where they
    stand: the writing axis then comes from the page's geometry."""
    import random

    doc = pdfgen.Doc()
    pages = pdfgen.flow_vertical([[pdfgen.Frame(72, 72, 523, 770)]], pdfgen.contract_lines(CONTRACT, 66, 10.5, 14.7),
                                 doc, mode="positioned")
    for p in pages:
        random.Random(7).shuffle(p.ops)
    got = load(write(tmp_path, "shuffled.pdf", doc.bytes()))
    assert texts(got) == reference
    assert codes(got) == ["W122"]


def test_vertical_pages_with_a_horizontal_running_header(tmp_path, reference):
    """A horizontal header above a vertical page's columns is read first on
    its page, and dropped as a running header like on horizontal pages."""
    doc = pdfgen.Doc()
    lines = pdfgen.contract_lines(CONTRACT, 64, 10.5, 14.7)
    pages = pdfgen.flow_vertical([[pdfgen.Frame(72, 90, 523, 770)]], lines, doc, footer=True)
    for p in pages:
        p.text(72, 50, "業務委託契約書（株式会社あおば物産）", 9)
    got = load(write(tmp_path, "vh.pdf", doc.bytes()))
    assert len(pages) >= 2
    assert texts(got) == reference
    assert codes(got) == ["W122"]


def test_vertical_page_of_labelled_columns_only(tmp_path):
    """A vertical page whose every column starts with a label and a space
    (甲　…, 乙　…): the labels stay at the head of their columns."""
    doc = pdfgen.Doc()
    page = doc.page()
    for i, col in enumerate(["甲　株式会社あおば物産代表取締役", "乙　株式会社つばさ情報処理代表取締役"]):
        pdfgen._column(page, 480 - 30 * i, 72, col, 10.5, "positioned", "rotate")
    got = load(write(tmp_path, "labels.pdf", doc.bytes()))
    assert texts(got) == [norm("甲　株式会社あおば物産代表取締役"), norm("乙　株式会社つばさ情報処理代表取締役")]


def test_vertical_tiers_read_top_tier_first(tmp_path, reference):
    """Vertical text in two tiers (段): all of the upper tier's columns, then
    the lower tier's."""
    doc = load(write(tmp_path, "v2.pdf", pdfgen.vertical_pdf(CONTRACT, tiers=2, size=9)))
    assert texts(doc) == reference
    assert codes(doc) == ["W122", "W124"]


def test_vertical_cover_page_then_horizontal_body(tmp_path, reference):
    """A vertical title page before horizontal pages: each page read in its
    own direction; the cover's title is kept although the body repeats it."""
    doc = load(write(tmp_path, "cover.pdf", pdfgen.vertical_cover_pdf(CONTRACT)))
    got = texts(doc)
    assert got[:3] == [reference[0], norm("甲　株式会社あおば物産"), norm("乙　株式会社つばさ情報処理")]
    assert got[3:] == reference
    assert codes(doc) == ["W122"]
    assert doc.warnings[0].message_en.startswith("Page(s) 1 ")


def test_vertical_presentation_forms_read_as_their_characters(tmp_path):
    """︵目的︶ and ︑ ︒ (vertical presentation forms) read as （目的） 、 。"""
    text = "契約書\n第1条︵目的︶\n" + "本契約は︑業務の委託について定める︒" * 12 + "\n第2条︵協議︶\n" + "甲乙は協議する︒" * 9
    doc = load(write(tmp_path, "forms.pdf", pdfgen.vertical_pdf(text)))
    assert [b.text for b in doc.blocks] == ["契約書", "第1条（目的）", "本契約は、業務の委託について定める。" * 12,
                                            "第2条（協議）", "甲乙は協議する。" * 9]


# --- columns ---------------------------------------------------------------------------------


@pytest.mark.parametrize("n,full_width,size", [(2, True, 10.5), (2, False, 10.5), (3, True, 10)])
def test_columns_read_one_after_the_other(tmp_path, reference, n, full_width, size):
    """Finding 9: two columns were merged line by line. Columns are split at
    the gutter before lines are joined; a full-width title stays first; a
    paragraph running on into the next column is one block; the page number
    in the gutter does not hide it; a short last column is a column."""
    doc = load(write(tmp_path, "c.pdf", pdfgen.columns_pdf(CONTRACT, n, size=size, title_full_width=full_width)))
    assert texts(doc) == reference
    assert codes(doc) == ["W124"]
    assert f"up to {n}" in doc.warnings[0].message_en


def test_side_by_side_signatures_are_not_columns(tmp_path, reference):
    """A single-column contract ending with the parties' blocks side by side
    is one column: no notice, the same text as before."""
    doc = pdfgen.Doc()
    fr = pdfgen.single_frame()
    pages = pdfgen.flow_horizontal(fr, pdfgen.contract_lines(CONTRACT, 42), doc)
    page = pages[-1]
    for i, (a, b) in enumerate([("甲", "乙"), ("東京都港区一丁目1番1号", "大阪府北区二丁目2番2号"),
                                ("株式会社あおば物産", "株式会社つばさ情報処理"), ("代表取締役　青葉一郎", "代表取締役　翼花子")]):
        page.text(72, 300 + 16 * i, a)
        page.text(330, 300 + 16 * i, b)
    got = load(write(tmp_path, "sig.pdf", doc.bytes()))
    assert codes(got) == []
    assert norm("代表取締役 青葉一郎 代表取締役 翼花子") in texts(got)


def test_a_comparison_table_reads_column_by_column(tmp_path):
    """A 新旧対照表 (old text | new text, each cell wrapped over lines, rows
    ruled): each column's articles read whole (they were interleaved line
    by line), the old column first; the notice says columns were read."""
    old = ["第2条　乙は、本業務に関して知り得た秘密情報を第三者に開示してはならない。ただし、甲の承諾を得た場合はこの限りでない。",
           "第5条　乙は、事故が発生したときは、速やかに甲に報告しなければならない。報告の方法は書面による。",
           "第8条　第2条の規定は、本契約の終了後も3年間なお効力を有する。"]
    new = ["第2条　乙は、本業務に関して知り得た秘密情報及び個人情報を、甲の事前の書面による承諾なく第三者に開示し、又は漏えいしてはならない。",
           "第5条　乙は、事故が発生し、又はそのおそれがあるときは、直ちに甲に報告し、甲の指示に従わなければならない。",
           "第8条　第2条及び第6条の規定は、本契約の終了後も5年間なお効力を有する。"]
    doc = pdfgen.Doc()
    page = doc.page()
    page.text(72, 60, "新旧対照表", 14)
    page.text(72, 84, "改正前")
    page.text(310, 84, "改正後")
    y = 100
    for a, b in zip(old, new):
        la, lb = pdfgen.wrap(a, 20), pdfgen.wrap(b, 20)
        for i, t in enumerate(la):
            page.text(76, y + i * 15, t)
        for i, t in enumerate(lb):
            page.text(314, y + i * 15, t)
        page.raw(b"0.5 w 72 %.1f m 523 %.1f l S" % (842 - y + 4, 842 - y + 4))
        y += max(len(la), len(lb)) * 15 + 6
    page.raw(b"0.5 w 298 746 m 298 %.1f l S" % (842 - y))
    got = load(write(tmp_path, "table.pdf", doc.bytes()))
    assert texts(got) == [norm(t) for t in ["新旧対照表", "改正前", *old, "改正後", *new]]
    assert codes(got) == ["W124"]


def test_a_label_column_is_not_a_text_column(tmp_path):
    """Labels beside their values (項目 | 内容) are read row by row."""
    doc = pdfgen.Doc()
    page = doc.page()
    rows = [("委託業務", "給与計算及び年末調整の事務"), ("委託期間", "令和7年4月1日から1年間"), ("委託料", "月額30万円"),
            ("支払方法", "翌月末日までに銀行振込"), ("再委託", "甲の書面による承諾を要する"), ("担当者", "総務部長")]
    page.text(72, 60, "個人情報の取扱いを伴う業務委託契約書（別表）", 14)
    for i, (a, b) in enumerate(rows * 3):
        page.text(72, 100 + 18 * i, a)
        page.text(200, 100 + 18 * i, b)
    got = load(write(tmp_path, "table.pdf", doc.bytes()))
    assert codes(got) == []
    assert norm("委託業務 給与計算及び年末調整の事務") in texts(got)


# --- rotated pages and content ----------------------------------------------------------------


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_rotated_pages_read_upright(tmp_path, reference, rotate):
    """Finding 9: /Rotate 90 / 270 pages lost four clauses. Turned upright,
    they read as the unrotated pages."""
    doc = load(write(tmp_path, "r.pdf", pdfgen.horizontal_pdf(CONTRACT, rotate=rotate, footer=True)))
    assert texts(doc) == reference
    assert codes(doc) == ["W123"]
    assert f"{rotate}°" in doc.warnings[0].message_en


def test_pages_rotated_differently_from_each_other(tmp_path, reference):
    doc = load(write(tmp_path, "mix.pdf", pdfgen.mixed_rotations_pdf(CONTRACT)))
    assert texts(doc) == reference
    assert codes(doc) == ["W123"]
    assert "90°/180°/270°" in doc.warnings[0].message_en


@pytest.mark.parametrize("turn", [90, 270])
def test_rotated_content_reads_upright(tmp_path, reference, turn):
    """Finding 9: content drawn with a rotation matrix on a landscape page
    (a sideways scan's text layer) lost six clauses."""
    doc = load(write(tmp_path, "rc.pdf", pdfgen.rotated_content_pdf(CONTRACT, turn)))
    assert texts(doc) == reference
    assert codes(doc) == ["W123"]


@pytest.mark.parametrize("degrees", [2.0, -4.0])
def test_slightly_skewed_text_is_turned_back(tmp_path, reference, degrees):
    """A scan's text layer set along slightly slanted lines: each line would
    drift across pdfplumber's rows; the page is turned back first."""
    doc = load(write(tmp_path, "skew.pdf", pdfgen.skewed_pdf(CONTRACT, degrees)))
    assert texts(doc) == reference
    assert codes(doc) == ["W123"]
    assert f"{degrees:g}°" in doc.warnings[0].message_en


def test_text_at_an_angle_is_left_out(tmp_path, reference):
    """A diagonal watermark is not mixed into the lines it crosses."""
    doc = pdfgen.Doc()
    pages = pdfgen.flow_horizontal(pdfgen.single_frame(), pdfgen.contract_lines(CONTRACT, 42), doc)
    for p in pages:
        pdfgen.watermark(p)
    got = load(write(tmp_path, "wm.pdf", doc.bytes()))
    assert texts(got) == reference
    assert codes(got) == ["W127"]
    assert "14 characters" in got.warnings[0].message_en  # the 7 of 「社外秘　複製禁止」 on 2 pages


def test_a_page_mixing_directions_is_refused(tmp_path):
    """Vertical columns beside a block of horizontal lines: no confident
    reading order, so E120, never a scrambled text."""
    doc = pdfgen.Doc()
    w, h = pdfgen.A4
    pdfgen.flow_vertical([[pdfgen.Frame(300, 72, w - 72, h - 72)]], pdfgen.contract_lines(CONTRACT, 40)[:14], doc)
    for i, ln in enumerate(pdfgen.contract_lines(CONTRACT, 18)[40:80]):
        doc.pages[0].text(72, 72 + 16 * i, ln.text)
    with pytest.raises(LoadError) as e:
        load(write(tmp_path, "mixed.pdf", doc.bytes()))
    assert e.value.code == "E120"
    assert "page 1" in e.value.message("en") and "1 ページ" in e.value.message("ja")


def test_a_page_drawn_half_upside_down_is_refused(tmp_path):
    """Japanese text at two turns on one page (upright and upside down):
    E120, not one of them read backwards."""
    doc = pdfgen.Doc()
    page = doc.page()
    lines = pdfgen.contract_lines(CONTRACT, 42)
    for i, ln in enumerate(lines[:20]):
        page.text(72, 72 + 16 * i, ln.text)
    f = doc.font("H")
    for i, ln in enumerate(lines[20:40]):  # turned 180°: the baseline runs right to left
        page.raw(b"BT /H 10.5 Tf -1 0 0 -1 523 %.2f Tm %s Tj ET" % (380 - 16 * i, f.encode(ln.text)))
    with pytest.raises(LoadError) as e:
        load(write(tmp_path, "upside.pdf", doc.bytes()))
    assert e.value.code == "E120" and "orientations" in e.value.message("en")


# --- annotations and form fields ----------------------------------------------------------------


def test_freetext_annotation_is_read_where_it_stands(tmp_path, reference):
    """Finding 12: an article only in a FreeText annotation was "missing".
    Its text is read at its place, with a notice that it is an annotation."""
    doc = load(write(tmp_path, "ft.pdf", pdfgen.freetext_pdf(CONTRACT, "第2条")))
    got = texts(doc)
    i = got.index(norm("第2条（秘密保持）"))
    assert got[i - 1] == norm("（この条は入力欄）")
    assert got[i:i + 3] == reference[reference.index(norm("第2条（秘密保持）")):][:3]
    assert got[i + 3] == norm("第3条（再委託の制限）")
    assert codes(doc) == ["W125"]


def test_freetext_without_appearance_reads_its_contents(tmp_path):
    doc = load(write(tmp_path, "ft.pdf", pdfgen.freetext_pdf(CONTRACT, "第2条", appearance=False)))
    got = texts(doc)
    assert got[got.index(norm("（この条は入力欄）")) + 1] == norm("第2条（秘密保持）")
    assert any(t.startswith("乙は、本業務に関して甲から開示された") for t in got)
    assert codes(doc) == ["W125"]


def test_annotation_text_off_the_page_is_not_read(tmp_path):
    """The part of an annotation drawn below the page is not shown: not
    read, with a notice saying how many characters."""
    doc = load(write(tmp_path, "ft.pdf", pdfgen.freetext_pdf(CONTRACT, "第2条", shift=560)))
    got = texts(doc)
    assert norm("第2条（秘密保持）") in got
    assert not any("遂行以外の目的に使用" in t for t in got)  # the article's second paragraph, below the page
    assert codes(doc) == ["W125", "W128"]
    assert re.search(r"\d+ characters of an annotation on page\(s\) 1 ", doc.warnings[1].message_en)


def test_hidden_annotation_is_not_read(tmp_path):
    doc = load(write(tmp_path, "ft.pdf", pdfgen.freetext_pdf(CONTRACT, "第2条", hidden=True)))
    assert norm("第2条（秘密保持）") not in texts(doc)
    assert codes(doc) == []


def test_form_field_value_is_read_where_it_stands(tmp_path):
    doc = load(write(tmp_path, "field.pdf", pdfgen.freetext_pdf(CONTRACT, "第2条", as_field=True)))
    got = texts(doc)
    assert got[got.index(norm("（この条は入力欄）")) + 1] == norm("第2条（秘密保持）")
    assert codes(doc) == ["W126"]


def test_links_are_not_text(tmp_path):
    """A link annotation's /Contents is not shown on the page."""
    path = write(tmp_path, "h.pdf", pdfgen.horizontal_pdf(CONTRACT))
    data = path.read_bytes().replace(b"/Type /Page /Parent 2 0 R",
                                     b"/Type /Page /Parent 2 0 R /Annots [<< /Type /Annot /Subtype /Link "
                                     b"/Rect [72 700 200 720] /Contents (LINK TEXT) >>]", 1)
    path.write_bytes(data)
    doc = load(path)
    assert "LINK TEXT" not in " ".join(texts(doc)) and codes(doc) == []


# --- text that cannot be extracted ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["type3", "fffd", "pua", "latin"])
def test_unextractable_text_is_E112(tmp_path, kind):
    """Finding 22: a Type3 font without glyph names gave E308 (not Japanese)
    instead of E112. So do ToUnicode maps to U+FFFD, to private-use codes,
    and to the wrong Latin letters (full-em glyphs read as ASCII)."""
    text = CONTRACT[:600] if kind == "type3" else CONTRACT  # a Type3 font holds 255 glyphs
    with pytest.raises(LoadError) as e:
        load(write(tmp_path, f"{kind}.pdf", pdfgen.unreadable_pdf(text, kind)))
    assert e.value.code == "E112"


def test_upright_latin_in_a_vertical_font_is_text(tmp_path):
    """Every glyph of a vertical (Identity-V) font advances a full em, ASCII
    too: that is not a broken character map."""
    doc = pdfgen.Doc()
    page = doc.page()
    for i in range(12):
        page.text(500 - 16 * i, 72, "第12条ABCDEFGHIJKLMNOPQRSTUVWXYZ", font="V")
    got = load(write(tmp_path, "vlatin.pdf", doc.bytes()))
    assert codes(got) == ["W122"]
    assert got.blocks[0].text.startswith("第12条ABCDEFG")


def test_one_unreadable_page_refuses_the_file(tmp_path):
    """A page of body text that cannot be extracted, in a readable file:
    E121 naming the page, not verdicts from the other pages."""
    with pytest.raises(LoadError) as e:
        load(write(tmp_path, "p2.pdf", pdfgen.unreadable_pdf(CONTRACT, "fffd", pages={2})))
    assert e.value.code == "E121"
    assert "page(s) 2 " in e.value.message("en") and "2 ページ" in e.value.message("ja")


def test_an_english_annex_is_not_unreadable(tmp_path, reference):
    """A real English page (a proportional Latin font) is text, not garbage."""
    doc = pdfgen.Doc()
    pdfgen.flow_horizontal(pdfgen.single_frame(), pdfgen.contract_lines(CONTRACT, 42), doc)
    page = doc.page()
    for i, para in enumerate((mb.ENGLISH_CONTRACT.splitlines() * 3)[:45]):
        page.text(72, 72 + 14 * i, para[:95], 10, font="L")
    got = load(write(tmp_path, "annex.pdf", doc.bytes()))
    assert texts(got)[:len(reference) - 1] == reference[:-1]
    assert "SERVICES AGREEMENT" in texts(got)


# --- the truncated-file notice -------------------------------------------------------------------


def test_a_pdf_without_its_eof_marker_reads_with_a_notice(tmp_path, reference):
    """W121 on a file that still parses (its end cut off)."""
    data = pdfgen.vertical_pdf(CONTRACT)
    doc = load(write(tmp_path, "cut.pdf", data[: data.rindex(b"%%EOF")]))
    assert texts(doc) == reference
    assert codes(doc) == ["W121", "W122"]
    assert "%%EOF" in doc.warnings[0].message_ja


# --- pieces ------------------------------------------------------------------------------------


def test_turn_of_a_character():
    assert _turn({"matrix": (1, 0, 0, 1, 0, 0)}) == 0
    assert _turn({"matrix": (1, 0, 0.2, 1, 0, 0)}) == 0  # synthetic italic: a shear, not a turn
    assert _turn({"matrix": (0, -1, 1, 0, 0, 0)}) == 90
    assert _turn({"matrix": (-1, 0, 0, -1, 0, 0)}) == 180
    assert _turn({"matrix": (0, 1, -1, 0, 0, 0)}) == 270
    assert _turn({"matrix": (0.7, 0.7, -0.7, 0.7, 0, 0)}) is None


def test_step_between_touching_characters():
    def box(x0, top, w=10, h=10):
        return {"x0": x0, "x1": x0 + w, "top": top, "bottom": top + h}

    assert _step(box(0, 0), box(10, 0)) == 0
    assert _step(box(0, 0), box(0, 10)) == 90
    assert _step(box(10, 0), box(0, 0)) == 180
    assert _step(box(0, 10), box(0, 0)) == 270
    assert _step(box(0, 0), box(0, 15)) is None  # the next line, half an em below
    assert _step(box(0, 0), box(40, 0)) is None


def test_page_list():
    assert _page_list([1]) == "1"
    assert _page_list([3, 1, 2, 5]) == "1-3, 5"
    assert _page_list([1, 2, 7]) == "1, 2, 7"


# --- end to end, through LibreOffice ------------------------------------------------------------

_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Noto Serif CJK JP" svg:font-family="'Noto Serif CJK JP'"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:text-properties style:font-name="Noto Serif CJK JP"
 style:font-name-asian="Noto Serif CJK JP" fo:font-size="10.5pt" style:font-size-asian="10.5pt"/></style:default-style></office:styles>
<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
 fo:margin="2.5cm" style:writing-mode="{mode}">{columns}</style:page-layout-properties></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>{body}</office:text></office:body></office:document>
"""


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_vertical_and_two_column_pdfs(tmp_path, reference):
    """The contract as LibreOffice prints it vertically (tb-rl) and in two
    columns reads like the horizontal one."""
    body = "".join(f"<text:p>{l}</text:p>" for l in CONTRACT.splitlines() if l.strip())
    (tmp_path / "tate.fodt").write_text(_FODT.format(mode="tb-rl", columns="", body=body), encoding="utf-8")
    two = '<style:columns fo:column-count="2" fo:column-gap="0.8cm"/>'
    (tmp_path / "twocol.fodt").write_text(_FODT.format(mode="lr-tb", columns=two, body=body), encoding="utf-8")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "tate.fodt"), str(tmp_path / "twocol.fodt")],
                   check=True, capture_output=True, timeout=180)
    tate, twocol = load(tmp_path / "tate.pdf"), load(tmp_path / "twocol.pdf")
    assert texts(tate) == reference and "W122" in codes(tate)
    assert texts(twocol) == reference and "W124" in codes(twocol)
