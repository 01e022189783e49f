"""Data as a Japanese office writes it (issue 16, newcomer findings 4, 7 and
14): dates in 和暦 or 西暦, printed in the style chosen; choices by their
Japanese label; はい / いいえ; every data error naming the field by its
Japanese label and saying what to write; unknown keys answered with the
nearest field; an example file that explains each field in Japanese."""
from __future__ import annotations

import datetime as dt
import importlib.util
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.generate import TEMPLATES, example, find_template, prepare_context, render_document
from keiyaku_lint.generate import dates
from keiyaku_lint.generate.specs import CHECK_ITEMS, METHOD_LABELS

ROOT = Path(__file__).resolve().parent.parent


def data_for(name, **changes):
    d = yaml.safe_load(example(name))
    d.update(changes)
    return d


def ctx(name, **changes):
    return prepare_context(TEMPLATES[name], data_for(name, **changes))


def err(name, **changes) -> KeiyakuError:
    with pytest.raises(KeiyakuError) as ei:
        ctx(name, **changes)
    return ei.value


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize("written,expected", [
    ("令和7年4月1日", dt.date(2025, 4, 1)),
    ("令和７年４月１日", dt.date(2025, 4, 1)),
    ("令和七年四月一日", dt.date(2025, 4, 1)),
    ("令和七年十二月三十一日", dt.date(2025, 12, 31)),
    ("R7.4.1", dt.date(2025, 4, 1)),
    ("r7/4/1", dt.date(2025, 4, 1)),
    ("R07-04-01", dt.date(2025, 4, 1)),
    ("令和元年5月1日", dt.date(2019, 5, 1)),
    ("平成31年4月30日", dt.date(2019, 4, 30)),
    ("H31.4.30", dt.date(2019, 4, 30)),
    ("昭和64年1月7日", dt.date(1989, 1, 7)),
    ("㋿7年4月1日", dt.date(2025, 4, 1)),
    ("2025-04-01", dt.date(2025, 4, 1)),
    ("2025/4/1", dt.date(2025, 4, 1)),
    ("2025.4.1", dt.date(2025, 4, 1)),
    ("2025年4月1日", dt.date(2025, 4, 1)),
    ("二〇二五年四月一日", dt.date(2025, 4, 1)),
    (dt.date(2025, 4, 1), dt.date(2025, 4, 1)),
])
def test_dates_in_wareki_and_seireki(written, expected):
    assert dates.parse(written) == (expected, None)


@pytest.mark.parametrize("written,says", [
    ("令和元年4月1日", "平成31年4月1日のことではありませんか"),
    ("平成31年5月1日", "令和元年5月1日のことではありませんか"),
    ("令和0年1月1日", "令和元年"),
    ("令和7年2月30日", "という日付はありません"),
    ("来月", "令和7年4月1日、R7.4.1、2025-04-01"),
])
def test_a_bad_date_says_what_was_probably_meant(written, says):
    d, problem = dates.parse(written)
    assert d is None and says in problem.get("ja")
    e = err("outsourcing", contract_date=written)
    assert e.code == "E504" and e.fields["field"] == "contract_date"
    assert "「契約締結日」（contract_date）" in e.message("ja") and says in e.message("ja")


def test_dates_print_in_the_chosen_style_wareki_by_default():
    assert dates.format_date(dt.date(2019, 5, 1)) == "令和元年5月1日"
    assert dates.format_date(dt.date(2025, 4, 1), "seireki") == "2025年4月1日"
    c = ctx("outsourcing", contract_date="2025-04-01", start_date="R7.4.1", end_date="2026/3/31")
    assert c["contract_date"] == "令和7年4月1日" and c["end_date"] == "令和8年3月31日"
    c = ctx("outsourcing", date_style="西暦", contract_date="令和7年4月1日")
    assert c["contract_date"] == "2025年4月1日" and c["date_style"] == "seireki"
    blob = render_document(find_template("nda"), data_for("nda", date_style="seireki"))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(blob)).paragraphs)
    assert "2025年3月1日" in text and "令和" not in text


# --- choices, booleans, lists ------------------------------------------------------------


@pytest.mark.parametrize("written,expected", [
    ("electronic", "electronic"), ("電子契約", "electronic"), ("電子契約（電子署名）", "electronic"),
    ("電子署名", "electronic"), ("書面", "paper"), ("記名押印", "paper"), ("PAPER", "paper"),
    ("ｅｌｅｃｔｒｏｎｉｃ", "electronic"),
])
def test_a_choice_is_its_id_or_its_japanese_label(written, expected):
    assert ctx("outsourcing", signing=written)["signing"] == expected


def test_other_choices_by_label():
    assert ctx("outsourcing", subcontracting="一切禁止")["subcontracting"] == "prohibited"
    assert ctx("annex", party_style="発注者・受注者")["A"] == "発注者"
    c = ctx("self-check", answers={"q01": "いいえ", "q02": "該当なし", "q03": "yes"})
    assert c["answers"]["q01"] == "no" and c["answers"]["q02"] == "na" and c["answers"]["q03"] == "yes"
    c = ctx("vendor-assessment", decision="選定する")
    assert c["decision"] == "select" and c["criteria"]["security"]["rating"] == "A"
    assert c["criteria"]["security"]["methods"] == ["document", "questionnaire", "evidence"]
    data = data_for("vendor-assessment")
    data["criteria"]["quality"]["methods"] = "書面確認、ヒアリング"  # one string, split at 、
    assert prepare_context(TEMPLATES["vendor-assessment"], data)["criteria"]["quality"]["methods"] == \
        ["document", "hearing"]


@pytest.mark.parametrize("written,expected", [("はい", True), ("いいえ", False), ("yes", True), ("no", False),
                                              (True, True), ("する", True), ("しない", False), ("なし", False)])
def test_booleans_accept_hai_iie(written, expected):
    assert ctx("nda", mutual=written)["mutual"] is expected


def test_a_yes_answer_from_yaml_1_1_is_still_an_answer():
    c = ctx("self-check", answers={"q01": True, "q02": False})
    assert c["answers"]["q01"] == "yes" and c["answers"]["q02"] == "no"


# --- errors: the Japanese label, and what to write ------------------------------------------


@pytest.mark.parametrize("field,value,label,hint", [
    ("fee", "360万円", "委託料（円、税抜）", "半角数字"),
    ("signing", "ハンコ", "締結方法", "書面（記名押印）（paper）、電子契約（電子署名）（electronic）"),
    ("survival_years", 0, "契約終了後に秘密保持義務が存続する年数", "1〜99 の整数"),
    ("contract_date", "来週", "契約締結日", "令和7年4月1日、R7.4.1、2025-04-01"),
])
def test_every_data_error_names_the_field_in_japanese_and_says_what_to_write(field, value, label, hint):
    e = err("outsourcing", **{field: value})
    msg = e.message("ja")
    assert f"「{label}」（{field}）" in msg and hint in msg, msg
    assert field in e.message("en") and "データファイル" not in msg  # also true in interactive use


def test_a_bool_error_says_hai_iie():
    e = err("nda", mutual="たぶん")
    assert "「相互開示" in e.message("ja") and "はい か いいえ" in e.message("ja")


def test_a_missing_field_says_which_line_to_add():
    data = data_for("outsourcing")
    del data["contractor"]["name"]
    del data["contract_date"]
    with pytest.raises(KeiyakuError) as ei:
        prepare_context(TEMPLATES["outsourcing"], data)
    msg = ei.value.message("ja")
    assert ei.value.code == "E525"
    assert "必須項目「受託者（乙）の名称（商号）」（contractor.name）" in msg
    assert "「contractor:」の下に「name: さくらデータサービス株式会社」のように書き加えてください" in msg
    assert "「contract_date: 令和7年4月1日」のように書き加えてください" in msg


def test_an_item_error_names_the_entry():
    data = data_for("deletion-certificate")
    data["data_items"][1]["method"] = "燃やす"
    with pytest.raises(KeiyakuError) as ei:
        prepare_context(TEMPLATES["deletion-certificate"], data)
    msg = ei.value.message("ja")
    assert "「返却・削除した情報（1件ごと）の2件目の処理方法」（data_items[1].method）" in msg
    assert "暗号化消去（crypto_erase）" in msg


@pytest.mark.parametrize("key,says", [
    ("work_titel", "「work_title」（委託する業務の名称）の書き誤りではありませんか"),
    ("契約締結日", "項目名（キー）は英字で「contract_date」と書きます"),
    ("委託料", "「fee」と書きます"),
])
def test_an_unknown_key_gets_the_nearest_field(key, says):
    e = err("outsourcing", **{key: "x"})
    assert e.code == "E506" and says in e.message("ja"), e.message("ja")
    assert "使える項目" not in e.message("ja")  # a suggestion, not the list of 24 fields


def test_a_nested_typo_is_suggested_too():
    data = data_for("outsourcing")
    data["client"]["nmae"] = data["client"].pop("name")
    with pytest.raises(KeiyakuError) as ei:
        prepare_context(TEMPLATES["outsourcing"], data)
    assert "「client.name」" in ei.value.message("ja") and "書き誤り" in ei.value.message("ja")


# --- the example file -----------------------------------------------------------------------


def test_the_self_check_example_carries_each_questions_text():
    text = example("self-check")
    for i, (qid, cat, question) in enumerate(CHECK_ITEMS, 1):
        block = text[text.index(f"  {qid}:") - 400:text.index(f"  {qid}:")]
        assert f"点検項目{i}（{cat}）「{question}」の回答" in block, qid
    assert "はい（yes）、いいえ（no）、該当なし（na）" in text


def test_the_deletion_certificate_example_lists_each_entrys_keys_and_methods():
    text = example("deletion-certificate")
    assert "#     method: 処理方法（必須）: 次のどれか:" in text
    for mid, label in METHOD_LABELS.items():
        assert f"{label}（{mid}）" in text


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_examples_read_as_a_person_would(name):
    text = example(name)
    assert "[str" not in text and "list[mapping]" not in text and "choice(" not in text
    assert "（必須）" in text or "しないときは必須" in text
    assert prepare_context(TEMPLATES[name], yaml.safe_load(text)) is not None
    en = example(name, "en")
    assert "(required" in en or "required unless" in en
    assert prepare_context(TEMPLATES[name], yaml.safe_load(en)) is not None


# --- the templates are what the script builds -----------------------------------------------


def test_committed_templates_match_scripts_make_templates(tmp_path):
    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "scripts" / "make_templates.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.OUT = tmp_path
    mod.main()

    def body(p):
        with zipfile.ZipFile(p) as z:
            return re.sub(rb"w:rsid\w*=\"[0-9A-F]+\"", b"", z.read("word/document.xml"))

    for built in sorted(tmp_path.glob("*.docx")):
        committed = ROOT / "templates" / built.name
        assert body(built) == body(committed), f"templates/{built.name} is stale: run scripts/make_templates.py"


# --- the command: interactive mode, blank forms, what to do after writing ---------------------

from click.testing import CliRunner  # noqa: E402

from keiyaku_lint.cli import cli  # noqa: E402


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


NDA_ANSWERS = "\n".join([
    "株式会社テスト商事", "東京都千代田区丸の内一丁目1番1号", "代表取締役　山田一郎",
    "受領データ株式会社", "大阪府大阪市北区梅田一丁目1番1号", "代表取締役　佐藤二郎",
    "新規委託の検討", "来月",  # a bad date: explained, asked again
    "令和7年5月1日", "R7.5.1", "9", "2", "",  # 9 is no choice; 2 = 電子契約; Enter keeps 和暦
]) + "\n"


def test_interactive_mode_asks_in_japanese_explains_and_saves_the_answers(tmp_path):
    out, saved = tmp_path / "nda.docx", tmp_path / "nda.yaml"
    r = run("generate", "nda", "-i", "-o", out, "--save-data", saved, input=NDA_ANSWERS)
    assert r.exit_code == 0, r.output
    assert "開示者（相互開示では甲）の名称（商号）（例: 株式会社みなと商事）" in r.output
    assert "1) 書面（記名押印）  2) 電子契約（電子署名）" in r.output
    assert "日付として読めません（'来月'）" in r.output and "データファイルを修正" not in r.output
    assert "'9' は使えません" in r.output
    assert "電子契約: 収入印紙・契印・割印は不要です" in r.output
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["contract_date"] == "令和7年5月1日" and data["signing"] == "electronic"
    assert data["date_style"] == "wareki"
    again = tmp_path / "again.docx"
    r = run("generate", "nda", "--data", saved, "-o", again)  # the saved answers are a data file
    assert r.exit_code == 0, r.output
    text = "\n".join(p.text for p in docx.Document(str(again)).paragraphs)
    assert "令和7年5月1日" in text and "電子署名を施し" in text


def test_generate_help_documents_interactive_mode_and_blank_forms():
    r = run("generate", "--help")
    assert r.exit_code == 0
    for needle in ("--interactive", "--save-data", "--blank", "1項目ずつ質問します", "令和7年4月1日"):
        assert needle in r.output, needle


@pytest.mark.parametrize("name", ["deletion-certificate", "self-check", "vendor-assessment"])
def test_blank_option_writes_a_form_without_data(tmp_path, name):
    out = tmp_path / f"{name}.docx"
    r = run("generate", name, "--blank", "-o", out)
    assert r.exit_code == 0, r.output
    cells = [c.text for t in docx.Document(str(out)).tables for row in t.rows for c in row.cells]
    assert not any("■" in c for c in cells)


def test_blank_is_refused_for_a_contract(tmp_path):
    r = run("generate", "nda", "--blank", "-o", tmp_path / "x.docx")
    assert r.exit_code == 2 and "--blank で空欄の様式を作れるのは deletion-certificate" in r.output


def test_after_a_paper_contract_the_stamp_and_seals_are_explained(tmp_path):
    data = tmp_path / "o.yaml"
    data.write_text(example("outsourcing"), encoding="utf-8")
    r = run("generate", "outsourcing", "--data", data, "-o", tmp_path / "o.docx")
    assert r.exit_code == 0, r.output
    assert "契印" in r.output and "割印" in r.output and "収入印紙" in r.output
    data.write_text(example("outsourcing").replace("signing: paper", "signing: 電子契約"), encoding="utf-8")
    r = run("generate", "outsourcing", "--data", data, "-o", tmp_path / "e.docx")
    assert r.exit_code == 0 and "収入印紙・契印・割印は不要です" in r.output
