"""Word comments on a copy: one per finding, anchored on the right paragraph
(paragraph indexes count table-cell paragraphs in document order)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from keiyaku_lint.model import ClauseLocation, ClauseResult, ElementResult, FileResult, Finding, Report
from keiyaku_lint.report.annotate import annotate_docx, annotate_report, comments_for


def make_docx(path):
    d = docx.Document()
    d.add_paragraph("")  # an empty first paragraph: the title is the first non-empty one
    d.add_paragraph("業務委託契約書")                                  # 1
    d.add_paragraph("第1条（秘密保持）")                               # 2
    d.add_paragraph("乙は、秘密情報を第三者に開示してはならない。")      # 3
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "別表"                                          # 4
    t.cell(0, 1).text = "項目"                                          # 5
    d.add_paragraph("第2条（再委託）")                                  # 6
    p = d.add_paragraph()                                               # 7: runs only inside w:ins
    ins = p._p.makeelement(qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "x", qn("w:date"): "2024-01-01T00:00:00Z"})
    r = p._p.makeelement(qn("w:r"), {})
    tx = r.makeelement(qn("w:t"), {})
    tx.text = "乙は再委託できる。"
    r.append(tx)
    ins.append(r)
    p._p.append(ins)
    d.save(path)
    return path


def result_for(path) -> FileResult:
    weak = ClauseResult("confidentiality", "秘密保持", "Confidentiality", "weak", "error",
                        ClauseLocation("第1条", paragraph=3), "乙は、秘密情報を第三者に開示してはならない。",
                        (ElementResult("scope", False, "秘密情報の定義がありません", "No definition"),),
                        "本契約において秘密情報とは…", "In this agreement…")
    missing = ClauseResult("survival", "守秘義務の存続", "Survival", "missing", "error", None, None, (),
                           "第1条の規定は契約終了後も存続する。", "Article 1 survives.")
    present = ClauseResult("subcontracting", "再委託の制限", "Subcontracting", "present", "error",
                           ClauseLocation("第2条", paragraph=7), "…", (), None, None)
    finding = Finding("broken-reference", "warning", "「第9条」は存在しません", "Article 9 does not exist",
                      ClauseLocation("第2条", paragraph=6))
    weak_in_ins = ClauseResult("safeguards", "安全管理措置", "Safeguards", "weak", "error",
                               ClauseLocation("第2条", paragraph=7), "乙は再委託できる。", (), None, None)
    return FileResult(path=str(path), format="docx", profile="outsourcing",
                      clauses=(weak, missing, present, weak_in_ins), findings=(finding,))


def anchors(doc) -> dict[str, int]:
    """comment id -> index of the body paragraph holding its range start."""
    out = {}
    for i, p in enumerate(doc.element.body.iter(qn("w:p"))):
        for s in p.iter(qn("w:commentRangeStart")):
            out[s.get(qn("w:id"))] = i
    return out


def test_one_comment_per_finding_on_its_paragraph(tmp_path):
    src = make_docx(tmp_path / "draft.docx")
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    res = result_for(src)
    out = tmp_path / "out.docx"
    n = annotate_docx(src, res, out, "ja")
    assert n == 4 == len(comments_for(res))
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    doc = docx.Document(out)
    comments = list(doc.comments)
    assert len(comments) == 4
    assert {c.author for c in comments} == {"keiyaku-lint"}
    where = anchors(doc)
    by_text = {c.text.splitlines()[0]: where[str(c.comment_id)] for c in comments}
    assert by_text["△ 秘密保持 [confidentiality]: 不十分"] == 3
    assert by_text["✗ 守秘義務の存続 [survival]: なし"] == 1  # title paragraph
    assert by_text["△ 安全管理措置 [safeguards]: 不十分"] == 7
    assert by_text["! 第2条: 「第9条」は存在しません"] == 6
    weak = next(c for c in comments if "confidentiality" in c.text)
    assert "秘密情報の定義がありません" in weak.text and "推奨文言" in weak.text


def test_report_copies_never_overwrite_silently(tmp_path):
    (tmp_path / "in").mkdir()
    src = make_docx(tmp_path / "in" / "draft.docx")
    res = result_for(src)
    txt = FileResult(path=str(tmp_path / "in" / "x.txt"), format="text", profile="outsourcing")
    report = Report(files=(res, txt), profile="outsourcing")
    outdir = tmp_path / "annotated"
    first = annotate_report(report, outdir, "en")
    # the copy never has the original's own name; a text file gets a note, not silence
    assert [n.target for n in first] == [str(outdir / "draft_annotated.docx"), None]
    assert first[1].skipped == "not_docx" and "Word (.docx) files only" in first[1].message("en")
    second = annotate_report(report, outdir, "en")
    assert second[0].target == str(outdir / "draft_annotated-1.docx") and second[0].renamed
    assert "suffix" in second[0].message("en")
    forced = annotate_report(report, outdir, "en", force=True)
    assert forced[0].target == str(outdir / "draft_annotated.docx") and not forced[0].renamed
    # writing into the input's own folder never replaces the input
    same = annotate_report(report, tmp_path / "in", "ja", force=True)
    assert same[0].target == str(tmp_path / "in" / "draft_指摘.docx")
    assert len(list(docx.Document(src).comments)) == 0


def test_reannotating_a_copy_replaces_the_old_comments(tmp_path):
    """Checking an annotated copy again gives the same comments, not twice as
    many; a reviewer's own comments stay."""
    src = make_docx(tmp_path / "draft.docx")
    d = docx.Document(src)
    d.add_comment(d.paragraphs[1].runs, text="先方に確認", author="法務 山田", initials="YM")
    d.save(src)
    once = tmp_path / "once.docx"
    annotate_docx(src, result_for(src), once, "ja")
    twice = tmp_path / "twice.docx"
    n = annotate_docx(once, result_for(once), twice, "ja")
    comments = list(docx.Document(twice).comments)
    assert n == 4 and len(comments) == 5
    assert sorted(c.author for c in comments) == ["keiyaku-lint"] * 4 + ["法務 山田"]
    body = docx.Document(twice).element.body
    ids = {c.comment_id for c in comments}
    refs = {int(r.get(qn("w:id"))) for r in body.iter(qn("w:commentReference"))}
    assert refs == ids  # no dangling reference to a removed comment


def test_copies_carry_the_mark_and_the_original_does_not(tmp_path):
    from keiyaku_lint.marks import own_output

    src = make_docx(tmp_path / "draft.docx")
    out = tmp_path / "copy.docx"
    annotate_docx(src, result_for(src), out, "ja")
    assert own_output(out) == "annotated" and own_output(src) is None
    props = docx.Document(out).part.package
    assert any("custom-properties" in r.reltype for r in props.rels.values())


def test_clean_file_gets_no_copy_but_a_note(tmp_path):
    src = make_docx(tmp_path / "draft.docx")
    clean = FileResult(path=str(src), format="docx", profile="outsourcing")
    (note,) = annotate_report(Report(files=(clean,), profile="outsourcing"), tmp_path / "out", "ja")
    assert note.target is None and note.skipped == "clean" and "作りませんでした" in note.message("ja")
    assert list((tmp_path / "out").iterdir()) == []


def test_two_runs_at_once_never_overwrite_each_others_copy(tmp_path):
    """Security review 2: the copy's name is claimed atomically. Two processes
    writing copies of same-named files into one folder at the same moment
    both keep their copy, every time."""
    import multiprocessing as mp

    a = make_docx(tmp_path / "a" / "c.docx") if (tmp_path / "a").mkdir() is None else None
    b = make_docx(tmp_path / "b" / "c.docx") if (tmp_path / "b").mkdir() is None else None
    ctx = mp.get_context("fork")
    for run in range(8):
        out = tmp_path / f"out{run}"
        out.mkdir()
        barrier = ctx.Barrier(2)
        procs = [ctx.Process(target=_annotate_after, args=(barrier, str(p), str(out))) for p in (a, b)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [p.exitcode for p in procs] == [0, 0]
        assert sorted(x.name for x in out.iterdir()) == ["c_指摘-1.docx", "c_指摘.docx"], run


def _annotate_after(barrier, path, out):
    res = result_for(path)
    data, _ = annotate_docx(path, res, None, "ja")
    from keiyaku_lint.report import annotate

    barrier.wait()
    annotate._claim(Path(out), annotate.copy_name(path, "ja"), data, False, set(), set())


def test_unwritable_copy_is_an_error_note_not_a_crash(tmp_path):
    (tmp_path / "in").mkdir()
    bad = tmp_path / "in" / "bad.docx"
    bad.write_bytes(b"not a zip")
    report = Report(files=(result_for(bad),), profile="outsourcing")
    notes = annotate_report(report, tmp_path / "out", "ja")
    assert notes[0].error is not None and notes[0].error.code == "E410"
    assert not list((tmp_path / "out").iterdir())


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice not installed")
def test_annotated_copy_converts_with_libreoffice(tmp_path):
    import subprocess

    src = make_docx(tmp_path / "draft.docx")
    out = tmp_path / "annotated.docx"
    annotate_docx(src, result_for(src), out, "ja")
    r = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--convert-to", "odt", "--outdir", str(tmp_path / "odt"), str(out)],
                       capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    import re
    import zipfile

    with zipfile.ZipFile(tmp_path / "odt" / "annotated.odt") as z:
        content = z.read("content.xml").decode("utf-8")
    assert len(re.findall(r"<office:annotation[ >]", content)) == 4


def test_notices_reach_word_as_a_comment_on_the_title(tmp_path):
    """What the loader could not read is said in every output, the Word copy
    included: one comment on the title paragraph lists the file's notes."""
    from dataclasses import replace

    from keiyaku_lint.errors import notice

    src = make_docx(tmp_path / "draft.docx")
    res = replace(result_for(src), notices=(notice("W101", kind="RTF", count=1),))
    out = tmp_path / "out.docx"
    assert annotate_docx(src, res, out, "ja") == 5
    doc = docx.Document(out)
    note = next(c for c in doc.comments if c.text.startswith("※"))
    assert "[W101]" in note.text and "RTF" in note.text
    assert anchors(doc)[str(note.comment_id)] == 1  # the title paragraph
