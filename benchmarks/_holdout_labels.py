"""The checks every holdout set's labels.json must pass, shared by the sets'
validate_labels.py scripts: every field of the dev corpus format present,
every quote verbatim in the set's txt, absent clauses null throughout, and
(optionally) a DOCX and a PDF beside each txt."""
from __future__ import annotations

from pathlib import Path

CLAUSES = ["confidentiality", "subcontracting", "safeguards", "incident_reporting",
           "deletion_return", "survival", "liability"]
ELEMENTS = {"subcontracting": ["prior_approval", "flowdown"],
            "deletion_return": ["irrecoverable_or_return", "evidence"]}
TOP = ["id", "source", "kind", "excerpt", "clauses", "notes"]


def check(labels: list[dict], HERE: Path, check_binaries: bool = True) -> list[str]:  # noqa: N803
    problems: list[str] = []
    seen: set[str] = set()
    for doc in labels:
        did = doc.get("id", "?")
        for key in TOP:
            if key not in doc:
                problems.append(f"{did}: missing field {key!r}")
        if did in seen:
            problems.append(f"{did}: duplicate id")
        seen.add(did)
        txt_path = HERE / "txt" / f"{did}.txt"
        if not txt_path.is_file():
            problems.append(f"{did}: no {txt_path.relative_to(HERE)}")
            text = ""
        else:
            text = txt_path.read_text(encoding="utf-8")
        if check_binaries:
            for ext in ("docx", "pdf"):
                if not (HERE / ext / f"{did}.{ext}").is_file():
                    problems.append(f"{did}: no {ext}/{did}.{ext}")
        if not isinstance(doc.get("excerpt"), bool):
            problems.append(f"{did}: excerpt must be true/false")
        clauses = doc.get("clauses") or {}
        if set(clauses) != set(CLAUSES):
            problems.append(f"{did}: clause ids {sorted(clauses)} != {sorted(CLAUSES)}")
        for cid in CLAUSES:
            c = clauses.get(cid)
            if not isinstance(c, dict):
                continue
            need = ["present", "where", "quote", *ELEMENTS.get(cid, [])]
            for key in need:
                if key not in c:
                    problems.append(f"{did}.{cid}: missing {key!r}")
            if not isinstance(c.get("present"), bool):
                problems.append(f"{did}.{cid}: present must be true/false")
                continue
            if c["present"]:
                q = c.get("quote")
                if not isinstance(q, str) or not q.strip():
                    problems.append(f"{did}.{cid}: present but no quote")
                elif q not in text:
                    problems.append(f"{did}.{cid}: quote not verbatim in txt: {q[:40]}…")
                if not isinstance(c.get("where"), str) or not c["where"]:
                    problems.append(f"{did}.{cid}: present but no where")
                for el in ELEMENTS.get(cid, []):
                    if not isinstance(c.get(el), bool):
                        problems.append(f"{did}.{cid}: element {el} must be true/false when present")
            else:
                for key in ["where", "quote", *ELEMENTS.get(cid, [])]:
                    if c.get(key) is not None:
                        problems.append(f"{did}.{cid}: absent but {key} is not null")
        # survival without confidentiality would contradict the convention
        if clauses.get("survival", {}).get("present") and not clauses.get("confidentiality", {}).get("present"):
            problems.append(f"{did}: survival present but confidentiality absent")
    return problems

