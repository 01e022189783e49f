"""Build the battery of broken and hostile inputs for ``tests/test_battery.py``.

Every case is made here, at test time, from code: nothing is committed but this
script. Binary containers the standard library cannot write (an OLE2 / Compound
File for a legacy .doc or a password-protected OOXML file, an RC4-encrypted
PDF) are written by small writers below that follow the published formats
([MS-CFB], ISO 32000-1 7.6.3); ``tests/test_battery.py`` checks the results
with independent readers where one is installed (pdfplumber for the PDFs).

    python tests/battery/make_battery.py OUT_DIR   # build every case, list them

``build(folder)`` returns the list of ``Case``; ``expect`` is an error code
("E109") or "analysis" with the clause verdicts the file must get.

The contracts below were written for this battery (fictitious companies);
they are not copied from anywhere.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import os
import random
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the cases_* modules beside this file

CLAUSES = ("confidentiality", "subcontracting", "safeguards", "incident_reporting",
           "deletion_return", "survival", "liability")
ALL_PRESENT = {c: "present" for c in CLAUSES}


@dataclass
class Case:
    name: str  # short id, used as the pytest id
    filename: str  # relative to the battery folder
    expect: str  # "E1xx" / "E308" ... or "analysis"
    what: str  # one line for the closing note
    verdicts: Optional[dict] = None  # clause id -> status, when expect == "analysis"
    in_batch: bool = True  # part of the folder given to `check DIR`
    kind: str = "file"  # "file" | "dir" | "symlink" | "fifo"
    extra: dict = field(default_factory=dict)
    notices: Optional[tuple] = None  # the exact notice codes the result carries (when given)
    document: str = "contract"  # FileResult.kind: "contract" | "not_contract"
    batch_skip: Optional[str] = None  # the reason a folder walk lists it as skipped instead of checking it

    def path(self, folder: Path) -> Path:
        return Path(folder) / self.filename


# --- contracts written for the battery -----------------------------------------

FULL_CONTRACT = """\
個人情報の取扱いを伴う業務委託契約書

株式会社あおば物産（以下「甲」という。）と株式会社つばさ情報処理（以下「乙」という。）とは、甲が乙に委託する給与計算業務（以下「本業務」という。）について、次のとおり契約を締結する。

第1条（目的）
本契約は、甲が乙に本業務を委託するにあたり、乙が取り扱う個人情報の適正な取扱いを確保するために必要な事項を定めることを目的とする。
第2条（秘密保持）
乙は、本業務に関して甲から開示された個人情報その他の秘密情報（以下「秘密情報」という。）を、甲の事前の書面による承諾なく第三者に開示し、又は漏えいしてはならない。
2　乙は、秘密情報を本業務の遂行以外の目的に使用してはならない。
第3条（再委託の制限）
乙は、甲の事前の書面による承諾を得た場合を除き、本業務の全部又は一部を第三者に再委託してはならない。
2　乙は、前項の承諾を得て再委託するときは、再委託先との間で書面により契約を締結し、再委託先に対し、本契約に基づき乙が負う義務と同等の義務を課さなければならない。
3　乙は、再委託先の行為について、甲に対し、自らの行為と同様の責任を負う。
4　乙は、再委託先に対し、個人情報の漏えいその他の事故が発生したときは直ちに乙に報告する義務を課さなければならない。
第4条（安全管理措置）
乙は、個人情報の漏えい、滅失又はき損の防止その他の個人情報の安全管理のために必要かつ適切な措置を講じなければならない。
第5条（事故時の報告）
乙は、個人情報の漏えい、滅失若しくはき損その他の事故が発生し、又はそのおそれがあることを知ったときは、直ちにその旨を甲に報告し、甲の指示に従わなければならない。
2　乙は、前項の事故の原因の調査及び再発防止策の実施について、甲に協力しなければならない。
第6条（契約終了時のデータの返却及び消去）
乙は、本契約が終了したときは、終了の日から30日以内に、甲から預託された個人情報を甲に返却し、又は復元できない方法により消去しなければならない。
2　乙は、前項の消去を完了したときは、速やかにその旨を証する書面を甲に提出しなければならない。
第7条（損害賠償）
乙は、本契約に違反して甲に損害を与えたときは、その損害を賠償する責任を負う。
第8条（存続）
第2条、第6条及び第7条の規定は、本契約の終了後も5年間なお効力を有する。
第9条（協議）
本契約に定めのない事項については、甲乙誠実に協議して解決する。

令和7年4月1日

甲　株式会社あおば物産
乙　株式会社つばさ情報処理
"""

# The same contract without the damages and survival articles.
PARTIAL_CONTRACT = "\n".join(
    line for line in FULL_CONTRACT.replace("第9条", "第7条").splitlines()
    if not line.startswith(("第7条（損害賠償", "乙は、本契約に違反して甲に損害", "第8条", "第2条、第6条"))
) + "\n"
PARTIAL_VERDICTS = dict(ALL_PRESENT, liability="missing", survival="missing")

ENGLISH_CONTRACT = """\
SERVICES AGREEMENT

This Services Agreement is made between Northwind Trading Ltd. ("Client") and
Bluebird Data Services Inc. ("Contractor").

Article 1 (Confidentiality)
The Contractor shall keep confidential all information disclosed by the Client
and shall not disclose it to any third party without the Client's prior written consent.

Article 2 (Subcontracting)
The Contractor shall not subcontract any part of the services without the Client's
prior written approval.

Article 3 (Return of Data)
Within thirty days after termination, the Contractor shall return or irrecoverably
delete all personal data and certify the deletion in writing.

Article 4 (Damages)
A party that breaches this Agreement shall compensate the other party for the damage caused.
"""

FILLER = "この行は契約書の本文ではなく意味のない文字列の繰り返しです"  # no 。: one endless sentence

# --- DOCX pieces -----------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '</Relationships>')


def _paragraphs_xml(lines) -> str:
    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{esc(ln)}</w:t></w:r></w:p>"
                   for ln in lines if ln.strip())


def document_xml(body: str, prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')


def write_docx(path: Path, parts: dict) -> None:
    """A DOCX (or any zip) with the given parts; str parts are UTF-8."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)


def docx_parts(document: str, **more) -> dict:
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS,
             "word/document.xml": document}
    parts.update(more)
    return parts


def write_zip_bomb(path: Path, megabytes: int = 300) -> None:
    """A DOCX whose word/document.xml inflates to ``megabytes`` MB (~1000:1)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(document_xml("<w:p><w:r><w:t>").split("</w:body>")[0].encode())
            chunk = b"\xe3\x81\x82" * (1 << 18)  # あ, 768 KB
            for _ in range(megabytes * 4 // 3):
                f.write(chunk)
            f.write(b"</w:t></w:r></w:p></w:body></w:document>")


def write_lying_zip(path: Path) -> None:
    """A DOCX whose document.xml declares 1 KB in both zip headers but inflates
    to 8 MB: the guard must not trust the declared size."""
    body = _paragraphs_xml(["第1条（目的）"] + ["あ" * 1000] * 2700)
    data = document_xml(body).encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/document.xml", data)
    raw = bytearray(buf.getvalue())
    real = struct.pack("<I", len(data))
    fake = struct.pack("<I", 1024)
    name = b"word/document.xml"
    # local header: uncompressed size at offset 22, name at 30
    for sig, size_off, name_off in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        i = 0
        while True:
            i = raw.find(sig, i)
            if i < 0:
                break
            if raw[i + name_off:i + name_off + len(name)] == name:
                assert raw[i + size_off:i + size_off + 4] == real
                raw[i + size_off:i + size_off + 4] = fake
            i += 4
    path.write_bytes(bytes(raw))


# --- Compound File Binary (OLE2) writer, [MS-CFB] version 3 ---------------------

_ENDOFCHAIN, _FREESECT, _FATSECT, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def write_cfb(path: Path, streams: dict) -> None:
    """A compound file holding ``streams`` (name -> bytes) under the root
    storage. Every stream is padded to the 4096-byte mini-stream cutoff so
    it lives in regular sectors (no mini stream needed)."""
    ss = 512
    names = list(streams)
    data = {n: streams[n] + b"\x00" * max(0, 4096 - len(streams[n])) for n in names}
    n_dir_entries = 1 + len(names)
    dir_sectors = -(-n_dir_entries * 128 // ss)
    stream_sectors = {n: -(-len(data[n]) // ss) for n in names}
    body = dir_sectors + sum(stream_sectors.values())
    n_fat = 1
    while n_fat * (ss // 4) < n_fat + body:
        n_fat += 1
    fat = [_FATSECT] * n_fat
    first_dir = len(fat)
    fat += [len(fat) + i + 1 for i in range(dir_sectors - 1)] + [_ENDOFCHAIN]
    starts = {}
    for n in names:
        starts[n] = len(fat)
        k = stream_sectors[n]
        fat += [len(fat) + i + 1 for i in range(k - 1)] + [_ENDOFCHAIN]
    fat += [_FREESECT] * (n_fat * (ss // 4) - len(fat))

    def entry(name: str, kind: int, start: int, size: int, right: int = _NOSTREAM,
              child: int = _NOSTREAM) -> bytes:
        raw_name = (name + "\x00").encode("utf-16-le")
        e = raw_name.ljust(64, b"\x00")
        e += struct.pack("<HBB", len(raw_name), kind, 1)  # black
        e += struct.pack("<III", _NOSTREAM, right, child)
        e += b"\x00" * 16 + struct.pack("<I", 0) + b"\x00" * 16
        e += struct.pack("<IQ", start, size)
        assert len(e) == 128
        return e

    # siblings as a chain of right links, in the CFB name order (length, then upper case)
    order = sorted(range(len(names)), key=lambda i: (len(names[i]), names[i].upper()))
    entries = [b""] * n_dir_entries
    right_of = {order[j]: order[j + 1] + 1 for j in range(len(order) - 1)}
    entries[0] = entry("Root Entry", 5, _ENDOFCHAIN, 0, child=(order[0] + 1) if order else _NOSTREAM)
    for i, n in enumerate(names):
        entries[i + 1] = entry(n, 2, starts[n], len(streams[n]), right=right_of.get(i, _NOSTREAM))
    # unused directory slots must be empty entries with NOSTREAM links
    empty = b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", *([_NOSTREAM] * 3)) + b"\x00" * 52
    directory = b"".join(entries) + empty * (dir_sectors * ss // 128 - n_dir_entries)

    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 40, 0, n_fat, first_dir, 0)
    struct.pack_into("<IIIII", header, 56, 4096, _ENDOFCHAIN, 0, _ENDOFCHAIN, 0)
    difat = list(range(n_fat)) + [_FREESECT] * (109 - n_fat)
    struct.pack_into("<109I", header, 76, *difat)
    out = bytes(header) + struct.pack(f"<{len(fat)}I", *fat) + directory
    for n in names:
        out += data[n] + b"\x00" * (stream_sectors[n] * ss - len(data[n]))
    path.write_bytes(out)


def encrypted_ooxml_streams(seed: int = 7) -> dict:
    """The two streams Office writes for a password-protected DOCX (agile
    encryption): EncryptionInfo (version 4.4 + XML descriptor) and
    EncryptedPackage (8-byte size + ciphertext, random here)."""
    rnd = random.Random(seed)
    descriptor = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" '
        'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        '<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
        'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>'
        '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        '<p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" '
        'saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></keyEncryptor></keyEncryptors></encryption>')
    info = struct.pack("<HHI", 4, 4, 0x40) + descriptor.encode("utf-8")
    package = struct.pack("<Q", 12000) + bytes(rnd.getrandbits(8) for _ in range(12288))
    return {"EncryptionInfo": info, "EncryptedPackage": package}


def legacy_doc_streams() -> dict:
    """A Word 97-2003 document's streams: WordDocument starting with the FIB
    magic 0xA5EC, and the 1Table stream."""
    fib = struct.pack("<HHHH", 0xA5EC, 0x00C1, 0x0000, 0x0409) + b"\x00" * 1464
    return {"WordDocument": fib, "1Table": b"\x00" * 1024}


# --- PDF writers -----------------------------------------------------------------


def pdf_bytes(objects: list, trailer_extra: str = "") -> bytes:
    """A PDF with the given objects (1-based; bytes or str bodies) and a
    correct xref table. Object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        b = body.encode("latin-1") if isinstance(body, str) else body
        out += f"{i} 0 obj\n".encode() + b + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer_extra}>>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def _stream(data: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(data)} {extra}>>\nstream\n".encode() + data + b"\nendstream"


def blank_pdf() -> bytes:
    return pdf_bytes([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
    ])


def deflate_bomb_pdf(megabytes: int = 300) -> bytes:
    """One page whose content stream inflates to ``megabytes`` MB of spaces
    after a line of text (about 1000:1; streamed, so making it is cheap)."""
    c = zlib.compressobj(9)
    parts = [c.compress(b"BT /F1 12 Tf 72 720 Td (Deflate bomb) Tj ET\n")]
    chunk = b" " * (1 << 20)
    for _ in range(megabytes):
        parts.append(c.compress(chunk))
    parts.append(c.flush())
    return pdf_bytes([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(b"".join(parts), "/Filter /FlateDecode "),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def many_pages_pdf(n: int = 1001) -> bytes:
    kids = " ".join(f"{i + 3} 0 R" for i in range(n))
    page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>"
    return pdf_bytes(["<< /Type /Catalog /Pages 2 0 R >>",
                      f"<< /Type /Pages /Kids [{kids}] /Count {n} >>"] + [page] * n)


def cid_only_pdf() -> bytes:
    """Text drawn with a CID font that has no ToUnicode map: every glyph
    extracts as (cid:N)."""
    content = b"BT /F1 12 Tf 72 720 Td " + b" ".join(
        b"<%04x%04x%04x%04x> Tj 0 -14 Td" % (i, i + 1, i + 2, i + 3) for i in range(1, 200, 4)) + b" ET"
    return pdf_bytes([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content),
        "<< /Type /Font /Subtype /Type0 /BaseFont /GothicX /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GothicX "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    ])


def looping_pdf() -> bytes:
    """A page tree whose /Pages node lists itself as a kid."""
    return pdf_bytes([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
    ])


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) & 0xFF])
    return bytes(out)


def encrypted_pdf(user_pw: bytes = b"himitsu", owner_pw: bytes = b"owner-pw") -> bytes:
    """A one-page PDF encrypted with the standard security handler, revision 2
    (40-bit RC4), opening only with ``user_pw`` (ISO 32000-1 7.6.3,
    algorithms 2, 3 and 4)."""
    doc_id = hashlib.md5(b"keiyaku-lint battery").digest()
    perms = -4  # all permissions
    okey = hashlib.md5((owner_pw + _PAD)[:32]).digest()[:5]
    o_entry = _rc4(okey, (user_pw + _PAD)[:32])
    key = hashlib.md5((user_pw + _PAD)[:32] + o_entry + struct.pack("<i", perms) + doc_id).digest()[:5]
    u_entry = _rc4(key, _PAD)

    def obj_key(num: int) -> bytes:
        return hashlib.md5(key + struct.pack("<I", num)[:3] + b"\x00\x00").digest()[:10]

    content = b"BT /F1 24 Tf 72 720 Td (Confidential draft) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(_rc4(obj_key(4), content)),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Filter /Standard /V 1 /R 2 /O <{o_entry.hex()}> /U <{u_entry.hex()}> /P {perms} >>",
    ]
    return pdf_bytes(objects, trailer_extra=f"/Encrypt 6 0 R /ID [<{doc_id.hex()}> <{doc_id.hex()}>] ")


def image_only_pdf() -> bytes:
    """A 'scanned' page: an image of text-like strokes, no text layer."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (620, 877), 255)
    d = ImageDraw.Draw(img)
    for row in range(12):
        for col in range(18):
            x, y = 60 + col * 28, 80 + row * 50
            d.rectangle([x, y, x + 18, y + 22], outline=0, width=2)
            d.line([x + 3, y + 11, x + 15, y + 11], fill=0, width=2)
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=72)
    return buf.getvalue()


def _ocr_available() -> bool:
    """Whether Tesseract and its Japanese data are installed (the outcome
    of a scan depends on it)."""
    from keiyaku_lint.load.ocr import available

    return available()


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


# --- building -----------------------------------------------------------------------


def _xxe_styles_parts() -> dict:
    return docx_parts(
        document_xml(_paragraphs_xml(FULL_CONTRACT.splitlines())),
        **{"word/styles.xml": f'<?xml version="1.0"?><!DOCTYPE w:styles [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                              f'<w:styles xmlns:w="{W}"><w:style w:styleId="a"><w:name w:val="&x;"/></w:style></w:styles>',
           "word/_rels/document.xml.rels":
               '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
               '</Relationships>'})


def _odt() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return buf.getvalue()


def _plain_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("readme.txt", "just a zip")
        z.writestr("data/contract.txt", FULL_CONTRACT)
    return buf.getvalue()


def _write_huge(path: Path, megabytes: int = 60) -> None:
    line = ("第1条（目的）本契約は、業務の委託に関する事項を定める。" * 20 + "\n").encode("utf-8")
    block = line * ((1 << 20) // len(line) + 1)
    with open(path, "wb") as fh:
        while fh.tell() < megabytes << 20:
            fh.write(block)


def _random(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


_XXE = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
_XXE_BODY = _paragraphs_xml(["第1条（目的）"]) + "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>"
_LOL = ('<!DOCTYPE w:document [<!ENTITY a "lollollollollollollollollollol">'
        + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9)) + "]>")
_DEEP = "<w:sdt><w:sdtContent>" * 5000 + _paragraphs_xml(["第1条"]) + "</w:sdtContent></w:sdt>" * 5000


def _sample(name: str, cut: float):
    def make(path: Path) -> None:
        data = (SAMPLES / name).read_bytes()
        path.write_bytes(data[: int(len(data) * cut)])
    return make


def _docx(parts_fn):
    return lambda path: write_docx(path, parts_fn())


def _cfb(streams_fn):
    return lambda path: write_cfb(path, streams_fn())


def _bytes(fn):
    return lambda path: path.write_bytes(fn())


def _symlink(target: str):
    return lambda path: os.symlink(target, path)


def _symlink_loop_folder(path: Path) -> None:
    path.mkdir()
    os.symlink("..", path / "back")


def case_list(big: bool = True) -> list:
    """Every case, with how to make it (``Case.extra["make"]``: path -> None).
    ``big=False`` leaves out the 60 MB text file."""
    cases: list[Case] = []

    def add(name, filename, expect, what, make, **kw):
        if isinstance(make, (bytes, str)):
            data = make.encode("utf-8") if isinstance(make, str) else make
            make = lambda path, data=data: path.write_bytes(data)  # noqa: E731
        cases.append(Case(name, filename, expect, what, extra={"make": make}, **kw))

    # --- empty files
    add("empty_docx", "empty.docx", "E104", "empty .docx", b"")
    add("empty_pdf", "empty.pdf", "E104", "empty .pdf", b"")
    add("empty_txt", "empty.txt", "E104", "empty .txt", b"")
    add("blank_txt", "blank.txt", "E114", "text file of spaces and blank lines only",
        " \r\n\u3000\n\t\n\n".encode("utf-8"))

    # --- DOCX
    add("text_as_docx", "not_a_zip.docx", "E108", "plain text named .docx", FULL_CONTRACT)
    add("truncated_docx", "truncated.docx", "E107", "samples/nda.docx cut at 60%", _sample("nda.docx", 0.6))
    add("zip_bomb", "zip_bomb.docx", "E109", "zip bomb: document.xml inflates to 300 MB (300 KB on disk)",
        write_zip_bomb)
    add("lying_zip", "lying_sizes.docx", "E107",
        "zip headers declare 1 KB, document.xml inflates to 8 MB (CRC check fails)", write_lying_zip)
    add("xxe", "xxe.docx", "E116", "XXE: document.xml reads file:///etc/passwd through an entity",
        _docx(lambda: docx_parts(document_xml(_XXE_BODY, _XXE))))
    add("xxe_utf16", "xxe_utf16.docx", "E116", "XXE in a UTF-16 document.xml",
        _docx(lambda: docx_parts(document_xml(_XXE_BODY, _XXE).replace('encoding="UTF-8"', 'encoding="UTF-16"')
                                 .encode("utf-16"))))
    add("xxe_styles", "xxe_styles.docx", "E116", "XXE in word/styles.xml of an otherwise good contract",
        _docx(_xxe_styles_parts))
    add("billion_laughs", "billion_laughs.docx", "E116", "billion laughs: 10^9 entity expansion",
        _docx(lambda: docx_parts(document_xml("<w:p><w:r><w:t>&j;</w:t></w:r></w:p>", _LOL))))
    add("deep_nesting", "deep_nesting.docx", "E107", "document.xml nested 5000 levels deep",
        _docx(lambda: docx_parts(document_xml(_DEEP))))
    add("bad_xml", "bad_xml.docx", "E107", "document.xml is not well-formed",
        _docx(lambda: docx_parts(document_xml("<w:p><w:r><w:t>第1条</w:r></w:p>"))))
    add("no_document_xml", "no_document.docx", "E107", "OOXML package without word/document.xml",
        _docx(lambda: {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS,
                       "docProps/app.xml": "<Properties/>"}))
    add("xlsx_as_docx", "xlsx_like.docx", "E108", "an Excel workbook renamed .docx", _docx(lambda: {
        "[Content_Types].xml": CONTENT_TYPES.replace("/word/document.xml", "/xl/workbook.xml"),
        "_rels/.rels": ROOT_RELS.replace("word/document.xml", "xl/workbook.xml"),
        "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'}))
    add("odt_as_docx", "odt_like.docx", "E108", "an OpenDocument text renamed .docx", _bytes(_odt))
    add("zip_as_docx", "plain_zip.docx", "E108", "a plain zip renamed .docx", _bytes(_plain_zip))
    add("encrypted_docx", "password.docx", "E106",
        "password-protected DOCX (CFB with EncryptionInfo / EncryptedPackage)", _cfb(encrypted_ooxml_streams))
    add("legacy_doc", "legacy.doc", "E105", "Word 97-2003 .doc (CFB with a WordDocument stream)",
        _cfb(legacy_doc_streams), in_batch=False)  # not picked by the default globs
    add("legacy_as_docx", "legacy_renamed.docx", "E105", "a legacy .doc renamed .docx", _cfb(legacy_doc_streams))
    add("folder_docx", "folder.docx", "E115", "a folder named folder.docx", lambda p: p.mkdir(),
        kind="dir", in_batch=False)  # a folder in a batch is walked, not checked

    # --- PDF
    add("truncated_pdf", "truncated.pdf", "E110", "samples/outsourcing_full.pdf cut at 40%",
        _sample("outsourcing_full.pdf", 0.4))
    add("random_pdf", "random.pdf", "E110", "%PDF header followed by random bytes",
        b"%PDF-1.7\n" + _random(20000, 1))
    add("encrypted_pdf", "encrypted.pdf", "E106", "PDF encrypted with a user password (RC4)", _bytes(encrypted_pdf))
    add("blank_pdf", "blank.pdf", "E111", "PDF with one empty page", _bytes(blank_pdf))
    # with Tesseract (OCR) installed the scan is read, and its strokes are no text (E131);
    # without it, a PDF with no text layer is E111 (whose message says how to enable OCR)
    add("scanned_pdf", "scanned.pdf", "E131" if _ocr_available() else "E111",
        "image-only PDF (a scan, no text layer; E131 with OCR installed, E111 without)", _bytes(image_only_pdf))
    add("looping_pdf", "page_loop.pdf", "E111", "page tree whose node lists itself as a kid", _bytes(looping_pdf))
    add("png_as_pdf", "image.pdf", "E108", "a PNG image renamed .pdf", _bytes(png_bytes))
    add("pdf_deflate_bomb", "deflate_bomb.pdf", "E109",
        "PDF whose page content stream inflates to 300 MB (300 KB on disk)", _bytes(deflate_bomb_pdf))
    add("many_pages_pdf", "many_pages.pdf", "E109", "PDF with 1001 (empty) pages", _bytes(many_pages_pdf))
    add("cid_pdf", "cid_only.pdf", "E112", "PDF text in a CID font without a ToUnicode map", _bytes(cid_only_pdf))

    # --- text
    add("junk_txt", "junk.txt", "E108", "random binary bytes named .txt", _random(8000, 2))
    add("elf_txt", "program.txt", "E108", "an executable header named .txt", b"\x7fELF\x02\x01\x01" + _random(500, 3))
    add("cp932", "cp932.txt", "analysis", "the battery contract in CP932 with CRLF",
        FULL_CONTRACT.replace("\n", "\r\n").encode("cp932"), verdicts=ALL_PRESENT)
    add("utf16", "utf16.txt", "analysis",
        "the contract without its damages and survival articles, UTF-16 LE with BOM",
        codecs.BOM_UTF16_LE + PARTIAL_CONTRACT.encode("utf-16-le"), verdicts=PARTIAL_VERDICTS)
    add("utf8_bom", "utf8_bom.txt", "analysis", "the battery contract in UTF-8 with a BOM",
        codecs.BOM_UTF8 + FULL_CONTRACT.encode("utf-8"), verdicts=ALL_PRESENT)
    add("utf16_odd", "utf16_broken.txt", "E113", "UTF-16 BOM followed by an odd number of bytes",
        codecs.BOM_UTF16_LE + "第1条".encode("utf-16-le") + b"\x00")
    add("long_line", "long_line.txt", "analysis", "one 300 KB line without punctuation: not a contract",
        (FILLER * (300_000 // len(FILLER.encode("utf-8")) + 1)).encode("utf-8"),
        verdicts={c: "missing" for c in CLAUSES}, document="not_contract", notices=("W301",))
    add("english", "english.txt", "E308", "an English contract", ENGLISH_CONTRACT)
    if big:
        add("huge_txt", "huge.txt", "E109", "a 60 MB text file", _write_huge)

    # --- special files
    add("fifo", "pipe.txt", "E102", "a named pipe called pipe.txt (reading would block)", os.mkfifo, kind="fifo")
    add("dev_zero", "zeros.txt", "E102", "a symlink named zeros.txt to /dev/zero (endless)",
        _symlink("/dev/zero"), kind="symlink")
    add("self_symlink", "self_loop.txt", "E102", "a symlink to itself", _symlink("self_loop.txt"),
        kind="symlink", in_batch=False)  # skipped by the folder walk
    if os.path.exists("/etc/passwd"):
        add("passwd_link", "passwd.txt", "E308", "a symlink named passwd.txt to /etc/passwd",
            _symlink("/etc/passwd"), kind="symlink")
    add("symlink_loop", "loop", "skipped", "a folder holding a symlink to its parent (batch only)",
        _symlink_loop_folder, kind="dir")
    # the trust classes (issue 10), one module per area; each case_list(big) -> [Case]
    import cases_docx
    import cases_pdf
    import cases_trust

    for module in (cases_docx, cases_pdf, cases_trust):
        cases += module.case_list(big)
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "battery case names must be unique"
    return cases


def build(folder, big: bool = True, only=None) -> list:
    """Write every case (or those named in ``only``) into ``folder``, which
    must exist; return them."""
    folder = Path(folder)
    out = []
    for case in case_list(big):
        if only is not None and case.name not in only:
            continue
        case.extra["make"](case.path(folder))
        out.append(case)
    return out


def sha256_tree(folder: Path) -> dict:
    """SHA-256 of every regular file under ``folder`` (links not followed)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for n in filenames:
            p = Path(dirpath) / n
            if p.is_symlink() or not p.is_file():
                continue
            h = hashlib.sha256()
            with open(p, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            out[str(p.relative_to(folder))] = h.hexdigest()
    return out


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: make_battery.py OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=False)
    for c in build(out):
        print(f"{c.filename:24} {c.expect:9} {c.what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
