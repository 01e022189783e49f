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
"""
from __future__ import annotations

import copy
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.generate.schema import clean_text, example_yaml, validate
from keiyaku_lint.generate.specs import TEMPLATES, TemplateSpec, format_dates

__all__ = ["generate", "render_document", "prepare_context", "find_template", "list_templates",
           "bundled_template_dir", "self_check", "load_data", "TEMPLATES", "example"]


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
            raise KeiyakuError("E508", path=str(d), reason="not a folder")
        for p in sorted(d.glob("*.docx")):
            if p.name.startswith("~$"):  # Word's lock files
                continue
            name = p.stem
            out[name] = Found(name, p, TEMPLATES.get(name), True)
    return list(out.values())


def find_template(name: str, template_dir=None) -> Found:
    for f in list_templates(template_dir):
        if f.name == name:
            if not f.path.is_file():
                raise KeiyakuError("E508", path=str(f.path), reason="file not found")
            return f
    known = ", ".join(f.name for f in list_templates(template_dir))
    raise KeiyakuError("E503", name=name, known=known)


def example(name: str, lang: str = "ja") -> str:
    spec = TEMPLATES.get(name)
    if spec is None:
        raise KeiyakuError("E503", name=name, known=", ".join(TEMPLATES))
    head = f"{spec.title(lang)} — keiyaku-lint generate {name} --data FILE.yaml --output OUT.docx"
    return example_yaml(spec.schema, lang=lang, title=head)


# --- data ----------------------------------------------------------------------------


def load_data(path) -> dict:
    """Read a YAML or TOML data file (read-only)."""
    p = Path(path)
    if not p.is_file():
        raise KeiyakuError("E501", path=str(p))
    try:
        raw = p.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeiyakuError("E502", path=str(p), reason=str(exc)) from None
    if p.suffix.lower() == ".toml":
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise KeiyakuError("E502", path=str(p), reason=str(exc)) from None
    else:
        import yaml

        try:
            data = yaml.load(text, Loader=_DataLoader())
        except yaml.YAMLError as exc:
            raise KeiyakuError("E502", path=str(p), reason=str(exc).replace("\n", " ")) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise KeiyakuError("E502", path=str(p), reason="the top level must be a mapping (key: value)")
    return data


def _DataLoader():
    """A SafeLoader that leaves dates as strings, so a bad date (2026-13-01)
    is reported by field name by the schema instead of failing the parse."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return Loader


def _clean_free(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {str(k): _clean_free(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_free(v) for v in value]
    return value


def prepare_context(spec: Optional[TemplateSpec], data: dict, strict: bool = False) -> dict:
    """Validated, defaults filled, derived labels added, dates as Japanese text."""
    if spec is None:
        values = _clean_free(copy.deepcopy(data))
    else:
        values = validate(spec.schema, data)
        spec.check(values)
        values = spec.build(values)
    ctx = format_dates(values)
    ctx["strict"] = bool(strict)
    ctx["variant"] = "strict" if strict else "standard"
    return ctx


# --- rendering, checking, writing ---------------------------------------------------------


def render_document(found: Found, data: dict, strict: bool = False) -> bytes:
    from keiyaku_lint.generate.render import render

    ctx = prepare_context(found.spec, data, strict)
    numbering = found.spec.numbering if found.spec else "article"
    return render(found.path, ctx, numbering_style=numbering)


def self_check(docx_bytes: bytes, profile: str, variant: str = "standard"):
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
        raise KeiyakuError("E516", reason=f"[{result.error['code']}] {result.error['message_en']}")
    bad = [c for c in result.clauses if c.status != "present"]
    if bad:
        detail_ja = "、".join(f"{c.title('ja')}（{c.id}: {c.status}）" for c in bad)
        detail_en = ", ".join(f"{c.id}: {c.status}" for c in bad)
        raise KeiyakuError("E511", profile=profile, clauses=detail_ja, clauses_en=detail_en)
    return result


def write_atomic(data: bytes, output, force: bool = False) -> Path:
    out = Path(output)
    if out.exists() and not force:
        raise KeiyakuError("E507", path=str(out))
    if out.exists() and out.is_dir():
        raise KeiyakuError("E513", path=str(out), reason="is a folder")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise KeiyakuError("E513", path=str(out), reason=f"folder {parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent)
    try:
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
                if out.exists():
                    raise FileExistsError(str(out)) from None
                os.replace(tmp, out)
    except FileExistsError:
        raise KeiyakuError("E507", path=str(out)) from None
    except OSError as exc:
        raise KeiyakuError("E513", path=str(out), reason=exc.strerror or str(exc)) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


@dataclass(frozen=True)
class Generated:
    path: Path
    template: str
    lint: object  # FileResult or None (paperwork is not linted)


def generate(name: str, data: dict, output, *, strict: bool = False, force: bool = False,
             template_dir=None, check: bool = True) -> Generated:
    """Render template ``name`` with ``data``; for a contract, check it with
    api.lint under its profile; write it to ``output`` (temp file + rename)."""
    out = Path(output)
    if out.exists() and not force:  # fail early, before the work
        raise KeiyakuError("E507", path=str(out))
    found = find_template(name, template_dir)
    docx_bytes = render_document(found, data, strict)
    result = None
    if check and found.spec is not None and found.spec.profile:
        result = self_check(docx_bytes, found.spec.profile, "strict" if strict else "standard")
    return Generated(write_atomic(docx_bytes, out, force), name, result)
