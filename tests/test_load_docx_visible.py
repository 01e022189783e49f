"""The DOCX loader reads what Word shows and says what it could not read.

One test (or a few) per class of the security review's DOCX findings: w:sym
and other characters (3b), numbering bombs (5), hidden text (10), ruby (11),
text boxes and AlternateContent (12), altChunk / notes / headers / objects
(what is not read is said). .docm / .dotx / .dotm (13) are in
test_load_docx.py. Every file is built here from XML strings.
"""
from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from keiyaku_lint.errors import LoadError
from keiyaku_lint.load import load
from keiyaku_lint.load.numfmt import MAX_CHARS, format_number

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
NS = (f'xmlns:w="{W_NS}" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'xmlns:x99="urn:example:not-understood" mc:Ignorable="w14"')
MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def r(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def p(*runs: str, ppr: str = "") -> str:
    inner = "".join(x if x.startswith("<") else r(x) for x in runs)
    return f'<w:p>{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}{inner}</w:p>'


def style(sid: str, kind: str = "paragraph", rpr: str = "", based_on: str = "", ppr: str = "") -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{sid}"/>{based}'
            f'{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}</w:style>')


def build(path: Path, body: str, *, styles: str = "", defaults_rpr: str = "", numbering: str = "",
          rels: dict = None, parts: dict = None, types: str = "", main: str = "word/document.xml",
          main_ct: str = MAIN_CT, sect: str = "") -> Path:
    """A DOCX from XML strings. rels: rId -> (type suffix, target) of the main
    part; parts: extra part name -> str / bytes; types: extra content-type
    elements."""
    rels = dict(rels or {})
    rels.setdefault("rIdS", ("styles", "styles.xml"))
    if numbering:
        rels["rIdN"] = ("numbering", "numbering.xml")
    base = main.rsplit("/", 1)[0]
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          f'<Override PartName="/{main}" ContentType="{main_ct}"/>{types}</Types>')
    files = {
        "[Content_Types].xml": ct,
        "_rels/.rels": ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                        f'<Relationship Id="rId1" Type="{REL}officeDocument" Target="{main}"/></Relationships>'),
        main: f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}{sect}</w:body></w:document>',
        f"{base}/_rels/{main.rsplit('/', 1)[1]}.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Type="{REL}{t}" Target="{tg}"/>' for i, (t, tg) in rels.items())
            + "</Relationships>"),
        f"{base}/styles.xml": (f'<?xml version="1.0"?><w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr>'
                               f'<w:sz w:val="21"/>{defaults_rpr}</w:rPr></w:rPrDefault></w:docDefaults>'
                               '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
                               f'{styles}</w:styles>'),
    }
    if numbering:
        files[f"{base}/numbering.xml"] = f'<?xml version="1.0"?><w:numbering {NS}>{numbering}</w:numbering>'
    files.update(parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def texts(path) -> list[str]:
    return [b.text for b in load(path).blocks]


def codes(path) -> set[str]:
    return {n.code for n in load(path).warnings}


def python_docx_paragraphs(path) -> list:
    return list(docx.Document(str(path)).element.body.iter(qn("w:p")))


def word_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


# --- characters (finding 3b and its siblings) -----------------------------------------------

SYMS = [("DC00", "\ufffd"), ("D800", "\ufffd"), ("1B", ""), ("0", ""), ("9F", ""), ("110000", "\ufffd"),
        ("FFFE", "\ufffd"), ("FDD0", "\ufffd"), ("1FFFF", "\ufffd"), ("F0B7", "・"), ("E000", "・"),
        ("2460", "①"), ("ZZ", "")]


@pytest.mark.parametrize("char,shown", SYMS)
def test_sym_never_gives_surrogates_or_control_characters(tmp_path, char, shown):
    body = p(r("乙は、"), f'<w:r><w:sym w:font="Symbol" w:char="{char}"/></w:r>', r("第三者に開示しない。"))
    doc = load(build(tmp_path / "s.docx", body))
    assert [b.text for b in doc.blocks] == [f"乙は、{shown}第三者に開示しない。"]
    doc.blocks[0].text.encode("utf-8")  # never a lone surrogate
    bad = shown == "\ufffd" or (shown == "" and char != "ZZ")
    assert ({n.code for n in doc.warnings} == {"W106"}) == bad
    if bad:
        (n,) = doc.warnings
        assert n.location.paragraph == 0 and "1 " in n.message_en


def test_control_characters_in_text_labels_and_fields(tmp_path):
    """C1 controls and noncharacters are legal XML 1.0: they arrive through
    w:t, field results and lvlText; U+2028 / U+2029 are line breaks."""
    numbering = ('<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                 '<w:lvlText w:val="第%1条&#x85;"/><w:suff w:val="space"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
    body = "".join([
        p("（目的）", ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'),
        p(r("受託者は&#x9B;2J、"), r("秘密&#xFDD0;情報を守る。")),
        p('<w:fldSimple w:instr=" REF x "><w:r><w:t>参照&#x80;先</w:t></w:r></w:fldSimple>'),
        p(r("Service&#x2028;Level"), r("前項&#x2029;の規定")),
        p(r("タブ\tは残る")),
    ]).replace("&amp;#x", "&#x")
    doc = load(build(tmp_path / "c.docx", body, numbering=numbering))
    assert [b.text for b in doc.blocks] == ["第1条（目的）", "受託者は2J、秘密\ufffd情報を守る。", "参照先",
                                            "Service Level前項の規定", "タブ\tは残る"]
    assert {n.code for n in doc.warnings} == {"W106"}
    assert "4 " in doc.warnings[0].message_en  # \x85 in the label, \x9b, U+FDD0, \x80
    for b in doc.blocks:
        b.text.encode("utf-8")
        assert b.text.splitlines() == [b.text]


def test_escape_character_reference_is_a_broken_file(tmp_path):
    """&#x1B; is not well-formed XML 1.0: Word refuses such a file, so does the loader (E107)."""
    path = build(tmp_path / "esc.docx", p(r("乙は")) .replace("乙は", "乙は&#x1B;[2J"))
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E107"


# --- numbering bombs (finding 5) --------------------------------------------------------------


def lvl(ilvl, text, fmt="decimal", start="1", extra=""):
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{esc(text)}"/><w:suff w:val="space"/></w:lvl>')


def numbered(n, num_id=1, ilvl=0, text="項目"):
    return "".join(p(f"{text}{i}", ppr=f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
                   for i in range(n))


def test_letter_bomb_loads_fast_with_short_labels(tmp_path):
    numbering = (f'<w:abstractNum w:abstractNumId="0">{lvl(0, "%1.", "lowerLetter", "2600000000")}</w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    path = build(tmp_path / "bomb.docx", numbered(50), numbering=numbering)
    assert path.stat().st_size < 4000
    t = time.perf_counter()
    doc = load(path)
    assert time.perf_counter() - t < 1.0
    # w:start is clamped to Word's 32767: letter 32767 is "g" repeated 1261 times, cut to 64
    assert doc.blocks[0].text == "g" * 64 + " 項目0"
    assert all(len(b.text) <= 64 + 1 + 4 for b in doc.blocks)
    assert {n.code for n in doc.warnings} == {"W107"}
    assert "50 " in doc.warnings[0].message_en and "64" in doc.warnings[0].message_en


@pytest.mark.parametrize("start,override,expected", [
    ("2600000000", None, "32767"), ("-5", None, "0"), ("7", "99999999", "32767"), ("7", "-1", "0"),
    ("9" * 5000, None, "1"),  # not a number Python can read: Word's default
])
def test_start_values_are_clamped_to_words_range(tmp_path, start, override, expected):
    ov = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{override}"/></w:lvlOverride>' if override else ""
    numbering = (f'<w:abstractNum w:abstractNumId="0">{lvl(0, "%1.", "decimal", start)}</w:abstractNum>'
                 f'<w:num w:numId="1"><w:abstractNumId w:val="0"/>{ov}</w:num>')
    assert texts(build(tmp_path / "s.docx", numbered(1), numbering=numbering)) == [f"{expected}. 項目0"]


def test_many_percent_n_and_levels_out_of_range(tmp_path):
    numbering = (f'<w:abstractNum w:abstractNumId="0">{lvl(0, "%1" * 5000, "upperRoman", "3999")}'
                 f'{lvl(100, "x%1", "decimal")}{lvl(-1, "y", "decimal")}</w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/>'
                 '<w:lvlOverride w:ilvl="12"><w:startOverride w:val="5"/></w:lvlOverride></w:num>')
    body = numbered(3) + numbered(1, ilvl=100, text="深い") + numbered(1, ilvl=-3, text="負")
    t = time.perf_counter()
    got = texts(build(tmp_path / "m.docx", body, numbering=numbering))
    assert time.perf_counter() - t < 1.0
    assert got[0] == "MMMCMXCIX" * 7 + "M 項目0"  # the label cut to 64 characters
    assert got[3:] == ["深い0", "負0"]  # levels outside 0..8 show nothing


def test_numbering_style_links_in_a_cycle_end(tmp_path):
    styles = (style("ListA", "numbering", ppr='<w:numPr><w:numId w:val="2"/></w:numPr>')
              + style("ListB", "numbering", ppr='<w:numPr><w:numId w:val="1"/></w:numPr>')
              + style("Loop1", based_on="Loop2") + style("Loop2", based_on="Loop1"))
    numbering = ('<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="ListA"/></w:abstractNum>'
                 '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="ListB"/></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
                 '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>')
    body = numbered(3) + p("スタイル循環", ppr='<w:pStyle w:val="Loop1"/>')
    t = time.perf_counter()
    got = texts(build(tmp_path / "cyc.docx", body, styles=styles, numbering=numbering))
    assert time.perf_counter() - t < 1.0
    assert got == ["項目0", "項目1", "項目2", "スタイル循環"]


FORMATS = ["decimal", "decimalFullWidth", "decimalZero", "japaneseCounting", "japaneseLegal",
           "japaneseDigitalTenThousand", "decimalEnclosedCircle", "decimalEnclosedFullstop",
           "decimalEnclosedParen", "aiueo", "aiueoFullWidth", "iroha", "irohaFullWidth", "lowerLetter",
           "upperLetter", "lowerRoman", "upperRoman", "ideographTraditional", "ideographZodiac", "bullet",
           "none", "chineseCounting", "someFutureFormat"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("n", [-10 ** 4000, -1, 0, 32767, 2_600_000_000, 10 ** 4000])
def test_every_formatter_is_bounded_for_any_int(fmt, n):
    t = time.perf_counter()
    out = format_number(n, fmt)
    assert time.perf_counter() - t < 0.05
    assert isinstance(out, str) and len(out) <= MAX_CHARS


# --- hidden text (finding 10) ----------------------------------------------------------------

HIDDEN_P = style("HiddenP", rpr="<w:vanish/>")
HIDDEN_BASE = style("HiddenBase", rpr="<w:vanish/>") + style("Child", based_on="HiddenBase")
SHOWN_P = style("ShownP", rpr='<w:vanish w:val="0"/>')
HIDDEN_C = style("HiddenC", "character", rpr="<w:vanish/>")
SHOWN_C = style("ShownC", "character", rpr='<w:vanish w:val="0"/>')


def ps(sid):
    return f'<w:pStyle w:val="{sid}"/>'


def rs(sid):
    return f'<w:rStyle w:val="{sid}"/>'


@pytest.mark.parametrize("name,styles,defaults,body,expected", [
    ("paragraph style", HIDDEN_P, "", p("見える") + p("第三者に開示", ppr=ps("HiddenP")), ["見える"]),
    ("basedOn chain", HIDDEN_BASE, "", p("見える") + p("第三者に開示", ppr=ps("Child")), ["見える"]),
    ("docDefaults", "", "<w:vanish/>", p("見えない") + p(r("上書きで見える", '<w:vanish w:val="0"/>')),
     ["上書きで見える"]),
    ("docDefaults, paragraph style sets it off", SHOWN_P, "<w:vanish/>",
     p("見えない") + p("スタイルで見える", ppr=ps("ShownP")), ["スタイルで見える"]),
    ("direct off beats the paragraph style", HIDDEN_P, "",
     p(r("隠れる"), r("直接書式で見える", '<w:vanish w:val="0"/>'), ppr=ps("HiddenP")), ["直接書式で見える"]),
    ("character style on toggles a hidden paragraph style", HIDDEN_P + HIDDEN_C, "",
     p(r("隠れる"), r("二度隠すと見える", rs("HiddenC")), ppr=ps("HiddenP")), ["二度隠すと見える"]),
    ("character style off does not un-hide", HIDDEN_P + SHOWN_C, "",
     p("見える") + p(r("隠れたまま", rs("ShownC")), ppr=ps("HiddenP")), ["見える"]),
    ("character style hides", HIDDEN_C, "", p(r("見える"), r("隠れる", rs("HiddenC"))), ["見える"]),
    ("default paragraph style", style("Normal2", rpr="<w:vanish/>").replace('w:styleId="Normal2"',
                                                                            'w:default="1" w:styleId="Normal2"'),
     "", p("既定スタイルで隠れる") + p(r("見える", '<w:vanish w:val="false"/>')), ["見える"]),
    ("webHidden is printed", "", "", p(r("印刷される", "<w:webHidden/>")), ["印刷される"]),
    ("specVanish on a run is ignored", "", "", p(r("表示される", "<w:specVanish/>")), ["表示される"]),
])
def test_hidden_text_is_resolved_as_word_does(tmp_path, name, styles, defaults, body, expected):
    assert texts(build(tmp_path / "h.docx", body, styles=styles, defaults_rpr=defaults)) == expected, name


def test_table_style_hides_and_paragraph_style_resets(tmp_path):
    styles = style("HiddenTable", "table", rpr="<w:vanish/>") + SHOWN_P
    cell = lambda x: f'<w:tc>{x}</w:tc>'  # noqa: E731
    body = (p("前文") + '<w:tbl><w:tblPr><w:tblStyle w:val="HiddenTable"/></w:tblPr><w:tr>'
            + cell(p("隠れたセル")) + cell(p("見えるセル", ppr=ps("ShownP"))) + "</w:tr></w:tbl>")
    doc = load(build(tmp_path / "t.docx", body, styles=styles))
    assert [(b.text, b.location.table) for b in doc.blocks] == [("前文", None), ("見えるセル", (0, 0, 1))]


def test_paragraph_mark_formatting_never_hides_the_runs(tmp_path):
    """A hidden mark joins the paragraph with the next one, as Word displays it."""
    body = (p("第1条（目的）", ppr='<w:rPr><w:vanish/></w:rPr>') + p("本契約は委託の条件を定める。")
            + p("末尾の段落", ppr='<w:rPr><w:specVanish/><w:vanish/></w:rPr>'))
    doc = load(build(tmp_path / "m.docx", body))
    assert [(b.text, b.location.paragraph) for b in doc.blocks] == [
        ("第1条（目的）本契約は委託の条件を定める。", 0), ("末尾の段落", 2)]


def test_marks_hidden_by_doc_defaults_join_paragraphs_unless_shown(tmp_path):
    shown = '<w:vanish w:val="0"/>'
    body = (p(r("前文", shown)) + p(r("第1条", shown)) + p(r("本文", shown), ppr=f"<w:rPr>{shown}</w:rPr>")
            + p(r("第2条", shown), ppr=f"<w:rPr>{shown}</w:rPr>"))
    assert texts(build(tmp_path / "dd.docx", body, defaults_rpr="<w:vanish/>")) == ["前文第1条本文", "第2条"]


def test_a_hidden_numbered_paragraph_vanishes_but_its_number_counts(tmp_path):
    numbering = (f'<w:abstractNum w:abstractNumId="0">{lvl(0, "第%1条")}</w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
                 '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                 '<w:lvlText w:val="%1."/><w:rPr><w:vanish/></w:rPr></w:lvl></w:abstractNum>'
                 '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>')
    num = lambda n: f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{n}"/></w:numPr>'  # noqa: E731
    body = (p("（目的）", ppr=num(1)) + p("（秘密保持）", ppr=ps("HiddenP") + num(1))
            + p("（再委託）", ppr=num(1)) + p("番号が隠れた段落", ppr=num(2)))
    got = texts(build(tmp_path / "n.docx", body, styles=HIDDEN_P, numbering=numbering))
    assert got == ["第1条（目的）", "第3条（再委託）", "番号が隠れた段落"]


# --- ruby (finding 11) -------------------------------------------------------------------------


def ruby(base: str, reading: str) -> str:
    return (f'<w:r><w:ruby><w:rubyPr><w:hps w:val="10"/><w:lid w:val="ja-JP"/></w:rubyPr>'
            f'<w:rt><w:r><w:t>{reading}</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>{base}</w:t></w:r></w:rubyBase></w:ruby></w:r>')


def test_ruby_reads_the_base_not_the_reading(tmp_path):
    body = p(r("その損害を"), ruby("賠償", "ばいしょう"), r("する責任を負う。"))
    body += p(r("承諾なく"), ruby("第三者", "だいさんしゃ"), r("に開示し"),
              '<w:ins w:id="1" w:author="a">' + ruby("ない", "x") + "</w:ins>", r("。"))
    assert texts(build(tmp_path / "ruby.docx", body)) == ["その損害を賠償する責任を負う。", "承諾なく第三者に開示しない。"]


def test_hidden_ruby_is_not_read(tmp_path):
    hidden = ruby("賠償", "ばいしょう").replace("<w:r><w:ruby>", "<w:r><w:rPr><w:vanish/></w:rPr><w:ruby>", 1)
    assert texts(build(tmp_path / "hr.docx", p(r("損害を"), hidden, r("する")))) == ["損害をする"]


# --- text boxes and AlternateContent (finding 12) -----------------------------------------------------


def wps_box(inner: str, fallback: bool = True) -> str:
    drawing = ('<w:drawing><wp:anchor><wp:extent cx="5000000" cy="2000000"/><a:graphic>'
               '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
               f'<wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp>'
               '</a:graphicData></a:graphic></wp:anchor></w:drawing>')
    if not fallback:
        return f"<w:r>{drawing}</w:r>"
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
            f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox>'
            '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def vml_box(inner: str) -> str:
    return f'<w:r><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>'


def test_text_box_read_once_after_its_anchor_with_word_paragraph_indices(tmp_path):
    box = p("第2条（秘密保持）") + p("乙は秘密情報を第三者に開示してはならない。")
    body = (p("前文") + p(r("枠の前"), wps_box(box), r("枠の後")) + p("第3条（再委託）")
            + p(vml_box(p("縦枠の中"))))
    path = build(tmp_path / "tb.docx", body)
    blocks = load(path).blocks
    assert [b.text for b in blocks] == ["前文", "枠の前枠の後", "第2条（秘密保持）", "乙は秘密情報を第三者に開示してはならない。",
                                        "第3条（再委託）", "縦枠の中"]
    paragraphs = python_docx_paragraphs(path)
    for b in blocks[2:4] + blocks[5:]:
        assert word_text(paragraphs[b.location.paragraph]) == b.text  # the Choice's paragraph, as Word counts it
    assert blocks[2].location.paragraph == 2 and blocks[3].location.paragraph == 3
    assert [b.location.line for b in blocks] == list(range(1, 7))


def test_text_box_with_a_nested_table_and_two_boxes_in_a_group(tmp_path):
    inner_tbl = '<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc>' + p("入れ子") + '</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>'
    group = ('<w:r><w:drawing><wp:inline><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup">'
             '<wpg:wgp><wps:wsp><wps:txbx><w:txbxContent>' + p("一つ目") + inner_tbl + '</w:txbxContent></wps:txbx></wps:wsp>'
             '<wps:wsp><wps:txbx><w:txbxContent>' + p("二つ目") + '</w:txbxContent></wps:txbx></wps:wsp>'
             '</wpg:wgp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
    body = '<w:tbl><w:tr><w:tc>' + p("表") + '</w:tc></w:tr></w:tbl>' + p(group) + p("後")
    path = build(tmp_path / "g.docx", body)
    blocks = load(path).blocks
    assert [(b.text, b.kind, b.location.table) for b in blocks] == [
        ("表", "table_cell", (0, 0, 0)), ("一つ目", "paragraph", None), ("入れ子", "table_cell", (2, 0, 0)),
        ("二つ目", "paragraph", None), ("後", "paragraph", None)]
    tables = list(docx.Document(str(path)).element.body.iter(qn("w:tbl")))
    assert word_text(tables[2]) == "入れ子"


@pytest.mark.parametrize("requires,expected", [("w14", "選択肢"), ("wps w14", "選択肢"), ("x99", "代替"),
                                                ("w14 x99", "代替"), ("nosuchprefix", "代替")])
def test_alternate_content_reads_one_branch(tmp_path, requires, expected):
    run_level = (f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="{requires}"><w:t>{expected == "選択肢" and "選択肢" or "選択肢"}</w:t></mc:Choice>'
                 '<mc:Fallback><w:t>代替</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    para_level = (f'<w:p><mc:AlternateContent><mc:Choice Requires="{requires}"><w:r><w:t>選択肢</w:t></w:r></mc:Choice>'
                  '<mc:Fallback><w:r><w:t>代替</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>')
    block_level = (f'<mc:AlternateContent><mc:Choice Requires="{requires}">{p("選択肢")}</mc:Choice>'
                   f'<mc:Fallback>{p("代替")}</mc:Fallback></mc:AlternateContent>')
    assert texts(build(tmp_path / "ac.docx", run_level + para_level + block_level)) == [expected] * 3


def test_text_boxes_in_hidden_deleted_or_instruction_runs_are_not_read(tmp_path):
    hidden = wps_box(p("隠れた枠")).replace("<w:r><mc:", "<w:r><w:rPr><w:vanish/></w:rPr><mc:", 1)
    deleted = '<w:del w:id="1" w:author="a">' + wps_box(p("削除された枠")) + "</w:del>"
    body = p(r("本文"), hidden, deleted) + p(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' + wps_box(p("命令の中の枠"))
        + '<w:r><w:instrText> QUOTE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + wps_box(p("結果の枠")) + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    assert texts(build(tmp_path / "x.docx", body)) == ["本文", "結果の枠"]


def test_text_box_in_a_paragraph_whose_mark_is_deleted_comes_after_the_merge(tmp_path):
    body = (p(r("前半と"), wps_box(p("枠")), ppr='<w:rPr><w:del w:id="1" w:author="a"/></w:rPr>')
            + p("後半") + p("次"))
    assert texts(build(tmp_path / "dm.docx", body)) == ["前半と後半", "枠", "次"]


# --- what is not read is said -----------------------------------------------------------------------------

HTML_CHUNK = ("<html><head><title>題</title><style>p{}</style><script>document.write('x')</script></head><body>"
              "<h2>第2条（秘密保持）</h2><p>乙は、秘密情報を<ruby>第三者<rt>だいさんしゃ</rt></ruby>に\n開示してはならない。</p>"
              "<p style='display:none'>隠し</p><p hidden>隠し2</p><p style='mso-hide:all'>隠し3</p>"
              "<div>一行目<br>二行目</div><table><tr><td>セルA</td><th>セルB</th></tr></table>"
              "<pre>整形1\n整形2</pre><p>制御&#x1B;文字 &amp; 実体参照&nbsp;あり</p></body></html>")


def chunk_doc(tmp_path, name, data, ctype, part="word/chunk1.dat", body_before="前", body_after="後"):
    return build(tmp_path / name, p(body_before) + '<w:altChunk r:id="rIdC"/>' + p(body_after),
                 rels={"rIdC": ("aFChunk", part.split("/", 1)[1])}, parts={part: data},
                 types=f'<Override PartName="/{part}" ContentType="{ctype}"/>')


def test_html_alt_chunk_is_read_in_place(tmp_path):
    doc = load(chunk_doc(tmp_path, "h.docx", HTML_CHUNK, "text/html"))
    assert [(b.text, b.kind, b.style, b.location.paragraph) for b in doc.blocks] == [
        ("前", "paragraph", None, 0),
        ("第2条（秘密保持）", "paragraph", "heading", None),
        ("乙は、秘密情報を第三者に 開示してはならない。", "paragraph", None, None),
        ("一行目二行目", "paragraph", None, None),
        ("セルA", "table_cell", None, None), ("セルB", "table_cell", None, None),
        ("整形1", "paragraph", None, None), ("整形2", "paragraph", None, None),
        ("制御文字 & 実体参照\xa0あり", "paragraph", None, None),
        ("後", "paragraph", None, 1)]
    assert [n.code for n in doc.warnings] == ["W102", "W106"]
    assert "HTML" in doc.warnings[0].message_ja


def test_text_and_docx_alt_chunks_are_read_and_nesting_is_bounded(tmp_path):
    doc = load(chunk_doc(tmp_path, "t.docx", "一行目\r\n\r\n二行目\x07\n".encode("cp932"), "text/plain"))
    assert texts(doc.path) == ["前", "一行目", "二行目", "後"]
    assert {n.code for n in doc.warnings} == {"W102", "W106"}

    def docx_bytes(body, level):
        buf = io.BytesIO()
        path = tmp_path / f"inner{level}.docx"
        build(path, body)
        buf.write(path.read_bytes())
        return buf.getvalue()

    inner = docx_bytes(p("最も内側"), 3)
    for level in (2, 1):
        tmp = chunk_doc(tmp_path, f"lvl{level}.docx", inner, MAIN_CT, part="word/sub.docx",
                        body_before=f"レベル{level}", body_after=f"レベル{level}末")
        inner = tmp.read_bytes()
    outer = chunk_doc(tmp_path, "outer.docx", inner, MAIN_CT, part="word/sub.docx")
    doc = load(outer)
    assert [b.text for b in doc.blocks] == ["前", "レベル1", "レベル2", "レベル2末", "レベル1末", "後"]
    assert all(b.location.paragraph is None for b in doc.blocks[1:5])
    assert {n.code for n in doc.warnings} == {"W101", "W102"}
    assert any("nested too deeply" in n.message_en for n in doc.warnings)


@pytest.mark.parametrize("ctype,part,kind", [
    ("application/rtf", "word/c.rtf", "RTF"), ("text/rtf", "word/c.rtf", "RTF"),
    ("message/rfc822", "word/c.mht", "MHT"), ("application/x-foo", "word/c.bin", "application/x-foo"),
    (MAIN_CT, "word/c.docx", "broken Word document"),
])
def test_unreadable_alt_chunks_are_named(tmp_path, ctype, part, kind):
    doc = load(chunk_doc(tmp_path, "u.docx", b"{\\rtf1 secret}", ctype, part=part))
    assert [b.text for b in doc.blocks] == ["前", "後"]
    (n,) = doc.warnings
    assert n.code == "W101" and kind in n.message_en and "1 " in n.message_en


def test_missing_chunk_part_and_html_entities(tmp_path):
    path = build(tmp_path / "m.docx", p("前") + '<w:altChunk r:id="rIdX"/>')
    assert codes(path) == {"W101"}
    bad = chunk_doc(tmp_path, "e.docx", '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><p>&x;</p>',
                    "text/html")
    with pytest.raises(LoadError) as e:
        load(bad)
    assert e.value.code == "E116"


FOOTNOTES = (f'<?xml version="1.0"?><w:footnotes {NS}>'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>' + r(" 乙は秘密情報を第三者に開示してはならない。") + '</w:p></w:footnote>'
             '<w:footnote w:id="2">' + p("隠れた参照の脚注") + '</w:footnote>'
             '<w:footnote w:id="3">' + p("参照されない脚注") + '</w:footnote></w:footnotes>')
ENDNOTES = (f'<?xml version="1.0"?><w:endnotes {NS}><w:endnote w:id="1">'
            + p("文末脚注の本文") + '</w:endnote></w:endnotes>')


def test_footnotes_and_endnotes_are_read_after_the_referencing_paragraph(tmp_path):
    ref = lambda kind, i, rpr="": f'<w:r>{rpr}<w:{kind}Reference w:id="{i}"/></w:r>'  # noqa: E731
    body = (p("第2条（秘密保持）") + p(r("秘密保持は脚注のとおり"), ref("footnote", 1), r("とする。"))
            + p(r("再度"), ref("footnote", 1), ref("footnote", 2, "<w:rPr><w:vanish/></w:rPr>"))
            + '<w:tbl><w:tr><w:tc>' + p(r("セル"), ref("endnote", 1)) + '</w:tc></w:tr></w:tbl>')
    path = build(tmp_path / "fn.docx", body, rels={"rIdF": ("footnotes", "footnotes.xml"), "rIdE": ("endnotes", "endnotes.xml")},
                 parts={"word/footnotes.xml": FOOTNOTES, "word/endnotes.xml": ENDNOTES})
    doc = load(path)
    assert [(b.text, b.location.paragraph, b.location.table) for b in doc.blocks] == [
        ("第2条（秘密保持）", 0, None), ("秘密保持は脚注のとおりとする。", 1, None),
        ("乙は秘密情報を第三者に開示してはならない。", 1, None), ("再度", 2, None),
        ("セル", 3, (0, 0, 0)), ("文末脚注の本文", 3, (0, 0, 0))]
    (n,) = doc.warnings
    assert n.code == "W103" and "2 " in n.message_en and n.location.paragraph == 1


def hdr(kind, body):
    tag = "hdr" if kind == "header" else "ftr"
    return f'<?xml version="1.0"?><w:{tag} {NS}>{body}</w:{tag}>'


@pytest.mark.parametrize("header,footer,notice", [
    (p("業務委託契約書"), p(r("- "), '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>', r(" -")), False),
    (p("社外秘"), p("株式会社あおば物産"), False),
    (p("乙は、秘密情報を第三者に開示してはならない。"), p(""), True),
    (p("業務委託契約書"), p("第12条（秘密保持）"), True),
    (p(vml_box(p("乙は、本契約の終了後も秘密保持義務を負うものとする。"))), p(""), True),
])
def test_headers_and_footers_holding_contract_text_are_noticed(tmp_path, header, footer, notice):
    sect = '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" r:id="rIdF"/></w:sectPr>'
    path = build(tmp_path / "hf.docx", p("本文"), sect=sect,
                 rels={"rIdH": ("header", "header1.xml"), "rIdF": ("footer", "footer1.xml")},
                 parts={"word/header1.xml": hdr("header", header), "word/footer1.xml": hdr("footer", footer)})
    doc = load(path)
    assert [b.text for b in doc.blocks] == ["本文"]
    assert ({n.code for n in doc.warnings} == {"W104"}) == notice
    if notice:
        assert "「" in doc.warnings[0].message_ja and doc.warnings[0].message_ja.count("段落") == 1


def test_embedded_objects_holding_text_are_noticed(tmp_path):
    ole = ('<w:r><w:object><v:shape id="o1"><v:imagedata r:id="rIdImg"/></v:shape>'
           '<o:OLEObject Type="Embed" ProgID="Word.Document.12" ShapeID="o1" r:id="rIdO"/></w:object></w:r>')
    equation = '<w:r><w:object><o:OLEObject Type="Embed" ProgID="Equation.3" r:id="rIdQ"/></w:object></w:r>'
    chart = ('<w:r><w:drawing><wp:inline><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
             '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rIdCh"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
    chart_xml = ('<?xml version="1.0"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
                 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart><c:title><c:tx><c:rich><a:p><a:r>'
                 '<a:t>再委託先一覧</a:t></a:r></a:p></c:rich></c:tx></c:title></c:chart></c:chartSpace>')
    numbers_only = chart_xml.replace("<a:t>再委託先一覧</a:t>", "<a:t> </a:t>").replace("</c:chart></c:chartSpace>",
                                                                                 "<c:v>12</c:v></c:chart></c:chartSpace>")
    rels = {"rIdO": ("oleObject", "embeddings/o.bin"), "rIdQ": ("oleObject", "embeddings/q.bin"),
            "rIdCh": ("chart", "charts/chart1.xml")}
    parts = {"word/embeddings/o.bin": b"\xd0\xcf", "word/embeddings/q.bin": b"\xd0\xcf", "word/charts/chart1.xml": chart_xml}
    doc = load(build(tmp_path / "o.docx", p(r("本文"), ole, equation, chart), rels=rels, parts=parts))
    assert [b.text for b in doc.blocks] == ["本文"]
    (n,) = doc.warnings
    assert n.code == "W105" and "2 " in n.message_en and "chart" in n.message_en and "OLE" in n.message_ja
    parts["word/charts/chart1.xml"] = numbers_only
    assert codes(build(tmp_path / "o2.docx", p(r("本文"), equation, chart), rels=rels, parts=parts)) == set()


def test_smartart_with_text_is_noticed_and_a_text_box_in_a_cell_keeps_the_cell(tmp_path):
    smartart = ('<w:r><w:drawing><wp:inline><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram">'
                '<dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" r:dm="rIdDm" r:lo="rIdLo"/>'
                '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
    data = ('<?xml version="1.0"?><dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt><dgm:t><a:p><a:r>'
            '<a:t>事故時は直ちに報告</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>')
    body = '<w:tbl><w:tr><w:tc>' + p(r("セル"), wps_box(p("枠の中")), smartart) + '</w:tc></w:tr></w:tbl>'
    doc = load(build(tmp_path / "sa.docx", body, rels={"rIdDm": ("diagramData", "diagrams/data1.xml")},
                     parts={"word/diagrams/data1.xml": data}))
    assert [(b.text, b.kind, b.location.table) for b in doc.blocks] == [
        ("セル", "table_cell", (0, 0, 0)), ("枠の中", "table_cell", (0, 0, 0))]
    (n,) = doc.warnings
    assert n.code == "W105" and "SmartArt" in n.message_en and n.location.paragraph == 0


def test_nested_docx_chunks_share_the_size_budget(tmp_path, monkeypatch):
    import keiyaku_lint.load.docx as docx_mod

    inner = build(tmp_path / "inner.docx", p("内側" * 2000)).read_bytes()
    outer = chunk_doc(tmp_path, "outer.docx", inner, MAIN_CT, part="word/sub.docx")
    assert texts(outer)[1].startswith("内側")
    with zipfile.ZipFile(outer) as z:
        outer_total = sum(i.file_size for i in z.infolist())
    monkeypatch.setattr(docx_mod, "MAX_TOTAL_BYTES", outer_total + 1000)  # the outer fits, not both
    with pytest.raises(LoadError) as e:
        load(outer)
    assert e.value.code == "E109"


def test_a_chunk_part_referenced_many_times_is_read_once(tmp_path):
    html = "<p>" + "</p><p>".join(f"段落{i}" for i in range(500)) + "</p>"
    body = p("前") + '<w:altChunk r:id="rIdC"/>' * 3000 + p("後")
    path = build(tmp_path / "amp.docx", body, rels={"rIdC": ("aFChunk", "c.htm")}, parts={"word/c.htm": html},
                 types='<Override PartName="/word/c.htm" ContentType="text/html"/>')
    assert path.stat().st_size < 20_000
    t = time.perf_counter()
    doc = load(path)
    assert time.perf_counter() - t < 1.0
    assert len(doc.blocks) == 502
    assert {n.code for n in doc.warnings} == {"W101", "W102"}
    assert any("2999 " in n.message_en and "referenced again" in n.message_en for n in doc.warnings)
