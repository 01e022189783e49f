"""Settings for a run. Loading them from keiyaku-lint.toml / pyproject.toml is
done by ``load_config``; the CLI's options override what the file says.

The file is looked for from a folder upwards: in each folder
``keiyaku-lint.toml`` first, then ``pyproject.toml`` when it has a
``[tool.keiyaku-lint]`` table. The run's file is the nearest to the current
folder (or ``--config``; ``--isolated`` reads none); each checked file's
clause settings come from the file nearest to it (``config_for_file``), as
ruff and textlint look theirs up. Keys (all optional)::

    profile = "outsourcing"
    add = ["clause_id"]            # clauses added to the profile
    ignore = ["clause_id"]         # clauses dropped from the profile
    clause_dirs = ["my_clauses"]   # extra clause folders, relative to the file
    variant = "standard"           # recommended wording: standard | strict
    format = "text"                # text | compact | json | csv | html | sarif
    lang = "ja"                    # ja | en (default: KEIYAKU_LINT_LANG, else the locale: en_US -> en)
    fail_on = "weak"               # missing | weak | never
    jobs = 2                       # parallel workers (default: number of cores)
    glob = ["*.docx", "*.pdf"]     # files picked from folders (not empty)
    timeout = 120                  # seconds per file, loading and analysis
    memory_limit = 4096            # megabytes per file (a worker's resident memory)
    ocr = "auto"                   # scans: auto (pages without text, images) | always | never
    [severities]                   # ([tool.keiyaku-lint.severities] in pyproject)
    liability = "warning"
    [[waiver]]                     # an accepted deviation, for audits (repeatable)
    file = "契約書/A社*.docx"       # files it covers, relative to this file's folder (* spans folders)
    clause = "liability"           # the clause id or its Japanese title (責任分担および損害賠償)
    reason = "親会社保証で代替"      # why it was accepted
    approver = "法務部 山田"          # who accepted it
    date = 2025-04-01              # when (a TOML date, 2025-04-01 or 令和7年4月1日)
    expires = 2026-03-31           # optional: after this day the clause fails again

A waived clause is reported as waived (例外承認), neither clean nor failing;
an expired waiver no longer applies and the file says so (W401).

An unknown key or a bad value is an error naming the file and the key (E401,
E402); a file that is not TOML (or not UTF-8; a BOM is fine) is E403. A
configuration that leaves its profile no clause is E402: it would report
every contract clean.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping, Optional

from keiyaku_lint.errors import Bi, KeiyakuError

CONFIG_NAME = "keiyaku-lint.toml"
FORMATS = ("text", "compact", "json", "csv", "html", "sarif")
LANGS = ("ja", "en")
FAIL_ON = ("missing", "weak", "never")
VARIANTS = ("standard", "strict")
SEVERITIES = ("error", "warning", "info")
OCR_MODES = ("auto", "always", "never")  # see load/ocr.py
DEFAULT_GLOBS = ("*.docx", "*.docm", "*.dotx", "*.dotm", "*.pdf", "*.txt", "*.md")


def env_lang(environ=None) -> str:
    """The language when neither --lang nor a configuration says: the
    KEIYAKU_LINT_LANG variable, else the locale (LC_ALL, LC_MESSAGES, LANG,
    as POSIX orders them; on Windows the user's locale): "en" for an English
    locale (en_US.UTF-8), else "ja" (C.UTF-8, ja_JP.UTF-8, unset)."""
    env = os.environ if environ is None else environ
    v = (env.get("KEIYAKU_LINT_LANG") or "").strip().lower()
    if v in LANGS:
        return v
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        val = env.get(var)
        if val:
            return "en" if val.lower().startswith("en") else "ja"
    if os.name == "nt" and environ is None:  # pragma: no cover - Windows
        import locale

        name = (locale.getlocale()[0] or "")
        return "en" if name.lower().startswith(("en", "english")) else "ja"
    return "ja"


@dataclass(frozen=True)
class Config:
    profile: str = "outsourcing"
    lang: str = "ja"
    clause_dirs: tuple[str, ...] = ()  # extra folders of clause / profile files
    add_clauses: tuple[str, ...] = ()  # clause ids added to the profile
    ignore_clauses: tuple[str, ...] = ()  # clause ids dropped from the profile
    severities: tuple[tuple[str, str], ...] = ()  # (clause id, severity) overrides
    variant: str = "standard"  # recommended wording: "standard" | "strict"
    fail_on: str = "weak"  # "missing" | "weak" | "never"
    source: Optional[str] = None  # the config file it came from, if any
    format: str = "text"  # report format
    jobs: Optional[int] = None  # worker processes; None = number of cores
    globs: tuple[str, ...] = DEFAULT_GLOBS  # file patterns picked from folders
    timeout: Optional[float] = None  # seconds per file (loading and analysis); None = 120
    memory_limit_mb: Optional[int] = None  # resident memory of a worker; None = 4096
    waivers: tuple = ()  # model.Waiver: accepted deviations ([[waiver]])
    ocr: str = "auto"  # scans: "auto" (pages without a text layer, image files) | "always" | "never"

    def settings(self):
        """What reports show of this configuration (model.Settings)."""
        from keiyaku_lint.model import Settings

        return Settings(config=self.source, profile=self.profile, added=self.add_clauses,
                        ignored=self.ignore_clauses, severities=self.severities, variant=self.variant)


# file key -> (Config field, checker). A checker returns the converted value or
# raises ValueError whose argument is the problem as Bi(ja, en).


def _shown(v) -> str:
    text = repr(v)
    return text if len(text) <= 60 else text[:57] + "..."


def _choice(options):
    def check(v):
        if not isinstance(v, str) or v not in options:
            raise ValueError(Bi(f"{_shown(v)}: {'、'.join(options)} のいずれかを指定してください",
                                f"{_shown(v)}: must be one of {', '.join(options)}"))
        return v
    return check


def _string(v):
    if not isinstance(v, str) or not v.strip():
        raise ValueError(Bi(f"{_shown(v)}: 空でない文字列を指定してください",
                            f"{_shown(v)}: must be a non-empty string"))
    return v.strip()


def _strlist(v, allow_empty: bool = True):
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise ValueError(Bi(f"{_shown(v)}: 文字列のリストを指定してください（例: [\"a\", \"b\"]）",
                            f"{_shown(v)}: must be a list of strings"))
    if not v and not allow_empty:
        raise ValueError(Bi("空のリストは指定できません（少なくとも1つ書いてください）",
                            "must not be an empty list"))
    return tuple(x.strip() for x in v)


def _globs(v):
    return _strlist(v, allow_empty=False)


def _jobs(v):
    if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 256:
        raise ValueError(Bi(f"{_shown(v)}: 1 から 256 までの整数を指定してください",
                            f"{_shown(v)}: must be a whole number from 1 to 256"))
    return v


def _seconds(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 1 <= v <= 86400:
        raise ValueError(Bi(f"{_shown(v)}: 1 から 86400 までの秒数を指定してください",
                            f"{_shown(v)}: must be a number of seconds from 1 to 86400"))
    return float(v)


def _megabytes(v):
    if isinstance(v, bool) or not isinstance(v, int) or not 256 <= v <= 1 << 20:
        raise ValueError(Bi(f"{_shown(v)}: 256 から 1048576 までの整数（MB）を指定してください",
                            f"{_shown(v)}: must be a whole number of megabytes from 256 to 1048576"))
    return v


def _severities(v):
    if not isinstance(v, Mapping):
        raise ValueError(Bi("「条項 ID = 重要度」の表（[severities]）で指定してください",
                            "must be a table of clause id = severity"))
    out = []
    for cid, sev in v.items():
        if sev not in SEVERITIES:
            raise ValueError(Bi(f"{cid} = {_shown(sev)}: {'、'.join(SEVERITIES)} のいずれかを指定してください",
                                f"{cid} = {_shown(sev)}: must be one of {', '.join(SEVERITIES)}"))
        out.append((str(cid), sev))
    return tuple(out)


WAIVER_KEYS = ("file", "clause", "reason", "approver", "date", "expires")
WAIVER_REQUIRED = ("file", "clause", "reason", "approver", "date")


def _iso_date(v, key: str) -> str:
    import datetime as _dt

    if isinstance(v, _dt.datetime):
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, str):
        from keiyaku_lint.generate.dates import parse

        d, _problem = parse(v)
        if d is not None:
            return d.isoformat()
    raise ValueError(Bi(f"{key} = {_shown(v)}: 日付を 2025-04-01 か 令和7年4月1日 の形で書いてください",
                        f"{key} = {_shown(v)}: write a date such as 2025-04-01"))


def _waivers(v):
    """[[waiver]] tables: each with file, clause, reason, approver, date and
    an optional expires. The clause is checked against the library later
    (check_clause_ids), a title (再委託の制限) resolved to its id."""
    from keiyaku_lint.model import Waiver

    if isinstance(v, Mapping):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(w, Mapping) for w in v):
        raise ValueError(Bi("[[waiver]] の表（file / clause / reason / approver / date）で書いてください",
                            "must be [[waiver]] tables (file / clause / reason / approver / date)"))
    out = []
    for i, w in enumerate(v, 1):
        where_ja, where_en = f"{i}番目の [[waiver]]", f"[[waiver]] #{i}"
        unknown = [k for k in w if k not in WAIVER_KEYS]
        if unknown:
            raise ValueError(Bi(f"{where_ja}: 不明な項目 {', '.join(unknown)}（使える項目: {', '.join(WAIVER_KEYS)}）",
                                f"{where_en}: unknown key {', '.join(unknown)} (known: {', '.join(WAIVER_KEYS)})"))
        missing = [k for k in WAIVER_REQUIRED if not str(w.get(k, "")).strip()]
        if missing:
            raise ValueError(Bi(f"{where_ja}: {', '.join(missing)} がありません（監査のため file・clause・reason・"
                                "approver・date はすべて必須です）",
                                f"{where_en}: {', '.join(missing)} missing (file, clause, reason, approver and date "
                                "are all required)"))
        for k in ("file", "clause", "reason", "approver"):
            if not isinstance(w[k], str):
                raise ValueError(Bi(f"{where_ja}: {k} は文字列で書いてください", f"{where_en}: {k} must be a string"))
        try:
            date = _iso_date(w["date"], "date")
            expires = _iso_date(w["expires"], "expires") if w.get("expires") not in (None, "") else None
        except ValueError as exc:
            b = exc.args[0]
            raise ValueError(Bi(f"{where_ja}: {b.get('ja')}", f"{where_en}: {b.get('en')}")) from None
        if expires is not None and expires < date:
            raise ValueError(Bi(f"{where_ja}: expires（{expires}）が date（{date}）より前です",
                                f"{where_en}: expires ({expires}) is before date ({date})"))
        out.append(Waiver(file=w["file"].strip(), clause=w["clause"].strip(), reason=w["reason"].strip(),
                          approver=w["approver"].strip(), date=date, expires=expires))
    return tuple(out)


KEYS = {
    "profile": ("profile", _string),
    "add": ("add_clauses", _strlist),
    "ignore": ("ignore_clauses", _strlist),
    "severities": ("severities", _severities),
    "clause_dirs": ("clause_dirs", _strlist),
    "variant": ("variant", _choice(VARIANTS)),
    "format": ("format", _choice(FORMATS)),
    "lang": ("lang", _choice(LANGS)),
    "fail_on": ("fail_on", _choice(FAIL_ON)),
    "jobs": ("jobs", _jobs),
    "glob": ("globs", _globs),
    "timeout": ("timeout", _seconds),
    "memory_limit": ("memory_limit_mb", _megabytes),
    "waiver": ("waivers", _waivers),
    "ocr": ("ocr", _choice(OCR_MODES)),
}


def find_config(start_dir=None) -> Optional[tuple[Path, bool]]:
    """The nearest configuration file from ``start_dir`` upwards, with whether
    it is a pyproject.toml; None when there is none."""
    here = Path(start_dir or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        cand = folder / CONFIG_NAME
        if cand.is_file():
            return cand, False
        py = folder / "pyproject.toml"
        if py.is_file() and _has_tool_table(py):
            return py, True
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = _read_toml(path)
    except KeiyakuError:
        return False  # a broken pyproject.toml of some other project: not ours
    return isinstance(data.get("tool"), dict) and "keiyaku-lint" in data["tool"]


def _read_toml(path: Path) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with open(path, "rb") as fh:
            raw = fh.read(1 << 20 + 1)
    except OSError as exc:
        from keiyaku_lint.generate.files import os_reason

        raise KeiyakuError("E403", path=str(path), reason=os_reason(exc)) from None
    if len(raw) > 1 << 20:
        raise KeiyakuError("E403", path=str(path), reason=Bi("1 MB を超える設定ファイルは読みません",
                                                               "a configuration file over 1 MB is not read"))
    try:
        text = raw.decode("utf-8-sig")  # Notepad writes a BOM: accept it
    except UnicodeDecodeError:
        raise KeiyakuError("E403", path=str(path), reason=Bi("UTF-8 ではありません。UTF-8 で保存し直してください",
                                                               "not UTF-8: save it as UTF-8")) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        from keiyaku_lint.generate import _toml_reason  # the same words as for a data file

        raise KeiyakuError("E403", path=str(path), reason=_toml_reason(exc)) from None
    except (ValueError, RecursionError, MemoryError) as exc:  # e.g. an integer of 5000 digits
        raise KeiyakuError("E403", path=str(path), reason=Bi(f"読めない値があります（{type(exc).__name__}: {str(exc)[:120]}）",
                                                               f"{type(exc).__name__}: {str(exc)[:120]}")) from None


def read_config_file(path, pyproject: Optional[bool] = None) -> dict:
    """The validated settings of one file as Config field values."""
    path = Path(path)
    if not path.is_file():
        raise KeiyakuError("E404", path=str(path))
    if pyproject is None:
        pyproject = path.name == "pyproject.toml"
    data = _read_toml(path)
    prefix = ""
    if pyproject:
        data = (data.get("tool") or {}).get("keiyaku-lint", {})
        prefix = "tool.keiyaku-lint."
        if not isinstance(data, dict):
            raise KeiyakuError("E402", path=str(path), key="tool.keiyaku-lint",
                               problem="must be a table")
    values: dict[str, Any] = {}
    for key, raw in data.items():
        if key not in KEYS:
            raise KeiyakuError("E401", path=str(path), key=prefix + key,
                               known=", ".join(KEYS))
        name, check = KEYS[key]
        try:
            values[name] = check(raw)
        except ValueError as exc:
            problem = exc.args[0] if exc.args and isinstance(exc.args[0], Bi) else str(exc)
            raise KeiyakuError("E402", path=str(path), key=prefix + key, problem=problem) from None
    if "clause_dirs" in values:
        base = path.resolve().parent
        values["clause_dirs"] = tuple(str((base / d).resolve()) for d in values["clause_dirs"])
    if "waivers" in values:
        base = str(path.resolve().parent)
        values["waivers"] = tuple(replace(w, source=str(path), base=base) for w in values["waivers"])
    values["source"] = str(path)
    return values


def load_config(start_dir=None, cli_overrides: Optional[Mapping[str, Any]] = None,
                config_file=None, isolated: bool = False) -> Config:
    """The settings for a run: defaults, then the configuration file (the one
    given, or the nearest from ``start_dir`` upwards), then ``cli_overrides``
    (Config field names; None values are ignored)."""
    values: dict[str, Any] = {"lang": env_lang()}
    if config_file is not None:
        values.update(read_config_file(config_file))
    elif not isolated:
        found = find_config(start_dir)
        if found is not None:
            values.update(read_config_file(*found))
    for k, v in (cli_overrides or {}).items():
        if v is None:
            continue
        if k not in {f.name for f in fields(Config)}:
            raise ValueError(f"unknown Config field {k}")
        if k in ("add_clauses", "ignore_clauses", "clause_dirs", "globs", "severities", "waivers"):
            v = tuple(v)
            if not v:  # an empty repeatable option means "not given"
                continue
        values[k] = v
    return replace(Config(), **values)


# What a file's own configuration may set; the rest (format, lang, fail_on,
# jobs, glob, limits) belongs to the run and comes from the configuration of
# the folder check runs in, or --config.
PER_FILE = ("profile", "add_clauses", "ignore_clauses", "severities", "clause_dirs", "variant", "source",
            "waivers")


def config_for_file(path, run_config: Config, cli_overrides: Optional[Mapping[str, Any]] = None,
                    cache: Optional[dict] = None) -> Config:
    """The configuration that applies to one checked file: the nearest
    keiyaku-lint.toml (or pyproject.toml with [tool.keiyaku-lint]) from the
    file's own folder upwards, as ruff and textlint look it up, for the
    clause settings (profile, add, ignore, severities, clause_dirs, variant);
    when there is none, the run's. The command line's options still win."""
    folder = Path(os.path.abspath(os.fsdecode(path))).parent
    key = str(folder)
    if cache is not None and key in cache:
        found = cache[key]
    else:
        try:
            found = find_config(folder)
        except OSError:
            found = None
        if cache is not None:
            cache[key] = found
    if found is None or str(found[0]) == (run_config.source or ""):
        return run_config
    values = read_config_file(*found)
    per_file = {k: v for k, v in values.items() if k in PER_FILE}
    cfg = replace(run_config, **{k: getattr(Config(), k) for k in PER_FILE if k != "source"})
    cfg = replace(cfg, **per_file)
    for k, v in (cli_overrides or {}).items():
        if v is None or k not in PER_FILE:
            continue
        if k in ("add_clauses", "ignore_clauses", "clause_dirs", "severities"):
            v = tuple(v)
            if not v:
                continue
        cfg = replace(cfg, **{k: v})
    return cfg


def resolve_profile(config: Config, library) -> Config:
    """``--profile NDA`` means the nda profile: profile ids match whatever
    their case (and full-width letters). A waiver's clause given by its
    title (再委託の制限) becomes its id."""
    import unicodedata

    if config.waivers:
        config = replace(config, waivers=tuple(
            replace(w, clause=find_clause(library, w.clause) or w.clause) for w in config.waivers))
    if config.profile in library.profiles:
        return config
    want = unicodedata.normalize("NFKC", config.profile).strip().lower()
    for pid in library.profiles:
        if pid.lower() == want:
            return replace(config, profile=pid)
    return config


def check_clause_ids(config: Config, library) -> None:
    """Every clause id the configuration names exists in the library (E405),
    the profile does (E303), and what the configuration leaves of the profile
    is at least one clause (E402: a configuration that ignores every clause
    would report every contract clean)."""
    where = config.source or "--add / --ignore"
    for key, ids in (("add", config.add_clauses), ("ignore", config.ignore_clauses),
                     ("severities", tuple(c for c, _ in config.severities)),
                     ("waiver.clause", tuple(w.clause for w in config.waivers))):
        for cid in ids:
            if cid not in library.clauses:
                raise KeiyakuError("E405", where=where, key=key, clause=cid)
    specs = library.profile_clauses(config.profile, config.add_clauses, config.ignore_clauses,
                                    config.severities)
    if not specs:
        raise KeiyakuError("E402", path=config.source or "--ignore", key="ignore",
                           problem=Bi(f"プロファイル {config.profile} の条項がすべて外され、検査する条項が残りません。"
                                      "ignore から少なくとも1つの条項を外してください",
                                      f"it drops every clause of the profile {config.profile}, leaving nothing "
                                      "to check; keep at least one clause"))


def find_clause(library, name: str, candidates: bool = False):
    """The clause id ``name`` means: an id (any case), a title (再委託の制限,
    Restriction on subcontracting), or a part of a title or a typical heading
    (再委託, 損害賠償) that only one clause has. None when there is none or
    several; with ``candidates``, (id or None, [ids it could mean])."""
    import unicodedata

    want = unicodedata.normalize("NFKC", str(name)).strip()
    low = want.lower()
    found = None
    if want in library.clauses:
        found = want
    else:
        for cid in library.clauses:
            if cid.lower() == low.replace("-", "_").replace(" ", "_"):
                found = cid
    maybe: list = []
    if found is None and want:
        for cid, spec in library.clauses.items():
            titles = [unicodedata.normalize("NFKC", t) for t in (spec.title.ja, spec.title.en)]
            if want in titles or low in (t.lower() for t in titles):
                found = cid
                break
        if found is None:
            for cid, spec in library.clauses.items():
                heads = [spec.title.ja, spec.title.en.lower()] + list(getattr(spec, "headings", ()) or ())
                if any(want in unicodedata.normalize("NFKC", h) or low in h.lower() for h in heads if h):
                    maybe.append(cid)
            if len(maybe) == 1:
                found = maybe[0]
    return (found, maybe) if candidates else found


def waiver_for(path, clause_id: str, waivers, today: Optional[str] = None):
    """(the waiver that applies to ``clause_id`` of the file ``path``, the
    expired ones that would have): a waiver applies when its pattern matches
    the file's path relative to the waiver's folder (or its name alone, for
    a pattern without a folder) and it has not expired."""
    import datetime as _dt
    import fnmatch

    today = today or _dt.date.today().isoformat()
    real = os.path.abspath(os.fsdecode(path))
    live, expired = None, []
    for w in waivers:
        if w.clause != clause_id:
            continue
        rel = os.path.relpath(real, w.base) if w.base else real
        rel = rel.replace(os.sep, "/")
        pattern = w.file.replace("\\", "/")
        hit = fnmatch.fnmatchcase(rel, pattern) or ("/" not in pattern
                                                     and fnmatch.fnmatchcase(os.path.basename(real), pattern))
        if not hit:
            continue
        if w.expires is not None and w.expires < today:
            expired.append(w)
        elif live is None:
            live = w
    return live, expired


def apply_waivers(result, config: Config, today: Optional[str] = None):
    """The FileResult with each weak or missing clause that a live waiver
    covers marked waived, and a notice (W401) for each expired waiver that
    would have covered one; and the set of waivers used."""
    from keiyaku_lint.errors import notice

    used = set()
    if not config.waivers or result.error is not None or result.kind != "contract":
        return result, used
    clauses, notes = [], list(result.notices)
    for c in result.clauses:
        if c.status == "present":
            clauses.append(c)
            continue
        live, expired = waiver_for(result.path, c.id, config.waivers, today)
        for w in expired:
            notes.append(notice("W401", clause=c.title_ja, clause_en=c.title_en, approver=w.approver,
                                date=w.date, expires=w.expires, source=w.source or ""))
        if live is not None:
            used.add(live)
            c = replace(c, waiver=live)
        clauses.append(c)
    return replace(result, clauses=tuple(clauses), notices=tuple(notes)), used
