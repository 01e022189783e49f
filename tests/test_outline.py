"""keiyaku-lint outline: text and JSON output, errors, no spaCy."""
from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from keiyaku_lint.cli import cli

CONTRACT = """業務委託契約書
株式会社青葉（以下「甲」という。）と若葉合同会社（以下「乙」という。）は、次のとおり契約を締結する。
第1条（目的）
甲は乙に対し、経理業務を委託し、乙はこれを受託する。
第2条（秘密保持）
乙は、本業務で知り得た秘密情報を第三者に開示してはならない。
2　前項の義務は、本契約終了後も存続する。
第3条（存続）
第2条及び第9条の規定は、本契約終了後も有効とする。
以上
"""


def write(tmp_path, text=CONTRACT, name="contract.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_json_outline(tmp_path):
    path = write(tmp_path)
    r = CliRunner().invoke(cli, ["outline", path, "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["schema"] == "keiyaku-lint/outline/1"
    assert data["title"] == "業務委託契約書"
    assert [(p["alias"], p["role"]) for p in data["parties"]] == [("甲", "client"), ("乙", "contractor")]
    arts = [n for n in data["nodes"] if n["kind"] == "article"]
    assert [(a["label"], a["number"], a["heading"]) for a in arts] == [
        ("第1条", "1", "目的"), ("第2条", "2", "秘密保持"), ("第3条", "3", "存続")]
    para2 = arts[1]["children"][1]
    assert para2["kind"] == "paragraph" and para2["number"] == "2" and para2["text"].startswith("前項の義務")
    assert para2["location"]["line"] == 7
    assert data["nodes"][-1]["kind"] == "signature"
    refs = {r["text"]: r for r in data["references"]}
    assert refs["前項"]["targets"] == [["2", "1"]]
    assert refs["第2条及び第9条"]["resolved"] is False
    assert [f["code"] for f in data["findings"]] == ["broken-reference"]


def test_text_outline_ja_and_en(tmp_path):
    path = write(tmp_path)
    r = CliRunner().invoke(cli, ["outline", path])
    assert r.exit_code == 0
    assert "第2条（秘密保持）" in r.output
    assert "甲 = 株式会社青葉（委託者側）" in r.output
    assert "[broken-reference]" in r.output and "第9条" in r.output
    r = CliRunner().invoke(cli, ["outline", path, "--lang", "en"])
    assert "Parties: 甲 = 株式会社青葉 (client)" in r.output
    assert "does not exist" in r.output


def test_missing_file_exit_2_without_traceback(tmp_path):
    r = CliRunner().invoke(cli, ["outline", str(tmp_path / "nai.txt")])
    assert r.exit_code == 2
    assert "[E101]" in r.output and "Traceback" not in r.output


def test_outline_does_not_import_spacy(tmp_path):
    path = write(tmp_path)
    code = ("import sys; from keiyaku_lint.cli import main\n"
            "try:\n    main(['outline', %r])\nexcept SystemExit:\n    pass\n"
            "print('SPACY' if 'spacy' in sys.modules else 'NOSPACY')" % path)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip().endswith("NOSPACY"), out.stderr
