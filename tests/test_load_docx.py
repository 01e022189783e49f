"""DOCX loading: numbering as Word shows it, tracked changes, tables, what is
not body text, styles, paragraph indices that match python-docx, and the
OOXML Word packages read like .docx (.docm, .dotx, .dotm)."""
from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from keiyaku_lint.errors import LoadError
from keiyaku_lint.load import load
from keiyaku_lint.load.numfmt import format_number
from test_load_docx_visible import build
from test_load_support import (ARTICLE_NUMBERING, lvl, make_docx, make_sample_contract, num,
                               numbering, p, page_field, r, table)


def texts(path):
    return [b.text for b in load(path).blocks]


# --- automatic numbering ---------------------------------------------------------

CONTRACT_NUMBERING = numbering(
    {
        1: lvl(0, "第%1条", suff="space") + lvl(1, "(%2)", suff="nothing"),
        2: lvl(0, "%1.", start=5),
        3: lvl(0, "%1", fmt="decimalEnclosedCircle", suff="space"),
    },
    {
        1: '<w:abstractNumId w:val="1"/>',
        2: '<w:abstractNumId w:val="2"/>',
        3: '<w:abstractNumId w:val="1"/>',  # same list as numId 1: continues it
        4: '<w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>',
        5: '<w:abstractNumId w:val="3"/>',
    },
)


def test_article_numbering_reads_as_word_shows_it(tmp_path):
    body = "".join([
        p("（目的）", ppr=num(1, 0)),
        p("本契約は、業務委託の条件を定める。"),
        p("定義", ppr=num(1, 0)),
        p("個人情報", ppr=num(1, 1)),
        p("秘密情報", ppr=num(1, 1)),
        p("（秘密保持）", ppr=num(3, 0)),  # another numId on the same abstractNum
        p("委託者の情報", ppr=num(1, 1)),  # level 1 restarted by the new article
        p("開始番号のある一覧", ppr=num(2, 0)),
        p("次の項目", ppr=num(2, 0)),
        p("（別紙）", ppr=num(4, 0)),  # startOverride: a list of its own from 1
        p("丸数字の号", ppr=num(5, 0)),
    ])
    path = make_docx(tmp_path / "n.docx", body, numbering_xml=CONTRACT_NUMBERING)
    assert texts(path) == [
        "第1条（目的）",
        "本契約は、業務委託の条件を定める。",
        "第2条 定義",
        "(1)個人情報",
        "(2)秘密情報",
        "第3条（秘密保持）",
        "(1)委託者の情報",
        "5. 開始番号のある一覧",
        "6. 次の項目",
        "第1条（別紙）",
        "① 丸数字の号",
    ]


def test_numbering_from_paragraph_style_with_based_on(tmp_path):
    styles = (
        '<w:style w:type="paragraph" w:styleId="ArticleBase"><w:name w:val="Article Base"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Article"><w:name w:val="Article"/>'
        '<w:basedOn w:val="ArticleBase"/></w:style>'
    )
    numbering_xml = numbering({1: lvl(0, "第%1条", fmt="japaneseCounting", suff="space")},
                              {1: '<w:abstractNumId w:val="1"/>'})
    body = "".join(p(h, ppr='<w:pStyle w:val="Article"/>') for h in ["（目的）"] * 10 + ["（存続条項）", "協議"])
    path = make_docx(tmp_path / "s.docx", body, numbering_xml=numbering_xml, styles_extra=styles)
    got = texts(path)
    assert got[0] == "第一条（目的）"
    assert got[9] == "第十条（目的）"
    assert got[10] == "第十一条（存続条項）"
    assert got[11] == "第十二条 協議"


def test_numbering_isLgl_lvlRestart_and_style_link(tmp_path):
    styles = ('<w:style w:type="numbering" w:styleId="ContractList"><w:name w:val="Contract List"/>'
              '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>')
    numbering_xml = numbering(
        {
            1: '<w:styleLink w:val="ContractList"/>'
               + lvl(0, "第%1章", fmt="japaneseCounting", suff="space")
               + lvl(1, "%1.%2", suff="space", extra='<w:isLgl/>')
               + lvl(2, "(%3)", suff="space", extra='<w:lvlRestart w:val="0"/>'),
            2: '<w:numStyleLink w:val="ContractList"/>',
        },
        {1: '<w:abstractNumId w:val="1"/>', 2: '<w:abstractNumId w:val="2"/>'},
    )
    body = "".join([
        p("総則", ppr=num(2, 0)),  # numId 2 -> abstract 2 -> style link -> abstract 1
        p("目的", ppr=num(2, 1)),
        p("号その一", ppr=num(2, 2)),
        p("定義", ppr=num(2, 1)),
        p("号その二", ppr=num(2, 2)),  # lvlRestart 0: never restarts
        p("業務", ppr=num(1, 0)),
        p("範囲", ppr=num(1, 1)),
    ])
    path = make_docx(tmp_path / "l.docx", body, numbering_xml=numbering_xml, styles_extra=styles)
    assert texts(path) == ["第一章 総則", "1.1 目的", "(1) 号その一", "1.2 定義", "(2) 号その二",
                           "第二章 業務", "2.1 範囲"]


@pytest.mark.parametrize("fmt,n,expected", [
    ("decimal", 12, "12"),
    ("decimalFullWidth", 12, "１２"),
    ("decimalZero", 7, "07"),
    ("japaneseCounting", 1, "一"),
    ("japaneseCounting", 10, "十"),
    ("japaneseCounting", 21, "二十一"),
    ("japaneseCounting", 105, "百五"),
    ("japaneseCounting", 12345, "一万二千三百四十五"),
    ("japaneseCounting", 120000, "十二万"),
    ("japaneseCounting", 300_000_000, "三億"),
    ("lowerLetter", 32767, "g" * 64),  # Word repeats the letter 1261 times: cut to 64
    ("japaneseDigitalTenThousand", 10, "一〇"),
    ("decimalEnclosedCircle", 1, "①"),
    ("decimalEnclosedCircle", 20, "⑳"),
    ("decimalEnclosedCircle", 21, "㉑"),
    ("aiueoFullWidth", 1, "ア"),
    ("aiueoFullWidth", 6, "カ"),
    ("aiueo", 2, "ｲ"),
    ("irohaFullWidth", 3, "ハ"),
    ("iroha", 1, "ｲ"),
    ("lowerLetter", 1, "a"),
    ("lowerLetter", 27, "aa"),
    ("upperLetter", 28, "BB"),
    ("lowerRoman", 4, "iv"),
    ("upperRoman", 14, "XIV"),
    ("ideographTraditional", 2, "乙"),
    ("ideographTraditional", 11, "甲"),
    ("none", 3, ""),
    ("someFutureFormat", 3, "3"),
])
def test_number_formats(fmt, n, expected):
    assert format_number(n, fmt) == expected


def test_bullets_and_none_format(tmp_path):
    numbering_xml = numbering(
        {1: lvl(0, "\uf0b7", fmt="bullet", suff="tab"), 2: lvl(0, "別紙", fmt="none", suff="space")},
        {1: '<w:abstractNumId w:val="1"/>', 2: '<w:abstractNumId w:val="2"/>'},
    )
    body = p("委託者の事業所", ppr=num(1, 0)) + p("業務の範囲", ppr=num(2, 0)) + p("番号なし", ppr=num(0, 0))
    path = make_docx(tmp_path / "b.docx", body, numbering_xml=numbering_xml)
    assert texts(path) == ["・ 委託者の事業所", "別紙 業務の範囲", "番号なし"]


# --- tracked changes ---------------------------------------------------------------


def test_tracked_changes_read_as_accepted(tmp_path):
    ins = '<w:ins w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z">{}</w:ins>'
    dele = '<w:del w:id="2" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>{}</w:delText></w:r></w:del>'
    body = "".join([
        p(r("受託者は、"), dele.format("直ちに"), ins.format(r("遅滞なく")), r("委託者に報告する。")),
        p(r("再委託は"), '<w:moveFrom w:id="3" w:author="a" w:date="2024-01-01T00:00:00Z">'
          '<w:r><w:t>書面により</w:t></w:r></w:moveFrom>', r("禁止する。")),
        p('<w:moveTo w:id="4" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:t>書面により承諾する。</w:t></w:r></w:moveTo>'),
        # the first paragraph's mark is deleted: accepted, it joins the next one
        p(r("本契約の終了後も、"), ppr='<w:rPr><w:del w:id="5" w:author="a" w:date="2024-01-01T00:00:00Z"/></w:rPr>'),
        p(r("前条の義務は存続する。")),
        p(dele.format("全部削除された段落")),
    ])
    path = make_docx(tmp_path / "t.docx", body)
    doc = load(path)
    assert [b.text for b in doc.blocks] == [
        "受託者は、遅滞なく委託者に報告する。",
        "再委託は禁止する。",
        "書面により承諾する。",
        "本契約の終了後も、前条の義務は存続する。",
    ]
    assert doc.blocks[3].location.paragraph == 3  # the merged paragraph keeps the first one's place


# --- tables ---------------------------------------------------------------------------


def test_tables_give_table_cell_blocks_with_locations(tmp_path):
    nested = table([["内側A", "内側B"]])
    body = "".join([
        p("前文"),
        table([["項目", "内容"], ["委託料", p("月額10万円") + p("税別")]]),
        p("中間"),
        table([["外側", nested]]),
    ])
    path = make_docx(tmp_path / "tb.docx", body)
    blocks = load(path).blocks
    cells = [(b.text, b.kind, b.location.table) for b in blocks]
    assert cells == [
        ("前文", "paragraph", None),
        ("項目", "table_cell", (0, 0, 0)),
        ("内容", "table_cell", (0, 0, 1)),
        ("委託料", "table_cell", (0, 1, 0)),
        ("月額10万円", "table_cell", (0, 1, 1)),
        ("税別", "table_cell", (0, 1, 1)),
        ("中間", "paragraph", None),
        ("外側", "table_cell", (1, 0, 0)),
        ("内側A", "table_cell", (2, 0, 0)),
        ("内側B", "table_cell", (2, 0, 1)),
    ]
    assert [b.location.line for b in blocks] == list(range(1, len(blocks) + 1))


def test_paragraph_index_matches_python_docx(tmp_path):
    body = "".join([
        p("第一段落"),
        p(""),  # empty: skipped but counted
        table([["セル1", p("セル2a") + p("") + p("セル2b")]]),
        '<w:sdt><w:sdtPr/><w:sdtContent>' + p("コンテンツコントロール内") + '</w:sdtContent></w:sdt>',
        p("最後"),
    ])
    path = make_docx(tmp_path / "idx.docx", body)
    blocks = load(path).blocks
    ps = [el for el in docx.Document(str(path)).element.body.iter(qn("w:p"))]
    assert [b.text for b in blocks] == ["第一段落", "セル1", "セル2a", "セル2b", "コンテンツコントロール内", "最後"]
    for b in blocks:
        word_text = "".join(t.text or "" for t in ps[b.location.paragraph].iter(qn("w:t")))
        assert word_text == b.text
    assert [b.location.paragraph for b in blocks] == [0, 2, 3, 5, 6, 7]


def test_sample_contract_indices_match_python_docx(tmp_path):
    path = make_sample_contract(tmp_path / "c.docx")
    ps = [el for el in docx.Document(str(path)).element.body.iter(qn("w:p"))]
    for b in load(path).blocks:
        word_text = "".join(t.text or "" for t in ps[b.location.paragraph].iter(qn("w:t")))
        assert b.text.endswith(word_text)


# --- what is not body text ------------------------------------------------------------


def test_headers_footers_fields_hidden_text(tmp_path):
    body = "".join([
        p("秘密保持契約書"),
        p(r("ページ "), page_field()),
        p(r("締結日："), '<w:fldSimple w:instr=" DATE \\@ &quot;yyyy年M月d日&quot; "><w:r><w:t>2024年4月1日</w:t></w:r></w:fldSimple>'),
        p(r("受託者は"), r("（内部メモ：要確認）", "<w:vanish/>"), r("秘密を守る。")),
        p('<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>3</w:t></w:r></w:fldSimple>'),
    ])
    path = make_docx(tmp_path / "h.docx", body,
                     header=p("社外秘　ヘッダー"), footer=p(page_field()))
    got = texts(path)
    assert got == ["秘密保持契約書", "ページ", "締結日：2024年4月1日", "受託者は秘密を守る。"]
    assert not any("PAGE" in t or "ヘッダー" in t for t in got)


def test_tabs_breaks_and_full_width_spaces(tmp_path):
    body = "".join([
        p(r("委託料"), '<w:r><w:tab/></w:r>', r("金１００万円")),
        p(r("受託者は、委託者の"), '<w:r><w:br/></w:r>', r("指示に従う。")),
        p(r("Service"), '<w:r><w:br/></w:r>', r("Level Agreement")),
        p(r("第１条　目的")),
    ])
    path = make_docx(tmp_path / "tab.docx", body)
    got = texts(path)
    assert got == ["委託料\t金１００万円", "受託者は、委託者の指示に従う。", "Service Level Agreement", "第１条　目的"]
    assert all("\n" not in t for t in got)


# --- styles -----------------------------------------------------------------------------


def test_title_and_heading_styles(tmp_path):
    body = "".join([
        p("業務委託契約書", ppr='<w:pStyle w:val="Title"/>'),
        p("総則", ppr='<w:pStyle w:val="Heading1"/>'),
        p("本文"),
    ])
    path = make_docx(tmp_path / "st.docx", body)
    assert [b.style for b in load(path).blocks] == ["title", "heading", None]


def test_centred_bold_first_paragraph_is_title(tmp_path):
    body = (p(""), p(r("個人情報の取扱いに関する覚書", "<w:b/>"), ppr='<w:jc w:val="center"/>'),
            p(r("中央の太字だが二つ目", "<w:b/>"), ppr='<w:jc w:val="center"/>'))
    path = make_docx(tmp_path / "ct.docx", "".join(body))
    assert [b.style for b in load(path).blocks] == ["title", None]
    plain = make_docx(tmp_path / "plain.docx", p("中央だが太字でない", ppr='<w:jc w:val="center"/>') + p("本文"))
    assert [b.style for b in load(plain).blocks] == [None, None]


def test_sample_contract_reads_like_a_contract(tmp_path):
    blocks = load(make_sample_contract(tmp_path / "c.docx")).blocks
    got = [b.text for b in blocks]
    assert blocks[0].style == "title"
    assert got[2] == "第1条（目的）"
    assert "２ 前項の規定は、本契約の終了後も３年間効力を有する。" in got
    assert got[-2] == "第12条（協議）"
    assert load(make_sample_contract(tmp_path / "c2.docx")).format == "docx"


# --- .docm / .dotx / .dotm: the same OOXML package (review finding 13) ----------

TEMPLATE_CT = {
    ".docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
    ".dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    ".dotm": "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}


@pytest.mark.parametrize("ext", sorted(TEMPLATE_CT))
def test_docm_dotx_dotm_load_like_docx(tmp_path, ext):
    path = build(tmp_path / f"contract{ext}", p("第1条（目的）") + p("本契約は委託の条件を定める。"),
                 main="word/main.xml", main_ct=TEMPLATE_CT[ext],
                 parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 not run"})
    doc = load(path)
    assert doc.format == "docx" and [b.text for b in doc.blocks] == ["第1条（目的）", "本契約は委託の条件を定める。"]


def test_legacy_dot_is_still_E105(tmp_path):
    from test_load_support import make_cfb

    path = make_cfb(tmp_path / "old.dot", ["WordDocument", "1Table"])
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E105"
