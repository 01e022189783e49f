"""The party-role table: which names stand for the client (委託者, 発注者,
注文者, 開示者 …) and which for the contractor (受託者, 受注者, 請負人, 受領者 …).

One table, ``clause_library/parties.yaml`` (plus a company folder's own
parties.yaml), read here for both stages: the structure stage names the
parties with it, the engine reads duties with it. Reading it needs no
language model, so ``outline`` stays fast.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from keiyaku_lint.errors import KeiyakuError

SYMBOLS = ("甲", "乙", "丙", "丁")


@dataclass(frozen=True)
class Parties:
    """Party names and their roles (clause_library/parties.yaml)."""

    roles: dict  # name -> "client" | "contractor" | "both"
    ambiguous: tuple[str, ...]  # 当社 / 貴社: the role is read from the contract

    def role_named(self) -> tuple[str, ...]:
        return tuple(n for n, r in self.roles.items() if r in ("client", "contractor"))

    def words(self, role: str) -> tuple[str, ...]:
        """The role words (not the symbols 甲乙丙丁) of one role, longest first,
        so 開示当事者 is tried before 開示者."""
        names = [n for n, r in self.roles.items() if r == role and n not in SYMBOLS]
        return tuple(sorted(names, key=len, reverse=True))


def read_parties(path: Path) -> tuple[dict, list]:
    """The roles and ambiguous names of one parties.yaml (E301 / E302)."""
    from keiyaku_lint.analyze.library import _Reader, _read_yaml

    data = _read_yaml(path)
    r = _Reader(path)
    raw = data.get("roles")
    if not isinstance(raw, dict):
        r.fail("roles", "required: a mapping of client / contractor / both to lists of names")
    roles = {}
    for role, names in raw.items():
        if role not in ("client", "contractor", "both"):
            r.fail(f"roles.{role}", "must be client, contractor or both")
        for name in r.strlist(raw, role):
            roles[name] = role
    return roles, list(r.strlist(data, "ambiguous"))


def load_parties(dirs) -> Parties:
    """The table from the bundled library folder, then each extra folder."""
    roles: dict = {}
    ambiguous: list = []
    for d in dirs:
        p = Path(d) / "parties.yaml"
        if p.is_file():
            more_roles, more_ambiguous = read_parties(p)
            roles.update(more_roles)
            ambiguous += [a for a in more_ambiguous if a not in ambiguous]
    return Parties(roles, tuple(ambiguous))


@lru_cache(maxsize=1)
def bundled() -> Parties:
    from keiyaku_lint.analyze.library import bundled_library_dir

    table = load_parties([bundled_library_dir()])
    if not table.roles:
        raise KeiyakuError("E302", path=str(bundled_library_dir() / "parties.yaml"),
                           reason="the bundled party table is missing")
    return table
