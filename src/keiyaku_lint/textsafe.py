"""Text from outside the program, made safe to show and to write.

Contracts and file names come from anyone: they may hold terminal escape
sequences (ESC [ … m, OSC 8 links, OSC 52 clipboard writes), newlines that
forge report lines, bidi overrides (U+202E) that reverse what follows, and,
in file names, bytes that are not UTF-8 (a Windows ZIP's CP932 names arrive
as lone surrogates through ``surrogateescape``). Nothing of that may reach a
terminal or a report raw, and no report may crash on it.

    visible(s)       controls as Control Pictures (ESC -> ␛, LF -> ␊), bidi
                     and other invisible format characters as <U+202E>,
                     lone surrogates as \\xNN: one line, all of it shown
    display_path(p)  a path for people: a CP932 name read as CP932 (with
                     ``path_is_not_utf8`` telling so), else escaped bytes
    json_path(p)     a path for tools: valid UTF-8, non-UTF-8 bytes as \\xNN
    csv_cell(v)      a cell Excel shows as text, never as a formula
"""
from __future__ import annotations

import codecs
import os
import re

# bidi embeddings / overrides / isolates and marks, and other zero-width format
# characters that change how the text around them shows
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = _BIDI + "\u200b\u2060\u180e\ufeff\u00ad"
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f\x80-\x9f" + _INVISIBLE + "\ud800-\udfff]"
)


def _picture(m: re.Match) -> str:
    ch = m.group(0)
    o = ord(ch)
    if o < 0x20:
        return chr(0x2400 + o)  # ␀ … ␟ (␛ for ESC, ␊ for LF, ␉ for TAB)
    if o == 0x7F:
        return "\u2421"  # ␡
    if 0xDC80 <= o <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{o - 0xDC00:02x}"
    if 0xD800 <= o <= 0xDFFF:
        return f"\\u{o:04x}"
    return f"<U+{o:04X}>"


def visible(s) -> str:
    """``s`` with every character that could act on a terminal or hide text
    replaced by a visible stand-in; ordinary text is unchanged."""
    if s is None:
        return ""
    s = str(s)
    return _UNSAFE.sub(_picture, s) if _UNSAFE.search(s) else s


def visible_lines(s) -> str:
    """Like ``visible`` but keeps line feeds (for multi-line messages)."""
    return "\n".join(visible(part) for part in str(s).split("\n"))


def _raw(path) -> bytes:
    return os.fsencode(path) if not isinstance(path, bytes) else path


def path_is_not_utf8(path) -> bool:
    return any(0xDC80 <= ord(c) <= 0xDCFF for c in os.fsdecode(path))


def _cp932_reading(raw: bytes):
    try:
        text = raw.decode("cp932")
    except UnicodeDecodeError:
        return None
    if not re.search("[\u3040-\u30ff\u4e00-\u9fff]", text):
        return None
    return text


def display_path(path) -> str:
    """The path as a person should see it. A name that is not UTF-8 but reads
    as CP932 (a Japanese Windows ZIP unpacked on Linux or macOS) is shown in
    that reading; any other undecodable byte as \\xNN."""
    p = os.fsdecode(path)
    if path_is_not_utf8(p):
        raw = _raw(p)
        reading = _cp932_reading(raw)
        if reading is not None:
            return visible(reading)
    return visible(p)


def json_path(path) -> str:
    """The path as valid UTF-8 for JSON / SARIF: exact where it is UTF-8,
    each undecodable byte written as the four characters \\xNN."""
    return _raw(os.fsdecode(path)).decode("utf-8", "backslashreplace")


def json_text(s):
    """Text for JSON: any lone surrogate (never valid in UTF-8) becomes U+FFFD."""
    if s is None or not isinstance(s, str):
        return s
    return re.sub("[\ud800-\udfff]", "\ufffd", s)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value) -> str:
    """A CSV cell Excel and LibreOffice show as text. A cell starting with
    = + - @ (or their full-width forms, which Excel also reads as formula
    starts), a tab or a line break gets a leading apostrophe (OWASP's advice);
    control characters are made visible. Numbers stay numbers."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    s = "" if value is None else str(value)
    if s.startswith(_FORMULA_START):
        s = "'" + s
    return visible(s)


# --- writing to consoles that cannot encode everything ------------------------------

# What a console that cannot show a character gets instead: the nearest
# character of the usual Japanese code page, else a \u escape. Registered as the
# codec error handler "keiyaku-lint" (cli.main sets it on stdout and stderr).
_FALLBACK = {
    "\u2713": "○", "\u2714": "○", "\u2717": "×", "\u2718": "×", "\u2014": "―", "\u2012": "-",
    "\u2013": "-", "\u2212": "－", "\u301c": "～", "\u2026": "…", "\u00a0": " ",
    "\u2022": "・", "\u25b3": "△", "\u2460": "(1)",
}


def _console_errors(exc: UnicodeError):
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start:exc.end]:
        rep = _FALLBACK.get(ch)
        if rep is not None:
            try:
                rep.encode(exc.encoding)
                out.append(rep)
                continue
            except (UnicodeEncodeError, LookupError):
                pass
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out.append(f"\\x{o - 0xDC00:02x}")
        elif o > 0xFFFF:
            out.append(f"\\U{o:08x}")
        else:
            out.append(f"\\u{o:04x}")
    return "".join(out), exc.end


codecs.register_error("keiyaku-lint", _console_errors)


def make_console_safe(stream) -> None:
    """Never a UnicodeEncodeError from ``stream`` (sys.stdout / sys.stderr):
    characters its encoding lacks get the fallbacks above."""
    try:
        stream.reconfigure(errors="keiyaku-lint")
    except (AttributeError, ValueError, OSError):  # not a TextIOWrapper (tests), or detached
        pass
