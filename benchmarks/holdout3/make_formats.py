#!/usr/bin/env python3
"""Make docx/ID.docx and pdf/ID.pdf from txt/ID.txt for the holdout3 set: holdout2's tool, run on this folder.

    python benchmarks/holdout3/make_formats.py [options of benchmarks/holdout2/make_formats.py]
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _reuse import reuse  # noqa: E402

_tool = reuse("holdout2/make_formats.py", __file__,
              AUTO_NUMBERED={"M001", "M008", "M010", "M012", "M016", "M019", "M020"},
              TABLE_COLUMNS_MM=(36, 58))
globals().update({k: v for k, v in vars(_tool).items() if not k.startswith("__")})

if __name__ == "__main__":
    sys.exit(_tool.main())
