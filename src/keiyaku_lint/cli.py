"""The command line: one click group whose subcommands live in their own
modules and are imported only when used, so ``--help``, ``outline`` and
``rules`` never import spaCy."""
from __future__ import annotations

import sys

try:  # Ctrl-C while the program is still starting: stop quietly, no traceback
    import importlib
    import importlib.util
    import signal

    import click

    from keiyaku_lint import __version__
except KeyboardInterrupt:  # pragma: no cover - timing dependent
    sys.stderr.write("keiyaku-lint: 中断しました / interrupted\n")
    sys.exit(130)

# command name -> "module:function"; each module defines a click.Command.
COMMANDS = {
    "check": "keiyaku_lint.commands.check:check",
    "outline": "keiyaku_lint.commands.outline:outline",
    "rules": "keiyaku_lint.commands.rules:rules",
    "init": "keiyaku_lint.commands.init:init",
    "generate": "keiyaku_lint.commands.generate:generate",
    "serve": "keiyaku_lint.commands.serve:serve",
}

SHORT_HELP = {
    "check": "契約書の必須条項を検査する / check contracts for the required clauses",
    "outline": "契約書の条・項・号の構造を表示する / print a contract's structure",
    "rules": "条項ルールの一覧と説明 / list and explain the clause rules",
    "init": "設定ファイルの雛形を作る / write a starter keiyaku-lint.toml",
    "generate": "テンプレートから契約書等を作成する / generate documents from templates",
    "serve": "ブラウザで使う画面と HTTP API を起動する / start the web app and HTTP API",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return [name for name, target in COMMANDS.items() if _available(target)]

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None or not _available(target):
            return None
        module, attr = target.split(":")
        from keiyaku_lint.usage import localize

        return localize(getattr(importlib.import_module(module), attr))

    def format_help_text(self, ctx, formatter):
        from keiyaku_lint.usage import _gettext, localize

        localize(self)
        for param in self.params:  # --version's help was set before the language was known
            if param.name == "version":
                param.help = _gettext("Show the version and exit.")
        super().format_help_text(ctx, formatter)

    def format_commands(self, ctx, formatter):
        from keiyaku_lint.usage import _state, pick

        rows = [(n, pick(SHORT_HELP.get(n, ""), _state["lang"]) if _state["installed"] else SHORT_HELP.get(n, ""))
                for n in self.list_commands(ctx)]
        if rows:
            from keiyaku_lint.usage import _gettext

            with formatter.section(_gettext("Commands")):
                formatter.write_dl(rows)


def _available(target: str) -> bool:
    module = target.split(":")[0]
    return importlib.util.find_spec(module) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="keiyaku-lint")
def cli():
    """keiyaku-lint: 業務委託契約書の必須条項チェッカー。`keiyaku-lint コマンド --help` で各コマンドの説明を表示します。

    keiyaku-lint checks Japanese outsourcing contracts for the seven clauses
    the outsourcing-management regulation requires. Run `keiyaku-lint
    COMMAND --help` for each command."""


def _on_sigterm(signum, frame):
    from keiyaku_lint.batch import Interrupted

    raise Interrupted(signum)


def main(argv=None):
    """Run the CLI: the one top-level guard of the program.

    * Ctrl-C and SIGTERM at any point (a batch stops itself and reports the
      files done so far; here, before or after the work) exit 130 / 143 with
      a short note, never click's "Aborted!" with status 1, never a traceback.
    * A usage error is a coded message in the user's language (E414), exit 2.
    * Any other unexpected exception is a coded error (E499) naming the
      command's files, exit 2: exit 1 only ever means "a clause is missing or
      weak".
    * stdout and stderr never fail on a character the console cannot encode
      (a Japanese Windows console is CP932: ✓ and — become ○ and ―).
    """
    from keiyaku_lint.textsafe import make_console_safe

    make_console_safe(sys.stdout)
    make_console_safe(sys.stderr)
    args = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_of(args)
    from keiyaku_lint import usage

    usage.install(lang)
    for name in ("SIGTERM", "SIGHUP"):  # a CI cancel, docker stop, a closed terminal: like Ctrl-C
        try:
            signal.signal(getattr(signal, name), _on_sigterm)
        except (AttributeError, ValueError, OSError):  # not POSIX, or not the main thread
            pass
    try:
        rv = cli.main(args=args, prog_name="keiyaku-lint", standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort, EOFError) as exc:
        click.echo("keiyaku-lint: 中断しました / interrupted", err=True)
        sys.exit(128 + getattr(exc, "signum", signal.SIGINT))
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:
        from keiyaku_lint.usage import usage_error

        click.echo(usage_error(e, lang, args), err=True)
        sys.exit(2)
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - the last resort: a coded error, never a traceback
        _unexpected(exc, args, lang)
    sys.exit(rv if isinstance(rv, int) else 0)


def _lang_of(args) -> str:
    import os

    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    from keiyaku_lint.config import env_lang

    return env_lang()


def _unexpected(exc: BaseException, args, lang: str):
    from keiyaku_lint.errors import Bi, KeiyakuError, format_error
    from keiyaku_lint.textsafe import visible_lines

    files = [a for a in args[1:] if not a.startswith("-")][:3]
    where = Bi(f"（{', '.join(files)} の処理中）" if files else "", f" while processing {', '.join(files)}" if files else "")
    err = KeiyakuError("E499", where=where, reason=f"{type(exc).__name__}: {exc}"[:300])
    try:
        sys.stdout.flush()
    except Exception:  # noqa: BLE001
        pass
    click.echo(visible_lines(format_error(err, lang)), err=True)
    if os_environ_debug():
        import traceback

        traceback.print_exc()
    sys.exit(2)


def os_environ_debug() -> bool:
    import os

    return os.environ.get("KEIYAKU_LINT_DEBUG") == "1"
