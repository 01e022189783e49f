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
# keiyaku-lint の設定ファイル（keiyaku-lint configuration）
#
# このファイルを置いたフォルダとその下のフォルダの契約書を検査するとき、下の条項の設定
# （profile / add / ignore / severities / clause_dirs / variant / [[waiver]]）が使われます。
# 出力の設定（format / lang / fail_on / jobs / glob / timeout / memory_limit / ocr）は、
# `keiyaku-lint check` を実行したフォルダの設定が使われます。
# コマンドラインのオプション（--profile など）は、このファイルより優先されます。
# 使われた設定ファイルと、それが外した・加えた条項は、検査結果にいつも表示されます。
# 「#」で始まる行は説明です。使うときは行頭の「# 」を消してください。
# (English: clause settings apply to the files in this folder and below; output settings
#  apply when `keiyaku-lint check` runs here; command-line options win.)

# --- 検査する条項 ---------------------------------------------------------------

# profile: どの条項の組で検査するか。
#   "outsourcing" = 業務委託契約（7条項: 秘密保持、再委託の制限、安全管理措置、事故時の報告義務、
#                   契約終了時のデータ削除・返却、守秘義務の存続、責任分担および損害賠償）
#   "nda"         = 秘密保持契約（4条項）
#   `keiyaku-lint rules` で、そのプロファイルの条項と ID を表示できます。
profile = "outsourcing"

# add: プロファイルに加える条項の ID（例: ["liability"]）。
# ignore: プロファイルから外す条項の ID（例: ["survival"]）。すべて外すことはできません。
#   外した条項は検査結果に「除外」と表示されます。1つの契約書だけを例外にするなら、
#   ignore ではなく下の [[waiver]]（例外承認）を使ってください。
add = []
ignore = []

# clause_dirs: 自社で書いた条項ファイル（YAML）のフォルダ。このファイルからの相対パスです。
#   書き方は clause_library/README.md にあります。
clause_dirs = []

# variant: 推奨文言の種類。"standard" = 標準、"strict" = 厳格（--strict と同じ）。
variant = "standard"

# --- 出力 ------------------------------------------------------------------------

# format: 結果の形式。"text"（画面向け）、"compact"（1指摘1行: パス:行: 条項 判定 内容）、
#   "json"、"csv"（Excel）、"html"（一覧表）、"sarif"。-o を付けたときは拡張子で決まります。
format = "text"

# lang: メッセージの言語。"ja" = 日本語、"en" = 英語。
#   書かなければ、英語のロケール（LANG=en_US.UTF-8 など）では英語、それ以外は日本語です。
# lang = "ja"

# fail_on: 終了コードを 1（問題あり）にする条件。
#   "weak" = 不十分か欠落があれば（既定）、"missing" = 欠落があるときだけ、"never" = いつも 0。
fail_on = "weak"

# jobs: 同時に検査するファイルの数（既定: CPU のコア数）。
# jobs = 2

# glob: フォルダから拾うファイルの名前（既定は下のとおり）。
# glob = ["*.docx", "*.docm", "*.dotx", "*.dotm", "*.pdf", "*.txt", "*.md"]

# timeout: 1ファイルの制限時間（秒、既定 120）。memory_limit: 1ファイルのメモリ上限（MB、既定 4096）。
#   超えたファイルはそのファイルのエラー（E310 / E311）になり、残りの検査は続きます。
# timeout = 120
# memory_limit = 4096

# ocr: スキャンした契約書の OCR（Tesseract）。auto = 文字のないページと画像だけ（既定）、
#   always = すべてのページ、never = OCR しない（スキャンは E111 / E130 として報告）。
# ocr = "auto"

# --- 条項ごとの重要度 --------------------------------------------------------------

# [severities] 条項 ID = "error"（既定: 終了コード 1）/ "warning"（警告として表示し、
#   終了コード 1 にする）/ "info"（表示するだけで終了コードに数えない）。
[severities]
# liability = "warning"

# --- 例外承認（監査用） ---------------------------------------------------------------

# 例外承認（[[waiver]]）は、特定の契約書の特定の条項について、不備を承知で受け入れた記録です。
#   対象の条項は「例外承認」と表示され（問題なしとも不備ありとも数えません）、
#   期限（expires）を過ぎると元の判定に戻り、期限切れであることが表示されます。
#   file     = 対象のファイル名のパターン（このファイルのフォルダからの相対パス。* は任意の文字）
#   clause   = 条項 ID か条項名（例: "liability" や "責任分担および損害賠償"）
#   reason   = 受け入れた理由
#   approver = 承認した人（部署・氏名）
#   date     = 承認した日（2025-04-01 か "令和7年4月1日"）
#   expires  = 期限（任意。書かなければ無期限）
# [[waiver]]
# file = "取引先A/業務委託契約書_2025.docx"
# clause = "liability"
# reason = "親会社の保証書で損害賠償を担保するため"
# approver = "法務部　山田太郎"
# date = 2025-04-01
# expires = 2026-03-31
"""


@click.command("init", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", type=click.Choice(LANGS), default=None, help="メッセージの言語 / message language")
def init(lang):
    """設定ファイルの雛形 keiyaku-lint.toml を現在のフォルダに作ります（上書きしません）。

    Write a commented starter keiyaku-lint.toml in the current folder (never
    overwrites)."""
    from keiyaku_lint.config import env_lang

    lang = lang or env_lang()
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
