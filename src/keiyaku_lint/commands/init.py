"""``keiyaku-lint init``: write a commented starter keiyaku-lint.toml in the
current folder. Never overwrites an existing file (E408)."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from keiyaku_lint.config import CONFIG_NAME, LANGS
from keiyaku_lint.errors import KeiyakuError, format_error

STARTER = """\
# keiyaku-lint の設定ファイル / keiyaku-lint configuration
# このフォルダとその下のファイルを検査するとき、条項の設定（profile / add / ignore /
# severities / clause_dirs / variant）がそのファイルに使われます。出力の設定は
# `keiyaku-lint check` を実行したフォルダのものが使われます。コマンドラインの
# オプションはこのファイルの設定より優先されます。使われた設定は結果に表示されます。
# Its clause settings apply to the files checked in this folder and below; its
# output settings apply when `keiyaku-lint check` runs here. Command-line options
# override it; every report names the configuration used.

# 条項プロファイル / clause profile (`keiyaku-lint rules` lists its clauses)
profile = "outsourcing"

# プロファイルに追加する条項・外す条項の ID / clause ids to add to or drop from the profile
add = []
ignore = []

# 自社の条項ファイルのフォルダ（このファイルからの相対パス）
# extra clause folders, relative to this file
clause_dirs = []

# 推奨文言の種類 / recommended wording: "standard" | "strict"
variant = "standard"

# 出力の既定値 / output defaults
format = "text"     # text | json | csv | html | sarif
lang = "ja"         # ja | en
fail_on = "weak"    # 終了コード1の条件 / exit 1 on: missing | weak | never
# jobs = 2          # 並列数（既定: CPU コア数） / worker processes (default: number of cores)
# glob = ["*.docx", "*.docm", "*.dotx", "*.dotm", "*.pdf", "*.txt", "*.md"]   # フォルダから拾うファイル / files picked from folders
# timeout = 120       # 1ファイルの制限時間（秒） / time limit per file in seconds
# memory_limit = 4096 # 1ファイルのメモリ上限（MB） / memory limit per file in MB

# 条項ごとの重要度 / severity per clause: "error" | "warning" | "info"
[severities]
# liability = "warning"
"""


@click.command("init", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", type=click.Choice(LANGS), default="ja", help="メッセージの言語 / message language")
def init(lang):
    """設定ファイルの雛形 keiyaku-lint.toml を現在のフォルダに作ります（上書きしません）。

    Write a commented starter keiyaku-lint.toml in the current folder (never
    overwrites)."""
    target = Path(os.getcwd()) / CONFIG_NAME
    if target.exists():
        _fail(KeiyakuError("E408", path=str(target)), lang)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{CONFIG_NAME}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(STARTER)
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(tmp, 0o666 & ~mask)
            os.link(tmp, target)  # put in place, atomically refusing an existing file
        finally:
            os.unlink(tmp)  # a failed write leaves no temp file behind
    except FileExistsError:
        _fail(KeiyakuError("E408", path=str(target)), lang)
    except OSError as exc:
        _fail(KeiyakuError("E407", path=str(target), reason=exc.strerror or str(exc)), lang)
    click.echo(f"wrote {target}" if lang == "en" else f"{target} を作成しました。")


def _fail(err: KeiyakuError, lang: str):
    click.echo(format_error(err, lang), err=True)
    sys.exit(2)
