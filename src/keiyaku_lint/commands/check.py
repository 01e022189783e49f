"""``keiyaku-lint check FILE_OR_DIR...``: check contracts for the required
clauses and report per file, per clause.

Exit status: 2 when a file could not be analysed (or the configuration or
the command line is bad), else 1 when a clause is missing / weak per
--fail-on or a structure finding stands, else 0. 130 when interrupted with
Ctrl-C, 143 with SIGTERM (the results so far are still reported).

Nothing the user gave is ever written: the report may not be an input nor lie
inside a folder being checked (E411, E412), its format follows its extension
(E413 when --format says otherwise), and annotated copies claim new names.
"""
from __future__ import annotations

import os
import shutil
import sys
from dataclasses import replace
from typing import NoReturn

import click

from keiyaku_lint.config import FAIL_ON, FORMATS, LANGS, OCR_MODES, env_lang
from keiyaku_lint.errors import KeiyakuError, format_error
from keiyaku_lint.textsafe import display_path, visible_lines

EPILOG_JA = """\b
例:
  keiyaku-lint check 契約書.docx
  keiyaku-lint check 契約書フォルダ/ -o ../結果.csv      （出力形式は拡張子で決まります）
  keiyaku-lint check 秘密保持契約書.pdf --profile nda
  keiyaku-lint check 契約書.docx --annotate-dir 指摘付き/
\b
プロファイル: outsourcing（業務委託: 7条項、既定） / nda（秘密保持契約: 4条項）
終了コード: 0 問題なし / 1 欠落・不十分あり / 2 読めないファイル・設定やコマンドの誤り
            130 Ctrl-C / 143 SIGTERM で中断（それまでの結果を出力）"""

EPILOG_EN = """\b
Examples:
  keiyaku-lint check contract.docx
  keiyaku-lint check contracts/ -o ../results.csv   (the format follows the extension)
  keiyaku-lint check nda.pdf --profile nda
\b
Profiles: outsourcing (7 clauses, default) / nda (4 clauses)
Exit status: 0 clean / 1 a clause missing or weak / 2 a file could not be read, or a
configuration or command-line error / 130 Ctrl-C, 143 SIGTERM (results so far reported)"""


def _guess_lang(argv_lang):
    from keiyaku_lint.config import env_lang

    return argv_lang or env_lang()


def fail(err: KeiyakuError, lang: str) -> NoReturn:
    click.echo(visible_lines(format_error(err, lang)), err=True)
    sys.exit(2)


def _note(message: str) -> None:
    click.echo(visible_lines(f"keiyaku-lint: {message}"), err=True)


@click.command("check", context_settings={"help_option_names": ["-h", "--help"]},
               epilog=EPILOG_EN if env_lang() == "en" else EPILOG_JA)
@click.argument("paths", nargs=-1, required=True, metavar="FILE_OR_DIR...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="出力形式。compact は1指摘1行（パス:行: 条項 判定 内容）。既定は text か -o の拡張子の形式 / report format; compact: one line per "
                   "finding, path:line: clause status message (default: text, or what -o's extension says)")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="結果をファイルに書く（拡張子で形式が決まる） / write the report to FILE")
@click.option("--lang", type=click.Choice(LANGS), default=None,
              help="メッセージの言語（既定は日本語。英語のロケールでは英語） / message language (default: ja; en for an English "
                   "locale)")
@click.option("--profile", default=None,
              help="条項プロファイル（outsourcing か nda。既定は outsourcing） / clause profile: outsourcing or nda "
                   "(default: outsourcing)")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="終了コード1にする条件（既定 weak: 不十分か欠落があれば） / what makes the exit status 1 (default: weak)")
@click.option("--jobs", "-j", type=click.IntRange(min=1, max=256), default=None,
              help="並列数（既定: CPU のコア数） / worker processes (default: number of cores)")
@click.option("--glob", "globs", multiple=True,
              help="フォルダから拾うファイル名（繰り返し指定可。既定 *.docx *.pdf *.txt *.md など） / file name pattern for folders (repeatable; default *.docx *.pdf *.txt *.md …)")
@click.option("--quiet", "-q", is_flag=True,
              help="問題だけを表示する（問題のないファイル・条項、進捗、補足、まとめを出さない） / "
                   "print only the problems (no passing files or clauses, progress, notes or summary)")
@click.option("--annotate-dir", type=click.Path(file_okay=False), default=None,
              help="指摘を Word コメントにしたコピーを書くフォルダ / write commented DOCX copies here")
@click.option("--force", is_flag=True, help="--annotate-dir の既存のコピーを上書きする / overwrite copies in --annotate-dir")
@click.option("--strict", is_flag=True, help="厳格版の推奨文言を示す / recommend the strict wording")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="設定ファイル（既定: いちばん近い keiyaku-lint.toml か pyproject.toml） / configuration file (default: the nearest keiyaku-lint.toml or pyproject.toml)")
@click.option("--isolated", is_flag=True, help="設定ファイルを読まない / ignore every configuration file")
@click.option("--timeout", type=click.FloatRange(min=1, max=86400), default=None,
              help="1ファイルの制限時間（秒。既定 120） / time limit per file in seconds (default: 120)")
@click.option("--memory-limit", type=click.IntRange(min=256, max=1 << 20), default=None,
              help="1ファイルのメモリ上限（MB。既定 4096） / memory limit per file in MB (default: 4096)")
@click.option("--ocr", "ocr", type=click.Choice(OCR_MODES), default=None,
              help="スキャンの OCR: auto（文字のないページと画像）/ always / never / OCR scans: auto (pages without text, images), always, never (default: auto)")
@click.option("--explain", "explain_clause", default=None, metavar="CLAUSE",
              help="1つの条項について、候補の条・一致したパターンと理由を表示する / show why CLAUSE got its verdict in one FILE")
def check(paths, fmt, output, lang, profile, fail_on, jobs, globs, quiet, annotate_dir, force,
          strict, config_file, isolated, timeout, memory_limit, ocr, explain_clause):
    """契約書（DOCX / PDF / テキスト、またはフォルダ）の必須条項を検査します。

    Check contracts (DOCX / PDF / text files, or folders of them) for the
    required clauses."""
    from keiyaku_lint.analyze.library import load_library
    from keiyaku_lint.batch import ProgressBar, collect, run
    from keiyaku_lint.config import check_clause_ids, config_for_file, load_config, resolve_profile
    from keiyaku_lint.report import render
    from keiyaku_lint.report.common import exit_status, summary_line
    from keiyaku_lint.report.output import check_output_path, format_for_output, write_report

    overrides = {"format": fmt, "lang": lang, "profile": profile, "fail_on": fail_on,
                 "jobs": jobs, "globs": globs, "variant": "strict" if strict else None,
                 "timeout": timeout, "memory_limit_mb": memory_limit, "ocr": ocr}
    try:
        config = load_config(os.getcwd(), overrides, config_file=config_file, isolated=isolated)
    except KeiyakuError as err:
        fail(err, _guess_lang(lang))
    lang = config.lang
    libraries: dict = {}

    def validated(cfg):
        key = tuple(cfg.clause_dirs)
        if key not in libraries:
            libraries[key] = load_library(cfg.clause_dirs)
        cfg = resolve_profile(cfg, libraries[key])
        check_clause_ids(cfg, libraries[key])
        return cfg

    try:
        config = replace(config, format=format_for_output(output, config.format, explicit=fmt is not None))
        config = validated(config)
    except KeiyakuError as err:
        fail(err, lang)
    library = libraries[tuple(config.clause_dirs)]
    if explain_clause:
        _explain(explain_clause, paths, config, library, lang)

    try:  # before anything is read: the report may never land on what is checked
        check_output_path(output, [p for p in paths if not os.path.isdir(p)],
                          [p for p in paths if os.path.isdir(p)])
    except KeiyakuError as err:
        fail(err, lang)
    files, skipped = collect(paths, _with_images(config), exclude=(output, annotate_dir))
    if not files:
        fail(KeiyakuError("E406", paths=", ".join(display_path(p) for p in paths),
                          globs=" ".join(config.globs)), lang)

    # each file's own configuration (the nearest keiyaku-lint.toml above it)
    configs = []
    per_file: dict = {}
    try:
        for f in files:
            cfg = config if (config_file or isolated) else config_for_file(f, config, overrides, per_file)
            if cfg is not config:
                cfg = per_file.setdefault(("validated", cfg), validated(cfg))
            configs.append(cfg)
    except KeiyakuError as err:
        fail(err, lang)
    if not quiet:
        _announce_settings(config, configs, lang)

    # OCR: the pages of one scan are read side by side on the cores no other worker uses
    from keiyaku_lint.batch import default_jobs

    workers = max(1, min(config.jobs or default_jobs(), len(files)))
    os.environ.setdefault("KEIYAKU_LINT_OCR_PARALLEL", str(max(1, default_jobs() // workers)))

    bar = None
    if not quiet and sys.stderr.isatty() and len(files) > 1:
        bar = ProgressBar(sys.stderr)
    try:
        report = run(files, config, jobs=config.jobs, progress=bar, skipped=skipped, configs=configs)
    finally:
        if bar:
            bar.close()
    report = replace(report, settings=config.settings())
    report, unused = _waive(report, files, configs)
    if not quiet:
        for w in unused:
            _note((f"waiver not needed (the files under {w.file} have {w.clause} present): {w.source}"
                   if lang == "en" else
                   f"使われなかった例外承認があります（{w.file} の {w.clause}。対象のファイルのその条項に問題がありません）: "
                   f"{display_path(w.source or '')}"))

    if report.interrupted:
        _note("interrupted: reporting the files checked so far" if lang == "en"
              else "中断しました。ここまでに検査したファイルの結果を出力します。")
    for f in report.files:
        if not f.ok:
            err = f.error or {}
            msg = err.get("message_en" if lang == "en" else "message_ja", "")
            _note(f"[{err.get('code')}] {msg}")

    annotate_failed = False
    if annotate_dir:  # before the report, so the report says which copy belongs to which file
        from keiyaku_lint.report.annotate import annotate_report

        notes = annotate_report(report, annotate_dir, lang=lang, force=force)
        for note in notes:
            if note.error or not quiet:
                _note(note.message(lang))
        annotate_failed = any(n.error for n in notes)
        copies = {n.source: n.target for n in notes if n.target}
        report = replace(report, files=tuple(replace(f, annotated=copies.get(f.path)) for f in report.files))

    to_terminal = output is None or _is_terminal_path(output)
    at_terminal = to_terminal and sys.stdout.isatty()
    color = config.format == "text" and at_terminal and not os.environ.get("NO_COLOR")
    width = shutil.get_terminal_size((80, 24)).columns if at_terminal else None
    # -q trims what is printed; a report written to a file (-o) is always complete
    data = render(report, config.format, lang, color=color, library=library, width=width,
                  quiet=quiet and to_terminal)
    if output:
        try:
            write_report(output, data)
        except KeiyakuError as err:
            fail(err, lang)
        if not quiet and not _is_terminal_path(output):
            _note((f"wrote {display_path(output)}: " if lang == "en"
                   else f"{display_path(output)} に結果を書きました: ") + summary_line(report, lang))
    elif isinstance(data, bytes):
        _write_stdout_bytes(data)
    else:
        _write_stdout_text(data, color)

    if report.interrupted:
        sys.exit(128 + (report.stop_signal or 2))
    sys.exit(max(exit_status(report, config.fail_on), 2 if annotate_failed else 0))


def _explain(clause: str, paths, config, library, lang: str) -> NoReturn:
    """``--explain CLAUSE FILE``: the clause's trace for one file (in-process:
    a diagnostic for one file, with the clause regexes' own time limit)."""
    from keiyaku_lint.analyze.explain import explain
    from keiyaku_lint.load import load
    from keiyaku_lint.structure import parse
    from keiyaku_lint.textsafe import visible

    if len(paths) != 1 or os.path.isdir(paths[0]):
        fail(KeiyakuError("E414", problem=("--explain は1つのファイルに使います。" if lang != "en"
                                           else "--explain takes one file."),
                          hint=("例: keiyaku-lint check --explain survival 契約書.docx" if lang != "en"
                                else "for example: keiyaku-lint check --explain survival contract.docx")), lang)
    cid = clause if clause in library.clauses else next(
        (c for c, s in library.clauses.items() if clause in (s.title.ja, s.title.en)), clause)
    try:
        contract = parse(load(paths[0], ocr=config.ocr), library.parties)
        text = explain(contract, config, cid, lang)
    except KeiyakuError as err:
        fail(err, lang)
    click.echo("\n".join(visible(line) for line in text.split("\n")), nl=False)
    sys.exit(0)


def _waive(report, files, configs):
    """Each file's waivers ([[waiver]] of its configuration) applied to its
    result; the waivers no file used (every configuration in play)."""
    from keiyaku_lint.config import apply_waivers

    by_path = {os.fsdecode(f): c for f, c in zip(files, configs)}
    done, used = [], set()
    for f in report.files:
        cfg = by_path.get(os.fsdecode(f.path))
        if cfg is None:
            done.append(f)
            continue
        f, u = apply_waivers(f, cfg)
        used |= u
        done.append(f)
    from keiyaku_lint.config import waiver_for

    every = {w for c in set(configs) for w in c.waivers}
    checked = [f.path for f in report.files if f.ok]
    unused = sorted((w for w in every if w not in used
                     and any(waiver_for(p, w.clause, [w])[0] is not None for p in checked)),
                    key=lambda w: (w.source or "", w.file, w.clause))
    return replace(report, files=tuple(done)), unused


def _with_images(config):
    """The file patterns a folder walk picks: with OCR on and available, the
    default patterns take scans saved as images too (else they are listed
    as skipped, reason "image")."""
    from keiyaku_lint.config import DEFAULT_GLOBS

    if tuple(config.globs) != DEFAULT_GLOBS or config.ocr == "never":
        return config.globs
    from keiyaku_lint.load import IMAGE_EXTENSIONS
    from keiyaku_lint.load.ocr import available

    if not available():
        return config.globs
    return tuple(config.globs) + tuple(f"*{e}" for e in IMAGE_EXTENSIONS)


def _is_terminal_path(path) -> bool:
    return os.fsdecode(path) in ("/dev/stdout", "/dev/stderr", "/dev/tty", "-")


def _write_stdout_bytes(data: bytes) -> None:
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()


def _write_stdout_text(data: str, color: bool) -> None:
    try:
        click.echo(data, nl=False, color=color)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()


def _quiet_broken_pipe() -> None:
    """The reader went away (| head): stop writing, without a traceback at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _announce_settings(config, configs, lang: str) -> None:
    """Say on stderr which configuration files are in force and what they
    change, so a keiyaku-lint.toml found in a folder never switches clauses
    off unseen (every report says so too)."""
    from keiyaku_lint.report.common import settings_line

    shown = set()
    for cfg in [config] + [c for c in configs if c is not config]:
        s = cfg.settings()
        if s.config is None or s.config in shown:
            continue
        shown.add(s.config)
        _note(settings_line(s, lang))
