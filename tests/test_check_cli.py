"""`keiyaku-lint check` end to end: the real lint on the files in samples/,
run as a user runs it (a subprocess), in every report format."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_report_formats import _Cells, check_sarif_for_github

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CONTRACTS = sorted(p for p in SAMPLES.iterdir()
                   if p.suffix in (".docx", ".pdf", ".txt", ".md") and not p.name.startswith("README"))
CLAUSES = ("confidentiality", "subcontracting", "safeguards", "incident_reporting",
           "deletion_return", "survival", "liability")
MARKS = {"present": "✓", "weak": "△", "missing": "✗"}


def run(*args, cwd=None, env=None):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "keiyaku_lint", *map(str, args)], cwd=cwd or ROOT,
                          capture_output=True, timeout=600, env=e)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A copy of samples/ (a docx, the text files) plus a broken DOCX."""
    d = tmp_path_factory.mktemp("contracts")
    picked = [p for p in CONTRACTS if p.suffix in (".txt", ".md")][:4]
    picked += [p for p in CONTRACTS if p.suffix == ".docx"][:2]
    picked += [p for p in CONTRACTS if p.suffix == ".pdf"][:1]
    assert len(picked) >= 4, "samples/ is missing: run scripts/make_samples.py"
    for p in picked:
        shutil.copyfile(p, d / p.name)
    (d / "sub").mkdir()
    (d / "sub" / "zz_broken.docx").write_bytes(b"PK\x03\x04 this is not a real zip")
    return d


@pytest.fixture(scope="module")
def json_report(folder):
    r = run("check", folder, "--format", "json", "--jobs", "2")
    return r, json.loads(r.stdout.decode("utf-8"))


def test_json_report_on_a_folder(folder, json_report):
    r, data = json_report
    assert data["schema"] == "keiyaku-lint/report/1"
    paths = [f["path"] for f in data["files"]]
    expected = sorted(str(p) for p in folder.iterdir() if p.is_file()) + [str(folder / "sub" / "zz_broken.docx")]
    assert paths == expected  # input order: sorted, recursive
    for f in data["files"][:-1]:
        assert f["ok"] is True and f["error"] is None and f["profile"] == "outsourcing"
        assert [c["id"] for c in f["clauses"]] == list(CLAUSES)
        for c in f["clauses"]:
            assert c["status"] in MARKS
            if c["status"] == "missing":
                assert c["location"] is None and c["suggestion"]
            else:
                assert c["location"]["ref"].startswith(("第", "別")) and c["evidence"]
            if c["status"] == "weak":
                assert any(not e["ok"] and e["message"] for e in c["elements"]) and c["suggestion"]
    broken = data["files"][-1]
    assert broken["ok"] is False and broken["error"]["code"].startswith("E1") and broken["clauses"] == []
    s = data["summary"]
    assert s["files"] == len(paths) and s["error"] == 1
    assert s["clean"] + s["weak"] + s["missing"] + s["error"] == s["files"]
    # a broken file: exit 2, its code on stderr, no traceback, and the rest still reported
    assert r.returncode == 2
    err = r.stderr.decode("utf-8")
    assert f"[{broken['error']['code']}]" in err and "Traceback" not in err


def test_text_report_matches_the_json(folder, json_report):
    _, data = json_report
    txt = next(f for f in data["files"] if f["path"].endswith((".txt", ".md")))
    r = run("check", txt["path"])
    out = r.stdout.decode("utf-8")
    assert "\x1b[" not in out  # no colour when piped
    for c in txt["clauses"]:
        line = next(ln for ln in out.splitlines() if f"[{c['id']}]" in ln)
        assert line.strip().startswith(MARKS[c["status"]])
        if c["status"] != "missing":
            assert f"「{c['location']['ref']}」" in line and f"{c['location']['line']}行目" in line
            assert f"「{c['evidence'][:20]}" in out
        else:
            assert "見つかりません" in line
    for c in txt["clauses"]:
        for e in c["elements"]:
            if c["status"] == "weak" and not e["ok"]:
                assert f"不足: {e['message']}" in out
    assert "推奨文言" in out or all(c["status"] == "present" for c in txt["clauses"])
    assert out.rstrip().splitlines()[-1].startswith("まとめ: 1 ファイル")
    failing = any(c["status"] != "present" for c in txt["clauses"]) or txt["findings"]
    assert r.returncode == (1 if failing else 0)
    en = run("check", txt["path"], "--lang", "en").stdout.decode("utf-8")
    assert en.rstrip().splitlines()[-1].startswith("Summary: 1 file: ")  # singular (newcomer 18)


def test_fail_on_and_output_file(folder, json_report, tmp_path):
    _, data = json_report
    weak_only = [f for f in data["files"] if f["ok"]
                 and {c["status"] for c in f["clauses"]} == {"present", "weak"} and not f["findings"]]
    with_missing = [f for f in data["files"] if f["ok"] and any(c["status"] == "missing" for c in f["clauses"])]
    target = (weak_only or with_missing)[0]["path"]
    out = tmp_path / "report.json"
    r = run("check", target, "--fail-on", "never", "--format", "json", "--output", out)
    assert r.returncode == 0 and r.stdout == b""
    assert json.loads(out.read_text(encoding="utf-8"))["files"][0]["path"] == target
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temp file left
    if weak_only:
        assert run("check", target, "--fail-on", "missing", "--quiet").returncode == 0
        assert run("check", target, "--fail-on", "weak", "--quiet").returncode == 1
    if with_missing:
        assert run("check", with_missing[0]["path"], "--fail-on", "missing").returncode == 1


def test_parallel_equals_sequential(folder, json_report):
    _, par = json_report
    seq = json.loads(run("check", folder, "--format", "json", "--jobs", "1").stdout.decode("utf-8"))
    assert seq == par


def test_csv_sarif_html_on_samples(folder, json_report, tmp_path):
    _, data = json_report
    n = len(data["files"])
    raw = run("check", folder, "--format", "csv").stdout
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1 + n
    head = rows[0]
    ja = {"present": "あり", "weak": "不十分", "missing": "なし"}
    for f, row in zip(data["files"], rows[1:]):
        assert row[0] == f["path"]
        ids = [row[head.index(cid)] for cid in CLAUSES]  # the id columns tools read
        assert ids == ([c["status"] for c in f["clauses"]] if f["ok"] else ["error"] * len(CLAUSES))
        assert row[head.index("verdict")] == f["verdict"]
        shown = [row[3 + 3 * i] for i in range(len(CLAUSES))]  # what Excel users read: Japanese
        assert shown == ([ja[c["status"]] for c in f["clauses"]] if f["ok"] else ["読めない"] * len(CLAUSES))

    sarif = json.loads(run("check", folder, "--format", "sarif").stdout.decode("utf-8"))
    check_sarif_for_github(sarif)
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules][:7] == list(CLAUSES)
    assert all("規程" in r["help"]["text"] and "推奨文言" in r["help"]["text"] for r in rules[:7])
    fails = [x for x in sarif["runs"][0]["results"] if x["ruleId"] in CLAUSES and x["kind"] == "fail"]
    assert len(fails) == sum(c["status"] != "present" for f in data["files"] for c in f["clauses"])
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [x["descriptor"]["id"] for x in notes] == [data["files"][-1]["error"]["code"]]

    page = run("check", folder, "--format", "html", "--output", tmp_path / "r.html")
    p = _Cells()
    p.feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert len(p.cells) == n * len(CLAUSES)
    assert all(link in p.ids for link in p.links) and not p.external


def test_no_input_files_and_missing_path(tmp_path):
    (tmp_path / "notes.xlsx").write_bytes(b"x")
    r = run("check", tmp_path)
    assert r.returncode == 2 and b"[E406]" in r.stderr and b"Traceback" not in r.stderr
    r = run("check", tmp_path / "nope.docx", "--lang", "en")
    assert r.returncode == 2 and b"[E101]" in r.stderr and b"Traceback" not in r.stderr


def test_bad_profile_is_reported_before_any_work(folder):
    r = run("check", folder, "--profile", "nosuch")
    assert r.returncode == 2 and b"[E303]" in r.stderr and r.stdout == b""


def test_annotate_dir_on_samples(folder, json_report, tmp_path):
    _, data = json_report
    docx_files = [f for f in data["files"] if f["ok"] and f["path"].endswith(".docx")]
    before = {f["path"]: Path(f["path"]).read_bytes() for f in docx_files}
    out = tmp_path / "annotated"
    r = run("check", folder, "--annotate-dir", out, "--format", "json")
    assert r.returncode == 2  # the broken file
    import docx

    with_findings = [f for f in docx_files if f["verdict"] != "clean"]
    assert with_findings and len(with_findings) < len(docx_files)  # the samples have both kinds
    got = {f["path"]: f for f in json.loads(r.stdout)["files"]}
    for f in docx_files:
        assert Path(f["path"]).read_bytes() == before[f["path"]]  # the original is untouched
        name = Path(f["path"])
        copy = out / f"{name.stem}_指摘{name.suffix}"
        if f["verdict"] == "clean":  # nothing to comment on: no copy, and it says so
            assert not copy.exists() and got[f["path"]]["annotated"] is None
            assert f"{f['path']}: 問題がないため".encode() in r.stderr
            continue
        comments = list(docx.Document(copy).comments)
        expected = sum(c["status"] != "present" for c in f["clauses"]) + len(f["findings"])
        assert len(comments) == expected and {c.author for c in comments} <= {"keiyaku-lint"}
        assert got[f["path"]]["annotated"] == str(copy)  # the report says which copy is whose
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{Path(f['path']).stem}_指摘.docx" for f in with_findings)
    # a second run does not overwrite silently: a suffix, and it says so
    r = run("check", folder, "--annotate-dir", out)
    name = Path(with_findings[0]["path"])
    assert (out / f"{name.stem}_指摘-1{name.suffix}").exists()
    assert f"{name.stem}_指摘-1{name.suffix}".encode() in r.stderr
    # the copies are the tool's own output: a walk of the folder passes over them
    r = run("check", out, "--format", "json")
    assert r.returncode == 2 and b"[E406]" in r.stderr  # nothing left to check


def test_progress_bar_only_on_a_terminal(folder):
    import pty

    master, slave = pty.openpty()
    try:
        p = subprocess.Popen([sys.executable, "-m", "keiyaku_lint", "check", folder, "--jobs", "1",
                              "--format", "json"], cwd=ROOT, stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                b = os.read(master, 4096)
            except OSError:
                break
            if not b:
                break
            chunks.append(b)
        p.communicate(timeout=600)
    finally:
        os.close(master)
    err = b"".join(chunks).decode("utf-8", "replace")
    assert "\r[" in err and "/" in err
    assert "] 1/" in err
    # piped or --quiet: no progress bar
    r = run("check", folder, "--jobs", "1", "--format", "json")
    assert b"\r[" not in r.stderr


def test_rules_does_not_import_spacy():
    code = ("import sys; from keiyaku_lint.cli import main\n"
            "try:\n    main(['rules'])\nexcept SystemExit:\n    pass\n"
            "try:\n    main(['rules', 'confidentiality', '--lang', 'en'])\nexcept SystemExit:\n    pass\n"
            "print('SPACY' if any(m == 'spacy' or m.startswith(('spacy.', 'ginza')) for m in sys.modules) else 'CLEAN')")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.stdout.strip().splitlines()[-1] == "CLEAN", r.stdout + r.stderr
    out = r.stdout
    for cid in CLAUSES:
        assert cid in out
    assert "秘密保持" in out and "Recommended wording (strict)" in out and "Why (the regulation)" in out


def test_rules_unknown_id():
    r = run("rules", "nosuch")
    assert r.returncode == 2 and b"[E409]" in r.stderr and b"Traceback" not in r.stderr


def test_configuration_file_drives_the_check(folder, json_report, tmp_path):
    """keiyaku-lint.toml found from the current folder upwards: ignore, severities,
    output defaults; the CLI overrides it."""
    _, data = json_report
    f = next(x for x in data["files"] if x["ok"] and any(c["status"] != "present" for c in x["clauses"]))
    bad = [c["id"] for c in f["clauses"] if c["status"] != "present"]
    (tmp_path / "keiyaku-lint.toml").write_text(
        f'format = "json"\nlang = "en"\nignore = ["{bad[0]}"]\n[severities]\n'
        + "".join(f'{cid} = "info"\n' for cid in bad[1:]), encoding="utf-8")
    sub = tmp_path / "work"
    sub.mkdir()
    r = run("check", f["path"], cwd=sub)
    got = json.loads(r.stdout.decode("utf-8"))["files"][0]
    assert [c["id"] for c in got["clauses"]] == [c for c in CLAUSES if c != bad[0]]
    assert all(c["severity"] == "info" for c in got["clauses"] if c["id"] in bad[1:])
    assert r.returncode == (1 if got["findings"] else 0)  # the clauses left failing are only "info"
    # the CLI overrides the file's output defaults
    r = run("check", f["path"], "--format", "text", "--lang", "ja", cwd=sub)
    assert r.stdout.decode("utf-8").rstrip().splitlines()[-1].startswith("まとめ")
    # an unknown clause id in the file is an error naming the file and key
    (tmp_path / "keiyaku-lint.toml").write_text('ignore = ["no_such_clause"]\n', encoding="utf-8")
    r = run("check", f["path"], cwd=sub)
    assert r.returncode == 2 and b"[E405]" in r.stderr and b"keiyaku-lint.toml" in r.stderr


def test_strict_recommends_the_strict_wording(json_report):
    _, data = json_report
    f = next(x for x in data["files"] if x["ok"] and any(c["status"] != "present" for c in x["clauses"]))
    c = next(c for c in f["clauses"] if c["status"] != "present")
    from keiyaku_lint.analyze.library import load_library

    spec = load_library().clauses[c["id"]]

    def generic(text):  # the wording is given in the contract's own party names (甲 / 乙 in the library)
        for client, contractor in (("委託者", "受託者"), ("発注者", "受注者"), ("開示者", "受領者")):
            text = text.replace(client, "甲").replace(contractor, "乙")
        return text

    assert generic(c["suggestion"]) == spec.suggestion("standard").ja
    r = run("check", f["path"], "--strict", "--format", "json")
    strict = next(x for x in json.loads(r.stdout.decode("utf-8"))["files"][0]["clauses"] if x["id"] == c["id"])
    assert generic(strict["suggestion"]) == spec.suggestion("strict").ja != generic(c["suggestion"])
