#!/usr/bin/env python3
"""Check holdout10/labels.json against the texts in holdout10/txt/: holdout8's validator, run on this folder.

    python benchmarks/holdout10/validate_labels.py [--no-binaries]

The checks of benchmarks/_holdout_labels.py (dev-corpus format, verbatim
quotes, absent clauses null, survival only with confidentiality), the full
element mapping of holdout8 (every clause carries `elements` with exactly the
element ids of the product's table, true/false when present, null when
absent; the legacy keys prior_approval, flowdown, irrecoverable_or_return and
evidence agree with `elements`), holdout5's DOCX/PDF checks (Word numbering
exactly where make_formats.AUTO_NUMBERED / PARA_NUMBERED say, every txt line
in the DOCX, no PDF older than its txt) and the 40-75% prevalence target for
every clause. Exit 1 on any problem.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _reuse import reuse  # noqa: E402

# holdout8's main() loads holdout5's DOCX checks relative to its own __file__;
# point that at this folder too.
_tool = reuse("holdout8/validate_labels.py", __file__, __file__=str(Path(__file__).resolve()))
globals().update({k: v for k, v in vars(_tool).items() if not k.startswith("__")})

if __name__ == "__main__":
    sys.exit(_tool.main())
