"""Each report format on a hand-built report (the engine's verdicts are tested
elsewhere; tests/test_check_cli.py runs the real check on samples/)."""
from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest

from keiyaku_lint.model import (ClauseLocation, ClauseResult, ElementResult, FileResult, Finding,
                                Report)
from keiyaku_lint.report import render
from keiyaku_lint.report.common import exit_status
from keiyaku_lint.report.sarif import LEVEL


def _clause(cid, ja, en, status, loc=None, evidence=None, elements=(), sugg=None, severity="error"):
    return ClauseResult(id=cid, title_ja=ja, title_en=en, status=status, severity=severity,
                        location=loc, evidence=evidence, elements=tuple(elements),
                        suggestion_ja=sugg, suggestion_en=(sugg and "EN: " + sugg))


def make_report() -> Report:
    good = FileResult(path="samples/a.docx", format="docx", profile="outsourcing", clauses=(
        _clause("confidentiality", "秘密保持", "Confidentiality", "present",
                ClauseLocation("第9条第2項", paragraph=14, line=30), "乙は、秘密情報を第三者に開示してはならない。",
                [ElementResult("duty", True, "守秘義務あり", "duty found")]),
        _clause("subcontracting", "再委託の制限", "Subcontracting", "present",
                ClauseLocation("第10条", paragraph=20, line=40), "乙は、甲の事前の書面による承諾なく再委託してはならない。"),
    ))
    weak = FileResult(path="samples/b <&> \"x\".pdf", format="pdf", profile="outsourcing", clauses=(
        _clause("confidentiality", "秘密保持", "Confidentiality", "weak",
                ClauseLocation("第3条", page=2, line=12), "乙は秘密を守る。<script>",
                [ElementResult("duty", True, "守秘義務あり", "duty found"),
                 ElementResult("scope", False, "秘密情報の範囲が定義されていません", "The scope of confidential information is not defined")],
                "本契約において秘密情報とは…"),
        _clause("subcontracting", "再委託の制限", "Subcontracting", "missing", sugg="乙は、甲の事前の書面による承諾を得なければ…"),
    ), findings=(
        Finding("broken-reference", "warning", "「第15条」は存在しません", "Article 15 does not exist",
                ClauseLocation("第12条第2項", page=3, line=50)),
    ))
    bad = FileResult(path="samples/broken.docx", format=None, profile="outsourcing",
                     error={"code": "E107", "message_ja": "DOCX ファイルが壊れています", "message_en": "The DOCX file is broken"})
    return Report(files=(good, weak, bad), profile="outsourcing", skipped=(("samples/~$a.docx", "lock_file"),))


def test_text_ja_marks_locations_and_suggestions():
    out = render(make_report(), "text", "ja")
    assert "✓ 秘密保持 [confidentiality]" in out
    assert "「第9条第2項」（第15段落）" in out
    assert "「乙は、秘密情報を第三者に開示してはならない。」" in out
    assert "△ 秘密保持" in out and "不足: 秘密情報の範囲が定義されていません" in out
    assert "✗ 再委託の制限" in out and "推奨文言" in out
    assert "「第12条第2項」（3ページ）: 「第15条」は存在しません" in out
    assert "[E107]" in out
    assert "3 ファイル: 問題なし 1 / 不十分あり 0 / 欠落あり 1 / 読めない 1" in out
    assert "スキップ 1 件" in out and "Word の一時ファイル" in out
    assert "\x1b[" not in out  # no colour unless asked


def test_text_en_and_colour():
    out = render(make_report(), "text", "en", color=True)
    assert "lacking: The scope of confidential information is not defined" in out
    assert "3 files: 1 clean" in out
    assert "\x1b[" in out


def test_json_schema_names():
    data = json.loads(render(make_report(), "json", "ja"))
    assert data["schema"] == "keiyaku-lint/report/1"
    a, b, c = data["files"]
    assert set(a) >= {"path", "ok", "error", "profile", "clauses", "findings"}
    assert a["ok"] is True and a["error"] is None
    cl = a["clauses"][0]
    assert set(cl) >= {"id", "title", "status", "location", "evidence", "elements", "suggestion"}
    assert cl["location"]["ref"] == "第9条第2項" and cl["location"]["paragraph"] == 14
    assert cl["elements"] == [{"id": "duty", "ok": True, "message": "守秘義務あり", "not_applicable": None}]
    assert b["clauses"][1]["status"] == "missing" and b["clauses"][1]["location"] is None
    assert b["findings"][0]["code"] == "broken-reference"
    assert c["ok"] is False and c["error"] == {"code": "E107", "message": "DOCX ファイルが壊れています"}
    s = data["summary"]
    assert (s["files"], s["clean"], s["weak"], s["missing"], s["error"], s["skipped"]) == (3, 1, 0, 1, 1, 1)
    en = json.loads(render(make_report(), "json", "en"))
    assert en["files"][0]["clauses"][0]["title"] == "Confidentiality"


def test_csv_one_row_per_file_with_bom():
    raw = render(make_report(), "csv", "ja")
    assert isinstance(raw, bytes) and raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    head, body = rows[0], rows[1:]
    assert len(body) == 3
    col = head.index("秘密保持")
    assert [r[col] for r in body] == ["あり", "不十分", "読めない"]  # Japanese, for Excel users
    assert body[0][col + 1] == "「第9条第2項」（第15段落）"
    assert [r[head.index("confidentiality")] for r in body] == ["present", "weak", "error"]  # ids for tools
    sub = head.index("再委託の制限")
    assert body[1][sub] == "なし" and body[1][sub + 2] == "見つかりません"
    assert body[1][head.index("subcontracting")] == "missing"
    assert body[2][head.index("エラー")].startswith("[E107]")
    assert body[1][0] == 'samples/b <&> "x".pdf'


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.ids, self.links, self.external = [], set(), [], []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td" and "data-clause" in a:
            self.cells.append((a["data-file"], a["data-clause"], a.get("class")))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag in ("link", "img") or (tag == "script" and "src" in a) or (tag == "a" and "://" in a.get("href", "")):
            self.external.append(tag)  # the page's own inline script (sorting) is no external asset
        if tag == "script":
            self.scripts += 1


def test_html_matrix_one_cell_per_file_and_clause():
    page = render(make_report(), "html", "ja")
    p = _Cells()
    p.feed(page)
    assert len(p.cells) == 3 * 2
    assert len({(f, c) for f, c, _ in p.cells}) == 6
    assert ("1", "subcontracting", "missing") in p.cells and ("2", "confidentiality", "error") in p.cells
    assert all(link in p.ids for link in p.links)  # every cell links to a detail
    assert not p.external
    assert p.scripts == 1 and page.count("<script>") == 1 and "&lt;script&gt;" in page  # only our own
    assert "b &lt;&amp;&gt; &quot;x&quot;.pdf" in page


ALLOWED_LEVELS = {"none", "note", "warning", "error"}


def check_sarif_for_github(doc: dict) -> None:
    """What GitHub code scanning requires of an uploaded SARIF file."""
    assert doc["version"] == "2.1.0"
    assert "sarif" in doc["$schema"] and "2.1.0" in doc["$schema"]
    assert isinstance(doc["runs"], list) and doc["runs"]
    for run in doc["runs"]:
        driver = run["tool"]["driver"]
        assert isinstance(driver["name"], str) and driver["name"]
        ids = [r["id"] for r in driver["rules"]]
        assert len(ids) == len(set(ids))
        for r in driver["rules"]:
            assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
        for res in run["results"]:
            assert res["ruleId"] in ids
            assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
            assert isinstance(res["message"]["text"], str) and res["message"]["text"]
            assert res.get("level", "warning") in ALLOWED_LEVELS
            assert res.get("kind", "fail") in {"pass", "fail", "open", "review", "notApplicable", "informational"}
            assert res["locations"]
            for loc in res["locations"]:
                phys = loc["physicalLocation"]
                assert phys["artifactLocation"]["uri"]
                assert phys["region"]["startLine"] >= 1
            assert all(isinstance(v, str) for v in res.get("partialFingerprints", {}).values())


def test_sarif_valid_for_code_scanning():
    doc = json.loads(render(make_report(), "sarif", "ja"))
    check_sarif_for_github(doc)
    run = doc["runs"][0]
    by = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]): r
          for r in run["results"]}
    assert by[("samples/a.docx", "confidentiality")]["kind"] == "pass"
    weak = by[("samples/b%20%3C%26%3E%20%22x%22.pdf", "confidentiality")]
    assert weak["level"] == "error" and weak["locations"][0]["physicalLocation"]["region"]["startLine"] == 12
    assert "秘密情報の範囲" in weak["message"]["text"]
    missing = by[("samples/b%20%3C%26%3E%20%22x%22.pdf", "subcontracting")]
    assert missing["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    note = run["invocations"][0]["toolExecutionNotifications"][0]
    assert note["descriptor"]["id"] == "E107" and note["level"] == "error"
    # the same report gives the same fingerprints (stable across runs)
    again = json.loads(render(make_report(), "sarif", "ja"))
    assert [r["partialFingerprints"] for r in again["runs"][0]["results"]] == \
           [r["partialFingerprints"] for r in run["results"]]


@pytest.mark.parametrize("fail_on,expected", [("weak", 1), ("missing", 1), ("never", 0)])
def test_exit_status(fail_on, expected):
    r = make_report()
    assert exit_status(r, fail_on) == 2  # an unreadable file wins
    analysed = Report(files=r.files[:2], profile=r.profile)
    assert exit_status(analysed, fail_on) == expected
    assert exit_status(Report(files=r.files[:1], profile=r.profile), "weak") == 0
