"""Run another holdout set's tool for this set: the generator and validator
scripts of holdout2/holdout3 and holdout5/holdout6 differ only in which
documents use Word numbering, so the later set keeps a thin wrapper instead
of a copy.

    from _reuse import reuse
    tool = reuse("holdout5/make_formats.py", __file__, AUTO_NUMBERED={...})
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent


def reuse(tool: str, wrapper_file: str, **overrides):
    """Load benchmarks/<tool> as a module working on the wrapper's own folder."""
    here = Path(wrapper_file).resolve().parent
    name = f"_reused_{here.name}_{Path(tool).stem}"
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / tool)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    module.HERE = here
    for key, value in overrides.items():
        if not hasattr(module, key):
            raise AttributeError(f"{tool} has no {key}")
        setattr(module, key, value)
    return module
