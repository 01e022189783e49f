"""PDF loading on a contract LibreOffice printed from a DOCX (committed
fixture, made by scripts/make_load_fixtures.py): headers, footers and page
numbers removed, wrapped lines joined without spaces, pages kept."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from keiyaku_lint.errors import LoadError
from keiyaku_lint.load import load
from keiyaku_lint.load.pdf import _drop_page_number, _Line, _starts_unit
from test_load_support import CID_FONT, HELVETICA, make_pdf, make_sample_contract

FIXTURES = Path(__file__).parent / "fixtures" / "load"


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s)).strip()


@pytest.fixture(scope="module")
def contract_pdf():
    return load(FIXTURES / "contract.pdf")


def test_pdf_blocks_equal_the_docx_paragraphs(contract_pdf, tmp_path):
    """The printed contract reads back paragraph for paragraph like its DOCX."""
    docx_blocks = [norm(b.text) for b in load(make_sample_contract(tmp_path / "c.docx")).blocks]
    pdf_blocks = [norm(b.text) for b in contract_pdf.blocks]
    assert pdf_blocks == docx_blocks


def test_running_header_and_page_numbers_removed(contract_pdf):
    texts = [b.text for b in contract_pdf.blocks]
    assert texts.count("業務委託契約書") == 1  # the title, not the header on every page
    assert contract_pdf.blocks[0].style == "title"
    assert not any(re.fullmatch(r"[\d\s\-－]+", t) for t in texts)


def test_pages_and_lines(contract_pdf):
    blocks = contract_pdf.blocks
    assert blocks[0].location.page == 1
    pages = [b.location.page for b in blocks]
    assert pages == sorted(pages) and pages[-1] >= 3
    assert [b.location.line for b in blocks] == list(range(1, len(blocks) + 1))
    assert all(b.location.paragraph is None for b in blocks)


def test_paragraph_over_a_page_break_is_one_block(contract_pdf):
    long = [b for b in contract_pdf.blocks if len(b.text) > 1500]
    assert len(long) == 1
    block = long[0]
    following = contract_pdf.blocks[contract_pdf.blocks.index(block) + 1]
    assert following.location.page > block.location.page  # it started on an earlier page
    assert " " not in block.text and "\n" not in block.text


def test_wrapped_lines_join_without_spaces(contract_pdf):
    texts = [b.text for b in contract_pdf.blocks]
    assert ("株式会社あおば商事（以下「委託者」という。）と株式会社みなと情報サービス（以下「受託者」という。）は、"
            "顧客管理業務の委託に関し、次のとおり契約を締結する。") in texts
    assert "第2条（秘密保持）" in texts
    assert any(t.startswith("２ 前項の規定は") for t in texts)


def test_encrypted_pdf_is_E106():
    with pytest.raises(LoadError) as e:
        load(FIXTURES / "encrypted.pdf")
    assert e.value.code == "E106"


def test_truncated_pdf_is_E110(tmp_path):
    data = (FIXTURES / "contract.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E110"


def test_garbage_after_header_is_E110(tmp_path):
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"this is not a pdf body\n" * 50)
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E110"


def test_scan_without_text_is_E111(tmp_path):
    # a page that only draws a rectangle, as a scanned image page has no text
    path = make_pdf(tmp_path / "scan.pdf", [b"0 0 0 rg 50 50 400 600 re f"])
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E111"


def test_font_without_character_map_is_E112(tmp_path):
    content = b"BT /F1 12 Tf 72 700 Td <0102030405060708090A0B0C0D0E0F10> Tj ET"
    path = make_pdf(tmp_path / "cid.pdf", [content], font=CID_FONT)
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E112"


def test_more_than_1000_pages_is_E109(tmp_path):
    path = make_pdf(tmp_path / "many.pdf", [b"BT /F1 12 Tf 72 700 Td (page) Tj ET"], font=HELVETICA, n_pages=1001)
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E109"


def test_simple_latin_pdf_reads(tmp_path):
    content = b"BT /F1 12 Tf 72 700 Td (Confidentiality Agreement) Tj 0 -20 Td (Article 1) Tj ET"
    path = make_pdf(tmp_path / "latin.pdf", [content], font=HELVETICA)
    assert [b.text for b in load(path).blocks] == ["Confidentiality Agreement", "Article 1"]


@pytest.mark.parametrize("text", ["第3条（秘密保持）", "第12条 協議", "第3 定義", "（目的）", "２ 受託者は", "2. 乙は",
                                  "(1) 個人情報", "（１）　従業者", "① 公知の情報", "一　氏名", "ア　住所", "別紙1",
                                  "・ 個人情報", "以上"])
def test_structural_starts(text):
    assert _starts_unit(text)


@pytest.mark.parametrize("text", ["第3条に定める義務", "10日以内に", "1,000円", "甲は、", "一部の情報"])
def test_continuations_are_not_structural_starts(text):
    assert not _starts_unit(text)


@pytest.mark.parametrize("text,dropped", [("1", True), ("- 1 -", True), ("－１－", True), ("1/3", True),
                                         ("1 / 3", True), ("Page 1", True), ("(1)", True), ("2頁", True),
                                         ("以上", False), ("(1) 個人情報", False)])
def test_page_number_at_the_bottom(text, dropped):
    body = [_Line(f"本文{i}", 72, 500, 100 + 14 * i, 110 + 14 * i, 10.5, False, 1, 842) for i in range(5)]
    foot = _Line(text, 290, 300, 800, 810, 10.5, False, 1, 842)
    out = _drop_page_number(body + [foot])
    assert (foot not in out) == dropped


def _full_lines(texts, size=10.5, left=72, right=513):
    """Lines at a 15.75 pt pitch, full ones reaching ``right``."""
    out = []
    for i, (t, full) in enumerate(texts):
        x1 = right if full else left + len(t) * size
        out.append(_Line(t, left, x1, 100 + 15.75 * i, 110.5 + 15.75 * i, size, False, 1, 842, lead=size))
    return out


def test_a_date_alone_is_not_joined_to_a_full_line():
    """「…保有する。」 filling its line, then 「令和7年3月28日」: two blocks (the
    date was glued to the sentence)."""
    from keiyaku_lint.load.pdf import _blocks

    lines = _full_lines([("本契約の締結を証するため、本書2通を作成し、当事者記名押印の上、各自1通を", True),
                         ("保有する。本契約の締結を証するため、本書2通を作成し、当事者記名押印の上、", True),
                         ("各自1通を保有する。本契約の締結を証するため、本書2通を作成し、記名押印する。", True),
                         ("令和7年3月28日", False), ("甲 株式会社あおば物産", False)])
    blocks = [t for t, _ in _blocks([lines])]
    assert len(blocks) == 3 and blocks[0].endswith("記名押印する。")
    assert blocks[1:] == ["令和7年3月28日", "甲 株式会社あおば物産"]


def test_an_article_heading_filling_its_line_is_not_joined():
    from keiyaku_lint.load.pdf import _blocks

    lines = _full_lines([("第6条（契約終了時のデータの返却及び消去に関する乙の義務並びにその証明の方法）", True),
                         ("乙は、本契約が終了したときは、終了の日から30日以内に、甲から預託された個人情報", True),
                         ("を甲に返却する。", False)])
    assert [t for t, _ in _blocks([lines])] == [
        "第6条（契約終了時のデータの返却及び消去に関する乙の義務並びにその証明の方法）",
        "乙は、本契約が終了したときは、終了の日から30日以内に、甲から預託された個人情報を甲に返却する。"]
