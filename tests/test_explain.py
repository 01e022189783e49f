"""``check --explain CLAUSE FILE``: why one clause got its verdict, from the
engine's own decisions (the same matcher, the same refusal reasons)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from keiyaku_lint.analyze.explain import explain
from keiyaku_lint.config import Config
from keiyaku_lint.model import Block, LoadedDocument, Location
from keiyaku_lint.structure import parse

ROOT = Path(__file__).resolve().parent.parent

CONTRACT = """業務委託契約書
株式会社あおば（以下「甲」という。）と株式会社つばさ（以下「乙」という。）は、次のとおり契約を締結する。
第1条（再委託）
乙は、甲に事前に通知することにより、本業務の一部を第三者に再委託することができる。
第2条（秘密保持）
甲は、乙から開示された情報を第三者に開示してはならない。
"""


def contract_of(text: str):
    lines = text.splitlines()
    return parse(LoadedDocument("c.txt", "text", tuple(Block(t, Location(line=i + 1)) for i, t in enumerate(lines))))


def test_the_trace_names_the_article_the_pattern_and_why_it_failed():
    out = explain(contract_of(CONTRACT), Config(), "subcontracting", "ja")
    assert "判定: 不十分" in out and "第1条（再委託）" in out.splitlines()[2]
    # prior approval: free subcontracting with notice is permitted, not prohibited
    assert "読み取れたのは permitted" in out and "主体 乙" in out
    assert "要素 flowdown" in out and "足りない語群" in out


def test_a_duty_on_the_client_alone_is_refused_for_its_bearer():
    out = explain(contract_of(CONTRACT), Config(), "confidentiality", "en")
    assert out.startswith("keiyaku-lint explain: Confidentiality [confidentiality]")
    assert "Verdict: missing" in out and "the duty is on 甲 (client)" in out


def test_through_the_cli_with_a_japanese_clause_title(tmp_path):
    f = tmp_path / "c.txt"
    f.write_text(CONTRACT, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "keiyaku_lint", "check", "--explain", "再委託の制限", str(f)],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "[subcontracting]" in r.stdout
    r = subprocess.run([sys.executable, "-m", "keiyaku_lint", "check", "--explain", "survival", str(tmp_path)],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 2 and "[E414]" in r.stderr
    r = subprocess.run([sys.executable, "-m", "keiyaku_lint", "check", "--explain", "nosuch", str(f)],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 2 and "[E409]" in r.stderr
