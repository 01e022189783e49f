"""The structure parser against the sample contracts' intended outlines.

samples/expected.json (written by scripts/make_samples.py from the same data
that renders the samples) says, for every sample file, which articles it has
(number, heading, how many 項 and 号, where they stand), who the parties are,
where each cross reference points and which references are broken. Every
sample is parsed here in every format it ships in, and must give that outline.

The clause verdicts in expected.json are not tested here; they belong to the
analysis engine's tests.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from keiyaku_lint.load import load
from keiyaku_lint.structure import parse

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
FILES = sorted(EXPECTED["files"])


@functools.lru_cache(maxsize=None)
def contract(name: str):
    return parse(load(SAMPLES / name))


def norm(s: str | None) -> str | None:
    """Compare texts the way a reader would: NFKC (全角 / 半角 digits alike),
    no whitespace (PDF text extraction may put spaces around digits)."""
    if s is None:
        return None
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def articles(c):
    return list(c.articles())


def paragraph_count(article) -> int:
    n = sum(1 for ch in article.children if ch.kind == "paragraph")
    # an article with a single unnumbered 項 may keep its text on the article node
    return n if n else (1 if article.text.strip() else 0)


def item_count(article) -> int:
    return sum(1 for node in article.walk() if node.kind == "item")


# --- the sample set itself ----------------------------------------------------


def test_every_sample_file_has_an_expected_outline():
    on_disk = {p.name for p in SAMPLES.iterdir() if p.is_file()} - {"expected.json", "README.md"}
    assert on_disk == set(EXPECTED["files"])


def test_every_style_is_covered():
    formats = Counter(e["format"] for e in EXPECTED["files"].values())
    assert formats["docx"] >= 4 and formats["pdf"] >= 2 and formats["text"] >= 7
    encodings = {e.get("encoding") for e in EXPECTED["files"].values()}
    assert {"utf-8", "utf-8-sig", "cp932"} <= encodings
    numbers = {a["number"] for e in EXPECTED["files"].values() for a in e["articles"]}
    assert "5-2" in numbers
    assert any(e["broken_references"] for e in EXPECTED["files"].values())
    assert any(a["annex"] for e in EXPECTED["files"].values() for a in e["articles"])


def test_generator_reproduces_the_committed_samples(tmp_path):
    """scripts/make_samples.py is deterministic and the committed text
    samples and expected.json are what it makes (PDFs are reused, DOCX zips are
    compared by their document part, which does not depend on python-docx's
    template)."""
    import zipfile

    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "scripts" / "make_samples.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the script runs
    try:
        spec.loader.exec_module(mod)
        mod.build(make_pdf=False, out=tmp_path)
    finally:
        sys.modules.pop(spec.name, None)
    for name in [*FILES, "expected.json", "README.md"]:
        made, committed = tmp_path / name, SAMPLES / name
        if name.endswith(".pdf"):
            continue
        if name.endswith(".docx"):
            with zipfile.ZipFile(made) as a, zipfile.ZipFile(committed) as b:
                for part in ("word/document.xml", "word/numbering.xml", "word/footer1.xml"):
                    if part in b.namelist():
                        assert a.read(part) == b.read(part), (name, part)
            continue
        assert made.read_bytes() == committed.read_bytes(), name


# --- the parsed outline -------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_format_and_title(name):
    exp = EXPECTED["files"][name]
    c = contract(name)
    assert c.format == exp["format"]
    assert norm(c.title) == norm(exp["title"])


@pytest.mark.parametrize("name", FILES)
def test_article_numbers_and_headings(name):
    exp = EXPECTED["files"][name]["articles"]
    got = [(a.number, a.heading, annex is not None) for a, annex in articles(contract(name))]
    want = [(e["number"], e["heading"], e["annex"] is not None) for e in exp]
    assert got == want


@pytest.mark.parametrize("name", FILES)
def test_paragraph_and_item_counts(name):
    exp = EXPECTED["files"][name]["articles"]
    got = [(a.number, paragraph_count(a), item_count(a)) for a, _ in articles(contract(name))]
    want = [(e["number"], e["paragraphs"], e["items"]) for e in exp]
    assert got == want


@pytest.mark.parametrize("name", FILES)
def test_paragraph_numbers_run_from_one(name):
    for a, _ in articles(contract(name)):
        numbers = [p.number for p in a.children if p.kind == "paragraph"]
        if numbers:
            assert numbers == [str(i) for i in range(1, len(numbers) + 1)], (a.number, numbers)


@pytest.mark.parametrize("name", FILES)
def test_article_locations(name):
    exp = EXPECTED["files"][name]
    got = articles(contract(name))
    assert len(got) == len(exp["articles"])
    for (a, _), e in zip(got, exp["articles"]):
        loc = a.location
        if exp["format"] == "text":
            assert loc.line in (e["line"], e["first_line"]), (a.number, loc)
        elif exp["format"] == "docx":
            assert loc.paragraph in (e["paragraph"], e["first_paragraph"]), (a.number, loc)
        else:
            assert loc.page == e["page"], (a.number, loc)
    if exp["format"] == "pdf":
        pages = [a.location.page for a, _ in got]
        assert all(p and 0 < p <= exp["pages"] for p in pages)
        assert pages == sorted(pages)
        if exp["pages"] > 1:
            assert pages[-1] > pages[0]


@pytest.mark.parametrize("name", FILES)
def test_parties(name):
    c = contract(name)
    got = {(p.alias, p.role) for p in c.parties}
    for e in EXPECTED["files"][name]["parties"]:
        assert (e["alias"], e["role"]) in got, (e, c.parties)
        names = {norm(p.name) for p in c.parties if p.alias == e["alias"]}
        assert norm(e["name"]) in names, (e, c.parties)


def _source_match(got, want) -> bool:
    """got is the parsed source path (article, paragraph[, item]); want is
    [article, paragraph]. An unnumbered single 項 may be left off."""
    if not got or got[0] != want[0]:
        return False
    if len(got) >= 2:
        return got[1] == want[1]
    return want[1] == "1"


def _occurrences(parsed_text: str, want_text: str) -> int:
    """How many of the expected reference a parsed one covers. A parser may
    take 第8条、第12条及び第15条 as one reference (covering 第8条, 第12条 and
    第15条), or leave まで off 第3条から第5条まで."""
    p, w = norm(parsed_text), norm(want_text)
    if w in p:
        return p.count(w)
    return 1 if p and p in w and w.startswith(p) else 0


def _targets_cover(got, want, is_range: bool) -> bool:
    got = {tuple(t) for t in got}
    want_t = [tuple(t) for t in want]
    return set(want_t) <= got or (is_range and {want_t[0], want_t[-1]} <= got)


@pytest.mark.parametrize("name", FILES)
def test_references_resolve(name):
    exp = EXPECTED["files"][name]
    c = contract(name)
    refs = list(c.references)
    used: Counter = Counter()  # (parsed ref index, expected text) -> occurrences consumed
    for e in exp["references"]:
        found = None
        for i, r in enumerate(refs):
            if not _source_match(r.source_path, e["source"]):
                continue
            if used[(i, e["text"])] >= _occurrences(r.text, e["text"]):
                continue
            if r.resolved and _targets_cover(r.targets, e["targets"], e["range"]):
                found = i
                break
        assert found is not None, (
            f"{e['text']} in {e['source']} should resolve to {e['targets']}; parsed: "
            f"{[(r.text, r.source_path, r.targets, r.resolved) for r in refs]}"
        )
        used[(found, e["text"])] += 1
    for r in refs:
        loc = r.location
        assert loc.line or loc.paragraph is not None or loc.page, r


@pytest.mark.parametrize("name", FILES)
def test_broken_references(name):
    exp = EXPECTED["files"][name]
    c = contract(name)
    broken = [f for f in c.findings if f.code == "broken-reference"]
    assert len(broken) == len(exp["broken_references"]), [f.message_en for f in broken]
    for e in exp["broken_references"]:
        hits = [r for r in c.references if _source_match(r.source_path, e["source"])
                and _occurrences(r.text, e["text"]) and not r.resolved]
        assert hits, (e, c.references)
    for f in broken:
        assert f.message_ja and f.message_en
        assert f.location.line or f.location.paragraph is not None or f.location.page
    # references to statutes (著作権法第27条) are not this contract's articles
    for e in exp["external_references"]:
        for f in broken:
            assert norm(e["text"]) not in norm(f.message_ja + f.message_en), (e, f.message_ja)
