"""Picking files for a batch: recursive, sorted, globs; hidden files, Word
lock files and symbolic-link loops passed over and noted."""
from __future__ import annotations

import os

import pytest

from keiyaku_lint.batch import collect


def touch(path, text="第1条（目的）\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path):
    touch(tmp_path / "b.docx")
    touch(tmp_path / "a.txt")
    touch(tmp_path / "notes.xlsx")
    touch(tmp_path / "sub" / "c.PDF")
    touch(tmp_path / "sub" / "deeper" / "d.md")
    touch(tmp_path / ".hidden.docx")
    touch(tmp_path / ".git" / "e.txt")
    touch(tmp_path / "~$b.docx")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    return tmp_path


def test_recursive_sorted_and_skips_noted(tree):
    files, skipped = collect([tree])
    rel = [os.path.relpath(f, tree) for f in files]
    assert rel == ["a.txt", "b.docx", os.path.join("sub", "c.PDF"), os.path.join("sub", "deeper", "d.md")]
    reasons = {os.path.relpath(p, tree): r for p, r in skipped}
    assert reasons == {".hidden.docx": "hidden", "~$b.docx": "lock_file",
                       os.path.join("sub", "loop"): "symlink_loop",
                       "notes.xlsx": "spreadsheet"}  # an office file not read is listed, not passed over


def test_glob_option_and_explicit_files(tree):
    files, _ = collect([tree], ["*.docx"])
    assert [os.path.basename(f) for f in files] == ["b.docx"]
    # a file named on the command line is checked whatever its name; duplicates once
    files, _ = collect([tree / "notes.xlsx", tree / "a.txt", tree / "a.txt"])
    assert [os.path.basename(f) for f in files] == ["notes.xlsx", "a.txt"]


def test_missing_path_is_kept_for_the_check_to_report(tmp_path):
    files, skipped = collect([tmp_path / "nope.docx"])
    assert files == [str(tmp_path / "nope.docx")] and skipped == []


def test_a_folders_readme_is_not_a_contract_but_a_named_one_is_checked(tmp_path):
    touch(tmp_path / "README.md", "# 契約書フォルダ\nこのフォルダには委託契約書を置く。")
    touch(tmp_path / "contract.md")
    files, skipped = collect([tmp_path])
    assert [os.path.basename(f) for f in files] == ["contract.md"]
    assert [(os.path.basename(p), r) for p, r in skipped] == [("README.md", "documentation")]
    files, _ = collect([tmp_path / "README.md"])  # named on the command line: checked as asked
    assert [os.path.basename(f) for f in files] == ["README.md"]
