"""Battery cases: DOCX constructs: what Word shows is what is read (text boxes, AlternateContent, ruby, hidden styles, altChunk, symbols, numbering bombs).

Built at test time from code (nothing but this script is committed); see
make_battery.py for ``Case`` and the helpers. ``case_list(big)`` returns them.

Each case is the battery's full contract (all seven clauses present) with one
article moved into the construct under test, so the verdicts say whether the
loader read it as Word shows it: read (all present) or not shown (the moved
clause missing). The survival article refers to 第2条, so it goes missing with
the confidentiality article.
"""
from __future__ import annotations

MC_REQUIRES_WORD = "w14"  # a namespace Word understands: its mc:Choice is shown

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'xmlns:x99="urn:example:future-extension" mc:Ignorable="w14"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def para(text: str = "", ppr: str = "", runs: str = "") -> str:
    return f'<w:p>{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}{run(text) if text else ""}{runs}</w:p>'


def paras(lines, ppr: str = "", rpr: str = "") -> str:
    return "".join(f'<w:p>{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}{run(ln, rpr)}</w:p>' for ln in lines)


def _split(article: str):
    """(lines before, the article's lines, lines after) of the full contract."""
    import make_battery as mb

    lines = [ln for ln in mb.FULL_CONTRACT.splitlines() if ln.strip()]
    i = next(k for k, ln in enumerate(lines) if ln.startswith(article))
    j = next((k for k in range(i + 1, len(lines)) if lines[k].startswith("第") and "条（" in lines[k][:6]), len(lines))
    return lines[:i], lines[i:j], lines[j:]


def package(body: str, *, styles: str = "", defaults_rpr: str = "", numbering: str = "", rels: dict = None,
            parts: dict = None, types: str = "", main: str = "word/document.xml", main_ct: str = MAIN_CT) -> dict:
    """The parts of a DOCX: rels maps rId -> (type suffix, target) of the main part."""
    rels = dict(rels or {})
    rels["rIdS"] = ("styles", "styles.xml")
    if numbering:
        rels["rIdN"] = ("numbering", "numbering.xml")
    folder, name = main.rsplit("/", 1)
    out = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{main}" ContentType="{main_ct}"/>{types}</Types>'),
        "_rels/.rels": ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                        f'<Relationship Id="rId1" Type="{REL}officeDocument" Target="{main}"/></Relationships>'),
        main: f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>',
        f"{folder}/_rels/{name}.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Type="{REL}{t}" Target="{tg}"/>' for i, (t, tg) in rels.items())
            + "</Relationships>"),
        f"{folder}/styles.xml": (
            f'<?xml version="1.0"?><w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/>{defaults_rpr}'
            '</w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
            f'<w:name w:val="Normal"/></w:style>{styles}</w:styles>'),
    }
    if numbering:
        out[f"{folder}/numbering.xml"] = f'<?xml version="1.0"?><w:numbering {NS}>{numbering}</w:numbering>'
    out.update(parts or {})
    return out


def with_article(article: str, make_xml, **package_kw):
    """A maker: the full contract with ``article`` replaced by make_xml(lines)."""
    def make(path):
        import make_battery as mb

        before, lines, after = _split(article)
        mb.write_docx(path, package(paras(before) + make_xml(lines) + paras(after), **package_kw))
    return make


def text_box(inner: str) -> str:
    drawing = ('<w:drawing><wp:anchor><wp:extent cx="5400000" cy="1800000"/><a:graphic>'
               '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
               f'<wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp>'
               '</a:graphicData></a:graphic></wp:anchor></w:drawing>')
    return (f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice><mc:Fallback>'
            f'<w:pict><v:shape style="width:425pt;height:142pt"><v:textbox><w:txbxContent>{inner}</w:txbxContent>'
            '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')


def vml_box(inner: str) -> str:
    return ('<w:p><w:r><w:pict><v:rect style="width:425pt;height:142pt"><v:textbox>'
            f'<w:txbxContent>{inner}</w:txbxContent></v:textbox></v:rect></w:pict></w:r></w:p>')


def run_alternate(lines, requires: str) -> str:
    """Each line as a run-level AlternateContent: the text in the Choice, an
    empty picture in the Fallback (what an older reader would show)."""
    return "".join(
        f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="{requires}"><w:t>{esc(ln)}</w:t></mc:Choice>'
        '<mc:Fallback><w:pict/></mc:Fallback></mc:AlternateContent></w:r></w:p>' for ln in lines)


def block_alternate(lines) -> str:
    return (f'<mc:AlternateContent><mc:Choice Requires="{MC_REQUIRES_WORD}">{paras(lines)}</mc:Choice>'
            f'<mc:Fallback>{paras(lines)}</mc:Fallback></mc:AlternateContent>')


def ruby_liability(lines) -> str:
    """第7条 with ruby on 賠償 (ばいしょう) in its decisive sentence."""
    head, sentence = lines[0], lines[1]
    k = sentence.index("賠償")
    ruby = ('<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="distributeSpace"/><w:hps w:val="10"/>'
            '<w:hpsRaise w:val="18"/><w:hpsBaseText w:val="21"/><w:lid w:val="ja-JP"/></w:rubyPr>'
            '<w:rt><w:r><w:t>ばいしょう</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>賠償</w:t></w:r></w:rubyBase></w:ruby></w:r>')
    return para(head) + para(runs=run(sentence[:k]) + ruby + run(sentence[k + 2:])) + paras(lines[2:])


HIDDEN_STYLE = ('<w:style w:type="paragraph" w:styleId="Memo"><w:name w:val="Memo"/><w:basedOn w:val="MemoBase"/></w:style>'
                '<w:style w:type="paragraph" w:styleId="MemoBase"><w:name w:val="Memo Base"/><w:rPr><w:vanish/></w:rPr></w:style>')


def defaults_hidden(path) -> None:
    """docDefaults hide every run and paragraph mark; every paragraph but the
    damages article un-hides its runs and its mark with direct formatting
    (w:vanish w:val="0"), so only 第7条 is not shown."""
    import make_battery as mb

    before, lines, after = _split("第7条")
    shown = '<w:vanish w:val="0"/>'
    mark = f"<w:rPr>{shown}</w:rPr>"
    body = paras(before, ppr=mark, rpr=shown) + paras(lines) + paras(after, ppr=mark, rpr=shown)
    mb.write_docx(path, package(body, defaults_rpr="<w:vanish/>"))


def chunked(ctype: str, part: str, encode):
    """A maker: the full contract with 第2条 moved into an altChunk part."""
    def make(path):
        import make_battery as mb

        before, lines, after = _split("第2条")
        body = paras(before) + '<w:altChunk r:id="rIdC"/>' + paras(after)
        mb.write_docx(path, package(body, rels={"rIdC": ("aFChunk", part.split("/", 1)[1])},
                                    parts={part: encode(lines)},
                                    types=f'<Override PartName="/{part}" ContentType="{ctype}"/>'))
    return make


def html_of(lines) -> str:
    return ("<html><head><meta charset='utf-8'><style>p{margin:0}</style></head><body>"
            + "".join(f"<p>{esc(ln)}</p>" for ln in lines) + "</body></html>")


def rtf_of(lines) -> bytes:
    body = "\\par ".join("".join(f"\\u{ord(c)}?" for c in ln) for ln in lines)
    return ("{\\rtf1\\ansi\\deff0 " + body + "}").encode("ascii")


def footnoted(path) -> None:
    """第2条's obligations only in a footnote referenced from its heading line."""
    import make_battery as mb

    before, lines, after = _split("第2条")
    notes = (f'<?xml version="1.0"?><w:footnotes {NS}>'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
             f'<w:footnote w:id="1">{paras(lines[1:])}</w:footnote></w:footnotes>')
    ref = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    body = paras(before) + para(runs=run(lines[0]) + ref) + paras(after)
    mb.write_docx(path, package(body, rels={"rIdF": ("footnotes", "footnotes.xml")},
                                parts={"word/footnotes.xml": notes}))


def header_only(path) -> None:
    """第2条 only in the page header (not read; notice W104)."""
    import make_battery as mb

    before, lines, after = _split("第2条")
    header = f'<?xml version="1.0"?><w:hdr {NS}>{paras(lines)}</w:hdr>'
    sect = '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>'
    mb.write_docx(path, package(paras(before) + paras(after) + sect, rels={"rIdH": ("header", "header1.xml")},
                                parts={"word/header1.xml": header}))


def symbols(path) -> None:
    """A lone surrogate and an escape character from w:sym at the end of the
    title and of the decisive confidentiality sentence (finding 3b)."""
    import make_battery as mb

    before, lines, after = _split("第2条")
    sym = lambda c: f'<w:r><w:sym w:font="Symbol" w:char="{c}"/></w:r>'  # noqa: E731
    title = para(runs=run(before[0]) + sym("DC00"))
    sentence = para(runs=run(lines[1]) + sym("1B") + sym("D800"))
    mb.write_docx(path, package(title + paras(before[1:]) + para(lines[0]) + sentence + paras(lines[2:]) + paras(after)))


def numbering_bomb(path) -> None:
    """A 3 KB list-label bomb (finding 5): 20 items in a lowerLetter list
    starting at 2,600,000,000 and an lvlText of 400 %1, after the contract."""
    import make_battery as mb

    lines = [ln for ln in mb.FULL_CONTRACT.splitlines() if ln.strip()]
    numbering = ('<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="2600000000"/>'
                 '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1."/></w:lvl>'
                 '<w:lvl w:ilvl="1"><w:start w:val="99999999"/><w:numFmt w:val="upperRoman"/>'
                 f'<w:lvlText w:val="{"%1%2" * 200}"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    items = "".join(para(f"別紙項目{i}", ppr=f'<w:numPr><w:ilvl w:val="{i % 2}"/><w:numId w:val="1"/></w:numPr>')
                    for i in range(20))
    mb.write_docx(path, package(paras(lines) + items, numbering=numbering))


def ole_only(path) -> None:
    """第2条 only inside an embedded Word object (OLE): not read; notice W105."""
    import make_battery as mb

    before, lines, after = _split("第2条")
    ole = ('<w:p><w:r><w:object><v:shape id="_x0000_i1025" style="width:400pt;height:100pt"/>'
           '<o:OLEObject Type="Embed" ProgID="Word.Document.12" ShapeID="_x0000_i1025" r:id="rIdO"/></w:object></w:r></w:p>')
    mb.write_docx(path, package(paras(before) + ole + paras(after), rels={"rIdO": ("package", "embeddings/doc1.docx")},
                                parts={"word/embeddings/doc1.docx": b"PK\x05\x06" + b"\x00" * 18}))


TEMPLATE_CT = {
    "docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
    "dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "dotm": "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}


def full_as(ext: str):
    def make(path):
        import make_battery as mb

        lines = [ln for ln in mb.FULL_CONTRACT.splitlines() if ln.strip()]
        mb.write_docx(path, package(paras(lines), main="word/main.xml", main_ct=TEMPLATE_CT[ext],
                                    parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros are never run"}))
    return make


def case_list(big: bool = True) -> list:
    import make_battery as mb

    gone = dict(mb.ALL_PRESENT, confidentiality="missing", survival="missing")
    cases = []

    def add(name, filename, what, make, verdicts, notices=(), **kw):
        cases.append(mb.Case(name, filename, "analysis", what, verdicts=verdicts, notices=tuple(notices),
                             extra={"make": make}, **kw))

    add("docx_textbox", "docx_textbox.docx", "第2条 in a text box (wps Choice, VML Fallback): read once",
        with_article("第2条", lambda ls: text_box(paras(ls))), mb.ALL_PRESENT)
    add("docx_vml_textbox", "docx_vml_textbox.docx", "第2条 in a VML text box (w:pict)",
        with_article("第2条", lambda ls: vml_box(paras(ls))), mb.ALL_PRESENT)
    add("docx_altcontent_run", "docx_altcontent_run.docx",
        "第2条 in run-level mc:AlternateContent whose Choice Word understands (w14)",
        with_article("第2条", lambda ls: run_alternate(ls, MC_REQUIRES_WORD)), mb.ALL_PRESENT)
    add("docx_altcontent_unknown", "docx_altcontent_unknown.docx",
        "第2条 only in an mc:Choice requiring a namespace Word does not know: Word shows the empty Fallback",
        with_article("第2条", lambda ls: run_alternate(ls, "x99")), gone)
    add("docx_altcontent_block", "docx_altcontent_block.docx",
        "第2条 in block-level mc:AlternateContent with the same text in both branches (not doubled)",
        with_article("第2条", block_alternate), mb.ALL_PRESENT)
    add("docx_ruby", "docx_ruby.docx", "ruby ばいしょう on 賠償 in 第7条's decisive sentence",
        with_article("第7条", ruby_liability), mb.ALL_PRESENT)
    add("docx_hidden_pstyle", "docx_hidden_pstyle.docx",
        "第2条 hidden by its paragraph style's basedOn chain (w:vanish): not shown, so not there",
        with_article("第2条", lambda ls: paras(ls, ppr='<w:pStyle w:val="Memo"/>'), styles=HIDDEN_STYLE), gone)
    add("docx_hidden_defaults", "docx_hidden_defaults.docx",
        "docDefaults hide all text, direct w:vanish w:val=0 shows all but 第7条",
        defaults_hidden, dict(mb.ALL_PRESENT, liability="missing"))
    add("docx_altchunk_html", "docx_altchunk_html.docx", "第2条 in an HTML altChunk: read in place",
        chunked("text/html", "word/afchunk.htm", html_of), mb.ALL_PRESENT, ("W102",))
    add("docx_altchunk_rtf", "docx_altchunk_rtf.docx", "第2条 in an RTF altChunk: not read, said",
        chunked("application/rtf", "word/afchunk.rtf", rtf_of), gone, ("W101",))
    add("docx_footnote", "docx_footnote.docx", "第2条's obligations only in a footnote: read after its reference",
        footnoted, mb.ALL_PRESENT, ("W103",))
    add("docx_header_clause", "docx_header_clause.docx", "第2条 only in the page header: not checked, said",
        header_only, gone, ("W104",))
    add("docx_ole_clause", "docx_ole_clause.docx", "第2条 only in an embedded Word object: not read, said",
        ole_only, gone, ("W105",))
    add("docx_sym_surrogate", "docx_sym_surrogate.docx",
        "w:sym DC00 / D800 / 1B (surrogates, ESC) in the title and a decisive sentence", symbols,
        mb.ALL_PRESENT, ("W106",))
    add("docx_numbering_bomb", "docx_numbering_bomb.docx",
        "3 KB list-label bomb: lowerLetter from 2,600,000,000, lvlText of 400 %N", numbering_bomb,
        mb.ALL_PRESENT, ("W107",))
    for ext in ("docm", "dotx", "dotm"):
        add(f"docx_as_{ext}", f"full.{ext}", f"the full contract as .{ext} (main part word/main.xml, macros never run)",
            full_as(ext), mb.ALL_PRESENT)  # the default folder globs pick them too
    return cases
