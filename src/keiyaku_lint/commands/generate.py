"""``keiyaku-lint generate``: contracts and paperwork from DOCX templates.

    keiyaku-lint generate --list
    keiyaku-lint generate TEMPLATE --example > data.yaml
    keiyaku-lint generate TEMPLATE --data data.yaml --output out.docx [--strict] [--force]
    keiyaku-lint generate [TEMPLATE] --lint-template my.docx

Exit codes: 0 written (or listed / printed); 1 the generated contract failed
its own check (E511: nothing written) or --lint-template found problems
(E517); 2 the tool could not do its job: bad data or template, an existing
output without --force, unreadable files (E5xx).
"""
from __future__ import annotations

import sys

import click

from keiyaku_lint.errors import KeiyakuError, format_error

LANGS = ("ja", "en")


def _fail(err: KeiyakuError, lang: str, code: int = 2):
    click.echo(format_error(err, lang), err=True)
    sys.exit(code)


@click.command("generate", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("template", required=False)
@click.option("--data", "data_path", type=click.Path(dir_okay=False),
              help="記入データ（YAML / TOML） / the data file (YAML or TOML)")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="出力する DOCX / the DOCX to write")
@click.option("--strict", is_flag=True, help="厳格な文言にする / use the strict wording")
@click.option("--force", is_flag=True, help="既存の出力ファイルを上書きする / overwrite an existing output")
@click.option("--lang", type=click.Choice(LANGS), default="ja", help="メッセージの言語 / message language")
@click.option("--template-dir", type=click.Path(file_okay=False),
              help="自社テンプレートのフォルダ（NAME.docx） / folder of your own templates (NAME.docx)")
@click.option("--example", is_flag=True, help="記入例のデータファイル（YAML）を表示する / print a filled example data file")
@click.option("--list", "list_", is_flag=True, help="テンプレートの一覧 / list the templates")
@click.option("--lint-template", "lint_path", type=click.Path(dir_okay=False),
              help="テンプレートを使う前に検査する / check a template before use")
def generate(template, data_path, output, strict, force, lang, template_dir, example, list_, lint_path):
    """テンプレートから契約書・特記事項・削除証明書・評価シート等を作成します。

    契約書（outsourcing / annex / nda）は、書き出す前に自分の出力を check と同じ
    検査にかけ、必須条項が欠けていれば書き出しません（終了コード1）。
    データの誤りやテンプレートの誤りは終了コード2です。

    Generate contracts and paperwork from DOCX templates. A generated contract
    is checked like `check` before it is written; if a clause of its profile
    is missing or weak nothing is written and the exit code is 1. Bad data or
    templates exit with 2.

    Values are always inserted as text: {{ }}, {% %}, < and & show literally;
    a newline is refused in one-line fields and becomes a line break in
    multi-line (text) fields; control characters become U+FFFD.
    """
    from keiyaku_lint import generate as gen

    try:
        if list_:
            _list(gen, template_dir, lang)
            return
        if lint_path:
            _lint_template(lint_path, template, lang)
            return
        if not template:
            raise click.UsageError("TEMPLATE を指定してください（--list で一覧） / give a TEMPLATE (see --list)")
        if example:
            found = gen.find_template(template, template_dir)
            if found.spec is None:
                raise KeiyakuError("E503", name=template, known=", ".join(gen.TEMPLATES))
            click.echo(gen.example(found.spec.name, lang), nl=False)
            return
        if not output:
            raise click.UsageError("--output を指定してください / give --output OUT.docx")
        found = gen.find_template(template, template_dir)
        if data_path:
            data = gen.load_data(data_path)
        elif sys.stdin.isatty() and found.spec is not None:
            data = _prompt(found.spec, lang)
        else:
            raise KeiyakuError("E515")
        result = gen.generate(template, data, output, strict=strict, force=force, template_dir=template_dir)
    except KeiyakuError as err:
        _fail(err, lang, 1 if err.code == "E511" else 2)
    checked = ""
    if result.lint is not None:
        n = len(result.lint.clauses)
        checked = (f" (checked: {n}/{n} clauses present, profile {result.lint.profile})" if lang == "en"
                   else f"（検査: {result.lint.profile} プロファイルの {n} 条項すべて記載あり）")
    click.echo(f"wrote {result.path}{checked}" if lang == "en" else f"{result.path} を作成しました{checked}。")


def _list(gen, template_dir, lang):
    rows = gen.list_templates(template_dir)
    width = max(len(f.name) for f in rows)
    for f in rows:
        title = f.spec.title(lang) if f.spec else ("custom template" if lang == "en" else "自社テンプレート")
        check = ""
        if f.spec and f.spec.profile:
            check = f"  [check: {f.spec.profile}]" if lang == "en" else f"  [検査: {f.spec.profile}]"
        src = f"  ({f.path})" if f.custom else ""
        click.echo(f"{f.name.ljust(width)}  {title}{check}{src}")


def _lint_template(path, name, lang):
    from keiyaku_lint.generate.lint_template import lint_template

    problems = lint_template(path, name, lang)
    if not problems:
        click.echo(f"{path}: no problems" if lang == "en" else f"{path}: 問題はありません。")
        return
    for p in problems:
        click.echo(f"{path}: [{p.kind}] {p.where}: {p.message(lang)}")
    _fail(KeiyakuError("E517", path=str(path), count=len(problems)), lang, 1)


def _prompt(spec, lang):
    """Ask for the required fields on a terminal; the rest take defaults."""
    from keiyaku_lint.generate.schema import _set, validate

    data: dict = {}
    head = (f"{spec.title(lang)}: enter the required fields (Ctrl+C to stop)" if lang == "en"
            else f"{spec.title(lang)}: 必須項目を入力してください（中止は Ctrl+C）")
    click.echo(head, err=True)
    for f in spec.schema:
        if not f.required:
            continue
        label = f"{f.name} — {f.description(lang)}"
        if f.type == "list" and f.item:
            entry = {}
            click.echo(label + (" (one entry)" if lang == "en" else "（1件目）"), err=True)
            for sub in f.item:
                if sub.required:
                    entry[sub.name] = _ask(sub, f"  {sub.name} — {sub.description(lang)}", prefix=f.name + "[0].")
            _set(data, f.name, [entry])
        elif f.type == "list":
            v = click.prompt(label + f" ({', '.join(f.choices)}; comma-separated)", err=True)
            _set(data, f.name, [x.strip() for x in v.split(",") if x.strip()])
        else:
            _set(data, f.name, _ask(f, label))
    validate(spec.schema, data)  # report a bad answer by field name
    return data


def _ask(f, label, prefix=""):
    from keiyaku_lint.generate.schema import _check_value

    while True:
        if f.type == "choice":
            raw = click.prompt(label, type=click.Choice([str(c) for c in f.choices]), err=True)
        elif f.type == "int":
            raw = click.prompt(label, type=int, err=True)
        elif f.type == "bool":
            raw = click.confirm(label, err=True)
        else:
            raw = click.prompt(label + (" (2025-04-01)" if f.type == "date" else ""), err=True)
        try:
            _check_value(f, prefix + f.name, raw)
            return raw
        except KeiyakuError as err:
            click.echo(format_error(err), err=True)
