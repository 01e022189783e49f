"""The command line: one click group whose subcommands live in their own
modules and are imported only when used, so ``--help``, ``outline`` and
``rules`` never import spaCy."""
from __future__ import annotations

import sys

try:  # Ctrl-C while the program is still starting: stop quietly, no traceback
    import importlib
    import importlib.util

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
}

SHORT_HELP = {
    "check": "契約書の必須条項を検査する / check contracts for the required clauses",
    "outline": "契約書の条・項・号の構造を表示する / print a contract's structure",
    "rules": "条項ルールの一覧と説明 / list and explain the clause rules",
    "init": "設定ファイルの雛形を作る / write a starter keiyaku-lint.toml",
    "generate": "テンプレートから契約書等を作成する / generate documents from templates",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return [name for name, target in COMMANDS.items() if _available(target)]

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None or not _available(target):
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx, formatter):
        rows = [(n, SHORT_HELP.get(n, "")) for n in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _available(target: str) -> bool:
    module = target.split(":")[0]
    return importlib.util.find_spec(module) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="keiyaku-lint")
def cli():
    """keiyaku-lint: 業務委託契約書の必須条項チェッカー (checks Japanese outsourcing
    contracts for the seven clauses the outsourcing-management regulation requires)."""


def main(argv=None):
    """Run the CLI. Ctrl-C at any point (a batch stops itself and reports the
    files done so far; here, before or after the work) exits 130 with a short
    note, never click's "Aborted!" with status 1, never a traceback."""
    try:
        rv = cli.main(args=argv, prog_name="keiyaku-lint", standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort, EOFError):
        click.echo("keiyaku-lint: 中断しました / interrupted", err=True)
        sys.exit(130)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    sys.exit(rv if isinstance(rv, int) else 0)
