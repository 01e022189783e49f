from hypothesis import given, strategies as st

from keiyaku_lint.structure.numerals import (
    kana_index, parse_number, to_circled, to_fullwidth, to_kanji, to_kanji_digits, to_roman,
)


def test_styles_contracts_use():
    assert parse_number("12") == 12
    assert parse_number("１２") == 12
    assert parse_number("十二") == 12
    assert parse_number("二十") == 20
    assert parse_number("百二十三") == 123
    assert parse_number("二千二十六") == 2026
    assert parse_number("二〇二六") == 2026
    assert parse_number("一二") == 12
    assert parse_number("〇") == 0
    assert parse_number("⑫") == 12
    assert parse_number("㉑") == 21
    assert parse_number("⑴") == 1
    assert parse_number("Ⅳ") == 4
    assert parse_number("iv") == 4
    assert parse_number("（３）") == 3
    assert parse_number("(十)") == 10
    assert parse_number("3.") == 3
    assert parse_number("1,000") == 1000
    assert parse_number("一万二千") == 12000


def test_not_numbers():
    for s in ["", "  ", "第三者", "甲", "1.5", "十十", "二三十", "○", "1,00", "IIII", "abc", "(", "()", "〇一"]:
        assert parse_number(s) is None, s


def test_kana_order():
    assert kana_index("ア") == 1
    assert kana_index("イ") == 2
    assert kana_index("カ") == 6
    assert kana_index("ｱ") == 1
    assert kana_index("a") is None


@given(st.integers(min_value=0, max_value=10**9))
def test_kanji_round_trip(n):
    assert parse_number(to_kanji(n)) == n


@given(st.integers(min_value=1, max_value=10**6))
def test_kanji_digit_by_digit_round_trip(n):
    assert parse_number(to_kanji_digits(n)) == n


@given(st.integers(min_value=0, max_value=10**6))
def test_fullwidth_round_trip(n):
    assert parse_number(to_fullwidth(n)) == n


@given(st.integers(min_value=1, max_value=50))
def test_circled_round_trip(n):
    assert parse_number(to_circled(n)) == n


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(n):
    assert parse_number(to_roman(n)) == n


@given(st.integers(min_value=0, max_value=999), st.sampled_from(["({})", "（{}）", "{}.", "{}．", " {} "]))
def test_brackets_and_dots(n, wrap):
    assert parse_number(wrap.format(to_fullwidth(n))) == n
    assert parse_number(wrap.format(to_kanji(n))) == n


@given(st.text(max_size=12))
def test_never_raises(s):
    v = parse_number(s)
    assert v is None or (isinstance(v, int) and v >= 0)
