"""The catalogue of error codes and notice codes: each message, Japanese and
English, is a format string that fills completely from its fields, and says
something in both languages."""
from __future__ import annotations

import string

import pytest

from keiyaku_lint.errors import CATALOGUE, NOTICES, Bi, KeiyakuError, notice


def fields_of(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_error_message_fills_from_its_fields(code):
    ja, en = CATALOGUE[code]
    assert code[0] == "E" and len(code) == 4 and ja.strip() and en.strip()
    fields = {f: Bi("値", "value") for f in fields_of(ja) | fields_of(en)}
    err = KeiyakuError(code, **fields)
    for lang in ("ja", "en"):
        msg = err.message(lang)
        assert "{" not in msg.replace("{{", "").replace("}}", "") or "{{" in (ja + en), msg
    assert "値" in err.message("ja") or not fields_of(ja)
    assert "value" in err.message("en") or not fields_of(en)


@pytest.mark.parametrize("code", sorted(NOTICES))
def test_every_notice_fills_from_its_fields(code):
    ja, en = NOTICES[code]
    assert code[0] == "W" and ja.strip() and en.strip()
    n = notice(code, **{f: 1 for f in fields_of(ja) | fields_of(en)})
    assert "{" not in n.message_ja and "{" not in n.message_en
    assert n.message("ja") == n.message_ja and n.message("en") == n.message_en
