"""The clause library: what a clause is, as data.

Each clause is one YAML file in ``clause_library/clauses/``; each profile (a
named selection of clauses with severities) one file in
``clause_library/profiles/``. A company can add its own clause and profile
files from folders given in the configuration; a file there with the same id
replaces the bundled one.

This module only reads and validates the data; it never imports spaCy, so
``keiyaku-lint rules`` stays fast.

Clause file fields (see clause_library/README.md for the full reference):

    id, title {ja, en}, severity, regulation, description {ja, en}
    detect:
      headings: [words]          # heading words that make an article a likely home
      anchors: [element ids]     # an article bears the clause when one of these holds there
    elements:
      - id, name {ja, en}, message {ja, en}
        patterns: [pattern]      # the element holds when any pattern matches
    suggestion: {standard: {ja, en}, strict: {ja, en}}
    examples: {pass: [...], fail: [...]}

A pattern:
    all: [[term, ...], ...]      # every group must match in the same sentence (any term of a group)
    none: [term, ...]            # none of these may appear in the sentence
    key: N                       # index of the group holding the predicate whose modality is checked
    modality: [obliged | prohibited | permitted | stated]
    party: contractor            # the duty must not be put on the client alone
    scope: sentence | article    # where the groups must co-occur (default sentence)
    object: [term, ...]          # what the key predicate acts on (its を-object), when written, names one
    in_clause: ID                # the sentence must stand in, refer to, or name clause ID's article
    regex: "..."                 # a regular expression over the normalized sentence (instead of / with all)
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

from keiyaku_lint.errors import Bi, KeiyakuError
from keiyaku_lint.structure.roles import Parties, read_parties

MODALITIES = ("obliged", "prohibited", "permitted", "stated", "conditional")
SCOPES = ("sentence", "paragraph", "article")
SEVERITIES = ("error", "warning", "info")
PARTIES = ("contractor", "client", "any")
ANCHOR = "_presence"  # the hidden element built from detect.patterns


def bundled_library_dir() -> Path:
    """clause_library/ at the project root (a source checkout or an editable
    install), else the copy installed inside the package."""
    env = os.environ.get("KEIYAKU_LINT_LIBRARY")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        cand = parent / "clause_library"
        if (cand / "clauses").is_dir():
            return cand
    return here.parent.parent / "clause_library"


@dataclass(frozen=True)
class Text:
    ja: str
    en: str

    def get(self, lang: str = "ja") -> str:
        return self.en if lang == "en" else self.ja


@dataclass(frozen=True)
class Pattern:
    all: tuple[tuple[str, ...], ...] = ()
    none: tuple[str, ...] = ()
    key: Optional[int] = None
    modality: tuple[str, ...] = ()
    party: Optional[str] = None
    scope: str = "sentence"
    in_clause: Optional[str] = None
    regex: Optional[str] = None
    compiled: Optional["SafeRegex"] = field(default=None, compare=False, repr=False)
    object: tuple[str, ...] = ()  # the key predicate's object (を), when it has one, names one of these
    definitions: bool = False  # may match a definition (「…とは…をいう」), which otherwise binds no one


@dataclass(frozen=True)
class Element:
    id: str
    name: Text
    message: Text
    patterns: tuple[Pattern, ...]
    scored: bool = True
    # also looked for outside the clause's own articles (「乙又は再委託先において事故が
    # 発生したときは…報告する」 stands in the incident article): its patterns name the
    # clause's own subject, so a match anywhere is about the clause
    anywhere: bool = False


@dataclass(frozen=True)
class Moot:
    """A condition under which some elements cannot apply (``moot:`` in a
    clause file): a total ban on subcontracting leaves no subcontractor to bind
    or answer for. It holds in an article where one of its patterns matches and
    no sentence holds an ``unless`` term (an exception: 承諾, この限りでない …)."""

    id: str
    name: Text
    reason: Text
    elements: tuple[str, ...]
    patterns: tuple[Pattern, ...]
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class Example:
    text: str
    status: str  # present | weak | missing
    missing: tuple[str, ...] = ()  # element ids expected missing when weak
    note: str = ""


@dataclass(frozen=True)
class ClauseSpec:
    id: str
    title: Text
    severity: str
    regulation: str
    description: Text
    headings: tuple[str, ...]
    anchors: tuple[str, ...]
    elements: tuple[Element, ...]
    suggestions: dict  # variant -> Text
    examples_pass: tuple[Example, ...]
    examples_fail: tuple[Example, ...]
    exclude_headings: tuple[str, ...] = ()
    source: str = ""
    moot: tuple[Moot, ...] = ()

    @property
    def reported_elements(self) -> tuple[Element, ...]:
        """The elements a report shows (not the hidden presence test)."""
        return tuple(e for e in self.elements if e.scored)

    def element(self, eid: str) -> Element:
        for e in self.elements:
            if e.id == eid:
                return e
        raise KeyError(eid)

    def suggestion(self, variant: str = "standard") -> Optional[Text]:
        return self.suggestions.get(variant) or self.suggestions.get("standard")


@dataclass(frozen=True)
class Profile:
    id: str
    title: Text
    clauses: tuple[str, ...]
    severities: dict
    description: Text
    source: str = ""


@dataclass(frozen=True)
class Library:
    clauses: dict  # id -> ClauseSpec (every clause known)
    profiles: dict  # id -> Profile
    parties: Parties = Parties({}, ())

    def profile_clauses(self, profile: str, add=(), ignore=(), severities=()) -> list[ClauseSpec]:
        """The clauses a profile selects, in its order, with severity overrides."""
        if profile not in self.profiles:
            raise KeiyakuError("E303", profile=profile, known=", ".join(sorted(self.profiles)))
        prof = self.profiles[profile]
        ids = [c for c in prof.clauses if c not in ignore]
        ids += [c for c in add if c not in ids and c not in ignore]
        sev = dict(prof.severities)
        sev.update(dict(severities))
        out = []
        for cid in ids:
            if cid not in self.clauses:
                raise KeiyakuError("E304", clause=cid, where=prof.source or profile)
            spec = self.clauses[cid]
            if cid in sev and sev[cid] != spec.severity:
                spec = _replace(spec, severity=sev[cid])
            out.append(spec)
        return out


def _replace(spec: ClauseSpec, **kw) -> ClauseSpec:
    from dataclasses import replace

    return replace(spec, **kw)


# --- regular expressions a company writes ---------------------------------------

REGEX_SECONDS = 2.0  # one search of one sentence; ordinary patterns take microseconds


class RegexTimeout(Exception):
    """A clause file's regular expression ran past REGEX_SECONDS on a sentence
    (the engine turns it into E309 naming the clause file and the contract)."""

    def __init__(self, clause_file: str, key: str):
        super().__init__(f"{clause_file}: {key}")
        self.clause_file, self.key = clause_file, key


class SafeRegex:
    """A clause pattern's ``regex``, searched with a time limit: the
    ``regex`` module's matcher can be stopped, Python's ``re`` cannot, so a
    pattern that backtracks without end on some sentence stops that file's
    check with an error naming the clause file instead of hanging the run."""

    def __init__(self, pattern: str, source: str, key: str):
        import regex as _regex

        re.compile(pattern)  # the syntax Python users know; re.error when it is bad
        self.pattern = pattern
        self._rx = _regex.compile(pattern, _regex.VERSION0)
        self.source, self.key = source, key

    def search(self, text: str):
        try:
            return self._rx.search(text, timeout=REGEX_SECONDS)
        except TimeoutError:
            raise RegexTimeout(self.source, self.key) from None


def backtracking_risk(pattern: str) -> Optional[str]:
    """Why ``pattern`` may backtrack without end, or None: a repetition
    inside a repetition ((a+)+, (.*)*, ([^。]+)+ …), the classic shape of a
    regular expression that takes exponential time on text it almost matches."""
    try:
        from re import _parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse  # type: ignore[no-redef]
    try:
        tree = sre_parse.parse(pattern)
    except Exception:  # noqa: BLE001 - compile() reports syntax errors
        return None
    repeats = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT}
    possessive = getattr(sre_parse, "POSSESSIVE_REPEAT", None)

    def unbounded_repeat_in(items, inside: bool) -> bool:
        for op, av in items:
            if op in repeats or (possessive is not None and op == possessive):
                lo, hi, sub = av
                if op == possessive:
                    continue  # possessive repeats do not backtrack
                many = hi == sre_parse.MAXREPEAT or hi > 16
                if inside and many:
                    return True
                if unbounded_repeat_in(sub, inside or many):
                    return True
            elif op == sre_parse.SUBPATTERN:
                if unbounded_repeat_in(av[-1], inside):
                    return True
            elif op == sre_parse.BRANCH:
                if any(unbounded_repeat_in(b, inside) for b in av[1]):
                    return True
            elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
                if unbounded_repeat_in(av[1], inside):
                    return True
        return False

    if unbounded_repeat_in(tree, False):
        return ("nested repetition such as (.+)+ can take practically forever on some text; "
                "write the repetition once (e.g. (.+) or [^。]+)")
    return None


# --- reading ------------------------------------------------------------------


class _Reader:
    """Reads one YAML mapping and reports a bad field by file and key (E301)."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, key: str, problem: str):
        raise KeiyakuError("E301", path=str(self.path), key=key, problem=problem)

    def text(self, data, key, required=True) -> Text:
        v = data.get(key)
        if v is None:
            if required:
                self.fail(key, "required")
            return Text("", "")
        if isinstance(v, str):
            return Text(v, v)
        if not isinstance(v, dict) or "ja" not in v:
            self.fail(key, "must be a mapping with ja (and en)")
        return Text(str(v["ja"]).strip(), str(v.get("en", v["ja"])).strip())

    def strlist(self, data, key, required=False) -> tuple[str, ...]:
        v = data.get(key, None)
        if v is None:
            if required:
                self.fail(key, "required")
            return ()
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, (str, int)) for x in v):
            self.fail(key, "must be a list of strings")
        return tuple(str(x) for x in v)


def _read_yaml(path: Path) -> dict:
    from keiyaku_lint import safeyaml

    try:
        raw = path.read_bytes()
        if len(raw) > (4 << 20):
            raise KeiyakuError("E302", path=str(path), reason=Bi("4 MB を超える条項ファイルは読みません",
                                                                   "a clause file over 4 MB is not read"))
        data = safeyaml.load(raw.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise KeiyakuError("E302", path=str(path), reason=str(exc)) from None
    except yaml.YAMLError as exc:  # aliases and oversize numbers included (safeyaml)
        raise KeiyakuError("E302", path=str(path), reason=safeyaml.reason(exc)) from None
    except (ValueError, RecursionError) as exc:
        raise KeiyakuError("E302", path=str(path), reason=f"{type(exc).__name__}: {str(exc)[:200]}") from None
    if not isinstance(data, dict):
        raise KeiyakuError("E302", path=str(path), reason="not a mapping")
    return data


def _pattern(r: _Reader, raw, where: str) -> Pattern:
    if not isinstance(raw, dict):
        r.fail(where, "a pattern must be a mapping")
    known = {"all", "none", "key", "modality", "party", "scope", "in_clause", "regex", "note", "object", "definitions"}
    for k in raw:
        if k not in known:
            r.fail(f"{where}.{k}", f"unknown key (known: {', '.join(sorted(known))})")
    groups = raw.get("all", [])
    if not isinstance(groups, list):
        r.fail(f"{where}.all", "must be a list of lists of terms")
    all_ = []
    for i, g in enumerate(groups):
        if isinstance(g, str):
            g = [g]
        if not isinstance(g, list) or not g or not all(isinstance(t, str) and t for t in g):
            r.fail(f"{where}.all[{i}]", "must be a non-empty list of terms")
        all_.append(tuple(g))
    regex = raw.get("regex")
    compiled = None
    if regex is not None:
        if not isinstance(regex, str) or not regex:
            r.fail(f"{where}.regex", "must be a non-empty string")
        try:
            compiled = SafeRegex(regex, str(r.path), f"{where}.regex")
        except re.error as exc:
            r.fail(f"{where}.regex", f"invalid regular expression: {exc}")
        risk = backtracking_risk(regex)
        if risk:
            r.fail(f"{where}.regex", risk)
    if not all_ and regex is None:
        r.fail(where, "needs `all` or `regex`")
    modality = raw.get("modality", [])
    if isinstance(modality, str):
        modality = [modality]
    for m in modality:
        if m not in MODALITIES:
            r.fail(f"{where}.modality", f"{m!r} is not one of {', '.join(MODALITIES)}")
    key = raw.get("key")
    if (modality or raw.get("party") or raw.get("object")) and not all_:
        r.fail(where, "modality, party and object ask about the predicate of a term group: give `all`")
    if (modality or raw.get("party")) and key is None:  # the predicate asked about: the last group's
        key = len(all_) - 1 if all_ else None
    if key is not None and (not isinstance(key, int) or not 0 <= key < len(all_)):
        r.fail(f"{where}.key", "must index a group of `all`")
    scope = raw.get("scope", "sentence")
    if scope not in SCOPES:
        r.fail(f"{where}.scope", f"must be one of {', '.join(SCOPES)}")
    party = raw.get("party")
    if party is not None and party not in PARTIES:
        r.fail(f"{where}.party", f"must be one of {', '.join(PARTIES)}")
    none = raw.get("none", [])
    if isinstance(none, str):
        none = [none]
    obj = raw.get("object", [])
    if isinstance(obj, str):
        obj = [obj]
    if obj and key is None:
        key = 0 if all_ else None
    return Pattern(all=tuple(all_), none=tuple(none), key=key, modality=tuple(modality),
                   party=party, scope=scope, in_clause=raw.get("in_clause"), regex=regex,
                   compiled=compiled, object=tuple(obj), definitions=bool(raw.get("definitions", False)))


def _example(r: _Reader, raw, where: str, default: str) -> Example:
    if isinstance(raw, str):
        return Example(text=raw, status=default)
    if not isinstance(raw, dict) or "text" not in raw:
        r.fail(where, "an example is a string or a mapping with text")
    status = raw.get("status", default)
    if status not in ("present", "weak", "missing"):
        r.fail(f"{where}.status", "must be present, weak or missing")
    return Example(text=str(raw["text"]), status=status,
                   missing=tuple(raw.get("missing", []) or ()), note=str(raw.get("note", "")))


def read_clause(path: Path) -> ClauseSpec:
    data = _read_yaml(path)
    r = _Reader(path)
    known = {"id", "title", "severity", "regulation", "description", "detect", "elements",
             "suggestion", "examples", "moot"}
    for k in data:
        if k not in known:
            r.fail(k, f"unknown key (known: {', '.join(sorted(known))})")
    cid = data.get("id")
    if not isinstance(cid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", cid or ""):
        r.fail("id", "required: lower-case letters, digits and _")
    severity = data.get("severity", "error")
    if severity not in SEVERITIES:
        r.fail("severity", f"must be one of {', '.join(SEVERITIES)}")
    detect = data.get("detect") or {}
    if not isinstance(detect, dict):
        r.fail("detect", "must be a mapping")
    elements = []
    raw_elements = data.get("elements")
    if not isinstance(raw_elements, list) or not raw_elements:
        r.fail("elements", "required: a non-empty list")
    for i, e in enumerate(raw_elements):
        where = f"elements[{i}]"
        if not isinstance(e, dict) or not isinstance(e.get("id"), str):
            r.fail(where, "an element needs an id")
        pats = e.get("patterns")
        if not isinstance(pats, list) or not pats:
            r.fail(f"{where}.patterns", "required: a non-empty list")
        elements.append(Element(
            id=e["id"], name=r.text(e, "name"), message=r.text(e, "message"),
            patterns=tuple(_pattern(r, p, f"{where}.patterns[{j}]") for j, p in enumerate(pats)),
            scored=bool(e.get("scored", True)), anywhere=bool(e.get("anywhere", False)),
        ))
    ids = [e.id for e in elements]
    anchors = r.strlist(detect, "anchors")
    det_patterns = detect.get("patterns")
    if det_patterns is not None:
        if not isinstance(det_patterns, list) or not det_patterns:
            r.fail("detect.patterns", "must be a non-empty list of patterns")
        # the clause's own presence test: an element that is never reported
        elements.append(Element(
            id=ANCHOR, name=Text("条項の存在", "presence of the clause"), message=Text("", ""),
            patterns=tuple(_pattern(r, p, f"detect.patterns[{j}]") for j, p in enumerate(det_patterns)),
            scored=False))
        anchors = (ANCHOR,) + anchors
    anchors = anchors or tuple(ids[:1])
    for a in anchors:
        if a not in ids and a != ANCHOR:
            r.fail("detect.anchors", f"{a!r} is not an element id")
    sugg_raw = data.get("suggestion") or {}
    if not isinstance(sugg_raw, dict) or "standard" not in sugg_raw:
        r.fail("suggestion", "required: a mapping with standard (and strict)")
    suggestions = {k: r.text(sugg_raw, k) for k in sugg_raw}
    ex = data.get("examples") or {}
    moots = []
    raw_moot = data.get("moot") or []
    if not isinstance(raw_moot, list):
        r.fail("moot", "must be a list")
    for i, m in enumerate(raw_moot):
        where = f"moot[{i}]"
        if not isinstance(m, dict) or not isinstance(m.get("id"), str):
            r.fail(where, "needs an id")
        targets = r.strlist(m, "elements", required=True)
        for t in targets:
            if t not in ids:
                r.fail(f"{where}.elements", f"{t!r} is not an element id")
        pats = m.get("patterns")
        if not isinstance(pats, list) or not pats:
            r.fail(f"{where}.patterns", "required: a non-empty list")
        moots.append(Moot(id=m["id"], name=r.text(m, "name"), reason=r.text(m, "reason"), elements=targets,
                          patterns=tuple(_pattern(r, p, f"{where}.patterns[{j}]") for j, p in enumerate(pats)),
                          unless=r.strlist(m, "unless")))
    return ClauseSpec(
        id=cid, title=r.text(data, "title"), severity=severity,
        regulation=str(data.get("regulation", "")).strip(),
        description=r.text(data, "description", required=False),
        headings=r.strlist(detect, "headings"), anchors=anchors,
        exclude_headings=r.strlist(detect, "exclude_headings"), moot=tuple(moots),
        elements=tuple(elements), suggestions=suggestions,
        examples_pass=tuple(_example(r, x, f"examples.pass[{i}]", "present")
                            for i, x in enumerate(ex.get("pass", []) or [])),
        examples_fail=tuple(_example(r, x, f"examples.fail[{i}]", "missing")
                            for i, x in enumerate(ex.get("fail", []) or [])),
        source=str(path),
    )


def read_profile(path: Path) -> Profile:
    data = _read_yaml(path)
    r = _Reader(path)
    pid = data.get("id")
    if not isinstance(pid, str):
        r.fail("id", "required")
    clauses = r.strlist(data, "clauses", required=True)
    sev = data.get("severities") or {}
    if not isinstance(sev, dict):
        r.fail("severities", "must be a mapping of clause id to severity")
    for k, v in sev.items():
        if v not in SEVERITIES:
            r.fail(f"severities.{k}", f"must be one of {', '.join(SEVERITIES)}")
    return Profile(id=pid, title=r.text(data, "title"), clauses=clauses, severities=dict(sev),
                   description=r.text(data, "description", required=False), source=str(path))


def load_library(extra_dirs=()) -> Library:
    """Bundled clauses and profiles, then those of each extra folder (later wins)."""
    dirs = [bundled_library_dir()] + [Path(d) for d in extra_dirs]
    clauses: dict = {}
    profiles: dict = {}
    roles: dict = {}
    ambiguous: list = []
    for d in dirs:
        if not d.is_dir():
            raise KeiyakuError("E305", path=str(d))
        if (d / "parties.yaml").is_file():
            more_roles, more_ambiguous = read_parties(d / "parties.yaml")
            roles.update(more_roles)
            ambiguous += [a for a in more_ambiguous if a not in ambiguous]
        cdir = d / "clauses" if (d / "clauses").is_dir() else d
        for p in sorted(cdir.glob("*.y*ml")):
            head = _peek_kind(p)
            if head == "parties":
                continue  # read above
            if head == "profile":
                prof = read_profile(p)
                profiles[prof.id] = prof
            else:
                spec = read_clause(p)
                clauses[spec.id] = spec
        pdir = d / "profiles"
        if pdir.is_dir():
            for p in sorted(pdir.glob("*.y*ml")):
                prof = read_profile(p)
                profiles[prof.id] = prof
    return Library(clauses=clauses, profiles=profiles, parties=Parties(roles, tuple(ambiguous)))


def _peek_kind(path: Path) -> str:
    try:
        head = path.read_text(encoding="utf-8")[:2000]
    except OSError:
        return "clause"
    m = re.search(r"^kind:\s*(profile|parties)\s*$", head, re.M)
    return m.group(1) if m else "clause"
