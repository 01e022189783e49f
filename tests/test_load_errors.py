"""Every load failure is a LoadError with a stable code, made from a
realistic bad file; no raw exception escapes."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from keiyaku_lint.errors import LoadError
from keiyaku_lint.load import load
from test_load_support import CONTENT_TYPES, ROOT_RELS, make_cfb, make_docx, p

FIXTURES = Path(__file__).parent / "fixtures" / "load"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def code_of(path) -> str:
    with pytest.raises(LoadError) as e:
        load(path)
    msg_ja, msg_en = e.value.message("ja"), e.value.message("en")
    assert str(path) in msg_ja and str(path) in msg_en  # the message names the file
    return e.value.code


def test_missing_file_E101(tmp_path):
    assert code_of(tmp_path / "nai.docx") == "E101"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_E102(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("第1条", encoding="utf-8")
    path.chmod(0)
    try:
        assert code_of(path) == "E102"
    finally:
        path.chmod(0o600)


def test_permission_error_on_open_E102(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("第1条", encoding="utf-8")
    real_open = open

    def deny(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E102" and "Permission denied" in e.value.message("en")


@pytest.mark.parametrize("name,data", [
    ("contract.rtf", b"{\\rtf1\\ansi contract}"),
    ("old.doc", "第1条（目的）".encode()),
    ("noextension", "第1条（目的）".encode()),
])
def test_unsupported_extension_E103(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E103"
    assert ".docx" in e.value.message("ja") and ".pdf" in e.value.message("en")


def test_image_is_read_with_ocr_or_refused_saying_how(tmp_path):
    """A PNG is a scan (load/image.py): this one's header is broken, so E135
    with OCR installed, E130 (with how to install it) without."""
    from keiyaku_lint.load.ocr import available

    path = tmp_path / "scan.png"
    path.write_bytes(PNG)
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == ("E135" if available() else "E130")


@pytest.mark.parametrize("name", ["empty.docx", "empty.pdf", "empty.txt"])
def test_empty_file_E104(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    assert code_of(tmp_path / name) == "E104"


@pytest.mark.parametrize("name", ["legacy.doc", "legacy.docx"])
def test_legacy_word_document_E105(tmp_path, name):
    path = make_cfb(tmp_path / name, ["WordDocument", "1Table", "\x05SummaryInformation"])
    assert code_of(path) == "E105"


def test_password_protected_docx_E106(tmp_path):
    path = make_cfb(tmp_path / "secret.docx", ["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"])
    assert code_of(path) == "E106"


def test_cfb_with_broken_directory_still_tells_encryption(tmp_path):
    path = make_cfb(tmp_path / "secret.docx", ["EncryptionInfo", "EncryptedPackage"])
    data = bytearray(path.read_bytes())
    data[48:52] = b"\x50\x00\x00\x00"  # first directory sector points outside the file
    path.write_bytes(bytes(data))
    assert code_of(path) == "E106"


def test_truncated_docx_E107(tmp_path):
    full = make_docx(tmp_path / "full.docx", p("第1条（目的）") * 200)
    data = full.read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(data[: len(data) // 2])
    assert code_of(cut) == "E107"


def test_docx_without_document_part_E107(tmp_path):
    path = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
    assert code_of(path) == "E107"


def test_docx_with_malformed_xml_E107(tmp_path):
    path = make_docx(tmp_path / "bad.docx", "", document_xml="<w:document><w:body><w:p>")
    assert code_of(path) == "E107"


@pytest.mark.parametrize("name,data,actual", [
    ("report.docx", (FIXTURES / "contract.pdf").read_bytes(), "PDF"),
    ("scan.pdf", PNG, "PNG"),
    ("notes.txt", (FIXTURES / "contract.pdf").read_bytes(), "PDF"),
])
def test_content_not_matching_extension_E108(tmp_path, name, data, actual):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E108" and actual in e.value.message("en")


@pytest.mark.parametrize("parts,actual", [
    ({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": "<workbook/>"}, "Excel"),
    ({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"}, "OpenDocument"),
    ({"META-INF/MANIFEST.MF": "Manifest-Version: 1.0\n", "a/B.class": "\xca\xfe"}, "Java"),
])
def test_other_zip_renamed_docx_E108(tmp_path, parts, actual):
    path = tmp_path / "renamed.docx"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E108" and actual in e.value.message("en")


def test_zip_bomb_E109_fails_fast(tmp_path):
    path = make_docx(tmp_path / "bomb.docx", p("第1条（目的）"))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/media/padding.bin", "w") as out:  # 80 MB of zeros, ~80 KB compressed
            chunk = b"\x00" * (1 << 20)
            for _ in range(80):
                out.write(chunk)
    assert path.stat().st_size < 1 << 20
    assert code_of(path) == "E109"


def test_highly_compressed_part_E109(tmp_path):
    path = make_docx(tmp_path / "ratio.docx", p("第1条（目的）"),
                     extra_parts={"word/glossary.xml": b"<a>" + b" " * (20 << 20) + b"</a>"})
    assert code_of(path) == "E109"


def test_directory_E115(tmp_path):
    folder = tmp_path / "contracts.docx"
    folder.mkdir()
    assert code_of(folder) == "E115"


XXE = ('<?xml version="1.0" encoding="UTF-8"?>\n'
       '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       '<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>')

LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
          '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          '<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>')


@pytest.mark.parametrize("xml", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_xml_entities_E116(tmp_path, xml):
    path = make_docx(tmp_path / "xxe.docx", "", document_xml=xml)
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E116"
    assert "root:" not in e.value.message("en")


def test_xxe_in_utf16_part_E116(tmp_path):
    path = make_docx(tmp_path / "xxe16.docx", "", document_xml=XXE.replace("UTF-8", "UTF-16"))
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = XXE.replace("UTF-8", "UTF-16").encode("utf-16")
    with zipfile.ZipFile(path, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    assert code_of(path) == "E116"


def test_docx_without_text_E114(tmp_path):
    path = make_docx(tmp_path / "blank.docx", p("") + p("   "))
    assert code_of(path) == "E114"


def test_unexpected_parser_failure_is_wrapped(tmp_path, monkeypatch):
    import keiyaku_lint.load.docx as docx_mod

    def boom(*a, **k):
        raise TypeError("internal surprise")

    monkeypatch.setattr(docx_mod._Reader, "read", boom)
    path = make_docx(tmp_path / "ok.docx", p("第1条"))
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E107" and "internal surprise" in e.value.message("en")
