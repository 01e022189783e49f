"""keiyaku-lint generate: contracts and paperwork from DOCX templates.

    data file (YAML / TOML) -> validate against the template's schema
        -> context -> sandboxed docxtpl rendering (two passes: numbers, then
        references) -> self-check with api.lint (contracts) -> temp file + rename

Python use::

    from keiyaku_lint.generate import generate
    generate("outsourcing", data, "out.docx", strict=True)

Custom templates: a folder given as ``template_dir`` is searched first for
``NAME.docx``. A template named after a bundled one (outsourcing.docx, ...)
takes that template's fields and self-check; any other name is rendered with
the data as given (only unfilled fields are checked) and is not linted.

Untrusted input, and what happens to it (each is a coded error, never a
traceback; see tests/test_generate_hostile.py):

* data files (``load_data``): only a regular file, at most MAX_DATA_BYTES
  (E518 for a device, FIFO or folder; never blocks); UTF-8 with or without
  BOM, UTF-16 with BOM, then CP932 (Shift_JIS from Windows) when it decodes
  cleanly and is not UTF-8 with a damaged byte (E502 says which line and
  to save as UTF-8); YAML through ``safeyaml`` (no aliases, no oversize
  numbers) with YAML 1.2 booleans, duplicate keys refused and nesting
  bounded; TOML numbers bounded the same way; errors in Japanese with line
  and column. Values are bounded in schema.py; all problems are reported at
  once (E525).
* templates: see render.py and limits.py (bounded in time and memory).
* the output: see files.py (``.docx`` only, never an input, never
  overwritten without --force, atomic; ``-`` and devices written directly).
"""
from __future__ import annotations

import codecs
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from keiyaku_lint import safeyaml
from keiyaku_lint.errors import Bi, KeiyakuError
from keiyaku_lint.generate.files import (NotRegular, TooLarge, check_output, os_reason, read_regular,
                                         shown, write_output)
from keiyaku_lint.generate.schema import MAX_ITEMS, MAX_TEXT, clean_text, example_yaml, validate
from keiyaku_lint.generate import dates
from keiyaku_lint.generate.specs import TEMPLATES, TemplateSpec, format_dates

__all__ = ["generate", "render_document", "prepare_context", "find_template", "list_templates",
           "bundled_template_dir", "self_check", "load_data", "read_data", "TEMPLATES", "example",
           "write_atomic", "check_output"]


def bundled_template_dir() -> Path:
    """templates/ at the project root (source checkout / editable install)."""
    env = os.environ.get("KEIYAKU_LINT_TEMPLATES")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        cand = parent / "templates"
        if (cand / "outsourcing.docx").is_file():
            return cand
    return here.parent / "templates"


@dataclass(frozen=True)
class Found:
    name: str
    path: Path
    spec: Optional[TemplateSpec]  # None for a custom template with an unknown name
    custom: bool


def list_templates(template_dir=None) -> list[Found]:
    out = {n: Found(n, bundled_template_dir() / s.file, s, False) for n, s in TEMPLATES.items()}
    if template_dir:
        d = Path(template_dir)
        if not d.is_dir():
            raise KeiyakuError("E508", path=shown(d), reason=Bi("フォルダではありません", "not a folder"))
        try:
            found = sorted(d.glob("*.docx"))
        except OSError as exc:
            raise KeiyakuError("E508", path=shown(d), reason=os_reason(exc)) from None
        for p in found:
            if p.name.startswith("~$"):  # Word's lock files
                continue
            name = p.stem
            out[name] = Found(name, p, TEMPLATES.get(name), True)
    return list(out.values())


def find_template(name: str, template_dir=None) -> Found:
    for f in list_templates(template_dir):
        if f.name == name:
            if not f.path.exists():
                raise KeiyakuError("E508", path=shown(f.path), reason=Bi("ファイルがありません", "file not found"))
            return f
    known = ", ".join(f.name for f in list_templates(template_dir))
    raise KeiyakuError("E503", name=shown(name), known=known)


def example(name: str, lang: str = "ja") -> str:
    spec = TEMPLATES.get(name)
    if spec is None:
        raise KeiyakuError("E503", name=shown(name), known=", ".join(TEMPLATES))
    # plain ASCII punctuation: the file may be printed through a console encoding (cp932 has no U+2014)
    head = f"{spec.title(lang)} - keiyaku-lint generate {name} --data FILE.yaml --output OUT.docx"
    return example_yaml(spec.schema, lang=lang, title=head)


# --- data ----------------------------------------------------------------------------

MAX_DATA_BYTES = 4 << 20  # a data file is a few KB; the values' own limits are in schema.py
MAX_DATA_DEPTH = 32  # nesting of mappings and lists
MAX_DATA_NODES = 200_000  # values in all
MAX_FREE_STRING = MAX_TEXT  # a value given to a custom template (no schema)

_HINT_SYNTAX_YAML = Bi("YAML の書式を確認してください（`--example` で記入例を表示できます）。",
                       "Check its YAML syntax (`--example` prints a filled example).")
_HINT_SYNTAX_TOML = Bi("TOML の書式を確認してください。", "Check its TOML syntax.")
_HINT_ENCODING = Bi("メモ帳などで「UTF-8」を選んで保存し直してください。", "Save it again as UTF-8.")
_HINT_PERM = Bi("ファイルとアクセス権を確認してください。", "Check the file and its permissions.")
_HINT_SHAPE = Bi("「キー: 値」の形で書いてください（`--example` で記入例を表示できます）。",
                 "Write it as \"key: value\" lines (`--example` prints a filled example).")


def _data_error(path, reason: Bi, hint: Bi) -> KeiyakuError:
    return KeiyakuError("E502", path=shown(path), reason=reason, hint=hint)


def load_data(path) -> dict:
    """Read a YAML or TOML data file (read-only). Raises E501 / E502 / E518."""
    return read_data(path)[0]


def read_data(path) -> tuple[dict, str]:
    """(data, encoding it was read in: "UTF-8", "UTF-8 (BOM)", "UTF-16" or "CP932")."""
    p = Path(path)
    try:
        raw = read_regular(p, MAX_DATA_BYTES)
    except (FileNotFoundError, NotADirectoryError):
        raise KeiyakuError("E501", path=shown(p)) from None
    except NotRegular as exc:
        raise KeiyakuError("E518", path=shown(p), kind=exc.kind) from None
    except TooLarge as exc:
        raise _data_error(p, Bi(f"ファイルが大きすぎます（{exc.size / 2**20:.1f} MB。上限 {MAX_DATA_BYTES >> 20} MB）",
                                f"the file is too large ({exc.size / 2**20:.1f} MB; limit {MAX_DATA_BYTES >> 20} MB)"),
                          Bi("データファイルには項目の値だけを書いてください。", "A data file holds only the fields' values.")) from None
    except OSError as exc:
        raise _data_error(p, os_reason(exc), _HINT_PERM) from None
    text, encoding = decode_data(raw, p)
    if p.suffix.lower() == ".toml":
        data = _parse_toml(text, p)
    else:
        data = _parse_yaml(text, p)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _data_error(p, Bi("いちばん外側が「キー: 値」の組（マッピング）になっていません",
                                "the top level must be a mapping (key: value)"), _HINT_SHAPE)
    _check_shape(data, p)
    return data, encoding


def decode_data(raw: bytes, path) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first; UTF-16 with a BOM; then CP932
    (Shift_JIS as Windows writes it) when the bytes decode cleanly as CP932
    and are not UTF-8 with a damaged byte."""
    if raw.startswith(b"PK\x03\x04"):
        raise _data_error(path, Bi("Word 文書などの zip ファイルのようです", "it looks like a zip file (a Word document?)"),
                          Bi("データファイルは YAML か TOML で書いたテキストです（`--example` で記入例を表示できます）。",
                             "A data file is YAML or TOML text (`--example` prints one)."))
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise _data_error(path, Bi("UTF-16 として読めません", "it cannot be read as UTF-16"), _HINT_ENCODING) from None
    bom = raw.startswith(codecs.BOM_UTF8)
    body = raw[3:] if bom else raw
    try:
        return body.decode("utf-8"), "UTF-8 (BOM)" if bom else "UTF-8"
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    line = body[:bad_at].count(b"\n") + 1
    if b"\x00" in body:
        raise _data_error(path, Bi("テキストファイルではありません（NUL 文字を含みます）",
                                   "it is not a text file (it contains NUL bytes)"), _HINT_ENCODING)
    if bom or _mostly_utf8(body):
        raise _data_error(path, Bi(f"{line}行目に UTF-8 として読めないバイトがあります",
                                   f"line {line} has bytes that are not valid UTF-8"), _HINT_ENCODING)
    try:
        return body.decode("cp932"), "CP932"
    except UnicodeDecodeError:
        raise _data_error(path, Bi(f"文字コードを判別できません（{line}行目が UTF-8 としても Shift_JIS としても読めません）",
                                   f"unknown encoding (line {line} is neither UTF-8 nor Shift_JIS)"),
                          _HINT_ENCODING) from None


def _mostly_utf8(body: bytes) -> bool:
    """True when most non-ASCII text is valid UTF-8: a UTF-8 file with a few
    damaged bytes, which CP932 would turn into plausible-looking nonsense."""
    decoded = body.decode("utf-8", "replace")
    bad = decoded.count("\ufffd")
    good = sum(1 for c in decoded if ord(c) > 0x7F and c != "\ufffd")
    return good >= 4 * bad


# YAML


class _DuplicateKey(ConstructorError):
    pass


class _TooDeep(ComposerError):
    pass


class _SourceInt(int):
    """An int that remembers how it was written (017, 1_000, 1:20)."""
    source: str


class _SourceFloat(float):
    source: str


class _DataLoader(safeyaml.SafeLoader):
    """The data file's YAML: safeyaml's loader (no aliases, no oversize
    numbers) where

    * dates stay strings, so a bad date (2026-13-01) is reported by field
      name by the schema instead of failing the parse;
    * only true / false are booleans (YAML 1.2): ``q01: yes`` is the text
      "yes", not True, and ``signing: on`` is not a boolean;
    * a number keeps the text it was written as, for text fields
      (``postal: 017`` gives "017", not 15);
    * a key given twice is refused (YAML would silently keep the last);
    * nesting deeper than MAX_DATA_DEPTH is refused (the composer recurses).
    """

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_DATA_DEPTH:
                raise _TooDeep(None, None, f"nested more than {MAX_DATA_DEPTH} levels deep",
                               self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        import yaml

        seen = {}
        if isinstance(node, yaml.MappingNode):
            for key_node, _value in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in seen:
                        raise _DuplicateKey(
                            "while constructing a mapping", seen[key_node.value],
                            f"the key {key_node.value!r} appears twice", key_node.start_mark)
                    seen[key_node.value] = key_node.start_mark
        return super().construct_mapping(node, deep)

    def construct_yaml_int(self, node):
        value = super().construct_yaml_int(node)
        out = _SourceInt(value)
        out.source = str(node.value)
        return out

    def construct_yaml_float(self, node):
        value = super().construct_yaml_float(node)
        out = _SourceFloat(value)
        out.source = str(node.value)
        return out


_DataLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for k, v in safeyaml.SafeLoader.yaml_implicit_resolvers.items()}
_DataLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  list("tTfF"))
_DataLoader.add_constructor("tag:yaml.org,2002:int", _DataLoader.construct_yaml_int)
_DataLoader.add_constructor("tag:yaml.org,2002:float", _DataLoader.construct_yaml_float)

# PyYAML's problems, in Japanese: (part of the English problem, explanation)
_YAML_JA = (
    ("'\\t'", "タブ文字は使えません（字下げは半角スペースで）"),
    ("mapping values are not allowed", "ここに「:」は書けません（値の中に「: 」があるときは値全体を \"...\" で囲んでください）"),
    ("cannot start any token", "この文字で値を始めることはできません（「@」「`」などで始まる値は \"...\" で囲んでください）"),
    ("could not find expected ':'", "「キー: 値」の「:」がありません"),
    ("expected ',' or ']'", "「[」を閉じる「]」がありません"),
    ("expected ',' or '}'", "「{」を閉じる「}」がありません"),
    ("found unexpected end of stream", "引用符（\" または '）が閉じていません"),
    ("expected <block end>", "字下げ（行頭の空白）がそろっていません"),
    ("did not find expected key", "字下げがそろっていないか、「- 」の位置が正しくありません"),
    ("did not find expected '-' indicator", "リストの「- 」の字下げがそろっていません"),
    ("could not determine a constructor", "使えないタグ（!!python/... など）があります"),
    ("found undefined tag handle", "使えないタグ（!...）があります"),
    ("found unhashable key", "キーにリストやマッピングは使えません"),
    ("found unknown escape character", "\"...\" の中の「\\」の使い方が正しくありません（\\ を重ねるか '...' で囲んでください）"),
    ("found a tab character", "タブ文字は使えません（字下げは半角スペースで）"),
    ("expected a single document", "「---」で区切った文書が2つ以上あります（1つにしてください）"),
)


def yaml_reason(exc: BaseException) -> Bi:
    base = safeyaml.reason(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f"{mark.line + 1}行目 {mark.column + 1}文字目: " if mark is not None else ""
    problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
    if isinstance(exc, _DuplicateKey):
        key = re.search(r"the key (.+) appears twice", problem)
        first = getattr(exc, "context_mark", None)
        also = f"（最初は {first.line + 1}行目）" if first is not None else ""
        return Bi(f"{where}キー {key.group(1) if key else ''} が2回あります{also}", base.get("en"))
    if isinstance(exc, _TooDeep):
        return Bi(f"{where}入れ子が深すぎます（{MAX_DATA_DEPTH} 段まで）", base.get("en"))
    for needle, ja in _YAML_JA:
        if needle in problem:
            return Bi(f"{where}{ja}（{problem}）", base.get("en"))
    return base


def _parse_yaml(text: str, path):
    import yaml

    try:
        return safeyaml.load(text, loader=_DataLoader)
    except yaml.YAMLError as exc:
        raise _data_error(path, yaml_reason(exc), _HINT_SYNTAX_YAML) from None
    except RecursionError:
        raise _data_error(path, Bi("入れ子が深すぎます", "nested too deeply"), _HINT_SYNTAX_YAML) from None
    except (ValueError, TypeError, OverflowError, OSError) as exc:  # e.g. !!timestamp 2025-13-45
        raise _data_error(path, Bi(f"値を読めません（{type(exc).__name__}: {exc}）",
                                   f"a value cannot be read ({type(exc).__name__}: {exc})"), _HINT_SYNTAX_YAML) from None


# TOML

_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_JA = (
    ("Invalid value", "値の書き方が正しくありません（文字列は \"...\" で囲みます）"),
    ("Expected '=' after a key", "「キー = 値」の「=」がありません"),
    ("Invalid statement", "この行は「キー = 値」や [表] として読めません"),
    ("Cannot overwrite a value", "同じキーが2回あります"),
    ("Cannot declare", "同じ表（[...]）が2回あります"),
    ("Unclosed array", "「[」を閉じる「]」がありません"),
    ("Unclosed inline table", "「{」を閉じる「}」がありません"),
    ("Unterminated string", "引用符（\"）が閉じていません"),
    ("Illegal character", "使えない文字があります（制御文字など）"),
    ("Invalid date or datetime", "日付の書き方が正しくありません（2025-04-01 の形で）"),
    ("Expected newline or end of document", "値の後ろに余計な文字があります"),
)


def _toml_reason(exc) -> Bi:
    msg = str(exc)
    m = _TOML_AT.search(msg)
    problem = _TOML_AT.sub("", msg).strip()
    where_ja = f"{m.group(1)}行目 {m.group(2)}文字目: " if m else ""
    where_en = f"line {m.group(1)}, column {m.group(2)}: " if m else ""
    ja = next((j for needle, j in _TOML_JA if needle in problem), "TOML の書式の誤り")
    return Bi(f"{where_ja}{ja}（{problem}）", f"{where_en}{problem}")


def _parse_toml(text: str, path):
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _data_error(path, _toml_reason(exc), _HINT_SYNTAX_TOML) from None
    except RecursionError:
        raise _data_error(path, Bi("入れ子が深すぎます", "nested too deeply"), _HINT_SYNTAX_TOML) from None
    except ValueError as exc:  # an integer of more than 4300 digits
        digits = safeyaml.MAX_NUMBER_DIGITS
        if "integer string conversion" in str(exc):
            m = re.search(r"\d[\d_]{4000,}", text)  # where: tomllib does not say
            line = text[:m.start()].count("\n") + 1 if m else None
            at_ja, at_en = (f"{line}行目: ", f"line {line}: ") if line else ("", "")
            raise _data_error(path, Bi(f"{at_ja}{digits} 桁を超える数は書けません",
                                       f"{at_en}a number of more than {digits} digits"), _HINT_SYNTAX_TOML) from None
        raise _data_error(path, Bi(f"値を読めません（{exc}）", f"a value cannot be read ({exc})"),
                          _HINT_SYNTAX_TOML) from None


def _check_shape(data: dict, path) -> None:
    """Nesting depth, number of values, and numbers (TOML has no digit limit
    of its own) of a data file, walked without recursion."""
    limit_bits = int(safeyaml.MAX_NUMBER_DIGITS * 3.33) + 4
    stack = [(data, 1, "")]
    count = 0
    while stack:
        value, depth, name = stack.pop()
        count += 1
        if count > MAX_DATA_NODES:
            raise _data_error(path, Bi(f"値が多すぎます（{MAX_DATA_NODES:,} 個を超えます）",
                                       f"more than {MAX_DATA_NODES:,} values"), _HINT_SHAPE)
        if depth > MAX_DATA_DEPTH:
            raise _data_error(path, Bi(f"「{name}」の入れ子が深すぎます（{MAX_DATA_DEPTH} 段まで）",
                                       f"\"{name}\" is nested more than {MAX_DATA_DEPTH} levels deep"), _HINT_SHAPE)
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > limit_bits:
            digits = safeyaml.MAX_NUMBER_DIGITS
            raise _data_error(path, Bi(f"「{name}」: {digits} 桁を超える数は書けません",
                                       f"\"{name}\": a number of more than {digits} digits"), _HINT_SHAPE)
        if isinstance(value, dict):
            stack.extend((v, depth + 1, f"{name}.{k}" if name else str(k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, depth + 1, f"{name}[{i}]") for i, v in enumerate(value))


def _clean_free(data: dict) -> dict:
    """The data for a custom template (no schema): strings cleaned of control
    characters and bounded in length, lists bounded, without recursion."""
    problems = []

    def clean(value, name, depth):
        if depth > MAX_DATA_DEPTH:
            raise KeiyakuError("E504", field=name, label=Bi(name), problem=f"入れ子が深すぎます（{MAX_DATA_DEPTH} 段まで）",
                               problem_en=f"is nested more than {MAX_DATA_DEPTH} levels deep")
        if isinstance(value, str):
            if len(value) > MAX_FREE_STRING:
                problems.append(KeiyakuError("E504", field=name, label=Bi(name), problem=f"長すぎます（{len(value):,} 文字。上限は "
                                             f"{MAX_FREE_STRING:,} 文字）",
                                             problem_en=f"is too long ({len(value):,} characters; the limit is "
                                             f"{MAX_FREE_STRING:,})"))
                return ""
            return clean_text(value)
        if isinstance(value, dict):
            return {str(k): clean(v, f"{name}.{k}" if name else str(k), depth + 1) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            if len(value) > MAX_ITEMS * 10:
                problems.append(KeiyakuError("E504", field=name, label=Bi(name), problem=f"件数が多すぎます（{len(value):,} 件。上限は "
                                             f"{MAX_ITEMS * 10:,} 件）", problem_en=f"has too many entries "
                                             f"({len(value):,}; the limit is {MAX_ITEMS * 10:,})"))
                return []
            return [clean(v, f"{name}[{i}]", depth + 1) for i, v in enumerate(value)]
        return value

    out = clean(data, "", 0)
    if problems:
        from keiyaku_lint.generate.schema import raise_problems

        raise_problems(problems)
    return out


def prepare_context(spec: Optional[TemplateSpec], data: dict, strict: bool = False) -> dict:
    """Validated, defaults filled, derived labels added, dates as Japanese text."""
    if not isinstance(data, dict):
        raise KeiyakuError("E504", field="(top)", label=Bi("データ全体", "the data"),
                           problem="キーと値の組（「キー: 値」の形）で書いてください",
                           problem_en="must be a mapping")
    if spec is None:
        values = _clean_free(data)  # builds new containers: the caller's data is not changed
    else:
        values = validate(spec.schema, data)
        spec.check(values)
        values = spec.build(values)
    style = values.get("date_style") if values.get("date_style") in dates.STYLES else "seireki"
    ctx = format_dates(values, style)
    ctx["strict"] = bool(strict)
    ctx["variant"] = "strict" if strict else "standard"
    ctx.setdefault("blank_date", dates.blank_date(style))  # a date line to fill in by hand
    if "signing" in ctx:
        ctx.setdefault("paper", ctx["signing"] != "electronic")
    return ctx


# --- rendering, checking, writing ---------------------------------------------------------


def render_document(found: Found, data: dict, strict: bool = False) -> bytes:
    from keiyaku_lint.generate.render import render

    ctx = prepare_context(found.spec, data, strict)
    numbering = found.spec.numbering if found.spec else "article"
    return render(found.path, ctx, numbering_style=numbering)


def self_check(docx_bytes: bytes, profile: str, variant: str = "standard", name: str = "generated.docx"):
    """Lint the generated DOCX with api.lint under ``profile``. Returns the
    FileResult; raises E511 when a clause of the profile is missing or weak,
    E516 when the check itself could not run."""
    from keiyaku_lint.api import lint
    from keiyaku_lint.config import Config

    with tempfile.TemporaryDirectory(prefix="keiyaku-gen-") as tmp:
        path = Path(tmp) / "generated.docx"
        path.write_bytes(docx_bytes)
        result = lint(path, Config(profile=profile, variant=variant))
    if result.error is not None:
        err = result.error
        label_ja, label_en = f"生成した文書 {shown(name)}", f"the generated document {shown(name)}"

        def unlinked(message: str, label: str) -> str:  # never show the temp path
            return message.replace(str(path), label).replace(tmp, label)

        raise KeiyakuError("E516", reason=Bi(
            f"[{err['code']}] " + unlinked(err.get("message_ja") or err.get("message_en", ""), label_ja),
            f"[{err['code']}] " + unlinked(err.get("message_en", ""), label_en)))
    bad = [c for c in result.clauses if c.status != "present"]
    if bad:
        detail_ja = "、".join(f"{c.title('ja')}（{c.id}: {c.status}）" for c in bad)
        detail_en = ", ".join(f"{c.id}: {c.status}" for c in bad)
        raise KeiyakuError("E511", profile=profile, clauses=detail_ja, clauses_en=detail_en)
    return result


def write_atomic(data: bytes, output, force: bool = False) -> Path:
    """Write ``data`` to the regular file ``output`` atomically (temp file in
    the same folder, then link / rename). Never overwrites without
    ``force``; never leaves the temp file behind."""
    out = Path(output)
    where = shown(out)
    if out.exists() and not force:
        raise KeiyakuError("E507", path=where)
    if out.exists() and out.is_dir():
        raise KeiyakuError("E513", path=where, reason=Bi("フォルダです", "it is a folder"))
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise KeiyakuError("E513", path=where, reason=Bi(f"フォルダ {shown(parent)} がありません",
                                                        f"the folder {shown(parent)} does not exist"))
    tmp = None
    try:
        # a short temp name: a long output name must not fail only because of the prefix
        fd, tmp = tempfile.mkstemp(prefix=".kl-", suffix=".tmp", dir=parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; give the usual mode
        if force:
            os.replace(tmp, out)
        else:
            try:
                os.link(tmp, out)  # put in place, refusing a file that appeared meanwhile
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                if out.exists() or out.is_symlink():
                    raise FileExistsError(str(out)) from None
                os.replace(tmp, out)
    except FileExistsError:
        raise KeiyakuError("E507", path=where) from None
    except OSError as exc:
        raise KeiyakuError("E513", path=where, reason=os_reason(exc)) from None
    finally:
        if tmp is not None and os.path.lexists(tmp):
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return out




@dataclass(frozen=True)
class Generated:
    path: Path
    template: str
    lint: object  # FileResult or None (paperwork is not linted)
    stream: bool = False  # written to standard output, a pipe or a device


DOCX_WHAT = Bi("generate が作るのは Word 文書（.docx）な", "generate writes a Word document (.docx)")


def generate(name: str, data: dict, output, *, strict: bool = False, force: bool = False,
             template_dir=None, check: bool = True, inputs=()) -> Generated:
    """Render template ``name`` with ``data``; for a contract, check it with
    api.lint under its profile; write it to ``output`` (see files.py: a
    ``.docx`` file written atomically, or a stream such as ``-``).

    ``inputs``: paths the output must not be (the data file); the template
    is always protected."""
    found = find_template(name, template_dir)
    protected = [(Bi("データファイル", "data file"), p) for p in inputs]
    protected.append((Bi("テンプレート", "template"), found.path))
    target = check_output(output, suffixes=(".docx",), what=DOCX_WHAT, force=force, inputs=protected)
    docx_bytes = render_document(found, data, strict)
    result = None
    if check and found.spec is not None and found.spec.profile:
        result = self_check(docx_bytes, found.spec.profile, "strict" if strict else "standard",
                            name=Path(target.path).name)
    write_output(docx_bytes, target, force)
    return Generated(Path(target.path), name, result, target.is_stream)
