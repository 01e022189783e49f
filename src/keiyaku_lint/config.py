"""Settings for a run. Loading them from keiyaku-lint.toml / pyproject.toml is
done by ``load_config``; the CLI's options override what the file says.

The file is looked for from the current folder upwards: in each folder
``keiyaku-lint.toml`` first, then ``pyproject.toml`` when it has a
``[tool.keiyaku-lint]`` table. Keys (all optional)::

    profile = "outsourcing"
    add = ["clause_id"]            # clauses added to the profile
    ignore = ["clause_id"]         # clauses dropped from the profile
    clause_dirs = ["my_clauses"]   # extra clause folders, relative to the file
    variant = "standard"           # recommended wording: standard | strict
    format = "text"                # text | json | csv | html | sarif
    lang = "ja"                    # ja | en
    fail_on = "weak"               # missing | weak | never
    jobs = 2                       # parallel workers (default: number of cores)
    glob = ["*.docx", "*.pdf"]     # files picked from folders
    [severities]                   # ([tool.keiyaku-lint.severities] in pyproject)
    liability = "warning"

An unknown key or a bad value is an error naming the file and the key (E401,
E402); a file that is not TOML is E403.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping, Optional

from keiyaku_lint.errors import KeiyakuError

CONFIG_NAME = "keiyaku-lint.toml"
FORMATS = ("text", "json", "csv", "html", "sarif")
LANGS = ("ja", "en")
FAIL_ON = ("missing", "weak", "never")
VARIANTS = ("standard", "strict")
SEVERITIES = ("error", "warning", "info")
DEFAULT_GLOBS = ("*.docx", "*.pdf", "*.txt", "*.md")


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


# file key -> (Config field, checker). A checker returns the converted value or
# raises ValueError with the problem in English-neutral words.


def _choice(options):
    def check(v):
        if not isinstance(v, str) or v not in options:
            raise ValueError(f"{v!r}: must be one of {', '.join(options)}")
        return v
    return check


def _string(v):
    if not isinstance(v, str) or not v.strip():
        raise ValueError(f"{v!r}: must be a non-empty string")
    return v.strip()


def _strlist(v):
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise ValueError(f"{v!r}: must be a list of strings")
    return tuple(x.strip() for x in v)


def _jobs(v):
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        raise ValueError(f"{v!r}: must be a whole number of at least 1")
    return v


def _severities(v):
    if not isinstance(v, Mapping):
        raise ValueError("must be a table of clause id = severity")
    out = []
    for cid, sev in v.items():
        if sev not in SEVERITIES:
            raise ValueError(f"{cid} = {sev!r}: must be one of {', '.join(SEVERITIES)}")
        out.append((str(cid), sev))
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
    "glob": ("globs", _strlist),
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
            return tomllib.load(fh)
    except OSError as exc:
        raise KeiyakuError("E403", path=str(path), reason=exc.strerror or str(exc)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise KeiyakuError("E403", path=str(path), reason=str(exc)) from None


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
            raise KeiyakuError("E402", path=str(path), key=prefix + key, problem=str(exc)) from None
    if "clause_dirs" in values:
        base = path.resolve().parent
        values["clause_dirs"] = tuple(str((base / d).resolve()) for d in values["clause_dirs"])
    values["source"] = str(path)
    return values


def load_config(start_dir=None, cli_overrides: Optional[Mapping[str, Any]] = None,
                config_file=None) -> Config:
    """The settings for a run: defaults, then the configuration file (the one
    given, or the nearest from ``start_dir`` upwards), then ``cli_overrides``
    (Config field names; None values are ignored)."""
    values: dict[str, Any] = {}
    if config_file is not None:
        values = read_config_file(config_file)
    else:
        found = find_config(start_dir)
        if found is not None:
            values = read_config_file(*found)
    for k, v in (cli_overrides or {}).items():
        if v is None:
            continue
        if k not in {f.name for f in fields(Config)}:
            raise ValueError(f"unknown Config field {k}")
        if k in ("add_clauses", "ignore_clauses", "clause_dirs", "globs", "severities"):
            v = tuple(v)
            if not v:  # an empty repeatable option means "not given"
                continue
        values[k] = v
    return replace(Config(), **values)


def check_clause_ids(config: Config, library) -> None:
    """Every clause id the configuration names exists in the library (E405),
    and the profile does (E303)."""
    where = config.source or "--add / --ignore"
    for key, ids in (("add", config.add_clauses), ("ignore", config.ignore_clauses),
                     ("severities", tuple(c for c, _ in config.severities))):
        for cid in ids:
            if cid not in library.clauses:
                raise KeiyakuError("E405", where=where, key=key, clause=cid)
    library.profile_clauses(config.profile, config.add_clauses, config.ignore_clauses,
                            config.severities)
