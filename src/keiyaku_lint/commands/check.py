"""``keiyaku-lint check FILE_OR_DIR...``: check contracts for the required
clauses and report per file, per clause.

Exit status: 2 when a file could not be analysed (or the configuration is
bad), else 1 when a clause is missing / weak per --fail-on or a structure
finding stands, else 0. 130 when interrupted with Ctrl-C (the results so far
are still reported).
"""
from __future__ import annotations

import os
import sys

from typing import NoReturn

import click

from keiyaku_lint.config import FAIL_ON, FORMATS, LANGS
from keiyaku_lint.errors import KeiyakuError, format_error


def _guess_lang(argv_lang):
    return argv_lang or os.environ.get("KEIYAKU_LINT_LANG") or "ja"


def fail(err: KeiyakuError, lang: str) -> NoReturn:
    click.echo(format_error(err, lang), err=True)
    sys.exit(2)


@click.command("check", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, metavar="FILE_OR_DIR...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="出力形式 / report format (default: text)")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="結果をファイルに書く / write the report to FILE")
@click.option("--lang", type=click.Choice(LANGS), default=None,
              help="メッセージの言語 / message language (default: ja)")
@click.option("--profile", default=None, help="条項プロファイル / clause profile (default: outsourcing)")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="終了コード1にする条件 / what makes the exit status 1 (default: weak)")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="並列数 / worker processes (default: number of cores)")
@click.option("--glob", "globs", multiple=True,
              help="フォルダから拾うファイル名 / file name pattern for folders (repeatable; default *.docx *.pdf *.txt *.md)")
@click.option("--quiet", "-q", is_flag=True, help="進捗と補足を表示しない / no progress bar or notices")
@click.option("--annotate-dir", type=click.Path(file_okay=False), default=None,
              help="指摘を Word コメントにしたコピーを書くフォルダ / write commented DOCX copies here")
@click.option("--force", is_flag=True, help="--annotate-dir の既存ファイルを上書きする / overwrite files in --annotate-dir")
@click.option("--strict", is_flag=True, help="厳格版の推奨文言を示す / recommend the strict wording")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="設定ファイル / configuration file (default: keiyaku-lint.toml or pyproject.toml found upwards)")
def check(paths, fmt, output, lang, profile, fail_on, jobs, globs, quiet, annotate_dir, force,
          strict, config_file):
    """契約書（DOCX / PDF / テキスト、またはフォルダ）の必須条項を検査します。

    Check contracts (DOCX / PDF / text files, or folders of them) for the
    required clauses."""
    from keiyaku_lint.analyze.library import load_library
    from keiyaku_lint.batch import ProgressBar, collect, run
    from keiyaku_lint.config import check_clause_ids, load_config
    from keiyaku_lint.report import render
    from keiyaku_lint.report.common import exit_status
    from keiyaku_lint.report.output import write_atomic

    overrides = {"format": fmt, "lang": lang, "profile": profile, "fail_on": fail_on,
                 "jobs": jobs, "globs": globs, "variant": "strict" if strict else None}
    try:
        config = load_config(os.getcwd(), overrides, config_file=config_file)
    except KeiyakuError as err:
        fail(err, _guess_lang(lang))
    lang = config.lang
    try:
        library = load_library(config.clause_dirs)
        check_clause_ids(config, library)
    except KeiyakuError as err:
        fail(err, lang)

    files, skipped = collect(paths, config.globs)
    if not files:
        fail(KeiyakuError("E406", paths=", ".join(paths), globs=" ".join(config.globs)), lang)

    bar = None
    if not quiet and sys.stderr.isatty() and len(files) > 1:
        bar = ProgressBar(sys.stderr)
    try:
        report = run(files, config, jobs=config.jobs, progress=bar, skipped=skipped)
    finally:
        if bar:
            bar.close()

    if report.interrupted:
        click.echo("keiyaku-lint: " + ("interrupted: reporting the files checked so far"
                                       if lang == "en" else "中断しました。ここまでに検査したファイルの結果を出力します。"),
                   err=True)
    for f in report.files:
        if not f.ok:
            err = f.error or {}
            msg = err.get("message_en" if lang == "en" else "message_ja", "")
            click.echo(f"keiyaku-lint: [{err.get('code')}] {msg}", err=True)

    color = (config.format == "text" and output is None and sys.stdout.isatty()
             and not os.environ.get("NO_COLOR"))
    data = render(report, config.format, lang, color=color, library=library)
    if output:
        try:
            write_atomic(output, data)
        except KeiyakuError as err:
            fail(err, lang)
    elif isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        click.echo(data, nl=False, color=color)

    if annotate_dir:
        from keiyaku_lint.report.annotate import annotate_report

        notes = annotate_report(report, annotate_dir, lang=lang, force=force)
        for note in notes:
            if note.error or not quiet:
                click.echo(f"keiyaku-lint: {note.message(lang)}", err=True)
        annotate_failed = any(n.error for n in notes)
    else:
        annotate_failed = False

    if report.interrupted:
        sys.exit(130)
    sys.exit(max(exit_status(report, config.fail_on), 2 if annotate_failed else 0))
