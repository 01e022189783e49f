"""Settings for a run. Loading them from keiyaku-lint.toml / pyproject.toml is
done by ``load_config``; the CLI's options override what the file says."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


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
