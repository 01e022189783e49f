"""Cross references: resolution relative to where they stand, lists, ranges,
external law references, broken references (条ずれ)."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from keiyaku_lint.structure import find_node, parse
from keiyaku_lint.structure.numerals import to_fullwidth, to_kanji
from test_structure_support import doc


def contract(n_articles=12, paragraphs=3, extra=""):
    lines = ["業務委託契約書", "甲と乙は、次のとおり契約を締結する。"]
    for a in range(1, n_articles + 1):
        lines.append(f"第{a}条（見出し{a}）")
        lines.append(f"第{a}条第1項の本文。")
        for p in range(2, paragraphs + 1):
            lines.append(f"{p}　第{a}条第{p}項の本文。")
    lines.append("第13条（存続）")
    lines.append(extra)
    return "\n".join(lines)


def refs_in(text, **kw):
    c = parse(doc(contract(extra=text, **kw)))
    return c, [r for r in c.references if r.source_path[:1] == ("13",)]


def test_absolute_references():
    c, refs = refs_in("第5条、第8条第2項及び第9条第3項の規定は、本契約終了後も有効とする。")
    assert [r.text for r in refs] == ["第5条、第8条第2項及び第9条第3項"]
    assert refs[0].targets == (("5",), ("8", "2"), ("9", "3"))
    assert refs[0].resolved and not c.findings


def test_list_inherits_the_article():
    c, refs = refs_in("第3条第2項及び第3項に定める義務は存続する。")
    assert refs[0].targets == (("3", "2"), ("3", "3"))


def test_ranges():
    for sep in ["から", "乃至", "ないし", "～"]:
        c, refs = refs_in(f"第5条{sep}第8条{'まで' if sep == 'から' else ''}の規定は存続する。")
        assert refs[0].targets == (("5",), ("6",), ("7",), ("8",)), sep
    c, refs = refs_in("第4条第1項から第3項までの規定は存続する。")
    assert refs[0].targets == (("4", "1"), ("4", "2"), ("4", "3"))


def test_relative_references():
    text = contract() + "第1項の本文。\n2　前項及び前条の規定にかかわらず、本条は適用する。\n3　前各項の規定は存続する。"
    c = parse(doc(text))
    by = {r.text: r for r in c.references if r.source_path[:1] == ("13",)}
    assert by["前項及び前条"].targets == (("13", "1"), ("12",))
    assert by["本条"].targets == (("13",),)
    assert by["前各項"].targets == (("13", "1"), ("13", "2"))


def test_external_law_references_are_ignored():
    c, refs = refs_in("個人情報保護法第2条、民法第536条、著作権法第27条および第28条、"
                      "個人情報の保護に関する法律（平成15年法律第57号）第23条、GDPR 第46条に従う。")
    assert refs == []
    assert not c.findings


def test_internal_with_document_name():
    c, refs = refs_in("本契約第5条に定める。")
    assert refs[0].targets == (("5",),)


def test_broken_reference_is_a_finding():
    c, refs = refs_in("第15条及び第4条第7項の規定は存続する。")
    assert not refs[0].resolved
    codes = [f.code for f in c.findings]
    assert codes == ["broken-reference"]
    f = c.findings[0]
    assert "が指す第15条、第4条第7項はこの文書にありません" in f.message_ja
    assert "does not exist" in f.message_en
    assert f.location.line == c.references[-1].location.line
    assert f.related is not None  # the last article before the missing one
    c2, _ = refs_in("第4条第7項の規定は存続する。")
    assert "第4条第7項" in c2.findings[0].message_ja


def test_previous_article_from_the_first_is_broken():
    c = parse(doc("第1条（目的）\n前条の規定により…"))
    assert [f.code for f in c.findings] == ["broken-reference"]


def test_article_labels_are_not_references():
    c = parse(doc(contract()))
    assert [r for r in c.references if r.text.startswith("第1条（")] == []


def test_kanji_and_fullwidth_numbers():
    c, refs = refs_in("第五条及び第１２条の規定は存続する。")
    assert refs[0].targets == (("5",), ("12",))


def test_article_no2():
    text = "第3条（秘密）\n本文。\n第3条の2（個人情報）\n本文。\n第4条（存続）\n第3条の2の規定は存続する。"
    c = parse(doc(text))
    assert c.references[0].targets == (("3-2",),)


# --- property: random valid reference phrases resolve to what they name ----------

render = st.sampled_from([str, to_fullwidth, to_kanji])
target = st.tuples(st.integers(1, 12), st.one_of(st.none(), st.integers(1, 3)))


def phrase(t, r):
    a, p = t
    return f"第{r(a)}条" + (f"第{r(p)}項" if p else "")


@settings(max_examples=150, deadline=None)
@given(st.lists(target, min_size=1, max_size=4, unique=True), render,
       st.sampled_from(["、", "及び", "および", "並びに", "又は"]))
def test_random_reference_lists_resolve(targets, r, sep):
    parts = [phrase(t, r) for t in targets]
    text = "、".join(parts[:-1]) + (sep if len(parts) > 1 else "") + parts[-1] + "の規定は存続する。"
    c, refs = refs_in(text)
    assert len(refs) == 1
    want = tuple((str(a),) + ((str(p),) if p else ()) for a, p in targets)
    assert refs[0].targets == want
    assert refs[0].resolved
    for t in refs[0].targets:
        assert find_node(c, t) is not None


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), render)
def test_random_ranges_resolve(a, b, r):
    lo, hi = min(a, b), max(a, b)
    if lo == hi:
        return
    c, refs = refs_in(f"第{r(lo)}条から第{r(hi)}条までの規定は存続する。")
    assert refs[0].targets == tuple((str(i),) for i in range(lo, hi + 1))


@settings(max_examples=80, deadline=None)
@given(st.integers(13, 60), render)
def test_random_missing_articles_are_broken(n, r):
    c, refs = refs_in(f"第{r(n + 1)}条の規定は存続する。")
    assert not refs[0].resolved
    assert [f.code for f in c.findings] == ["broken-reference"]
