"""``keiyaku-lint generate``: contracts and paperwork from DOCX templates.

    keiyaku-lint generate --list
    keiyaku-lint generate TEMPLATE --example [-o data.yaml]
    keiyaku-lint generate TEMPLATE --data data.yaml --output out.docx [--strict] [--force]
    keiyaku-lint generate [TEMPLATE] --lint-template my.docx

Exit codes: 0 written (or listed / printed); 1 the generated contract failed
its own check (E511: nothing written) or --lint-template found problems
(E517); 2 the tool could not do its job: bad data or template, an existing
output without --force, unreadable files (E5xx). Any other failure is caught
here too (E526, exit 2): never a traceback.

Output: ``-o FILE.docx`` (refused: another extension (E519), an input file
(E520), an existing file without --force (E507)); ``-o -`` or a pipe /
device writes the DOCX there directly (never to a terminal, E527) and the
"written" line goes to standard error.

``--example`` prints the example data file in the encoding of standard
output (so ``> data.yaml`` on Japanese Windows gives a CP932 file, which
--data reads); if that encoding cannot show it, E524 says to use
``--example -o data.yaml``, which always writes UTF-8.
"""
from __future__ import annotations

import sys

import click

from keiyaku_lint.errors import Bi, KeiyakuError, format_error

LANGS = ("ja", "en")

# data errors that name a field (the data file is named in the line after them)
_DATA_CODES = {"E504", "E505", "E506", "E525"}


def _fail(err: KeiyakuError, lang: str, code: int = 2):
    click.echo(format_error(err, lang), err=True)
    sys.exit(code)


@click.command("generate", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("template", required=False)
@click.option("--data", "data_path", type=click.Path(),
              help="記入データ（YAML / TOML） / the data file (YAML or TOML)")
@click.option("--output", "-o", type=click.Path(allow_dash=True),
              help="出力する DOCX（--example では YAML） / the DOCX to write (the YAML with --example)")
@click.option("--strict", is_flag=True, help="厳格な文言にする / use the strict wording")
@click.option("--force", is_flag=True, help="既存の出力ファイルを上書きする / overwrite an existing output")
@click.option("--lang", type=click.Choice(LANGS), default="ja", help="メッセージの言語 / message language")
@click.option("--template-dir", type=click.Path(),
              help="自社テンプレートのフォルダ（NAME.docx） / folder of your own templates (NAME.docx)")
@click.option("--example", is_flag=True,
              help="記入例のデータファイル（YAML）を表示する。-o で UTF-8 のファイルに保存 / print a filled "
                   "example data file (YAML); -o saves it as a UTF-8 file")
@click.option("--list", "list_", is_flag=True, help="テンプレートの一覧 / list the templates")
@click.option("--lint-template", "lint_path", type=click.Path(),
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
    try:
        _run(template, data_path, output, strict, force, lang, template_dir, example, list_, lint_path)
    except KeiyakuError as err:
        if err.code in _DATA_CODES and data_path:
            from keiyaku_lint.generate.files import shown

            click.echo(format_error(err, lang), err=True)
            click.echo(f"  (data file: {shown(data_path)})" if lang == "en"
                       else f"  （データファイル: {shown(data_path)}）", err=True)
            sys.exit(2)
        _fail(err, lang, 1 if err.code in ("E511", "E517") else 2)
    except (click.exceptions.ClickException, click.exceptions.Abort, click.exceptions.Exit,
            KeyboardInterrupt, EOFError, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # the last resort: a coded error, never a traceback
        _fail(_unexpected(exc, template, data_path, template_dir, lint_path), lang, 2)


def _unexpected(exc: BaseException, template, data_path, template_dir, lint_path) -> KeiyakuError:
    from keiyaku_lint.generate.files import shown

    parts_ja, parts_en = [], []
    if lint_path:
        parts_ja.append(f"テンプレート {shown(lint_path)}")
        parts_en.append(f"template {shown(lint_path)}")
    elif template:
        where = f"{shown(template)}" + (f"（{shown(template_dir)}）" if template_dir else "")
        parts_ja.append(f"テンプレート {where}")
        parts_en.append(f"template {shown(template)}" + (f" ({shown(template_dir)})" if template_dir else ""))
    if data_path:
        parts_ja.append(f"データファイル {shown(data_path)}")
        parts_en.append(f"data file {shown(data_path)}")
    what = Bi("、".join(parts_ja) or "generate", ", ".join(parts_en) or "generate")
    if isinstance(exc, MemoryError):
        reason = Bi("メモリが足りません", "out of memory")
    elif isinstance(exc, RecursionError):
        reason = Bi("入れ子や再帰が深すぎます", "too deeply nested or recursive")
    else:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        text = shown(text[:300])
        reason = Bi(text, text)
    return KeiyakuError("E526", what=what, reason=reason)


def _run(template, data_path, output, strict, force, lang, template_dir, example, list_, lint_path):
    from keiyaku_lint import generate as gen
    from keiyaku_lint.generate.files import check_output, shown

    if list_:
        _list(gen, template_dir, lang)
        return
    if lint_path:
        _lint_template(lint_path, template, lang)
        return
    if not template:
        raise click.UsageError("TEMPLATE を指定してください（--list で一覧） / give a TEMPLATE (see --list)")
    if example:
        _example(gen, template, template_dir, output, force, lang)
        return
    if not output:
        raise click.UsageError("--output を指定してください / give --output OUT.docx")
    found = gen.find_template(template, template_dir)
    inputs = [data_path] if data_path else []
    # the output's problems first: before reading data or asking questions
    check_output(output, suffixes=(".docx",), what=gen.DOCX_WHAT, force=force,
                 inputs=[(Bi("データファイル", "data file"), p) for p in inputs]
                 + [(Bi("テンプレート", "template"), found.path)])
    encoding = "UTF-8"
    if data_path:
        data, encoding = gen.read_data(data_path)
    elif sys.stdin is not None and sys.stdin.isatty() and found.spec is not None:
        data = _prompt(found.spec, lang)
    else:
        raise KeiyakuError("E515")
    result = gen.generate(template, data, output, strict=strict, force=force, template_dir=template_dir,
                          inputs=inputs)
    notes_ja, notes_en = [], []
    if result.lint is not None:
        n = len(result.lint.clauses)
        notes_en.append(f"checked: {n}/{n} clauses present, profile {result.lint.profile}")
        notes_ja.append(f"検査: {result.lint.profile} プロファイルの {n} 条項すべて記載あり")
    if encoding in ("CP932", "UTF-16"):
        name = "Shift_JIS (CP932)" if encoding == "CP932" else encoding
        notes_en.append(f"the data file was read as {name}")
        notes_ja.append(f"データファイルは {name} として読みました")
    where = shown(result.path)
    if lang == "en":
        what = "the DOCX to standard output" if where == "-" else where
        click.echo(f"wrote {what}" + (f" ({'; '.join(notes_en)})" if notes_en else ""), err=result.stream)
    else:
        what = "標準出力に DOCX を書きました" if where == "-" else f"{where} を作成しました"
        click.echo(what + (f"（{'。'.join(notes_ja)}）" if notes_ja else "") + "。", err=result.stream)


def _example(gen, template, template_dir, output, force, lang):
    from keiyaku_lint.generate.files import check_output, shown, stdout_encoding, write_output

    found = gen.find_template(template, template_dir)
    if found.spec is None:
        raise KeiyakuError("E503", name=shown(template), known=", ".join(gen.TEMPLATES))
    text = gen.example(found.spec.name, lang)
    target = None
    if output:
        target = check_output(output, suffixes=(".yaml", ".yml"),
                              what=Bi("記入例は YAML ファイルな", "The example is a YAML file"), force=force,
                              inputs=[(Bi("テンプレート", "template"), found.path)])
    if target is None or target.kind == "stdout":
        encoding = stdout_encoding()
        try:
            text.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            raise KeiyakuError("E524", encoding=encoding) from None
        click.echo(text, nl=False)
        return
    write_output(text.encode("utf-8"), target, force, allow_tty=True)
    where = shown(target.path)
    click.echo(f"wrote the example data file {where} (UTF-8)" if lang == "en"
               else f"記入例のデータファイル {where} を書きました（UTF-8）。", err=target.is_stream)


def _list(gen, template_dir, lang):
    from keiyaku_lint.generate.files import shown

    rows = gen.list_templates(template_dir)
    width = max(len(f.name) for f in rows)
    for f in rows:
        title = f.spec.title(lang) if f.spec else ("custom template" if lang == "en" else "自社テンプレート")
        check = ""
        if f.spec and f.spec.profile:
            check = f"  [check: {f.spec.profile}]" if lang == "en" else f"  [検査: {f.spec.profile}]"
        src = f"  ({shown(f.path)})" if f.custom else ""
        click.echo(f"{f.name.ljust(width)}  {title}{check}{src}")


def _lint_template(path, name, lang):
    from keiyaku_lint.generate.files import shown
    from keiyaku_lint.generate.lint_template import lint_template

    problems = lint_template(path, name, lang)
    where = shown(path)
    if not problems:
        click.echo(f"{where}: no problems" if lang == "en" else f"{where}: 問題はありません。")
        return
    for p in problems:
        click.echo(f"{where}: [{p.kind}] {p.where}: {p.message(lang)}")
    _fail(KeiyakuError("E517", path=where, count=len(problems)), lang, 1)


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
        label = f"{f.name} - {f.description(lang)}"
        if f.type == "list" and f.item:
            entry = {}
            click.echo(label + (" (one entry)" if lang == "en" else "（1件目）"), err=True)
            for sub in f.item:
                if sub.required:
                    entry[sub.name] = _ask(sub, f"  {sub.name} - {sub.description(lang)}", lang,
                                           prefix=f.name + "[0].")
            _set(data, f.name, [entry])
        elif f.type == "list":
            v = click.prompt(label + f" ({', '.join(f.choices)}; comma-separated)", err=True)
            _set(data, f.name, [x.strip() for x in v.split(",") if x.strip()])
        else:
            _set(data, f.name, _ask(f, label, lang))
    validate(spec.schema, data)  # report a bad answer by field name
    return data


def _ask(f, label, lang="ja", prefix=""):
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
            click.echo(format_error(err, lang), err=True)
