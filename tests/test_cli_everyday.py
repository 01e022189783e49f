"""The CLI in a Japanese office (issue 16, newcomer findings 10-12, 16-19 and
"Conventions IT staff know that are missing"): -q prints only the problems;
--format compact gives one line per finding; the text report is wrapped once
to the terminal's width; CSV speaks Japanese and names what is lacking; the
HTML matrix sorts and filters; an English locale picks English; waivers
record accepted deviations for audits; rules and init explain themselves in
Japanese. Reports are built by hand here (the engine is tested elsewhere),
except for a few runs of the real command."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from keiyaku_lint.analyze.library import load_library
from keiyaku_lint.cli import cli
from keiyaku_lint.config import (apply_waivers, check_clause_ids, env_lang, load_config, resolve_profile,
                                 waiver_for)
from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.model import ClauseLocation, ClauseResult, ElementResult, FileResult, Finding, Report
from keiyaku_lint.report import render
from keiyaku_lint.report.common import display_width, exit_status, wrap

ROOT = Path(__file__).resolve().parent.parent
LIB = load_library()
LONG = ("乙は、本業務の全部又は一部を第三者に再委託する場合には、あらかじめ甲の書面による承諾を得なければならない。"
        "乙は、前項の承諾を得て再委託する場合、再委託先に対し、本契約に基づき乙が負う安全管理措置及び秘密保持の義務と"
        "同等の義務を課すものとし、再委託先の行為について自らの行為と同様の責任を負う。")


def clause(cid, status, loc=None, lacking=(), sugg=None, **kw):
    spec = LIB.clauses[cid]
    elements = [ElementResult(e.id, e.id not in lacking, e.message.ja, e.message.en) for e in spec.elements]
    return ClauseResult(id=cid, title_ja=spec.title.ja, title_en=spec.title.en, status=status, severity="error",
                        location=loc, evidence=LONG if status != "missing" else None, elements=tuple(elements),
                        suggestion_ja=sugg, suggestion_en=sugg, **kw)


def report() -> Report:
    clean = FileResult(path="契約/clean.docx", format="docx", profile="outsourcing", title="業務委託契約書", clauses=(
        clause("confidentiality", "present", ClauseLocation("第5条", paragraph=9, line=12)),
        clause("subcontracting", "present", ClauseLocation("第6条", paragraph=11, line=14)),
    ))
    weak = FileResult(path="契約/weak.txt", format="text", profile="outsourcing", title="業務委託契約書", clauses=(
        clause("confidentiality", "present", ClauseLocation("第4条", line=20)),
        clause("subcontracting", "weak", ClauseLocation("第5条第1項", line=23),
               lacking=("prior_approval", "flowdown"), sugg=LONG),
    ), findings=(Finding("broken-reference", "warning", "「第15条」は存在しません", "Article 15 does not exist",
                         ClauseLocation("第12条第2項", line=50)),))
    gone = FileResult(path="契約/gone.txt", format="text", profile="outsourcing", clauses=(
        clause("confidentiality", "missing", sugg=LONG),
        clause("subcontracting", "present", ClauseLocation("第3条", line=7)),
    ))
    bad = FileResult(path="契約/broken.docx", format=None, profile="outsourcing",
                     error={"code": "E107", "message_ja": "DOCX ファイルが壊れています", "message_en": "broken"})
    return Report(files=(clean, weak, gone, bad), profile="outsourcing")


# --- -q and --format compact -------------------------------------------------------------


def test_quiet_prints_only_the_problems():
    out = render(report(), "text", "ja", quiet=True)
    assert "clean.docx" not in out and "keiyaku-lint 検査結果" not in out and "まとめ" not in out
    assert "weak.txt" in out and "gone.txt" in out and "[E107]" in out
    assert "✓" not in out, "no passing clause"
    assert render(Report(files=report().files[:1], profile="outsourcing"), "text", "ja", quiet=True) == ""


def test_compact_is_one_line_per_finding():
    out = render(report(), "compact", "ja")
    lines = out.splitlines()
    assert all(re.match(r"^契約/\w+\.\w+:\d+: \S+ \S+ ", ln) for ln in lines), lines
    assert not any("clean.docx" in ln for ln in lines), "a passing file prints nothing"
    sub = [ln for ln in lines if " subcontracting weak " in ln]
    assert len(sub) == 2 and all(ln.startswith("契約/weak.txt:23: ") for ln in sub), "one per lacking element"
    assert any("事前の承諾" in ln for ln in sub) and all("「第5条第1項」" in ln for ln in sub)
    assert "契約/gone.txt:1: confidentiality missing 秘密保持: 見つかりません" in lines
    assert any(ln.startswith("契約/weak.txt:50: broken-reference warning ") for ln in lines)
    assert "契約/broken.docx:1: E107 error DOCX ファイルが壊れています" in lines
    assert "\x1b" not in out and len(lines) == 5


def test_compact_to_a_txt_file_is_allowed():
    from keiyaku_lint.report.output import format_for_output

    assert format_for_output("結果.txt", "compact", explicit=True) == "compact"
    with pytest.raises(KeiyakuError):
        format_for_output("結果.csv", "compact", explicit=True)


# --- wrapping: once, to the terminal's width ----------------------------------------------------


@pytest.mark.parametrize("width", [40, 80, 100])
def test_text_report_lines_fit_the_terminal(width):
    out = render(report(), "text", "ja", width=width)
    for ln in out.splitlines():
        assert display_width(ln) <= width - 1, (width, ln)
    assert LONG[:30] in out.replace("\n", "").replace(" ", "")


def test_no_wrapping_into_files_and_pipes():
    out = render(report(), "text", "ja", width=None)
    assert LONG in out  # the recommended wording on one line: a viewer wraps it
    assert "\x1b[2m" not in render(report(), "text", "ja", color=True).split("契約/weak.txt")[1].split("推奨")[0]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("あいう漢字、。」）ーっabc XYZ123")), max_size=200),
       st.integers(min_value=4, max_value=90))
def test_wrap_never_exceeds_the_width_and_keeps_every_character(text, columns):
    lines = wrap(text, columns)
    assert all(display_width(ln) <= columns for ln in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("あいうえお漢字仮名、。」）ー")), max_size=200),
       st.integers(min_value=8, max_value=90))
def test_wrap_never_starts_a_japanese_line_with_closing_punctuation(text, columns):
    lines = wrap(text, columns)
    assert "".join(lines) == text
    for prev, ln in zip(lines, lines[1:]):
        if ln and ln[0] in "、。」）ー":  # only when everything before it is punctuation too
            assert all(ch in "、。」）ー" for ch in prev[-2:]), (prev, ln)


def _run_in_a_terminal(args, columns=80):
    """Run keiyaku-lint with its stdout a pseudo terminal of ``columns`` columns."""
    import pty

    master, slave = pty.openpty()
    env = dict(os.environ, COLUMNS=str(columns), LINES="50", NO_COLOR="1")
    proc = subprocess.Popen([sys.executable, "-m", "keiyaku_lint", *args], stdout=slave, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, cwd=ROOT, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=300)
    os.close(master)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo terminals on this system")
def test_at_80_columns_no_line_is_wrapped_twice():
    rc, out = _run_in_a_terminal(["check", "samples/outsourcing_weak.docx"], 80)
    assert rc == 1, out
    lines = out.splitlines()
    assert len(lines) > 10
    for ln in lines:
        assert display_width(ln) <= 79, ln
    assert "推奨文言" in out


# --- CSV in Japanese, HTML sortable ----------------------------------------------------------


def test_csv_is_japanese_and_names_what_is_lacking():
    raw = render(report(), "csv", "ja", library=LIB)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    head, by = rows[0], {r[0]: r for r in rows[1:]}
    assert head[:3] == ["ファイル", "表題", "判定"]
    assert by["契約/weak.txt"][2] == "不十分あり" and by["契約/gone.txt"][2] == "欠落あり"
    sub = head.index("再委託の制限")
    assert by["契約/weak.txt"][sub] == "不十分"
    assert by["契約/weak.txt"][sub + 2] == "委託者の事前承諾、再委託先への同等の義務"
    assert by["契約/gone.txt"][head.index("秘密保持") + 2] == "見つかりません"
    assert by["契約/weak.txt"][head.index("構造の指摘")].endswith("「第15条」は存在しません")
    assert head[-3:] == ["verdict", "confidentiality", "subcontracting"]
    assert [by[p][-3:] for p in ("契約/clean.docx", "契約/weak.txt", "契約/broken.docx")] == [
        ["clean", "present", "present"], ["weak", "present", "weak"], ["error", "error", "error"]]


def test_html_matrix_is_sortable_and_works_without_script():
    page = render(report(), "html", "ja")
    assert page.count("<script>") == 1 and "aria-sort" in page and 'type="search"' in page
    assert 'id="only-problems"' in page  # the no-script switch is still there
    cells = re.findall(r'<td class="(\w*)" data-v="(\d)"', page)
    assert ("missing", "1") in cells and ("weak", "2") in cells and ("clean", "4") in cells
    assert re.search(r'<tr class="problem" data-i="1">', page)


# --- the language from the locale ---------------------------------------------------------------


@pytest.mark.parametrize("env,lang", [
    ({"LANG": "en_US.UTF-8"}, "en"), ({"LANG": "C.UTF-8"}, "ja"), ({"LANG": "ja_JP.UTF-8"}, "ja"), ({}, "ja"),
    ({"LANG": "ja_JP.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"), ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ja_JP"}, "ja"),
    ({"LANG": "en_US.UTF-8", "KEIYAKU_LINT_LANG": "ja"}, "ja"), ({"KEIYAKU_LINT_LANG": "en"}, "en"),
])
def test_the_language_follows_the_locale(env, lang):
    assert env_lang(env) == lang


def test_an_english_locale_gives_english_and_a_config_or_lang_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert load_config(tmp_path).lang == "en"
    (tmp_path / "keiyaku-lint.toml").write_text('lang = "ja"\n', encoding="utf-8")
    assert load_config(tmp_path).lang == "ja"
    assert load_config(tmp_path, {"lang": "en"}).lang == "en"
    r = CliRunner().invoke(cli, ["rules"])
    assert r.exit_code == 0 and "Profile outsourcing" in r.output


def test_usage_errors_in_english_for_an_english_locale():
    env = dict(os.environ, LANG="en_US.UTF-8")
    r = subprocess.run([sys.executable, "-m", "keiyaku_lint", "check", "x.docx", "--fromat", "csv"],
                       capture_output=True, env=env, cwd=ROOT, timeout=120)
    assert r.returncode == 2 and b"[E414] Invalid command line" in r.stderr
    r = subprocess.run([sys.executable, "-m", "keiyaku_lint", "check", "--help"], capture_output=True, env=env,
                       cwd=ROOT, timeout=120)
    assert b"Exit status: 0 clean" in r.stdout


# --- waivers ---------------------------------------------------------------------------------


WAIVERS = '''
[[waiver]]
file = "契約/weak.txt"
clause = "再委託の制限"
reason = "再委託しない業務のため"
approver = "法務部 山田"
date = 2025-04-01
expires = 2099-03-31

[[waiver]]
file = "契約/gone*"
clause = "confidentiality"
reason = "旧契約"
approver = "法務部 山田"
date = "令和6年4月1日"
expires = 2024-12-31
'''


@pytest.fixture
def waived_config(tmp_path):
    (tmp_path / "keiyaku-lint.toml").write_text(WAIVERS, encoding="utf-8")
    cfg = resolve_profile(load_config(tmp_path), LIB)
    check_clause_ids(cfg, LIB)
    return tmp_path, cfg


def _waived_report(tmp_path, cfg):
    files = []
    for f in report().files:
        f = replace(f, path=str(tmp_path / f.path))
        files.append(apply_waivers(f, cfg, today="2026-01-01")[0])
    return Report(files=tuple(files), profile="outsourcing")


def test_a_waiver_is_read_with_its_title_resolved(waived_config):
    _, cfg = waived_config
    a, b = cfg.waivers
    assert a.clause == "subcontracting" and a.approver == "法務部 山田" and a.expires == "2099-03-31"
    assert b.date == "2024-04-01" and b.source.endswith("keiyaku-lint.toml")


@pytest.mark.parametrize("body,needle", [
    ('[[waiver]]\nfile = "a.docx"\nclause = "liability"\nreason = "x"\ndate = 2025-04-01\n', "approver"),
    ('[[waiver]]\nfile = "a.docx"\nclause = "liability"\nreason = "x"\napprover = "y"\ndate = "来月"\n', "日付"),
    ('[[waiver]]\nfile = "a.docx"\nclause = "liability"\nreason = "x"\napprover = "y"\ndate = 2025-04-01\n'
     'expiry = 2026-01-01\n', "不明な項目 expiry"),
])
def test_a_waiver_without_what_an_audit_needs_is_refused(tmp_path, body, needle):
    (tmp_path / "keiyaku-lint.toml").write_text(body, encoding="utf-8")
    with pytest.raises(KeiyakuError) as ei:
        load_config(tmp_path)
    assert ei.value.code == "E402" and needle in ei.value.message("ja")


def test_a_waiver_for_no_such_clause_is_refused(tmp_path):
    (tmp_path / "keiyaku-lint.toml").write_text(
        '[[waiver]]\nfile = "a"\nclause = "nosuch"\nreason = "x"\napprover = "y"\ndate = 2025-04-01\n',
        encoding="utf-8")
    cfg = resolve_profile(load_config(tmp_path), LIB)
    with pytest.raises(KeiyakuError) as ei:
        check_clause_ids(cfg, LIB)
    assert ei.value.code == "E405" and "waiver.clause" in ei.value.message("ja")


def test_waived_is_neither_clean_nor_failing_and_an_expired_waiver_is_reported(waived_config):
    tmp_path, cfg = waived_config
    rep = _waived_report(tmp_path, cfg)
    clean, weak, gone, bad = rep.files
    sub = next(c for c in weak.clauses if c.id == "subcontracting")
    assert sub.waived and sub.status == "weak"
    assert weak.verdict == "weak", "the structure finding still stands"
    only = replace(weak, findings=())
    assert only.verdict == "waived" and exit_status(Report(files=(only,), profile="outsourcing")) == 0
    assert gone.verdict == "missing" and [n.code for n in gone.notices] == ["W401"]
    assert "2024-12-31 で期限が切れている" in gone.notices[0].message_ja
    assert live_for(tmp_path, "契約/weak.txt", cfg) and not live_for(tmp_path, "契約/other.txt", cfg)


def live_for(tmp_path, rel, cfg):
    return waiver_for(tmp_path / rel, "subcontracting", cfg.waivers, "2026-01-01")[0] is not None


def test_every_report_shows_a_waiver_as_waived(waived_config):
    tmp_path, cfg = waived_config
    weak = replace(_waived_report(tmp_path, cfg).files[1], findings=())
    rep = Report(files=(weak,), profile="outsourcing")
    text = render(rep, "text", "ja")
    assert "◇ 再委託の制限 [subcontracting]  例外承認（不十分）" in text and "承認: 法務部 山田 2025-04-01" in text
    assert "例外承認 1" in text and "推奨文言" not in text
    data = json.loads(render(rep, "json", "ja"))
    c = next(c for c in data["files"][0]["clauses"] if c["id"] == "subcontracting")
    assert c["waived"] and c["status"] == "weak" and c["waiver"]["approver"] == "法務部 山田"
    assert data["files"][0]["verdict"] == "waived" and data["summary"]["clauses"]["subcontracting"]["waived"] == 1
    sarif = json.loads(render(rep, "sarif", "ja"))
    res = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "subcontracting")
    assert res["suppressions"][0]["status"] == "accepted" and "再委託しない業務のため" in res["suppressions"][0]["justification"]
    rows = list(csv.reader(io.StringIO(render(rep, "csv", "ja").decode("utf-8-sig"))))
    assert "例外承認（不十分）" in rows[1] and rows[1][rows[0].index("subcontracting")] == "waived"
    assert " subcontracting waived " in render(rep, "compact", "ja")
    assert render(rep, "compact", "ja", quiet=True) == ""
    assert 'class="waived"' in render(rep, "html", "ja")


def test_check_applies_waivers_from_the_files_folder(tmp_path):
    """The real command: a folder with its keiyaku-lint.toml and a weak contract."""
    folder = tmp_path / "契約"
    folder.mkdir()
    (folder / "A社.docx").write_bytes((ROOT / "samples" / "outsourcing_weak.docx").read_bytes())
    waivers = "".join(
        f'[[waiver]]\nfile = "A社.docx"\nclause = "{cid}"\nreason = "取引先の標準約款のため"\n'
        f'approver = "法務部 山田"\ndate = 2025-04-01\n\n'
        for cid in ("subcontracting", "incident_reporting", "deletion_return", "survival"))
    (folder / "keiyaku-lint.toml").write_text(waivers, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "keiyaku_lint", "check", str(folder), "--format", "json"],
                       capture_output=True, cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    data = json.loads(r.stdout)
    assert data["files"][0]["verdict"] == "waived"
    assert sum(c["waived"] for c in data["files"][0]["clauses"]) == 4
    r = subprocess.run([sys.executable, "-m", "keiyaku_lint", "check", str(folder), "-q"],
                       capture_output=True, cwd=tmp_path, timeout=300)
    assert r.returncode == 0 and r.stdout == b"" and r.stderr == b"", "nothing to report, nothing printed"


# --- rules and init ------------------------------------------------------------------------


def test_rules_shows_japanese_element_names_and_accepts_a_japanese_title():
    r = CliRunner().invoke(cli, ["rules"])
    assert "要素: 委託者の事前承諾、再委託先への同等の義務" in r.output and "prior_approval" not in r.output
    for name in ("再委託", "再委託の制限", "subcontracting"):
        r = CliRunner().invoke(cli, ["rules", name])
        assert r.exit_code == 0 and r.output.startswith("subcontracting: 再委託の制限"), name
    assert "合格する例:" in r.output and "不合格になる例:" in r.output and "通知だけの自由な再委託は弱い" in r.output
    assert "委託者の事前承諾 (prior_approval)" in r.output
    r = CliRunner().invoke(cli, ["rules", "存在しない条項"])
    assert r.exit_code == 2 and "[E409]" in r.output and "subcontracting（再委託の制限）" in r.output


def test_init_explains_every_key_in_japanese(tmp_path, monkeypatch):
    from keiyaku_lint.config import KEYS, WAIVER_KEYS

    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(cli, ["init"])
    assert r.exit_code == 0, r.output
    text = (tmp_path / "keiyaku-lint.toml").read_text(encoding="utf-8")
    for key in KEYS:
        if key in ("waiver", "severities"):
            assert f"[{key}]" in text, key
            continue
        assert re.search(rf"^# {key}[:：]|^# {key} |^{key} ", text, re.M), key
    for key in WAIVER_KEYS:
        assert re.search(rf"^#   {key}\s+=", text, re.M), key
    assert "例外承認" in text and "英語のロケール" in text
    load_config(tmp_path)  # and it is valid as written
    uncommented = re.sub(r"^# (\[\[waiver\]\]$|file =|clause = \"liability\"|reason =|approver =|date =|expires =)",
                         r"\1", text, flags=re.M)
    (tmp_path / "keiyaku-lint.toml").write_text(uncommented, encoding="utf-8")
    assert len(load_config(tmp_path).waivers) == 1  # the example waiver works once uncommented


# --- the README's fresh-machine commands, and the hook --------------------------------------------


def test_readme_keeps_two_fresh_machine_commands_that_make_a_venv():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for heading in ("インストールして、同梱のサンプル契約書を検査する:", "インストールして、テストを実行する:"):
        block = re.search(r"```sh\n(.+?)\n```", text.split(heading, 1)[1], re.S).group(1).strip()
        assert "\n" not in block, "one command"
        assert block.startswith("python3 -m venv .venv && .venv/bin/python -m pip install -e \".[test]\" && ")
        assert heading in (ROOT / ".ci" / "run").read_text(encoding="utf-8"), "CI runs it as written"
    assert text.count("py -m venv .venv; .venv\\Scripts\\python -m pip install") >= 3  # PowerShell, ja and en
    assert "710 MB" in text and "30 秒" in text
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "/usr/bin/python3" in ci and "EXTERNALLY-MANAGED" in ci and "git clone" in ci


def test_the_pre_commit_hook_prints_only_problems():
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"].split() == ["keiyaku-lint", "check", "-q"]


def test_a_batch_report_tallies_each_clause():
    out = render(report(), "text", "ja")
    assert "条項別: 秘密保持 なし 1 / 再委託の制限 不十分 1" in out
    assert "- スキップ: " not in out or "））" not in out
    assert "By clause: Confidentiality missing 1 / " in render(report(), "text", "en")


@pytest.mark.parametrize("argv,env,lang", [
    (["check", "--help"], {}, "ja"), (["check", "--help"], {"LANG": "en_US.UTF-8"}, "en"),
    (["generate", "--help", "--lang", "en"], {}, "en"), (["generate", "--help"], {}, "ja"),
    (["--help"], {}, "ja"), (["--help"], {"LANG": "en_US.UTF-8"}, "en"),
])
def test_help_is_in_one_language(argv, env, lang):
    r = subprocess.run([sys.executable, "-m", "keiyaku_lint", *argv], capture_output=True, cwd=ROOT, timeout=120,
                       env=dict(os.environ, **env))
    out = r.stdout.decode("utf-8")
    assert r.returncode == 0
    if lang == "ja":
        assert "使い方:" in out and "message language" not in out and "Show the version" not in out
        assert "worker processes" not in out and "write the report to FILE" not in out
    else:
        assert "Usage:" in out and "メッセージの言語" not in out and "このヘルプ" not in out
    if argv[0] == "check":
        assert ("既定は日本語" in out) if lang == "ja" else ("default: ja" in out)
