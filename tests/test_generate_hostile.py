"""keiyaku-lint generate against hostile or careless input: data files that
explode, hang or are in the wrong encoding, templates that loop or allocate
without end, outputs that would destroy an input or mislabel a file.

Every case ends in a coded error (exit 2, a Japanese message that names the
file or field, English with --lang en), within seconds and bounded memory,
never a traceback. Everything is built at test time. Cases that could
exhaust memory on a broken build run in a subprocess with a small
RLIMIT_AS, so they never depend on the machine's RAM.
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

import keiyaku_lint
from keiyaku_lint.cli import cli
from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.generate import example, find_template, generate, load_data, render_document

SRC = Path(keiyaku_lint.__file__).resolve().parents[1]
POSIX = os.name == "posix"


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def run_process(*args, memory_mb: int = 1024, timeout: float = 60, env=None, stdout=None, cwd=None):
    """The CLI in a child process, with its address space capped (POSIX)."""
    def limit():
        import resource

        cap = memory_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    full_env = dict(os.environ, PYTHONPATH=str(SRC), **(env or {}))
    return subprocess.run([sys.executable, "-m", "keiyaku_lint", *map(str, args)], env=full_env,
                          preexec_fn=limit if POSIX else None, stdout=stdout or subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout, cwd=cwd)


def template(folder: Path, name: str, *paragraphs: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    path = folder / f"{name}.docx"
    d.save(path)
    return path


def write_example(tmp_path, name="deletion-certificate", **changes) -> Path:
    data = yaml.safe_load(example(name))
    data.update(changes)
    p = tmp_path / f"{name}.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


def assert_coded(r, code, exit_code=2):
    out = r.output if hasattr(r, "output") else (r.stdout or b"").decode() + r.stderr.decode()
    rc = r.exit_code if hasattr(r, "exit_code") else r.returncode
    assert rc == exit_code, out
    assert f"[{code}]" in out, out
    assert "Traceback" not in out, out
    return out


# --- 7b: billion laughs in a data file ---------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghijklmn"[:levels - 1]:
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "body: x\nto:\n" + "".join(f"  {ln}\n" for ln in lines)


def test_billion_laughs_data_file_is_refused_at_once_in_bounded_memory(tmp_path):
    template(tmp_path / "tpl", "memo", "{{ to }} {{ body }}")
    data = tmp_path / "lol.yaml"
    data.write_text(billion_laughs(), encoding="utf-8")
    assert data.stat().st_size < 1000
    t0 = time.monotonic()
    r = run_process("generate", "memo", "--template-dir", tmp_path / "tpl", "--data", data,
                    "-o", tmp_path / "out.docx", memory_mb=512, timeout=60)
    out = assert_coded(r, "E502")
    assert time.monotonic() - t0 < 30
    assert "別名" in out and "lol.yaml" in out
    assert not (tmp_path / "out.docx").exists()


# --- 18: integers of more than 4300 digits ---------------------------------------------------


@pytest.mark.parametrize("suffix,line", [(".yaml", "fee: {n}\n"), (".toml", "fee = {n}\n")])
def test_a_5000_digit_integer_is_a_coded_error(tmp_path, suffix, line):
    data = tmp_path / f"big{suffix}"
    data.write_text(line.format(n="9" * 5000), encoding="utf-8")
    r = run("generate", "outsourcing", "--data", data, "-o", tmp_path / "o.docx")
    out = assert_coded(r, "E502")
    assert "100 桁を超える数" in out and "1行目" in out
    r = run("generate", "outsourcing", "--data", data, "-o", tmp_path / "o.docx", "--lang", "en")
    assert "more than 100 digits" in assert_coded(r, "E502")


def test_a_5000_digit_number_written_as_text_is_named_by_field(tmp_path):
    p = write_example(tmp_path, "outsourcing", fee="9" * 5000)
    out = assert_coded(run("generate", "outsourcing", "--data", p, "-o", tmp_path / "o.docx"), "E504")
    assert "「委託料（円、税抜）」（fee）" in out and "桁が多すぎます" in out


def test_a_200_digit_integer_in_toml_is_refused_like_in_yaml(tmp_path):
    data = tmp_path / "d.toml"
    data.write_text("fee = " + "9" * 200 + "\n", encoding="utf-8")
    with pytest.raises(KeiyakuError) as ei:
        load_data(data)
    assert ei.value.code == "E502" and "100 桁" in ei.value.message("ja")


# --- encodings: CP932, BOM, UTF-16, damaged UTF-8 ----------------------------------------------


def as_utf8(tmp_path, text: str) -> dict:
    p = tmp_path / "plain-utf8.yaml"
    p.write_text(text, encoding="utf-8")
    return load_data(p)


def test_a_shift_jis_data_file_is_read_and_said_so(tmp_path):
    text = example("deletion-certificate")
    p = tmp_path / "sjis.yaml"
    p.write_bytes(text.encode("cp932"))
    from keiyaku_lint.generate import read_data

    data, encoding = read_data(p)
    assert encoding == "CP932" and data == as_utf8(tmp_path, text)
    r = run("generate", "deletion-certificate", "--data", p, "-o", tmp_path / "o.docx")
    assert r.exit_code == 0, r.output
    assert "Shift_JIS" in r.output and (tmp_path / "o.docx").is_file()


@pytest.mark.parametrize("encoding,prefix", [("utf-8", b"\xef\xbb\xbf"), ("utf-16", b"")])
def test_bom_data_files_are_read(tmp_path, encoding, prefix):
    text = example("deletion-certificate")
    p = tmp_path / "bom.yaml"
    p.write_bytes(prefix + text.encode(encoding))
    assert load_data(p) == as_utf8(tmp_path, text)
    toml = tmp_path / "bom.toml"
    toml.write_bytes(b"\xef\xbb\xbf" + 'work_title = "運用"\n'.encode())
    assert load_data(toml) == {"work_title": "運用"}


def test_damaged_utf8_is_not_read_as_shift_jis(tmp_path):
    raw = bytearray(example("deletion-certificate").encode("utf-8"))
    i = raw.index("株式会社".encode())
    raw[i + 1] = 0x20  # one damaged byte inside a character
    p = tmp_path / "broken.yaml"
    p.write_bytes(bytes(raw))
    line = raw[:i].count(b"\n") + 1
    r = run("generate", "deletion-certificate", "--data", p, "-o", tmp_path / "o.docx")
    out = assert_coded(r, "E502")
    assert f"{line}行目" in out and "UTF-8" in out and "保存し直して" in out
    assert "YAML / TOML の書式" not in out  # the problem is the encoding, not the syntax


def test_a_word_file_given_as_data_is_named_for_what_it_is(tmp_path):
    blob = render_document(find_template("deletion-certificate"), yaml.safe_load(example("deletion-certificate")))
    p = tmp_path / "data.yaml"
    p.write_bytes(blob)
    out = assert_coded(run("generate", "nda", "--data", p, "-o", tmp_path / "o.docx"), "E502")
    assert "zip" in out


# --- 14: YAML syntax errors in Japanese, with line and column; all problems at once -------------


def test_yaml_syntax_error_is_japanese_with_line_and_column(tmp_path):
    p = tmp_path / "d.yaml"
    p.write_text("work_title: 運用\nclient: [unclosed\n", encoding="utf-8")
    out = assert_coded(run("generate", "deletion-certificate", "--data", p, "-o", tmp_path / "o.docx"), "E502")
    assert re.search(r"\d+行目 \d+文字目", out) and "「[」を閉じる「]」がありません" in out
    out = assert_coded(run("generate", "deletion-certificate", "--data", p, "-o", tmp_path / "o.docx",
                           "--lang", "en"), "E502")
    assert re.search(r"line \d+, column \d+", out) and "行目" not in out


@pytest.mark.parametrize("content,needle", [
    ("client:\n\tname: x\n", "タブ文字"),
    ("work_title: 業務: 運用\n", "「:」は書けません"),
    ("work_title: a\nwork_title: b\n", "2回あります（最初は 1行目）"),
    ("a: " + "[" * 200 + "]" * 200 + "\n", "入れ子が深すぎます"),
    ("x: !!python/object/apply:os.system ['echo hi']\n", "使えないタグ"),
    ("d: !!timestamp 2025-13-45\n", "値を読めません"),
])
def test_yaml_problems_are_explained(tmp_path, content, needle):
    p = tmp_path / "d.yaml"
    p.write_text(content, encoding="utf-8")
    out = assert_coded(run("generate", "deletion-certificate", "--data", p, "-o", tmp_path / "o.docx"), "E502")
    assert needle in out


@pytest.mark.parametrize("content,needle", [
    ('work_title = 運用\n', "1行目"),
    ("a = " + "[" * 3000 + "]" * 3000 + "\n", "入れ子が深すぎます"),
])
def test_toml_problems_are_explained(tmp_path, content, needle):
    p = tmp_path / "d.toml"
    p.write_text(content, encoding="utf-8")
    out = assert_coded(run("generate", "deletion-certificate", "--data", p, "-o", tmp_path / "o.docx"), "E502")
    assert needle in out and "TOML" in out


def test_every_data_problem_is_listed_at_once(tmp_path):
    text = example("outsourcing")
    text = re.sub(r"^work_title:", "work_titel:", text, flags=re.M)
    text = re.sub(r"^fee: .*$", "fee: 360万円", text, flags=re.M)
    text = re.sub(r"^  name: .*\n", "", text, flags=re.M)  # client.name and contractor.name
    p = tmp_path / "d.yaml"
    p.write_text(text, encoding="utf-8")
    out = assert_coded(run("generate", "outsourcing", "--data", p, "-o", tmp_path / "o.docx"), "E525")
    for field in ("「work_titel」", "（client.name）", "（contractor.name）", "「work_title」", "（fee）"):
        assert field in out, field
    assert "「委託者（甲）の名称（商号）」（client.name）" in out and "「委託料（円、税抜）」（fee）" in out
    assert "5 件の問題" in out and "「work_title」（委託する業務の名称）の書き誤り" in out and "d.yaml" in out


def test_yes_is_text_not_true(tmp_path):
    """YAML 1.1 reads `q01: yes` as True ("True は使えません。使える値: yes, no, na")."""
    text = re.sub(r"^  q01: .*$", "  q01: yes", example("self-check"), flags=re.M)
    p = tmp_path / "d.yaml"
    p.write_text(text, encoding="utf-8")
    assert load_data(p)["answers"]["q01"] == "yes"
    r = run("generate", "self-check", "--data", p, "-o", tmp_path / "o.docx")
    assert r.exit_code == 0, r.output


def test_yes_and_no_still_work_for_true_false_fields(tmp_path):
    from keiyaku_lint.generate import TEMPLATES, prepare_context

    text = re.sub(r"^mutual: .*$", "mutual: yes", example("nda"), flags=re.M)
    p = tmp_path / "nda.yaml"
    p.write_text(text, encoding="utf-8")
    assert prepare_context(TEMPLATES["nda"], load_data(p))["mutual"] is True
    annex = yaml.safe_load(example("annex"))
    annex.update(signature="yes")
    annex.pop("agreement_date")
    with pytest.raises(KeiyakuError) as ei:  # yes still makes the date required
        prepare_context(TEMPLATES["annex"], annex)
    assert ei.value.code == "E505" and ei.value.fields["field"] == "agreement_date"


def test_a_number_in_a_text_field_keeps_its_digits(tmp_path):
    text = re.sub(r"^  address: .*$", "  address: 017", example("nda"), count=1, flags=re.M)
    p = tmp_path / "d.yaml"
    p.write_text(text, encoding="utf-8")
    blob = render_document(find_template("nda"), load_data(p))
    d = docx.Document(io.BytesIO(blob))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert any("017" in text for text in cells)  # the signature block's 住所


# --- 22: --data that is not a regular file ----------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_data_from_dev_zero_is_not_a_regular_file(tmp_path):
    r = run_process("generate", "nda", "--data", "/dev/zero", "-o", tmp_path / "o.docx", timeout=30)
    out = assert_coded(r, "E518")
    assert "通常のファイルではありません" in out and "見つかりません" not in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_data_from_a_fifo_does_not_wait_for_a_writer(tmp_path):
    fifo = tmp_path / "data.yaml"
    os.mkfifo(fifo)
    r = run_process("generate", "nda", "--data", fifo, "-o", tmp_path / "o.docx", timeout=30)
    out = assert_coded(r, "E518")
    assert "FIFO" in out
    out = assert_coded(run("generate", "--lint-template", fifo), "E508")
    assert "通常のファイルではありません" in out


def test_data_folder_is_a_coded_error(tmp_path):
    out = assert_coded(run("generate", "nda", "--data", tmp_path, "-o", tmp_path / "o.docx"), "E518")
    assert "フォルダ" in out


# --- 22: templates that loop or allocate without end -----------------------------------------


def test_nested_range_template_stops_quickly(tmp_path):
    template(tmp_path / "tpl", "loop", "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}")
    template(tmp_path / "tpl", "loop2", "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}")
    (tmp_path / "e.yaml").write_text("{}\n", encoding="utf-8")
    for name in ("loop", "loop2"):
        t0 = time.monotonic()
        r = run_process("generate", name, "--template-dir", tmp_path / "tpl", "--data", tmp_path / "e.yaml",
                        "-o", tmp_path / f"{name}.docx", timeout=60)
        out = assert_coded(r, "E522")
        assert time.monotonic() - t0 < 20, name
        assert f"{name}.docx" in out
        assert not (tmp_path / f"{name}.docx").exists()


@pytest.mark.parametrize("text", [
    "{{ 'A' * 3000000000 }}",
    "{{ 'A'|center(3000000000) }}",
    "{{ '%999999999d' % 1 }}",
    "{{ '{:>999999999}'.format('x') }}",
    "{{ 10 ** 10000000 }}",
    "{% set a = 'AAAAAAAA' %}" + "{% set a = a ~ a %}" * 40 + "{{ a|length }}",
    "{% set ns = namespace(x='AAAA') %}{% for i in range(60) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x }}",
    "{% set x %}AAAAAAAAAAAAAAAA{% endset %}" + "{% set x %}{{x}}{{x}}{% endset %}" * 40,
    "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    "{{ ('x'*100000).join(range(10000)|map('string')) }}",
    "{{ ('a'*100000).replace('a', 'b'*100000) }}",
    r"{{ ('\t'*100000).expandtabs(100000) }}",
    "{{ (1).to_bytes(1000000000, 'big') }}",
    "{{ [1]|batch(1000000000, 'x')|list }}",
    "{{ ('a'*100000)|wordwrap(1, true, 'x'*100000) }}",
    "{% for a in 'x'*5000 %}{% for b in 'y'*5000 %}{% endfor %}{% endfor %}",
], ids=lambda t: t[:30])
def test_templates_that_allocate_or_loop_without_end_are_refused(tmp_path, text):
    template(tmp_path / "tpl", "evil", text)
    (tmp_path / "e.yaml").write_text("{}\n", encoding="utf-8")
    t0 = time.monotonic()
    r = run_process("generate", "evil", "--template-dir", tmp_path / "tpl", "--data", tmp_path / "e.yaml",
                    "-o", tmp_path / "o.docx", memory_mb=1024, timeout=60)
    out = assert_coded(r, "E522")
    assert time.monotonic() - t0 < 30
    assert "evil.docx" in out and "MemoryError" not in out
    assert not (tmp_path / "o.docx").exists()


def test_the_a_times_3e9_template_is_refused_in_process_without_allocating(tmp_path):
    template(tmp_path, "evil", "{{ 'A' * 3000000000 }}")
    with pytest.raises(KeiyakuError) as ei:
        generate("evil", {}, tmp_path / "o.docx", template_dir=tmp_path)
    assert ei.value.code == "E522" and "3,000,000,000" in ei.value.message("ja")
    assert "evil.docx" in ei.value.message("en")


def test_globals_of_a_helper_gets_the_sandbox_message(tmp_path):
    for text in ("{{ article.__globals__ }}", "{{ self._TemplateReference__context }}",
                 "{{ cycler.__init__.__globals__.os }}"):
        template(tmp_path, "evil", text)
        out = assert_coded(run("generate", "evil", "--template-dir", tmp_path, "--data",
                               write_example(tmp_path), "-o", tmp_path / "o.docx"), "E514")
        assert "Python の内部" in out and "データで埋まらない" not in out


def test_a_long_running_template_hits_the_deadline(tmp_path, monkeypatch):
    """Each iteration is cheap enough for the counted limits but slow: the
    wall-clock deadline ends it, in the main thread and in another one."""
    from keiyaku_lint.generate import limits

    monkeypatch.setattr(limits, "RENDER_SECONDS", 1.0)
    template(tmp_path, "slow", "{% for i in range(10000) %}{% if ('x'*2000000) in ('y'*2000000) %}{% endif %}{% endfor %}")
    t0 = time.monotonic()
    with pytest.raises(KeiyakuError) as ei:
        generate("slow", {}, tmp_path / "o.docx", template_dir=tmp_path)
    assert ei.value.code == "E521" and "slow.docx" in ei.value.message("ja")
    assert time.monotonic() - t0 < 10
    errors = []

    def in_thread():
        try:
            generate("slow", {}, tmp_path / "o2.docx", template_dir=tmp_path)
        except KeiyakuError as err:
            errors.append(err.code)

    th = threading.Thread(target=in_thread)
    th.start()
    th.join(30)
    assert errors == ["E521"]


@pytest.mark.skipif(not hasattr(__import__("signal"), "setitimer"), reason="no SIGALRM here")
def test_the_hard_deadline_interrupts_a_regular_expression():
    """docxtpl preprocesses the template XML with regular expressions; the
    POSIX deadline stops even those."""
    from keiyaku_lint.generate import limits

    t0 = time.monotonic()
    with pytest.raises(KeiyakuError) as ei:
        with limits.limited("slow.docx", seconds=0.5):
            re.match(r"(a+)+$", "a" * 40 + "b")
    assert ei.value.code == "E521" and time.monotonic() - t0 < 5


def test_a_tag_left_open_in_a_large_template_is_refused_quickly(tmp_path):
    """docxtpl's preprocessing scans from each unclosed tag to the end of the
    document: minutes on a few hundred KB."""
    template(tmp_path, "open", *["{{ a " for _ in range(8000)])
    template(tmp_path, "stray", "-%}" * 20000)
    for name in ("open", "stray"):
        t0 = time.monotonic()
        with pytest.raises(KeiyakuError) as ei:
            generate(name, {"a": 1}, tmp_path / "o.docx", template_dir=tmp_path)
        assert ei.value.code == "E510", name
        assert time.monotonic() - t0 < 5


def test_a_zip_bomb_template_is_refused_before_it_is_read(tmp_path):
    good = template(tmp_path, "x", "{{ a }}")
    bomb = tmp_path / "bomb" / "bomb.docx"
    bomb.parent.mkdir()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b" " * (20 << 20) + b"</w:body>")
            dst.writestr(info.filename, data)
    assert bomb.stat().st_size < 200_000
    with pytest.raises(KeiyakuError) as ei:
        generate("bomb", {"a": 1}, tmp_path / "o.docx", template_dir=bomb.parent)
    assert ei.value.code == "E508" and "word/document.xml" in ei.value.message("ja")


def test_lint_template_balance_check_is_linear():
    """--lint-template's tag balance check sliced the paragraph once per tag:
    quadratic (200,000 tags took 11 s, 400,000 about 45 s)."""
    from keiyaku_lint.generate.lint_template import _balance

    t0 = time.monotonic()
    assert _balance("{{ a }}" * 400_000) is None
    assert _balance("{{ a }}" * 1000 + "{{ b") == "{{ b"
    assert time.monotonic() - t0 < 5


# --- 22: a huge repetitive value ----------------------------------------------------------


def test_a_huge_value_is_refused_by_field_name(tmp_path):
    p = write_example(tmp_path, "outsourcing", work_description="顧客管理システムの運用監視\n" * 20000)
    out = assert_coded(run("generate", "outsourcing", "--data", p, "-o", tmp_path / "o.docx"), "E504")
    assert "（work_description）" in out and "長すぎます" in out and "100,000" in out
    assert "keiyaku-gen-" not in out and "zip" not in out


def test_a_template_that_repeats_a_value_into_a_zip_bomb_says_so_without_a_temp_path(tmp_path):
    template(tmp_path / "tpl", "rep", "{% for i in range(3000) %}{{ body }}{% endfor %}")
    p = tmp_path / "d.yaml"
    p.write_text("body: " + "あ" * 2000 + "\n", encoding="utf-8")
    out = assert_coded(run("generate", "rep", "--template-dir", tmp_path / "tpl", "--data", p,
                           "-o", tmp_path / "o.docx"), "E523")
    assert "「body」" in out and "keiyaku-lint check" in out
    assert "keiyaku-gen-" not in out and str(Path(os.environ.get("TMPDIR", "/tmp"))) + "/" not in out


def test_self_check_errors_do_not_show_the_temp_path():
    from keiyaku_lint.generate import self_check

    with pytest.raises(KeiyakuError) as ei:
        self_check(b"PK\x03\x04 not really a docx", "outsourcing", name="契約書.docx")
    for lang in ("ja", "en"):
        msg = ei.value.message(lang)
        assert ei.value.code == "E516" and "keiyaku-gen-" not in msg and "契約書.docx" in msg, msg


# --- the output: extension, inputs, streams -------------------------------------------------


@pytest.mark.parametrize("name", ["契約書.pdf", "out.doc", "out", "out.docx.txt"])
def test_an_output_that_is_not_docx_is_refused(tmp_path, name):
    out = assert_coded(run("generate", "deletion-certificate", "--data", write_example(tmp_path),
                           "-o", tmp_path / name), "E519")
    assert ".docx" in out and not (tmp_path / name).exists()
    if name.endswith(".pdf"):
        assert "PDF として保存" in out


def test_the_upper_case_extension_is_fine(tmp_path):
    r = run("generate", "deletion-certificate", "--data", write_example(tmp_path), "-o", tmp_path / "O.DOCX")
    assert r.exit_code == 0, r.output


def test_the_output_is_never_an_input_even_with_force(tmp_path):
    data = write_example(tmp_path)
    before = data.read_bytes()
    out = assert_coded(run("generate", "deletion-certificate", "--data", data, "-o", data, "--force"), "E520")
    assert "データファイル" in out and data.read_bytes() == before
    link = tmp_path / "link.docx"
    link.symlink_to(data) if POSIX else None
    if POSIX:
        assert_coded(run("generate", "deletion-certificate", "--data", data, "-o", link, "--force"), "E520")
    tpl = template(tmp_path / "tpl", "deletion-certificate", "{{ report_date }}")
    tpl_bytes = tpl.read_bytes()
    out = assert_coded(run("generate", "deletion-certificate", "--template-dir", tmp_path / "tpl", "--data", data,
                           "-o", tpl, "--force"), "E520")
    assert "テンプレート" in out and tpl.read_bytes() == tpl_bytes
    with pytest.raises(KeiyakuError) as ei:
        generate("deletion-certificate", yaml.safe_load(example("deletion-certificate")), tpl, force=True,
                 template_dir=tmp_path / "tpl")
    assert ei.value.code == "E520"


def test_an_output_folder_and_a_missing_folder_are_coded(tmp_path):
    data = write_example(tmp_path)
    out = assert_coded(run("generate", "deletion-certificate", "--data", data, "-o", tmp_path), "E513")
    assert "フォルダ" in out
    assert_coded(run("generate", "deletion-certificate", "--data", data, "-o", tmp_path / "no" / "o.docx"), "E513")


def test_a_long_output_name_is_not_refused_because_of_the_temp_name(tmp_path):
    name = "契" * 80 + ".docx"  # 245 bytes: fits, but not with a temp prefix made of it
    r = run("generate", "deletion-certificate", "--data", write_example(tmp_path), "-o", tmp_path / name)
    assert r.exit_code == 0, r.output
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".docx"] == [name]


@pytest.mark.skipif(not POSIX, reason="POSIX devices")
def test_dev_stdout_and_dash_write_the_docx_directly(tmp_path):
    # Stand-ins in tmp_path for /dev/stdout and /dev/null (links to what they link to), so that
    # running this test on an old version, which renamed a temp file onto the target and as
    # root could replace the machine's own device nodes, never harms the machine.
    data = write_example(tmp_path)
    dev = tmp_path / "dev"
    dev.mkdir()
    os.symlink("/proc/self/fd/1", dev / "stdout")
    os.symlink("/dev/null", dev / "null")
    for target in ("-", dev / "stdout"):
        with open(tmp_path / "piped.docx", "wb") as fh:
            r = run_process("generate", "deletion-certificate", "--data", data, "-o", target, stdout=fh)
        assert r.returncode == 0, r.stderr.decode()
        assert zipfile.is_zipfile(tmp_path / "piped.docx")
        assert "Traceback" not in r.stderr.decode()
    assert (dev / "stdout").is_symlink()
    r = run_process("generate", "deletion-certificate", "--data", data, "-o", dev / "null")
    assert r.returncode == 0 and (dev / "null").is_symlink() and Path("/dev/null").is_char_device()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_output_without_reader_is_refused_not_waited_for(tmp_path):
    fifo = tmp_path / "out.docx"
    os.mkfifo(fifo)
    r = run_process("generate", "deletion-certificate", "--data", write_example(tmp_path), "-o", fifo, timeout=30)
    assert_coded(r, "E513")


@pytest.mark.skipif(not POSIX, reason="needs a pseudo-terminal")
def test_a_terminal_never_gets_the_binary_docx(tmp_path):
    import pty
    import select

    data = write_example(tmp_path)
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.environ["PYTHONPATH"] = str(SRC)
        os.execv(sys.executable, [sys.executable, "-m", "keiyaku_lint", "generate", "deletion-certificate",
                                  "--data", str(data), "-o", "-"])
    out = b""
    while True:
        r, _, _ = select.select([fd], [], [], 60)
        if not r:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 2
    assert b"[E527]" in out and b"PK\x03\x04" not in out


# --- --example ------------------------------------------------------------------------------------


def test_example_under_a_cp932_console_is_written_and_read_back(tmp_path):
    with open(tmp_path / "案件.yaml", "wb") as fh:
        r = run_process("generate", "outsourcing", "--example", stdout=fh, env={"PYTHONIOENCODING": "cp932"})
    assert r.returncode == 0, r.stderr.decode()
    raw = (tmp_path / "案件.yaml").read_bytes()
    assert yaml.safe_load(raw.decode("cp932")) == yaml.safe_load(example("outsourcing"))
    r = run_process("generate", "outsourcing", "--data", tmp_path / "案件.yaml", "-o", tmp_path / "o.docx",
                    memory_mb=8192, timeout=300)
    assert r.returncode == 0, r.stderr.decode()


def test_every_example_can_be_printed_in_cp932():
    from keiyaku_lint.generate import TEMPLATES

    for name in TEMPLATES:
        for lang in ("ja", "en"):
            example(name, lang).encode("cp932")


def test_example_o_writes_utf8_and_respects_force_and_extension(tmp_path):
    target = tmp_path / "記入例.yaml"
    r = run("generate", "nda", "--example", "-o", target)
    assert r.exit_code == 0, r.output
    assert yaml.safe_load(target.read_bytes().decode("utf-8")) == yaml.safe_load(example("nda"))
    assert_coded(run("generate", "nda", "--example", "-o", target), "E507")
    assert run("generate", "nda", "--example", "-o", target, "--force").exit_code == 0
    assert_coded(run("generate", "nda", "--example", "-o", tmp_path / "x.toml"), "E519")


def test_example_that_stdout_cannot_encode_says_use_o(monkeypatch):
    from keiyaku_lint.generate import files

    monkeypatch.setattr(files, "stdout_encoding", lambda: "ascii")
    out = assert_coded(run("generate", "nda", "--example"), "E524")
    assert "-o" in out and "UTF-8" in out


# --- the last resort -------------------------------------------------------------------------


@pytest.mark.parametrize("exc", [RuntimeError("boom"), MemoryError(), RecursionError("deep")])
def test_an_unexpected_exception_is_a_coded_error_naming_the_files(tmp_path, monkeypatch, exc):
    import keiyaku_lint.generate as gen

    def broken(*a, **k):
        raise exc

    monkeypatch.setattr(gen, "render_document", broken)
    data = write_example(tmp_path)
    out = assert_coded(run("generate", "deletion-certificate", "--data", data, "-o", tmp_path / "o.docx"), "E526")
    assert "deletion-certificate" in out and data.name in out
    assert not (tmp_path / "o.docx").exists()
    out = assert_coded(run("generate", "deletion-certificate", "--data", data, "-o", tmp_path / "o.docx",
                           "--lang", "en"), "E526")
    assert "unexpected" in out


def test_a_control_character_in_a_path_cannot_forge_output(tmp_path):
    data = write_example(tmp_path)
    name = tmp_path / "a\nkeiyaku-lint: fake.docx"
    r = run("generate", "deletion-certificate", "--data", data, "-o", name)
    assert r.exit_code == 0, r.output
    assert "\\n" in r.output and "\nkeiyaku-lint: fake" not in r.output


def test_document_properties_are_not_escaped_twice(tmp_path):
    """docxtpl renders the title, author... through the same environment;
    python-docx escapes them again, so "A&B" used to become "A&amp;B"."""
    d = docx.Document()
    d.add_paragraph("{{ name }}")
    d.core_properties.title = "{{ name }}：{{ 'x' * 3 }}"
    d.core_properties.author = "{{ name }}"
    d.save(tmp_path / "props.docx")
    res = generate("props", {"name": "A&B <株式会社> \"{{ y }}\""}, tmp_path / "o.docx", template_dir=tmp_path)
    out = docx.Document(res.path)
    assert out.core_properties.title == 'A&B <株式会社> "{{ y }}"：xxx'
    assert out.core_properties.author == 'A&B <株式会社> "{{ y }}"'
    assert out.paragraphs[0].text == 'A&B <株式会社> "{{ y }}"'
    d.core_properties.title = "{{ 'A' * 3000000000 }}"  # the limits apply there too
    d.save(tmp_path / "props.docx")
    with pytest.raises(KeiyakuError) as ei:
        generate("props", {"name": "x"}, tmp_path / "o2.docx", template_dir=tmp_path)
    assert ei.value.code == "E522"
