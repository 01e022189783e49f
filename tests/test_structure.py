"""The structure parser on contract text in each drafting style (texts
written for these tests), plus a fuzz test of the coverage invariant."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from keiyaku_lint.structure import article_ref, find_node, iter_paths, node_at, parse
from test_structure_support import assert_tiles, doc

OUTSOURCING = """業務委託契約書

株式会社みなと商会（以下「甲」という。）と有限会社さくら技研（以下「乙」という。）は、甲の顧客管理業務の委託に関し、次のとおり契約を締結する。

第1条（目的）
甲は乙に対し、顧客管理システムの運用業務（以下「本業務」という。）を委託し、乙はこれを受託する。
第2条（委託料）
１　甲は乙に対し、本業務の対価として月額金十万円を支払う。
２　前項の委託料は、毎月末日締め翌月末日払いとする。
（秘密保持）
第3条　乙は、本業務に関して知り得た甲の秘密情報を第三者に開示してはならない。
2　前項の義務は、次の各号に掲げる情報には適用しない。
（1）開示の時点で既に公知であった情報
（2）乙が独自に開発した情報
ア　ただし、甲の資料を参照したものを除く。
イ　乙が第三者から適法に取得したもの
（3）法令に基づき開示を求められた情報
3　乙は、前二項に違反したときは、直ちに甲に報告する。
第3条の2（個人情報）
乙は、個人情報の保護に関する法律（平成15年法律第57号）第2条第1項に定める個人情報を適切に取り扱う。
第四条　再委託
乙は、甲の書面による事前の承諾を得なければ、本業務を第三者に再委託してはならない。
第５条（存続条項）
第3条、第3条の2及び前条の規定は、本契約終了後もなお有効に存続する。

以上、本契約の成立を証するため、本書2通を作成し、甲乙記名押印の上、各1通を保有する。
令和　年　月　日
甲　東京都港区海岸一丁目1番1号
　　株式会社みなと商会　代表取締役　港太郎　印
乙　大阪府大阪市北区梅田二丁目2番2号
　　有限会社さくら技研　代表取締役　桜花子　印

別紙1　業務内容
1. 顧客データの登録
2. 問合せ対応
"""


def articles(contract):
    return [(p, n.heading) for p, n in iter_paths(contract) if n.kind == "article"]


def test_outsourcing_contract_structure():
    c = parse(doc(OUTSOURCING))
    assert_tiles(c)
    assert c.title == "業務委託契約書"
    kinds = [n.kind for n in c.nodes]
    assert kinds == ["title", "preamble", "article", "article", "article", "article", "article", "article",
                     "signature", "annex"]
    assert articles(c) == [(("1",), "目的"), (("2",), "委託料"), (("3",), "秘密保持"), (("3-2",), "個人情報"),
                           (("4",), "再委託"), (("5",), "存続条項"),
                           (("別紙1", "1"), "顧客データの登録"), (("別紙1", "2"), "問合せ対応")]
    art3 = find_node(c, ("3",))
    assert art3.label == "第3条"
    # the heading line before the article belongs to the article
    assert c.document.text[art3.start:art3.end].startswith("（秘密保持）\n第3条")
    p2 = find_node(c, ("3", "2"))
    assert p2.label == "2" and p2.text.startswith("前項の義務は")
    assert [i.label for i in p2.children] == ["（1）", "（2）", "（3）"]
    sub = find_node(c, ("3", "2", "2"))
    assert [s.label for s in sub.children] == ["ア", "イ"]
    assert find_node(c, ("3", "2", "2", "2")).text == "乙が第三者から適法に取得したもの"
    assert find_node(c, ("3", "3")).text.startswith("乙は、前二項に違反したとき")
    assert find_node(c, ("4",)).label == "第四条"
    assert find_node(c, ("4", "1")).text.startswith("乙は、甲の書面による")
    annex = find_node(c, ("別紙1",))
    assert annex.kind == "annex" and annex.heading == "業務内容"
    sig = c.nodes[-2]
    assert sig.kind == "signature" and "港太郎" in sig.text


def test_parties_and_roles():
    c = parse(doc(OUTSOURCING))
    by = {p.alias: p for p in c.parties}
    assert by["甲"].name == "株式会社みなと商会" and by["甲"].role == "client"
    assert by["乙"].name == "有限会社さくら技研" and by["乙"].role == "contractor"


def test_roles_follow_who_entrusts_whom():
    text = "覚書\nA社（以下「甲」という。）とB社（以下「乙」という。）は、次のとおり合意する。\n第1条（目的）\n乙は甲に対し、データ入力業務を委託し、甲はこれを受託する。"
    by = {p.alias: p.role for p in parse(doc(text)).parties}
    assert by == {"甲": "contractor", "乙": "client"}


def test_role_words_name_the_sides():
    text = "業務委託契約書\n発注者 北斗物産株式会社（以下「甲」という）と受注者 南風システム合同会社（以下「乙」という）は、次のとおり契約する。\n第1条（目的）\n本契約は…とする。"
    by = {p.alias: (p.name, p.role) for p in parse(doc(text)).parties}
    assert by["甲"] == ("北斗物産株式会社", "client")
    assert by["乙"] == ("南風システム合同会社", "contractor")
    nda = "秘密保持契約書\n東雲株式会社（以下「開示者」という。）と暁合同会社（以下「受領者」という。）は、次のとおり合意する。\n第1条（目的）\n本契約は…"
    by = {p.alias: p.role for p in parse(doc(nda)).parties}
    assert by == {"開示者": "client", "受領者": "contractor"}


def test_roles_unknown_when_nothing_says():
    text = "秘密保持契約書\n東雲株式会社（以下「甲」という。）と暁合同会社（以下「乙」という。）は、相互に開示する情報の取扱いについて合意する。\n第1条（目的）\n本契約は…"
    assert {p.alias: p.role for p in parse(doc(text)).parties} == {"甲": None, "乙": None}


SPECIAL_TERMS = """別記
個人情報取扱特記事項
（基本的事項）
第1　受注者は、個人情報の保護の重要性を認識し、個人の権利利益を侵害することのないよう適正に取り扱わなければならない。
（秘密の保持）
第2　受注者は、この契約による業務に関して知り得た個人情報を他に漏らしてはならない。
2　前項の義務は、この契約が終了し、又は解除された後においても同様とする。
（再委託の禁止）
第3　受注者は、発注者の承諾があるときを除き、個人情報の処理を第三者に委託してはならない。
"""


def test_special_terms_style():
    c = parse(doc(SPECIAL_TERMS))
    assert_tiles(c)
    assert c.nodes[0].kind == "annex" and c.nodes[0].label == "別記"
    assert c.title == "個人情報取扱特記事項"
    assert articles(c) == [(("別記", "1"), "基本的事項"), (("別記", "2"), "秘密の保持"), (("別記", "3"), "再委託の禁止")]
    assert find_node(c, ("別記", "2", "2")).text.startswith("前項の義務は")
    assert article_ref(c, ("別記", "2", "2")) == "別記 第2第2項"
    ref = [r for r in c.references if r.text == "前項"][0]
    assert ref.targets == (("別記", "2", "1"),) and ref.resolved


NUMBERED = """個人情報の取扱いに関する確認書
1. 目的
本書は、受託業務で扱う個人情報の管理方法を定める。
2. 管理責任者
受託者は、管理責任者を選任し、委託者に通知する。
3. 事故の報告
受託者は、漏えい等の事故が発生したときは、直ちに委託者に報告する。
"""


def test_numbered_sections_are_articles_when_there_is_no_jo():
    c = parse(doc(NUMBERED))
    assert_tiles(c)
    assert articles(c) == [(("1",), "目的"), (("2",), "管理責任者"), (("3",), "事故の報告")]
    assert find_node(c, ("3", "1")).text.startswith("受託者は、漏えい等")


def test_heading_without_brackets_and_kanji_numbers():
    text = "第一条 目的\n本契約は、次の事項を定める。\n一　業務の範囲\n二　委託料\n第二条 委託料\n甲は、乙に委託料を支払う。"
    c = parse(doc(text))
    assert_tiles(c)
    assert articles(c) == [(("1",), "目的"), (("2",), "委託料")]
    assert [i.label for i in find_node(c, ("1", "1")).children] == ["一", "二"]


def test_list_starting_at_one_after_a_lead_in_is_items():
    text = "第1条（業務の内容）\n甲は乙に対し、次の業務を委託する。\n1. 業務名：顧客対応\n2. 納期：別途定める\n第2条（報酬）\n甲は乙に報酬を支払う。"
    c = parse(doc(text))
    p = find_node(c, ("1", "1"))
    assert [i.label for i in p.children] == ["1.", "2."]
    assert find_node(c, ("1", "2")) is None


def test_unnumbered_paragraphs_one_per_line():
    # Word's automatic paragraph numbers lost: each finished sentence on its own line is a paragraph.
    text = "第6条（支払遅延）\n甲が支払を遅延した場合、乙は催告することができる。\n前項の催告期間内に支払がないときは、乙は業務を停止できる。\nただし、緊急の対応はこの限りでない。"
    c = parse(doc(text))
    paras = find_node(c, ("6",)).children
    assert [p.number for p in paras] == ["1", "2"]
    assert "ただし" in paras[1].text  # ただし書 stays in its paragraph
    ref = c.references[0]
    assert ref.text == "前項" and ref.targets == (("6", "1"),)


def test_survival_list_is_not_an_article():
    text = "第10条（反社会的勢力の排除）\n甲及び乙は、反社会的勢力に該当しないことを表明する。\n第11条（存続条項）\n第5条（秘密保持）、第6条（知的財産権）及び本条の規定は、本契約終了後も有効とする。"
    c = parse(doc(text))
    assert [p for p, _ in articles(c)] == [("10",), ("11",)]


def test_pre_title_lines_and_locations():
    text = "\n\n契約番号：第123号\n業務委託契約書\n第1条（目的）\n本契約は目的を定める。"
    c = parse(doc(text))
    assert_tiles(c)
    assert [n.kind for n in c.nodes] == ["text", "title", "article"]
    art = find_node(c, ("1",))
    assert art.location.line == 5
    assert c.document.text[art.start:].startswith("第1条（目的）")
    assert node_at(c, art.start + 1)[-1] is art


def test_offsets_point_at_the_node_text():
    c = parse(doc(OUTSOURCING))
    text = c.document.text
    for path, node in iter_paths(c):
        if node.kind in ("paragraph", "item") and node.label:
            assert text[node.start:node.end].lstrip().startswith(node.label), path
        if node.text:
            first = node.text.split("\n")[0]
            assert first in text[node.start:node.end], path


def test_degenerate_inputs():
    for text in ["", "\n", "   ", "\n\n\n", "第", "第1条", "（）", "別紙", "1.", "①", "以上"]:
        c = parse(doc(text))
        assert_tiles(c)


# --- fuzz ----------------------------------------------------------------------

PIECES = ["第1条", "第２条", "第十二条", "第3条の2", "第1", "第 4 条", "（目的）", "(秘密保持)", "秘密保持", "【別紙1】",
          "別紙", "別記", "特記事項", "1.", "２．", "2 ", "②", "(1)", "（２）", "一　", "ア ", "(ア)", "a.", "以上",
          "本契約の成立を証するため", "年　月　日", "甲", "乙", "（以下「甲」という。）", "第5条から第8条まで",
          "前項", "前各項", "前条", "次条", "同条", "民法第536条", "第3条第2項及び第4項", "。", "、", "　", " ", "\t",
          "本契約", "乙は甲に対し", "（", "）", "「", "」", "第1章", "\u3000\u3000", "⑳", "Ⅳ", "〇"]
line = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=6).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, max_size=25))
def test_fuzz_never_raises_and_tiles(lines):
    text = "\n".join(lines)
    c = parse(doc(text))
    assert_tiles(c)
    for r in c.references:
        assert c.document.text[r.start:r.end] == r.text
        for t in r.targets:
            assert find_node(c, t) is not None
    for p, n in iter_paths(c):
        article_ref(c, p)
        article_ref(c, p, "en")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_any_text(text):
    c = parse(doc(text.replace("\r", "")))
    assert_tiles(c)
