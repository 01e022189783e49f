"""Builders for the load-stage tests (no tests here): DOCX packages written
with zipfile from XML strings, a minimal Compound File Binary writer, and a
minimal PDF writer. Also used by scripts/make_load_fixtures.py."""
from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import Optional
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

DEFAULT_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {NS}>
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/></w:style>
{{extra}}
</w:styles>"""


def r(text: str, rpr: str = "") -> str:
    """A run with text (spaces preserved)."""
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def p(*runs: str, ppr: str = "") -> str:
    """A paragraph; plain strings become runs."""
    inner = "".join(x if x.startswith("<") else r(x) for x in runs)
    return f'<w:p>{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}{inner}</w:p>'


def num(num_id: int, ilvl: int = 0) -> str:
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def lvl(ilvl: int, text: str, fmt: str = "decimal", start: int = 1, suff: Optional[str] = None,
        extra: str = "") -> str:
    s = f'<w:suff w:val="{suff}"/>' if suff else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{escape(text)}"/><w:lvlJc w:val="left"/>{s}</w:lvl>')


def numbering(abstracts: dict[int, str], nums: dict[int, str]) -> str:
    """abstracts: id -> <w:lvl>... ; nums: numId -> abstractNumId and overrides XML
    (e.g. '<w:abstractNumId w:val="1"/>')."""
    a = "".join(f'<w:abstractNum w:abstractNumId="{i}">{body}</w:abstractNum>' for i, body in abstracts.items())
    n = "".join(f'<w:num w:numId="{i}">{body}</w:num>' for i, body in nums.items())
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {NS}>{a}{n}</w:numbering>'


def table(rows: list[list[str]]) -> str:
    """rows of cells; each cell is XML of its paragraphs (or a plain string)."""
    out = ['<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>']
    ncols = max(len(row) for row in rows)
    out.append('<w:gridCol w:w="3000"/>' * ncols + "</w:tblGrid>")
    for row in rows:
        out.append("<w:tr>")
        for cell in row:
            content = cell if cell.startswith("<") else p(cell)
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>{content}</w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def page_field() -> str:
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


SECT = ('<w:sectPr>{refs}<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1985" w:right="1701" w:bottom="1701" w:left="1701" w:header="851" w:footer="992" w:gutter="0"/>'
        '</w:sectPr>')


def make_docx(path: Path, body: str, *, numbering_xml: Optional[str] = None, styles_extra: str = "",
              header: Optional[str] = None, footer: Optional[str] = None,
              extra_parts: Optional[dict[str, bytes]] = None, document_xml: Optional[str] = None) -> Path:
    """Write a DOCX. header / footer: paragraph XML for header1.xml / footer1.xml."""
    rels = []
    refs = ""
    rels.append(f'<Relationship Id="rIdS" Type="{REL_BASE}styles" Target="styles.xml"/>')
    if numbering_xml is not None:
        rels.append(f'<Relationship Id="rIdN" Type="{REL_BASE}numbering" Target="numbering.xml"/>')
    if header is not None:
        rels.append(f'<Relationship Id="rIdH" Type="{REL_BASE}header" Target="header1.xml"/>')
        refs += '<w:headerReference w:type="default" r:id="rIdH"/>'
    if footer is not None:
        rels.append(f'<Relationship Id="rIdF" Type="{REL_BASE}footer" Target="footer1.xml"/>')
        refs += '<w:footerReference w:type="default" r:id="rIdF"/>'
    doc = document_xml or (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                           f'<w:document {NS}><w:body>{body}{SECT.format(refs=refs)}</w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/document.xml", doc)
        z.writestr("word/_rels/document.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + "".join(rels) + "</Relationships>")
        z.writestr("word/styles.xml", DEFAULT_STYLES.replace("{extra}", styles_extra))
        if numbering_xml is not None:
            z.writestr("word/numbering.xml", numbering_xml)
        if header is not None:
            z.writestr("word/header1.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {NS}>{header}</w:hdr>')
        if footer is not None:
            z.writestr("word/footer1.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {NS}>{footer}</w:ftr>')
        for name, data in (extra_parts or {}).items():
            z.writestr(name, data)
    return path


# --- the contract used for the PDF fixture and the DOCX/PDF comparison -----------

ARTICLE_NUMBERING = numbering(
    {1: lvl(0, "第%1条", suff="space") + lvl(1, "%2", fmt="decimalFullWidth", suff="space", start=2)},
    {1: '<w:abstractNumId w:val="1"/>'},
)


def sample_contract_body() -> str:
    """A made-up outsourcing contract: title, preamble, auto-numbered articles
    (第%1条, paragraphs numbered from ２), items, long paragraphs that wrap and
    one that runs over a page break."""
    long_a = ("受託者は、本業務の遂行にあたり委託者から開示を受けた技術上、営業上その他一切の情報を、"
              "善良なる管理者の注意をもって管理し、委託者の書面による事前の承諾なく第三者に開示し、"
              "又は本業務の目的以外に使用してはならない。")
    long_b = ("受託者は、委託者から預託を受けた個人情報について、漏えい、滅失又はき損の防止その他の安全管理のために"
              "必要かつ適切な措置を講じるものとし、その措置の内容を委託者の求めに応じて書面により報告する。")
    long_c = ("受託者は、本契約が終了し、又は解除されたときは、委託者の指示に従い、預託を受けた資料及び個人情報を"
              "速やかに返却し、又は復元できない方法により消去し、その旨を記載した証明書を委託者に提出する。")
    art = lambda heading: p(heading, ppr=num(1, 0))  # noqa: E731
    para = lambda text: p(text, ppr=num(1, 1))  # noqa: E731
    parts = [
        p(r("業務委託契約書", "<w:b/><w:sz w:val=\"32\"/>"), ppr='<w:jc w:val="center"/>'),
        p("株式会社あおば商事（以下「委託者」という。）と株式会社みなと情報サービス（以下「受託者」という。）は、"
          "顧客管理業務の委託に関し、次のとおり契約を締結する。"),
        art("（目的）"),
        p("本契約は、委託者が受託者に委託する顧客管理業務（以下「本業務」という。）の内容及び条件を定めることを目的とする。"),
        art("（秘密保持）"),
        p(long_a),
        para("前項の規定は、本契約の終了後も３年間効力を有する。"),
        art("（安全管理措置）"),
        p(long_b),
        para("受託者は、次の各号に掲げる措置を講じなければならない。"),
        p("（１）　個人情報を取り扱う従業者の限定"),
        p("（２）　個人情報を保管する区域への入退室の管理"),
        art("（再委託の制限）"),
        p("受託者は、委託者の書面による事前の承諾を得た場合を除き、本業務の全部又は一部を第三者に再委託してはならない。"
          "承諾を得て再委託する場合、受託者は再委託先に本契約と同等の義務を負わせる。"),
    ]
    for i in range(6):
        parts.append(art("（事故時の報告）" if i == 0 else f"（雑則{i}）"))
        parts.append(p(long_c if i % 2 else long_b))
        parts.append(para(long_a))
    # one paragraph far longer than a page: it must run over a page break
    parts.append(art("（個人情報の取扱い）"))
    parts.append(p("".join([long_b, long_a, long_c] * 7)))
    parts.append(art("（協議）"))
    parts.append(p("本契約に定めのない事項については、委託者及び受託者が誠実に協議して定める。"))
    return "".join(parts)


def make_sample_contract(path: Path) -> Path:
    return make_docx(
        path, sample_contract_body(), numbering_xml=ARTICLE_NUMBERING,
        header=p("業務委託契約書", ppr='<w:pStyle w:val="Header"/><w:jc w:val="right"/>'),
        footer=p(page_field(), ppr='<w:pStyle w:val="Footer"/><w:jc w:val="center"/>'),
    )


# --- Compound File Binary (OLE2) ----------------------------------------------------


def make_cfb(path: Path, streams: list[str]) -> Path:
    """A minimal valid compound file with empty streams of the given names
    (512-byte sectors: sector 0 = FAT, sector 1.. = directory)."""
    entries = [("Root Entry", 5)] + [(n, 2) for n in streams]
    n_dir = (len(entries) + 3) // 4
    fat = [0xFFFFFFFD] + [i + 2 for i in range(1, n_dir)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # FAT sectors
    struct.pack_into("<I", header, 48, 1)  # first directory sector
    struct.pack_into("<I", header, 56, 4096)
    struct.pack_into("<IIII", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 76, *difat)
    dir_bytes = bytearray()
    for i, (name, kind) in enumerate(entries):
        e = bytearray(128)
        raw = name.encode("utf-16-le") + b"\x00\x00"
        e[0:len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        # siblings: a simple right-leaning chain; root's child is entry 1
        struct.pack_into("<III", e, 68, 0xFFFFFFFF,
                         (i + 1) if (i > 0 and i + 1 < len(entries)) else 0xFFFFFFFF,
                         1 if (i == 0 and len(entries) > 1) else 0xFFFFFFFF)
        struct.pack_into("<IQ", e, 116, 0xFFFFFFFE, 0)
        dir_bytes += e
    dir_bytes += b"\x00" * (n_dir * 512 - len(dir_bytes))
    path.write_bytes(bytes(header) + struct.pack("<128I", *fat) + bytes(dir_bytes))
    return path


# --- PDF -------------------------------------------------------------------------


def make_pdf(path: Path, page_contents: list[bytes], *, font: Optional[bytes] = None,
             n_pages: Optional[int] = None) -> Path:
    """A minimal PDF. page_contents: one content stream per page (or one shared
    stream repeated ``n_pages`` times). font: a font dictionary used as /F1."""
    objs: list[bytes] = []

    def add(b: bytes) -> int:
        objs.append(b)
        return len(objs)

    catalog = add(b"")
    pages_id = add(b"")
    font_id = add(font) if font is not None else None
    contents = [add(b"<< /Length %d >>\nstream\n" % len(c) + c + b"\nendstream") for c in page_contents]
    count = n_pages or len(contents)
    res = b"<< /Font << /F1 %d 0 R >> >>" % font_id if font_id else b"<< >>"
    kids = []
    for i in range(count):
        c = contents[i % len(contents)]
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
                        % (pages_id, res, c)))
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objs[pages_id - 1] = (b"<< /Type /Pages /Count %d /Kids [" % count
                          + b" ".join(b"%d 0 R" % k for k in kids) + b"] >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref)
    path.write_bytes(bytes(out))
    return path


# A CID-keyed font with no ToUnicode map: text comes out as "(cid:NNN)"
CID_FONT = (b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H "
            b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/FontDescriptor << /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 0 1000 1000] "
            b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >> /DW 1000 >>] >>")
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
