"""The loop closes: generated contracts check clean with api.lint under their
profile (outsourcing for outsourcing and annex, nda for nda), in DOCX and in a
PDF made from it with LibreOffice; a template that loses a clause is refused.

Needs the analysis engine (GiNZA); the PDF part needs `soffice`."""
from __future__ import annotations

import copy
import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from keiyaku_lint.api import lint, lint_text
from keiyaku_lint.cli import cli
from keiyaku_lint.config import Config
from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.generate import example, find_template, generate, render_document
from keiyaku_lint.generate.lint_template import lint_template

ROOT = Path(__file__).resolve().parent.parent
PROFILE = {"outsourcing": "outsourcing", "annex": "outsourcing", "nda": "nda"}
ALL_CLAUSES = {"outsourcing": 7, "nda": 4}


def data_for(name, **changes):
    d = yaml.safe_load(example(name))
    d.update(changes)
    return d


def assert_clean(result, profile):
    assert result.error is None, result.error
    assert {c.id: c.status for c in result.clauses} == {c.id: "present" for c in result.clauses}
    assert len(result.clauses) == ALL_CLAUSES[profile]
    assert result.verdict == "clean", [f.message_en for f in result.findings]


CASES = [
    ("outsourcing", {}, False),
    ("outsourcing", {}, True),
    ("outsourcing", {"liability_cap": "amount", "liability_cap_amount": 5000000,
                     "deletion_method": "return", "signing": "electronic"}, False),
    ("annex", {}, False),
    ("annex", {"party_style": "hacchu", "liability_cap": "fee_total", "deletion_method": "delete"}, True),
    ("nda", {}, False),
    ("nda", {"mutual": True, "liability_cap": "amount", "liability_cap_amount": 3000000}, True),
]


@pytest.mark.parametrize("name,changes,strict", CASES)
def test_generated_contract_checks_clean(tmp_path, name, changes, strict):
    out = tmp_path / f"{name}.docx"
    res = generate(name, data_for(name, **changes), out, strict=strict)
    assert out.is_file()
    assert_clean(res.lint, PROFILE[name])  # the self-check's own verdict
    assert_clean(lint(out, Config(profile=PROFILE[name])), PROFILE[name])  # and a fresh check of the file


@pytest.mark.parametrize("name", ["outsourcing", "annex"])
def test_prohibited_subcontracting_checks_clean(tmp_path, name):
    res = generate(name, data_for(name, subcontracting="prohibited"), tmp_path / "o.docx")
    assert_clean(res.lint, "outsourcing")


def _web_simple_text() -> str:
    from keiyaku_lint.load import load

    return load(ROOT / "samples" / "web_simple.txt").text


def _annex_blob() -> bytes:
    return render_document(find_template("annex"),
                           data_for("annex", base_contract_title="Webサイト制作業務委託契約書"))


def test_web_simple_lacks_the_clauses_alone():
    r = lint(ROOT / "samples" / "web_simple.txt", Config())
    assert r.verdict == "missing"


def test_annex_appended_to_a_contract_text_checks_clean():
    annex_text = "\n".join(p.text for p in docx.Document(io.BytesIO(_annex_blob())).paragraphs)
    assert_clean(lint_text(_web_simple_text() + "\n" + annex_text, Config()), "outsourcing")


def test_annex_appended_to_a_contract_docx_checks_clean(tmp_path):
    d = docx.Document()
    for line in _web_simple_text().split("\n"):
        d.add_paragraph(line)
    d.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    sect = d.element.body[-1]
    for el in docx.Document(io.BytesIO(_annex_blob())).element.body:
        if not el.tag.endswith("sectPr"):
            sect.addprevious(copy.deepcopy(el))
    d.save(tmp_path / "web_simple_with_annex.docx")
    assert_clean(lint(tmp_path / "web_simple_with_annex.docx", Config()), "outsourcing")


def _without_article(key: str, target: Path):
    """The bundled outsourcing template with one article removed."""
    d = docx.Document(ROOT / "templates" / "outsourcing.docx")
    paras = d.paragraphs
    start = next(i for i, p in enumerate(paras) if f'article("{key}"' in p.text)
    end = next(i for i, p in enumerate(paras) if i > start and "article(" in p.text)
    for p in paras[start:end]:
        p._p.getparent().remove(p._p)
    d.save(target)


def test_self_check_refuses_a_template_that_loses_a_clause(tmp_path):
    _without_article("survival", tmp_path / "outsourcing.docx")
    out = tmp_path / "out.docx"
    with pytest.raises(KeiyakuError) as ei:
        generate("outsourcing", data_for("outsourcing"), out, template_dir=tmp_path)
    assert ei.value.code == "E511" and "survival" in ei.value.message("en")
    assert not out.exists()
    r = CliRunner().invoke(cli, ["generate", "outsourcing", "--template-dir", str(tmp_path),
                                 "--data", str(_write_example(tmp_path)), "-o", str(out)])
    assert r.exit_code == 1 and "[E511]" in r.output and not out.exists()
    problems = lint_template(tmp_path / "outsourcing.docx")
    assert [p.kind for p in problems] == ["clause", "clause"]  # standard and strict


def _write_example(tmp_path) -> Path:
    p = tmp_path / "data.yaml"
    p.write_text(example("outsourcing"), encoding="utf-8")
    return p


@pytest.mark.parametrize("name", ["outsourcing", "annex", "nda"])
def test_bundled_contract_templates_lint_clean(name):
    assert lint_template(ROOT / "templates" / f"{name}.docx") == []


def test_cli_generates_and_reports_the_check(tmp_path):
    out = tmp_path / "o.docx"
    r = CliRunner().invoke(cli, ["generate", "outsourcing", "--data", str(_write_example(tmp_path)),
                                 "-o", str(out), "--strict", "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "7/7 clauses present" in r.output
    r = CliRunner().invoke(cli, ["generate", "outsourcing", "--data", str(_write_example(tmp_path)),
                                 "-o", str(out)])
    assert r.exit_code == 2 and "[E507]" in r.output
    r = CliRunner().invoke(cli, ["generate", "outsourcing", "--data", str(_write_example(tmp_path)),
                                 "-o", str(out), "--force"])
    assert r.exit_code == 0, r.output


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: the PDF round trip "
                                            "cannot be made here (apt-get install libreoffice-writer fonts-noto-cjk)")
def test_generated_contracts_check_clean_as_pdf(tmp_path):
    docs = []
    for name in ("outsourcing", "annex", "nda"):
        out = tmp_path / f"{name}.docx"
        generate(name, data_for(name), out)
        docs.append(str(out))
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *docs],
                   check=True, capture_output=True, timeout=300)
    for name in ("outsourcing", "annex", "nda"):
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.is_file()
        assert_clean(lint(pdf, Config(profile=PROFILE[name])), PROFILE[name])


def test_values_at_the_length_limits_are_written_and_check_clean(tmp_path):
    """The largest values the schema accepts, repetitive (the case that made
    the self-check call the generator's own output a zip bomb), still give a
    contract that is written and that `check` reads back clean."""
    from keiyaku_lint.generate.schema import MAX_TEXT

    data = data_for("outsourcing",
                    work_description=("顧客管理システムの運用監視及び障害対応\n" * MAX_TEXT)[:MAX_TEXT],
                    data_items="氏名" * (MAX_TEXT // 2), payment_terms="あ" * MAX_TEXT)
    out = tmp_path / "big.docx"
    res = generate("outsourcing", data, out)
    assert out.is_file() and res.lint is not None
    assert_clean(lint(out, Config(profile="outsourcing")), "outsourcing")
