"""keiyaku-lint generate: templates, data validation, safety, CLI.

These tests do not need the analysis engine: they render without the
self-check (the paperwork templates are never linted, and contracts are
rendered with render_document). tests/test_generate_check.py closes the loop
with api.lint."""
from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from keiyaku_lint.cli import cli
from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.generate import (TEMPLATES, Found, example, find_template, generate, load_data,
                                   render_document, write_atomic)
from keiyaku_lint.generate.lint_template import lint_template

ROOT = Path(__file__).resolve().parent.parent
TAG = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def example_data(name: str) -> dict:
    return yaml.safe_load(example(name))


def all_text(blob: bytes) -> list[str]:
    """Every paragraph's text: body, table cells, headers and footers."""
    d = docx.Document(io.BytesIO(blob))
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                out.extend(p.text for p in cell.paragraphs)
    for s in d.sections:
        out.extend(p.text for p in s.header.paragraphs)
        out.extend(p.text for p in s.footer.paragraphs)
    return out


def render(name: str, data: dict | None = None, strict: bool = False) -> bytes:
    return render_document(find_template(name), data if data is not None else example_data(name), strict)


# --- every template renders from its example, with no template tags left -------------


@pytest.mark.parametrize("name", sorted(TEMPLATES))
@pytest.mark.parametrize("strict", [False, True])
def test_example_renders_without_leftover_tags(name, strict):
    blob = render(name, strict=strict)
    lines = all_text(blob)
    leftovers = [ln for ln in lines if TAG.search(ln)]
    assert leftovers == []
    assert not any("None" == ln.strip() for ln in lines)
    title = TEMPLATES[name].title_ja.split("（")[0]
    assert any(title in ln for ln in lines), title
    # the document's XML is well formed
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        etree.fromstring(z.read("word/document.xml"))


def test_example_yaml_documents_every_field_and_validates():
    for name, spec in TEMPLATES.items():
        text = example(name)
        for f in spec.schema:
            leaf = f.name.split(".")[-1]
            assert re.search(rf"^\s*#?\s*{re.escape(leaf)}:", text, re.M), (name, f.name)
        data = yaml.safe_load(text)
        # the printed example is accepted as it is
        render_document(find_template(name), data)


# --- layout: numbering and cross references are computed -----------------------------


def articles(lines):
    return [(int(m.group(1)), m.group(2)) for ln in lines if (m := re.fullmatch(r"第(\d+)条（(.+)）", ln))]


def test_outsourcing_articles_are_numbered_in_order_and_referenced():
    lines = all_text(render("outsourcing"))
    arts = articles(lines)
    assert [n for n, _ in arts] == list(range(1, len(arts) + 1))
    num = {h: n for n, h in arts}
    survival = next(ln for ln in lines if "なお効力を有する" in ln)
    assert f"第{num['秘密保持']}条（秘密保持）の規定は本契約終了後5年間" in survival
    assert f"第{num['秘密情報等の返却及び削除']}条、第{num['損害賠償']}条及び第{num['合意管轄']}条の規定" in survival
    sub = next(ln for ln in lines if "再委託先において" in ln and "事故" in ln)
    assert f"第{num['事故発生時の報告']}条に定める事故" in sub
    # the title is bold and centred
    d = docx.Document(io.BytesIO(render("outsourcing")))
    title = d.paragraphs[0]
    assert title.text == "業務委託契約書" and title.runs[0].bold
    assert title.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert any("（以下「甲」という。）" in ln for ln in lines)
    assert "別紙" in lines


def test_options_change_the_text():
    data = example_data("outsourcing")
    data.update(subcontracting="prohibited", survival_years=7, deletion_days=45,
                liability_cap="amount", liability_cap_amount=10000000, deletion_method="delete")
    lines = all_text(render("outsourcing", data))
    text = "\n".join(lines)
    arts = articles(lines)
    assert "再委託の禁止" in [h for _, h in arts]
    assert "甲の書面による承認を得た場合はこの限りでない" not in text
    assert "再委託先に秘密情報等を取り扱わせた場合" not in text  # that paragraph depends on the option
    assert [n for n, _ in arts] == list(range(1, len(arts) + 1))
    assert "7年間" in text and "45日以内" in text
    assert "金10,000,000円を上限とする" in text
    num = {h: n for n, h in arts}
    assert f"第{num['秘密保持']}条及び第{num['安全管理措置']}条に違反した" in text
    data["liability_cap"] = "fee_total"
    assert "委託料の総額を上限とする" in "\n".join(all_text(render("outsourcing", data)))
    data["liability_cap"] = "none"
    assert "上限とする" not in "\n".join(all_text(render("outsourcing", data)))


def test_strict_wording_differs():
    std = "\n".join(all_text(render("outsourcing")))
    strict = "\n".join(all_text(render("outsourcing", strict=True)))
    assert "24時間以内" in strict and "24時間以内" not in std
    assert "期間の定めなく効力を有する" in strict and "期間の定めなく" not in std


def test_annex_numbering_and_party_style():
    data = example_data("annex")
    data["party_style"] = "itaku"
    lines = all_text(render("annex", data))
    heads = [ln for ln in lines if re.fullmatch(r"第\d+（.+）", ln)]
    assert heads[0] == "第1（定義）" and [int(re.match(r"第(\d+)", h).group(1)) for h in heads] == \
        list(range(1, len(heads) + 1))
    text = "\n".join(lines)
    assert "（以下「委託者」という。）" in text and "受託者は、秘密情報等を厳に秘密として保持し" in text
    assert "甲" not in text and "乙" not in text
    assert "本特記事項第2（秘密保持）の規定は原契約終了後5年間" in text


def test_nda_mutual_and_one_way():
    data = example_data("nda")
    one_way = "\n".join(all_text(render("nda", data)))
    assert "（以下「開示者」という。）" in one_way and "（以下「甲」という。）" not in one_way
    data["mutual"] = True
    mutual = "\n".join(all_text(render("nda", data)))
    assert "（以下「甲」という。）" in mutual and "秘密情報を開示する当事者を「開示者」" in mutual


def test_deletion_certificate_lists_each_item():
    data = example_data("deletion-certificate")
    d = docx.Document(io.BytesIO(render("deletion-certificate", data)))
    rows = [[c.text for c in r.cells] for r in d.tables[0].rows]
    assert rows[0][0] == "No."
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    assert rows[1][4] == "暗号化消去" and rows[1][5] == "令和8年4月15日"  # 和暦 by default


def test_self_check_blank_form_and_answers():
    data = example_data("self-check")
    text = "\n".join(all_text(render("self-check", data)))
    assert "■はい □いいえ □該当なし" in text and "□はい □いいえ ■該当なし" in text
    blank = {"client": data["client"], "vendor": data["vendor"], "work_title": "x",
             "period_start": "2025-04-01", "period_end": "2025-09-30"}
    text = "\n".join(all_text(render("self-check", blank)))
    assert text.count("□はい □いいえ □該当なし") == 18


# --- data validation: errors name the field --------------------------------------------


def _err(name, data) -> KeiyakuError:
    with pytest.raises(KeiyakuError) as ei:
        render(name, data)
    return ei.value


def test_missing_required_field_is_named():
    data = example_data("outsourcing")
    del data["client"]["name"]
    e = _err("outsourcing", data)
    assert e.code == "E505" and e.fields["field"] == "client.name"
    assert "client.name" in e.message("ja") and "client.name" in e.message("en")


@pytest.mark.parametrize("path,value,code", [
    ("contract_date", "2025-02-30", "E504"),
    ("contract_date", "来月", "E504"),
    ("subcontracting", "sometimes", "E504"),
    ("survival_years", "five", "E504"),
    ("survival_years", 0, "E504"),
    ("deletion_days", True, "E504"),
    ("work_title", "一行目\n第16条（追加）", "E504"),
    ("client", "株式会社", "E504"),
])
def test_bad_values_are_named(path, value, code):
    data = example_data("outsourcing")
    data[path] = value
    e = _err("outsourcing", data)
    assert e.code == code
    assert e.fields["field"].startswith(path)


def test_allowed_values_are_listed():
    data = example_data("outsourcing")
    data["liability_cap"] = "unlimited"
    e = _err("outsourcing", data)
    assert "none (上限なし), fee_total (委託料の総額), amount" in e.message("en")
    assert "上限なし（none）、委託料の総額（fee_total）" in e.message("ja")


def test_unknown_field_is_refused():
    data = example_data("outsourcing")
    data["survival_year"] = 3
    e = _err("outsourcing", data)
    assert e.code == "E506" and e.fields["field"] == "survival_year"


def test_conditional_requirement():
    data = example_data("outsourcing")
    data["liability_cap"] = "amount"
    e = _err("outsourcing", data)
    assert e.code == "E505" and e.fields["field"] == "liability_cap_amount"


def test_end_before_start_is_refused():
    data = example_data("outsourcing")
    data["end_date"] = "2024-03-31"
    assert _err("outsourcing", data).fields["field"] == "end_date"


def test_vendor_with_serious_concern_cannot_be_selected():
    data = example_data("vendor-assessment")
    data["serious_concern"] = True
    e = _err("vendor-assessment", data)
    assert e.code == "E504" and e.fields["field"] == "decision"


def test_list_item_errors_are_named():
    data = example_data("deletion-certificate")
    data["data_items"][1]["method"] = "burn"
    e = _err("deletion-certificate", data)
    assert e.fields["field"] == "data_items[1].method"


# --- safety ------------------------------------------------------------------------------


HOSTILE = {
    "syntax": "{{ 7*7 }}{% if true %}X{% endif %}{# c #}{_{ a }_}{%p endif %}",
    "xml": "<w:p><w:r><w:t>injected</w:t></w:r></w:p>&amp; & \"'",
    "long": "長" * 10000,
    "control": "a\x00b\x07c\x0cd\x1be\x7ff",
}


def test_hostile_values_are_shown_literally_and_keep_the_structure():
    plain = render("outsourcing")
    data = example_data("outsourcing")
    data["client"]["name"] = HOSTILE["syntax"]
    data["contractor"]["name"] = HOSTILE["xml"]
    data["work_title"] = HOSTILE["long"]
    data["court"] = HOSTILE["control"]
    data["work_description"] = "一行目 {{ x }}\n第99条（偽の条）\n<b>&"
    blob = render("outsourcing", data)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    # same number of paragraphs and tables as the plain example: nothing injected
    assert len(root.findall(".//w:p", ns)) == len(etree.fromstring(
        zipfile.ZipFile(io.BytesIO(plain)).read("word/document.xml")).findall(".//w:p", ns))
    lines = all_text(blob)
    text = "\n".join(lines)
    assert HOSTILE["syntax"] in text
    assert HOSTILE["xml"] in text
    assert "injected" not in [ln for ln in lines]
    assert HOSTILE["long"] in text
    assert "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf" in text
    # a newline in a text field is a line break inside the same cell paragraph
    cell = next(ln for ln in lines if ln.startswith("一行目"))
    assert cell == "一行目 {{ x }}\n第99条（偽の条）\n<b>&"
    assert "第99条（偽の条）" not in lines  # not a paragraph of its own
    assert articles(lines) == articles(all_text(plain))


def test_sandbox_blocks_python_internals(tmp_path):
    d = docx.Document()
    d.add_paragraph("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    d.save(tmp_path / "evil.docx")
    with pytest.raises(KeiyakuError) as ei:
        generate("evil", {}, tmp_path / "out.docx", template_dir=tmp_path)
    assert ei.value.code == "E514"
    assert not (tmp_path / "out.docx").exists()


def _split_run_template(path: Path):
    """A paragraph whose tags Word split across runs (with proofing marks in
    between), as happens when a tag is edited in Word."""
    d = docx.Document()
    p = d.add_paragraph()
    for text, bold in (("委託者：{{ cli", False), ("ent.na", True), ("me }}", False),
                       ("／業務：{", False), ("{ work_ti", True), ("tle }", False), ("}", False)):
        r = p.add_run(text)
        r.bold = bold
    proof = etree.SubElement(p._p, "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}proofErr")
    proof.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}type", "spellStart")
    p._p.remove(proof)
    p.runs[1]._r.addprevious(proof)
    d.save(path)


def test_tags_split_across_runs_are_rendered(tmp_path):
    _split_run_template(tmp_path / "memo.docx")
    res = generate("memo", {"client": {"name": "株式会社A&B"}, "work_title": "<運用>"},
                   tmp_path / "out.docx", template_dir=tmp_path)
    lines = all_text(res.path.read_bytes())
    assert lines[0] == "委託者：株式会社A&B／業務：<運用>"
    assert lint_template(tmp_path / "memo.docx") == [
        p for p in lint_template(tmp_path / "memo.docx") if p.kind == "unknown-field"]


def test_template_fields_the_data_does_not_fill_are_named(tmp_path):
    d = docx.Document(ROOT / "templates" / "outsourcing.docx")
    d.add_paragraph("FAX：{{ client.fax }}　案件番号：{{ project_code }}")
    d.save(tmp_path / "outsourcing.docx")
    with pytest.raises(KeiyakuError) as ei:
        render_document(find_template("outsourcing", tmp_path), example_data("outsourcing"))
    assert ei.value.code == "E509"
    assert "client.fax" in ei.value.fields["fields"] and "project_code" in ei.value.fields["fields"]
    problems = lint_template(tmp_path / "outsourcing.docx")
    assert sorted(p.where for p in problems if p.kind == "unknown-field") == ["client.fax", "project_code"]


def test_lint_template_finds_unbalanced_and_fullwidth_tags(tmp_path):
    d = docx.Document()
    d.add_paragraph("委託者：{{ client.")
    d.add_paragraph("name }}")
    d.add_paragraph("業務：｛｛ work_title ｝｝")
    d.save(tmp_path / "deletion-certificate.docx")
    kinds = [p.kind for p in lint_template(tmp_path / "deletion-certificate.docx")]
    assert kinds.count("unbalanced-tag") == 2 and "fullwidth-brace" in kinds


def test_lint_template_reports_reference_to_missing_article(tmp_path):
    d = docx.Document()
    d.add_paragraph('{{ article("confidentiality", "秘密保持") }}')
    d.add_paragraph("{{ para() }}{{ ref(\"incident_reporting\") }}に定める事故")
    d.save(tmp_path / "memo.docx")
    with pytest.raises(KeiyakuError) as ei:
        generate("memo", {}, tmp_path / "o.docx", template_dir=tmp_path)
    assert ei.value.code == "E512" and "incident_reporting" in ei.value.fields["keys"]


def test_existing_output_is_not_overwritten_without_force(tmp_path):
    out = tmp_path / "cert.docx"
    out.write_bytes(b"keep me")
    data = example_data("deletion-certificate")
    with pytest.raises(KeiyakuError) as ei:
        generate("deletion-certificate", data, out)
    assert ei.value.code == "E507" and out.read_bytes() == b"keep me"
    generate("deletion-certificate", data, out, force=True)
    assert out.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["cert.docx"]  # no temp file left


def test_write_atomic_refuses_missing_folder(tmp_path):
    with pytest.raises(KeiyakuError) as ei:
        write_atomic(b"x", tmp_path / "no" / "such.docx")
    assert ei.value.code == "E513"


# --- the command line ----------------------------------------------------------------------


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_cli_list_and_example():
    r = run("generate", "--list")
    assert r.exit_code == 0
    for name in TEMPLATES:
        assert name in r.output
    r = run("generate", "vendor-assessment", "--example", "--lang", "en")
    assert r.exit_code == 0 and "how it was investigated" in r.output
    assert yaml.safe_load(r.output)["decision"] == "条件付きで選定する"


def test_cli_generates_paperwork_from_yaml_and_toml(tmp_path):
    data = tmp_path / "cert.yaml"
    data.write_text(run("generate", "deletion-certificate", "--example").output, encoding="utf-8")
    out = tmp_path / "cert.docx"
    r = run("generate", "deletion-certificate", "--data", str(data), "--output", str(out))
    assert r.exit_code == 0, r.output
    assert any("データ返却・削除完了報告書（削除証明書）" in ln for ln in all_text(out.read_bytes()))
    toml = tmp_path / "check.toml"
    toml.write_text('work_title = "運用保守"\nperiod_start = 2025-04-01\nperiod_end = 2025-09-30\n'
                    '[client]\nname = "株式会社みなと商事"\n[vendor]\nname = "さくらデータサービス株式会社"\n'
                    '[answers]\nq01 = "yes"\n', encoding="utf-8")
    r = run("generate", "self-check", "--data", str(toml), "-o", str(tmp_path / "c.docx"))
    assert r.exit_code == 0, r.output
    assert "令和7年4月1日から令和7年9月30日まで" in all_text((tmp_path / "c.docx").read_bytes())


@pytest.mark.parametrize("content,code", [
    ("client: [unclosed", "E502"),
    ("- just\n- a list\n", "E502"),
    ("report_date: 2026-13-01", "E504"),
])
def test_cli_bad_data_exits_2_without_traceback(tmp_path, content, code):
    data = tmp_path / "d.yaml"
    if content.startswith("report_date"):  # a complete example with one bad date
        content = re.sub(r"^report_date: .*$", content, example("deletion-certificate"), flags=re.M)
    data.write_text(content, encoding="utf-8")
    r = run("generate", "deletion-certificate", "--data", str(data), "-o", str(tmp_path / "o.docx"))
    assert r.exit_code == 2
    assert f"[{code}]" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "o.docx").exists()
    if code == "E504":
        assert "report_date" in r.output


def test_cli_errors(tmp_path):
    r = run("generate", "nosuch", "--example")
    assert r.exit_code == 2 and "[E503]" in r.output and "outsourcing" in r.output
    r = run("generate", "nda", "--data", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "o.docx"))
    assert r.exit_code == 2 and "[E501]" in r.output
    r = run("generate", "nda", "-o", str(tmp_path / "o.docx"), "--lang", "en")  # no --data, not a terminal
    assert r.exit_code == 2 and "[E515]" in r.output and "--data" in r.output


def test_cli_lint_template_exit_codes(tmp_path):
    d = docx.Document()
    d.add_paragraph("{{ client.name }} {{ nonsense }}")
    d.save(tmp_path / "deletion-certificate.docx")
    r = run("generate", "--lint-template", str(tmp_path / "deletion-certificate.docx"))
    assert r.exit_code == 1 and "nonsense" in r.output and "[E517]" in r.output
