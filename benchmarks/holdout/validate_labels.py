"""Check benchmarks/holdout/labels.json: every field present, every quote a verbatim
substring of its text file, absent clauses all-null; print clause prevalence.

    python benchmarks/holdout/validate_labels.py
"""
import json, pathlib, sys
root = pathlib.Path(__file__).resolve().parent
labels = json.loads((root/"labels.json").read_text(encoding="utf-8"))
CL = ["confidentiality","subcontracting","safeguards","incident_reporting","deletion_return","survival","liability"]
EXTRA = {"subcontracting":["prior_approval","flowdown"], "deletion_return":["irrecoverable_or_return","evidence"]}
errs = 0; counts = {c:0 for c in CL}
ids = [d["id"] for d in labels]
assert ids == sorted(ids) and len(set(ids)) == len(ids) == 24
files = sorted(p.stem for p in (root/"txt").glob("*.txt"))
if files != ids: print("file/id mismatch", files, ids); errs += 1
for d in labels:
    for k in ["id","source","kind","excerpt","clauses","notes"]:
        if k not in d: print(d.get("id"), "missing", k); errs += 1
    raw = (root/"txt"/f"{d['id']}.txt").read_bytes()
    text = raw.decode("utf-8")
    if "\r" in text or "\ufeff" in text: print(d["id"], "CR/BOM"); errs += 1
    if set(d["clauses"]) != set(CL): print(d["id"], "clause keys"); errs += 1
    for c in CL:
        e = d["clauses"][c]
        keys = {"present","where","quote"} | set(EXTRA.get(c, []))
        if set(e) != keys: print(d["id"], c, "keys", set(e) ^ keys); errs += 1
        if e["present"]:
            counts[c] += 1
            if not e["quote"] or e["quote"] not in text: print(d["id"], c, "QUOTE NOT FOUND:", e["quote"]); errs += 1
            if not e["where"]: print(d["id"], c, "no where"); errs += 1
            for x in EXTRA.get(c, []):
                if not isinstance(e[x], bool): print(d["id"], c, x, "not bool"); errs += 1
        else:
            if any(e[k] is not None for k in keys - {"present"}): print(d["id"], c, "absent but non-null"); errs += 1
print({c: f"{n}/24 ({n/24:.0%})" for c, n in counts.items()})
for c, xs in EXTRA.items():
    for x in xs:
        vals = [d["clauses"][c][x] for d in labels if d["clauses"][c]["present"]]
        print(c, x, "true", vals.count(True), "false", vals.count(False))
print("errors", errs); sys.exit(1 if errs else 0)
