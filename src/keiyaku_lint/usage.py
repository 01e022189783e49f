"""The command line in Japanese: click's own words (help headings, usage
errors) and a coded message for every usage error.

Click looks its messages up through ``gettext`` (each module calls ``_`` /
``ngettext`` when it formats them), so ``install(lang)`` points those names at
the small catalogue below: ``--help`` says 使い方 / オプション / コマンド, and a
mistyped option says 「不明なオプション '--fromat' です。'--format' のことですか？」.
``usage_error`` then gives the whole message its code (E414), the command's
help hint, and special help for a contract passed without ``check``.
"""
from __future__ import annotations

import os
import re

import click

from keiyaku_lint.errors import Bi, KeiyakuError, format_error

# click's msgid -> Japanese. Placeholders are click's own.
JA = {
    "Usage:": "使い方:",
    "Options": "オプション",
    "Commands": "コマンド",
    "Show this message and exit.": "このヘルプを表示して終了する。",
    "Show the version and exit.": "バージョンを表示して終了する。",
    "Error: {message}": "エラー: {message}",
    "Try '{command} {option}' for help.": "'{command} {option}' でヘルプを表示できます。",
    "Invalid value: {message}": "値が正しくありません: {message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} の値が正しくありません: {message}",
    "Missing argument": "引数がありません",
    "Missing option": "オプションがありません",
    "Missing parameter": "指定がありません",
    "Missing {param_type}": "{param_type} がありません",
    "Missing parameter: {param_name}": "指定がありません: {param_name}",
    "No such option {name!r}.": "不明なオプション {name!r} です。",
    "No such command {name!r}.": "コマンド {name!r} はありません。",
    "Missing command.": "コマンドを指定してください。",
    "unknown error": "不明なエラー",
    "Could not open file {filename!r}: {message}": "ファイル {filename!r} を開けません: {message}",
    "Aborted!": "中断しました。",
    "Value must be an iterable.": "値はリストで指定してください。",
    "{value!r} is not a valid {number_type}.": "{value!r} は正しい{number_type}ではありません。",
    "{value} is not in the range {range}.": "{value} は範囲 {range} の外です。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} はありません。",
    "{name} {filename!r} is a file.": "{name} {filename!r} はファイルです（フォルダを指定してください）。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} はフォルダです（ファイルを指定してください）。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} を読めません。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} に書き込めません。",
    "Choose from:\n\t{choices}": "次から選んでください:\n\t{choices}",
    "Argument {name!r} takes {nargs} values.": "引数 {name!r} には値が {nargs} 個必要です。",
    "Option {name!r} does not take a value.": "オプション {name!r} には値を付けません。",
    "default: {default}": "既定: {default}",
    "required": "必須",
    "env var: {var}": "環境変数: {var}",
    "%(prog)s, version %(version)s": "%(prog)s バージョン %(version)s",
    "integer": "整数", "float": "数", "integer range": "整数", "float range": "数",
}
# (singular, plural) -> Japanese (one form)
JA_PLURAL = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        "{possibility} のことですか？",
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        "余分な引数があります（{args}）",
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        "オプション {name!r} には値が必要です。",
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        "{value!r} は使えません。使える値: {choices}。",
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        "値が {nargs} 個必要です（{len} 個でした）。",
}

_MODULES = ("core", "exceptions", "formatting", "parser", "types", "decorators", "termui", "utils")
_state = {"lang": "en", "installed": False}


def _gettext(msg: str) -> str:
    if _state["lang"] == "en":
        return msg
    return JA.get(msg, msg)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if _state["lang"] == "en":
        return singular if n == 1 else plural
    ja = JA_PLURAL.get((singular, plural))
    if ja is None:
        return singular if n == 1 else plural
    return ja.replace("{possibilities}", "{possibility}") if "{possibilit" in ja else ja


def install(lang: str) -> None:
    """Make click speak ``lang`` (ja / en) from now on."""
    import importlib

    _state["lang"] = "en" if lang == "en" else "ja"
    _state["installed"] = True
    for name in _MODULES:
        try:
            mod = importlib.import_module(f"click.{name}")
        except ImportError:  # pragma: no cover - another click layout
            continue
        if hasattr(mod, "_"):
            mod._ = _gettext
        if hasattr(mod, "ngettext"):
            mod.ngettext = _ngettext


_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def pick(text, lang: str):
    """One language of a bilingual help text "日本語 / English": the split is
    the first " / " after which no Japanese follows. A text that is not
    bilingual is returned as it is."""
    if not text:
        return text
    parts = text.split(" / ")
    for i in range(1, len(parts)):
        left, right = " / ".join(parts[:i]), " / ".join(parts[i:])
        if _CJK.search(left) and not _CJK.search(right):
            return right if lang == "en" else left
    return text


def pick_paragraphs(text, lang: str):
    """A docstring's Japanese paragraphs, or its English ones (those without
    Japanese); the whole text when a language has none."""
    if not text:
        return text
    paras = text.split("\n\n")
    mine = [p for p in paras if bool(_CJK.search(p)) == (lang != "en")]
    return "\n\n".join(mine) if mine else text


def localize(command):
    """Show ``command``'s help (its own and its options') in the language
    install() was given: 「メッセージの言語」 or "message language", not both.
    Only once install() has run (the program's entry point)."""
    if not _state["installed"] or command is None:
        return command
    lang = _state["lang"]
    if not hasattr(command, "_kl_help"):
        command._kl_help = command.help
        for param in command.params:
            param._kl_help = getattr(param, "help", None)
    command.help = pick_paragraphs(command._kl_help, lang)
    for param in command.params:
        if getattr(param, "_kl_help", None):
            param.help = pick(param._kl_help, lang)
    return command


_PATHLIKE = re.compile(r"\.(docx?|docm|dotx|pdf|txt|md|rtf|odt)$", re.I)


def usage_error(exc: click.ClickException, lang: str, args=()) -> str:
    """The whole message for a usage error: [E414], what is wrong, what to do."""
    problem = " ".join(exc.format_message().split())
    if not problem.endswith(("。", "？", "?", ".", "!", "！")):
        problem += "." if lang == "en" else "。"
    hint = _hint(exc, lang, args)
    err = KeiyakuError("E414", problem=problem, hint=hint)
    return format_error(err, lang)


def _hint(exc: click.ClickException, lang: str, args) -> Bi:
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "keiyaku-lint"
    if _is_command_miss(exc, args):
        target = next((a for a in args if not a.startswith("-")), "")
        if target and (_PATHLIKE.search(target) or os.path.exists(target)):
            return Bi(f"ファイルを検査するには check を付けてください: keiyaku-lint check {target}",
                      f"To check a file, add check: keiyaku-lint check {target}")
        return Bi("使えるコマンド: check, outline, rules, init, generate（keiyaku-lint --help で説明を表示）",
                  "Commands: check, outline, rules, init, generate (keiyaku-lint --help explains them)")
    if isinstance(exc, click.exceptions.MissingParameter) and getattr(exc, "param", None) is not None \
            and getattr(exc.param, "param_type_name", "") == "argument":
        if command.endswith(" check"):
            return Bi("検査するファイルかフォルダを指定してください（例: keiyaku-lint check 契約書.docx）",
                      "Give the files or folders to check (for example: keiyaku-lint check contract.docx)")
    return Bi(f"'{command} --help' で使い方を確認してください",
              f"See '{command} --help'")


def _is_command_miss(exc, args) -> bool:
    msg = exc.format_message()
    return "コマンド" in msg and "ありません" in msg or "No such command" in msg
