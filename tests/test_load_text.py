"""Text and Markdown loading: encodings, line numbers, Markdown markup."""
from __future__ import annotations

import codecs

import pytest

from keiyaku_lint.errors import LoadError
from keiyaku_lint.load import load

CONTRACT = "業務委託契約書\n\n第１条（目的）\n本契約は、顧客管理業務の委託について定める。\n　２　受託者は、秘密を保持する。\n"


def texts(path):
    return [(b.location.line, b.text) for b in load(path).blocks]


EXPECTED = [(1, "業務委託契約書"), (3, "第１条（目的）"), (4, "本契約は、顧客管理業務の委託について定める。"),
            (5, "　２　受託者は、秘密を保持する。")]


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("cp932", b""),
])
def test_encodings(tmp_path, encoding, bom):
    path = tmp_path / "c.txt"
    path.write_bytes(bom + CONTRACT.encode(encoding))
    doc = load(path)
    assert doc.format == "text"
    assert [(b.location.line, b.text) for b in doc.blocks] == EXPECTED


def test_shift_jis_specific_characters(tmp_path):
    # ①, ～ and "髙" exist in CP932 but not in plain Shift_JIS
    path = tmp_path / "sj.txt"
    path.write_bytes("① 髙橋商事株式会社～委託者\n".encode("cp932"))
    assert texts(path) == [(1, "① 髙橋商事株式会社～委託者")]


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_newlines_and_line_numbers(tmp_path, newline):
    path = tmp_path / "nl.txt"
    path.write_text(newline.join(["第1条", "", "本文", "   ", "末尾"]), encoding="utf-8", newline="")
    assert texts(path) == [(1, "第1条"), (3, "本文"), (5, "末尾")]


def test_long_single_line(tmp_path):
    line = "受託者は秘密を保持する。" * 25_000  # 300,000 characters
    path = tmp_path / "long.txt"
    path.write_text(line + "\n", encoding="utf-8")
    blocks = load(path).blocks
    assert len(blocks) == 1 and blocks[0].text == line


def test_markdown_markup_is_stripped(tmp_path):
    md = "\n".join([
        "# 業務委託契約書",
        "",
        "## 第1条（目的）",
        "本契約は**顧客管理業務**の委託について定める。",
        "- 受託者は[委託者](https://example.com)の指示に従う。",
        "* 再委託は`禁止`する。",
        "> 引用された注記",
        "---",
        "| 項目 | 内容 |",
        "|---|---|",
        "| 委託料 | 月額10万円 |",
        "```",
        "# コードの中は見出しではない",
        "```",
        "1. 番号付きの項目",
    ])
    path = tmp_path / "c.md"
    path.write_text(md, encoding="utf-8")
    blocks = load(path).blocks
    assert [(b.location.line, b.text, b.style) for b in blocks] == [
        (1, "業務委託契約書", "title"),
        (3, "第1条（目的）", "heading"),
        (4, "本契約は顧客管理業務の委託について定める。", None),
        (5, "受託者は委託者の指示に従う。", None),
        (6, "再委託は禁止する。", None),
        (7, "引用された注記", None),
        (9, "項目\t内容", None),
        (11, "委託料\t月額10万円", None),
        (13, "# コードの中は見出しではない", None),
        (15, "1. 番号付きの項目", None),
    ]


def test_plain_text_keeps_markdown_like_characters(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text("# 番号\n* 注記\n", encoding="utf-8")
    assert texts(path) == [(1, "# 番号"), (2, "* 注記")]


def test_undecodable_text_is_E113(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Contrat de confidentialité — résumé, façade\n".encode("cp1252"))
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E113"


def test_binary_junk_named_txt_is_E108(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E108"
    assert "binary" in e.value.message("en")


def test_control_characters_named_txt_is_E108(tmp_path):
    path = tmp_path / "ctl.txt"
    path.write_bytes(b"\x01\x02\x03\x04\x05\x06\x07\x0e\x0f" * 50 + "本文".encode())
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E108"


def test_text_over_50_mb_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as f:
        f.write("第1条\n".encode())
        f.truncate(51 * 1024 * 1024)  # sparse: cheap to make
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E109"


def test_whitespace_only_text_is_E114(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n　\n\t\n", encoding="utf-8")
    with pytest.raises(LoadError) as e:
        load(path)
    assert e.value.code == "E114"


def test_input_is_not_modified(tmp_path):
    path = tmp_path / "c.txt"
    data = CONTRACT.encode("cp932")
    path.write_bytes(data)
    before = path.stat().st_mtime_ns
    load(path)
    assert path.read_bytes() == data and path.stat().st_mtime_ns == before
