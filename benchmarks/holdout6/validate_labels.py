#!/usr/bin/env python3
"""Check labels.json against the texts for the holdout6 set: holdout5's tool, run on this folder.

    python benchmarks/holdout6/validate_labels.py [options of benchmarks/holdout5/validate_labels.py]
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _reuse import reuse  # noqa: E402

_tool = reuse("holdout5/validate_labels.py", __file__)
globals().update({k: v for k, v in vars(_tool).items() if not k.startswith("__")})

if __name__ == "__main__":
    sys.exit(_tool.main())
