"""``keiyaku-lint generate``: contracts and paperwork from DOCX templates.

    keiyaku-lint generate --list
    keiyaku-lint generate TEMPLATE --example [-o data.yaml]
    keiyaku-lint generate TEMPLATE --data data.yaml --output out.docx [--strict] [--force]
    keiyaku-lint generate TEMPLATE --output out.docx [--save-data answers.yaml]   (asks, on a terminal)
    keiyaku-lint generate TEMPLATE --blank --output form.docx     (a blank 様式 to fill in by hand)
    keiyaku-lint generate [TEMPLATE] --lint-template my.docx

Interactive mode: without --data, on a terminal (or with --interactive), it
asks for the fields one by one in Japanese (the field's label, an example,
the choices numbered), accepts what a data file accepts (和暦, 電子契約,
はい), says what is wrong and asks again; --save-data writes the answers as a
data file to reuse with --data.

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
@click.option("--lang", type=click.Choice(LANGS), default=None, help="メッセージの言語 / message language")
@click.option("--template-dir", type=click.Path(),
              help="自社テンプレートのフォルダ（NAME.docx） / folder of your own templates (NAME.docx)")
@click.option("--example", is_flag=True,
              help="記入例のデータファイル（YAML）を表示する。-o で UTF-8 のファイルに保存 / print a filled "
                   "example data file (YAML); -o saves it as a UTF-8 file")
@click.option("--list", "list_", is_flag=True, help="テンプレートの一覧 / list the templates")
@click.option("--lint-template", "lint_path", type=click.Path(),
              help="テンプレートを使う前に検査する / check a template before use")
@click.option("--blank", is_flag=True,
              help="記入用の空欄の様式を作る（deletion-certificate / self-check / vendor-assessment） / "
                   "a blank form to fill in by hand")
@click.option("--interactive", "-i", is_flag=True,
              help="項目を1つずつ質問して入力する（--data がなく端末から実行すると自動で質問します） / "
                   "ask for the fields one by one")
@click.option("--save-data", "save_path", type=click.Path(dir_okay=False),
              help="対話で入力した内容をデータファイル（YAML）に保存する / save the answers as a data file")
def generate(template, data_path, output, strict, force, lang, template_dir, example, list_, lint_path,
             blank, interactive, save_path):
    """テンプレートから契約書・特記事項・削除証明書・評価シート等を作成します。

    契約書（outsourcing / annex / nda）は、書き出す前に自分の出力を check と同じ
    検査にかけ、必須条項が欠けていれば書き出しません（終了コード1）。
    データの誤りやテンプレートの誤りは終了コード2です。

    \b
    データファイルがなくても作れます:
      keiyaku-lint generate nda -o 秘密保持契約書.docx        （端末で1項目ずつ質問します）
      keiyaku-lint generate nda -o 秘密保持契約書.docx --save-data nda.yaml   （答えを保存して再利用）
      keiyaku-lint generate deletion-certificate --blank -o 削除証明書_様式.docx   （空欄の様式）
    データファイルの日付は 令和7年4月1日 / R7.4.1 / 2025-04-01、選択肢は日本語（電子契約 など）でも、
    はい / いいえ でも書けます。

    Generate contracts and paperwork from DOCX templates. A generated contract
    is checked like `check` before it is written; if a clause of its profile
    is missing or weak nothing is written and the exit code is 1. Bad data or
    templates exit with 2. Without --data, on a terminal (or with -i), it asks
    for the fields one by one; --save-data keeps the answers for --data.

    Values are always inserted as text: {{ }}, {% %}, < and & show literally;
    a newline is refused in one-line fields and becomes a line break in
    multi-line (text) fields; control characters become U+FFFD.
    """
    from keiyaku_lint.config import env_lang

    lang = lang or env_lang()
    try:
        _run(template, data_path, output, strict, force, lang, template_dir, example, list_, lint_path,
             blank, interactive, save_path)
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


def _run(template, data_path, output, strict, force, lang, template_dir, example, list_, lint_path,
         blank=False, interactive=False, save_path=None):
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
    from keiyaku_lint.generate.specs import supports_blank

    if blank and not supports_blank(found.spec):
        blank_ok = ", ".join(n for n, sp in gen.TEMPLATES.items() if supports_blank(sp))
        raise click.UsageError(f"--blank works for {blank_ok} only" if lang == "en"
                               else f"--blank で空欄の様式を作れるのは {blank_ok} です")
    if save_path:
        check_output(save_path, suffixes=(".yaml", ".yml"), what=Bi("データファイルは YAML ファイルな", "A data file is YAML"),
                     force=force, inputs=[(Bi("データファイル", "data file"), p) for p in inputs]
                     + [(Bi("出力", "output"), output)])
    encoding = "UTF-8"
    asked = False
    if data_path:
        data, encoding = gen.read_data(data_path)
    elif blank:
        data = {}
    elif found.spec is not None and (interactive or (sys.stdin is not None and sys.stdin.isatty())):
        data = _prompt(found.spec, lang)
        asked = True
    else:
        raise KeiyakuError("E515")
    if blank:
        data = {**data, "blank": True}
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
    for line in _signing_notes(found.spec, data, lang):
        click.echo(line, err=result.stream)
    if asked and save_path:
        _save_answers(data, save_path, force, lang)
    elif asked:
        click.echo("  (--save-data FILE.yaml keeps these answers for --data)" if lang == "en"
                   else "  （--save-data 入力.yaml を付けると、答えを --data で再利用できるファイルに保存します）",
                   err=True)


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


# --- after writing: what to do with a paper or an electronic contract -------------------


def _signing_notes(spec, data: dict, lang: str) -> list:
    """For a contract: what is left to do on paper (収入印紙, 契印・割印) or
    that an electronic contract needs neither."""
    if spec is None or not spec.profile:
        return []
    from keiyaku_lint.generate.schema import UNSET, _get
    from keiyaku_lint.generate.specs import SIGNING_CHOICES

    field = next((f for f in spec.schema if f.name == "signing"), None)
    if field is None:
        return []
    raw = _get(data, "signing")
    signing = field.resolve_choice(raw) if raw is not UNSET and raw not in (None, "") else field.default
    from keiyaku_lint.generate.schema import bool_word

    sig = data.get("signature", True)
    if spec.name == "annex" and (sig is False or bool_word(sig) is False):
        return []
    if signing == SIGNING_CHOICES[1]:
        return ["  (electronic contract: no revenue stamp, no 契印 or 割印; sign it with your e-contract service)"
                if lang == "en" else
                "  電子契約: 収入印紙・契印・割印は不要です。電子契約サービスで両当事者が電子署名してください。"]
    lines = ["  (on paper: print two copies, sign and seal both; 契印 across the pages of each copy, 割印 across the "
             "two copies)" if lang == "en" else
             "  書面で締結するときは: 2通印刷して記名押印し、各通のページの綴じ目に契印、2通にまたがって割印をします。"]
    if spec.name == "outsourcing":
        lines.append("  (revenue stamp: whether it is taxable depends on its content, e.g. 請負 or a basic contract "
                     "for continuing transactions; ask your tax adviser)" if lang == "en" else
                     "  収入印紙: 印紙税の課税文書に当たるか（請負に関する契約書、継続的取引の基本となる契約書など）は"
                     "契約の内容で決まります。当たる場合は所定の印紙を1ページ目の枠に貼り、消印してください。")
    return lines



# --- interactive mode ---------------------------------------------------------------------


def _prompt(spec, lang):
    """Ask for the fields on a terminal, in the user's language: each with its
    label and an example, choices numbered. A blank form (for templates that
    have one) needs no answers; the options that change how a contract is
    signed and dated are asked too. A bad answer is explained and asked again."""
    from keiyaku_lint.generate.schema import UNSET, _set, validate
    from keiyaku_lint.generate.specs import supports_blank

    en = lang == "en"
    data: dict = {}
    click.echo((f"{spec.title(lang)}: answer each question (Enter keeps the default shown in [ ]; Ctrl+C stops)"
                if en else f"{spec.title(lang)}: 質問に順に答えてください（[ ] 内は既定値で、Enter でそのまま。"
                           "中止は Ctrl+C）"), err=True)
    if supports_blank(spec):
        if _yes_no("Make a blank form to fill in by hand?" if en else "記入用の空欄の様式にしますか？", False, lang):
            return {"blank": True}
    ask = [f for f in spec.schema if f.name != "blank" and (
        f.required or (f.required_if and f.required_if[0] == "blank") or f.name in ("signing", "date_style"))]
    for f in spec.schema:
        if f.required_if and f.required_if[0] != "blank" and f not in ask:
            ask.append(f)  # asked when the field it depends on says so (below)
    for f in [g for g in spec.schema if g in ask]:
        if f.required_if and f.required_if[0] != "blank":
            other, wanted = f.required_if
            from keiyaku_lint.generate.schema import _get

            current = _get(data, other)
            of = next((g for g in spec.schema if g.name == other), None)
            if current is UNSET and of is not None:
                current = of.default
            if current != wanted:
                continue
        if f.type == "list" and f.item:
            entries = []
            while True:
                n = len(entries) + 1
                click.echo(f"{f.description(lang)}: entry {n}" if en else f"{f.description(lang)}: {n}件目", err=True)
                entry = {}
                for sub in f.item:
                    if sub.required or sub.default is None:
                        value = _ask(sub, lang, prefix=f"{f.name}[{n - 1}].", optional=not sub.required)
                        if value is not None:
                            entry[sub.name] = value
                entries.append(entry)
                if not _yes_no("Add another?" if en else "もう1件追加しますか？", False, lang):
                    break
            _set(data, f.name, entries)
        else:
            value = _ask(f, lang, optional=not f.required and not f.required_if)
            if value is not None:
                _set(data, f.name, value)
    validate(spec.schema, data)  # every answer was checked; this only fills defaults
    return data


def _ask(f, lang="ja", prefix="", optional=False):
    """One field, asked until the answer is valid; the answer as typed (the
    data file keeps what the user wrote: 電子契約, 令和7年4月1日)."""
    from keiyaku_lint.generate.schema import _check_value

    en = lang == "en"
    label = f.description(lang)
    hint = ""
    if f.type == "date":
        hint = " (e.g. 2025-04-01 or 令和7年4月1日)" if en else "（例: 令和7年4月1日、R7.4.1）"
    elif f.type == "choice":
        options = [f"{i}) {(f.choice_labels[i - 1] if i - 1 < len(f.choice_labels) else c)}"
                   for i, c in enumerate(f.choices, 1)]
        click.echo(f"{label}: " + "  ".join(options), err=True)
        hint = " (number or word)" if en else "（番号か語で）"
    elif f.type == "list" and f.choices:
        options = [f"{(f.choice_labels[i] if i < len(f.choice_labels) else c)}" for i, c in enumerate(f.choices)]
        hint = f" ({', '.join(options)}; separate with commas)" if en else f"（{'、'.join(options)} から。「、」で区切って）"
    elif f.type == "bool":
        hint = " (yes / no)" if en else "（はい / いいえ）"
    elif f.example is not None and not isinstance(f.example, (list, dict)):
        hint = f" (e.g. {f.example})" if en else f"（例: {f.example}）"
    default = f.default
    if f.type == "choice" and default in f.choices and f.choice_labels:
        default = f.choice_labels[f.choices.index(default)]
    elif f.type == "bool" and default is not None:
        default = ("yes" if default else "no") if en else ("はい" if default else "いいえ")
    elif default in ("", [], None):
        default = None
    while True:
        raw = click.prompt(label + hint, default=default if default is not None else ("" if optional else None),
                           show_default=default is not None, err=True)
        raw = raw.strip() if isinstance(raw, str) else raw
        if raw == "" and optional:
            return None
        if f.type == "choice" and isinstance(raw, str) and raw.isdigit() and 1 <= int(raw) <= len(f.choices):
            raw = f.choices[int(raw) - 1]
        elif default is not None and raw == default and f.default is not None:
            raw = f.default  # Enter: the default, saved as its id
        try:
            _check_value(f, prefix + f.name, raw)
            return raw
        except KeiyakuError as err:
            problem = err.fields.get("problem") if not en else err.fields.get("problem_en")
            click.echo(("  " + (problem or err.message(lang))) if problem else "  " + err.message(lang), err=True)


def _yes_no(question: str, default: bool, lang: str) -> bool:
    """はい / いいえ (or y / n, yes / no), asked until one of them."""
    from keiyaku_lint.generate.schema import bool_word

    shown = ("yes" if default else "no") if lang == "en" else ("はい" if default else "いいえ")
    while True:
        raw = click.prompt(question + (" (yes / no)" if lang == "en" else "（はい / いいえ）"), default=shown,
                           show_default=True, err=True)
        word = bool_word(raw) if raw.strip().lower() not in ("y", "n") else raw.strip().lower() == "y"
        if word is not None:
            return word
        click.echo("  yes or no, please" if lang == "en" else "  はい か いいえ で答えてください", err=True)


def _save_answers(data: dict, path, force: bool, lang: str) -> None:
    """The answers as a data file for --data (UTF-8 YAML)."""
    import yaml

    from keiyaku_lint.generate.files import check_output, shown, write_output

    target = check_output(path, suffixes=(".yaml", ".yml"), what=Bi("データファイルは YAML ファイルな", "A data file is YAML"),
                          force=force)
    head = "# keiyaku-lint generate --data で再利用できる入力内容 / answers for --data\n"
    text = head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    write_output(text.encode("utf-8"), target, force, allow_tty=True)
    where = shown(target.path)
    click.echo(f"saved the answers to {where} (use it with --data)" if lang == "en"
               else f"入力内容を {where} に保存しました（次回は --data {where} で使えます）。", err=True)
