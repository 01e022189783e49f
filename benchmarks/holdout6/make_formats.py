#!/usr/bin/env python3
"""Make docx/ID.docx and pdf/ID.pdf from txt/ID.txt for the holdout6 set: holdout5's tool, run on this folder.

    python benchmarks/holdout6/make_formats.py [options of benchmarks/holdout5/make_formats.py]
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _reuse import reuse  # noqa: E402

_tool = reuse("holdout5/make_formats.py", __file__,
              AUTO_NUMBERED={"Q001", "Q003", "Q005", "Q007", "Q009", "Q011"},
              PARA_NUMBERED={"Q001", "Q009"})
globals().update({k: v for k, v in vars(_tool).items() if not k.startswith("__")})

if __name__ == "__main__":
    sys.exit(_tool.main())
