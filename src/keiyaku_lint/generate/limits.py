"""Resource limits for rendering a template: a template from ``--template-dir``
is untrusted, so whatever it does, rendering ends within a few seconds and a
bounded amount of memory, with a coded error that names the template.

Two layers, both active on every platform unless said otherwise:

1. **Counted limits inside the Jinja sandbox** (all platforms, any thread).
   Every place where a template can repeat work or grow a value is checked
   before the work is done, so nothing big is ever allocated:

   * loops: each iteration of every ``{% for %}`` (and every macro or
     ``{% call %}`` body) is counted (``MAX_ITERATIONS``) together with the
     size of the constant text it repeats (``MAX_OUTPUT_CHARS``);
     ``range()`` is capped at ``MAX_RANGE`` items; every call is counted
     (``MAX_CALLS``, which also bounds recursive macros);
   * growth: ``*``, ``+``, ``%``, ``**`` (``intercepted_binops``), ``~``
     (rewritten into a checked call), filters and string methods whose
     result can be much larger than their input (``center``, ``indent``,
     ``replace``, ``join``, ``format``, ``expandtabs``, ``translate``...)
     are refused when the result would exceed ``MAX_STRING`` characters or
     items, or an integer ``MAX_INT_BITS`` bits; an integer argument of a
     filter or method above ``MAX_ARG`` is refused; ``lipsum`` is removed;
     the sandbox is the immutable one (no ``list.append`` growth);
   * output: every printed value and every repeated block of template text
     is counted against ``MAX_OUTPUT_CHARS``;
   * time: the same checkpoints compare the clock with a deadline
     (``RENDER_SECONDS``).

   These give the precise messages (E522, and E521 for the deadline).

2. **A hard deadline** (POSIX, main thread): ``signal.setitimer`` raises
   out of whatever Python or regular-expression code is running when the
   deadline passes (docxtpl preprocesses the template XML with regular
   expressions that are slow on hostile input). On Windows, or in another
   thread, the counted checkpoints alone apply; the template is also limited
   in size and tag length before docxtpl sees it (render.py), which bounds
   that preprocessing.

Measured (2 cores, Python 3.11): the bundled templates render in about
0.08 s; the checkpoints add under 5 %. ``{% for i in range(100000) %}{% for j
in range(100000) %}`` stops with E522 in about 0.3 s; ``{{ 'A' * 3000000000 }}``
with E522 at once, without allocating; a loop with no checkpoint of its own
stops at the deadline (E521).

Everything here is per rendering: ``limited(where)`` opens a budget for the
current thread (nested calls share the outer budget).
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import signal
import string
import threading
import time
import types
from typing import Optional

from markupsafe import Markup

from keiyaku_lint.errors import Bi, KeiyakuError

RENDER_SECONDS = 20.0  # the whole rendering: reading the template, both passes, saving
# per rendering pass (docxtpl renders the body, headers, footers... of one pass):
MAX_ITERATIONS = 200_000  # loop iterations + macro bodies
MAX_CALLS = 500_000  # function / method / filter calls
MAX_RANGE = 10_000  # items of one range()
MAX_OUTPUT_CHARS = 8_000_000  # printed values + repeated template text (the bundled templates: ~30,000)
MAX_STRING = 2_000_000  # characters (or items) of one value a template builds
MAX_INT_BITS = 10_000  # about 3,000 decimal digits
MAX_ARG = 100_000  # an integer argument of a filter or a method (widths, counts)


class Budget:
    def __init__(self, where: str, seconds: float):
        self.where = where
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.iterations = 0
        self.calls = 0
        self.output = 0
        self.expired = False

    def new_pass(self):
        """The counted limits are per rendering pass; the deadline is for all."""
        self.iterations = 0
        self.calls = 0
        self.output = 0

    # every checkpoint
    def check_time(self):
        if self.expired or time.monotonic() > self.deadline:
            self.expired = True
            raise deadline_error(self.where, self.seconds)

    def refuse(self, ja: str, en: str):
        raise KeiyakuError("E522", path=self.where, reason=Bi(ja, en))

    def tick(self, weight: int = 0):
        self.iterations += 1
        self.output += weight
        if self.iterations > MAX_ITERATIONS:
            self.refuse(f"繰り返しの回数が上限（{MAX_ITERATIONS:,} 回）を超えました",
                        f"more than {MAX_ITERATIONS:,} loop iterations")
        self._check_output()
        if self.iterations % 64 == 0:
            self.check_time()

    def call(self):
        self.calls += 1
        if self.calls > MAX_CALLS:
            self.refuse(f"関数・フィルタの呼び出しが上限（{MAX_CALLS:,} 回）を超えました（再帰するマクロなど）",
                        f"more than {MAX_CALLS:,} calls (a recursive macro?)")
        if self.calls % 64 == 0:
            self.check_time()

    def emit(self, n: int):
        self.output += n
        self._check_output()
        self.check_time()

    def _check_output(self):
        if self.output > MAX_OUTPUT_CHARS:
            self.refuse(f"出力が上限（{MAX_OUTPUT_CHARS:,} 文字）を超えました",
                        f"the output exceeds {MAX_OUTPUT_CHARS:,} characters")


_CURRENT: contextvars.ContextVar[Optional[Budget]] = contextvars.ContextVar("keiyaku_render_budget",
                                                                           default=None)


def current() -> Optional[Budget]:
    return _CURRENT.get()


def deadline_error(where: str, seconds: float) -> KeiyakuError:
    return KeiyakuError("E521", path=where, seconds=f"{seconds:g}")


class _Expired(BaseException):
    """Raised by the SIGALRM handler. A BaseException, so that no
    ``except Exception`` on the way (Jinja's constant folding has one)
    can swallow it."""


def _hard_deadline_possible() -> bool:
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0)  # nobody else's timer running


@contextlib.contextmanager
def limited(where: str, seconds: Optional[float] = None):
    """Run the block with a rendering budget for ``where`` (the template).
    Raises E521 when the deadline passes, E522 when a counted limit is hit
    or memory runs out. Nested uses share the outer budget."""
    if _CURRENT.get() is not None:
        yield _CURRENT.get()
        return
    seconds = RENDER_SECONDS if seconds is None else seconds
    budget = Budget(where, seconds)
    token = _CURRENT.set(budget)
    hard = _hard_deadline_possible()
    old_handler = None
    try:
        if hard:
            def on_alarm(signum, frame):
                budget.expired = True
                raise _Expired()

            old_handler = signal.signal(signal.SIGALRM, on_alarm)
            # fire at the deadline, then again every 0.5 s in case something swallowed it
            signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
        try:
            yield budget
        finally:
            if hard:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old_handler if old_handler is not None else signal.SIG_DFL)
    except _Expired:
        raise deadline_error(where, seconds) from None
    except MemoryError:
        raise KeiyakuError("E522", path=where,
                           reason=Bi("メモリが足りなくなりました", "it ran out of memory")) from None
    except RecursionError:
        raise KeiyakuError("E522", path=where,
                           reason=Bi("入れ子や再帰が深すぎます", "too deeply nested or recursive")) from None
    finally:
        _CURRENT.reset(token)


# --- checks on values ----------------------------------------------------------


def _refuse(ja: str, en: str):
    b = current()
    raise KeiyakuError("E522", path=b.where if b else "?", reason=Bi(ja, en))


def _too_long(n: int):
    _refuse(f"{n:,} 文字（要素）の値を作ろうとしました（上限 {MAX_STRING:,}）",
            f"it tried to build a value of {n:,} characters or items (limit {MAX_STRING:,})")


def _sized(v) -> bool:
    return isinstance(v, (str, bytes, list, tuple))


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _int_too_big():
    _refuse(f"{MAX_INT_BITS:,} ビット（約 {MAX_INT_BITS * 3 // 10:,} 桁）を超える整数は扱えません",
            f"integers of more than {MAX_INT_BITS:,} bits (about {MAX_INT_BITS * 3 // 10:,} digits) are not allowed")


def _check_width(n):
    if isinstance(n, str):  # digits from a format spec: never convert thousands of them
        n = int(n) if len(n) <= 9 else MAX_ARG * 10
    if n > MAX_ARG:
        _refuse(f"書式の幅 {n:,} は大きすぎます（上限 {MAX_ARG:,}）",
                f"format width {n:,} is too large (limit {MAX_ARG:,})")


_SPEC_NUMBER = re.compile(r"\d+")
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _values_ok(values) -> int:
    """Check integer values; return the longest value's printed size (estimate)."""
    longest = 0
    for v in values:
        if _is_int(v):
            if v.bit_length() > MAX_INT_BITS:
                _int_too_big()
            if abs(v) > MAX_ARG:  # it may be used as a width (%*d, {:{w}})
                _check_width(abs(v))
        longest = max(longest, len(v) if _sized(v) else 24)
    return longest


def _check_printf(fmt: str, args):
    """``fmt % args`` and ``fmt|format(...)``: widths and the result's size."""
    specs = _PRINTF.findall(fmt)
    widest = 0
    for w, p in specs:
        for n in (w, p):
            if n and n != "*":
                _check_width(n)
                widest = max(widest, int(n))
    if isinstance(args, dict):
        values = tuple(args.values())
    elif isinstance(args, tuple):
        values = args
    else:
        values = (args,)
    estimate = len(fmt) + len(specs) * (_values_ok(values) + widest)
    if estimate > MAX_STRING:
        _too_long(estimate)


def check_format(fmt: str, args, kwargs):
    """``'...'.format(...)`` and ``format_map``: widths and the result's size."""
    fields = 0
    widest = 0
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # the call itself reports the bad format
    for _literal, name, spec, _conv in parsed:
        if name is None:
            continue
        fields += 1
        for n in _SPEC_NUMBER.findall(spec or ""):
            _check_width(n)
            widest = max(widest, int(n))
    values = list(args) + list(kwargs.values())
    if len(args) == 1 and isinstance(args[0], dict) and not kwargs:  # format_map
        values = list(args[0].values())
    estimate = len(fmt) + fields * (_values_ok(values) + widest)
    if estimate > MAX_STRING:
        _too_long(estimate)


def check_binop(op: str, left, right):
    b = current()
    if b is not None:
        b.check_time()
    if op == "*":
        for seq, n in ((left, right), (right, left)):
            if _sized(seq) and _is_int(n) and len(seq) * max(n, 0) > MAX_STRING:
                _too_long(len(seq) * n)
        if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            _int_too_big()
    elif op == "+":
        if _sized(left) and _sized(right) and len(left) + len(right) > MAX_STRING:
            _too_long(len(left) + len(right))
    elif op == "**":
        if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
            if right * (abs(left).bit_length() - 1 or 1) > MAX_INT_BITS:
                _int_too_big()
    elif op == "%":
        if isinstance(left, str):
            _check_printf(left, right)


def concat(*parts):
    """The ``~`` operator (Jinja's Concat node, rewritten to call this)."""
    from jinja2.runtime import markup_join
    from markupsafe import soft_str

    strs = [soft_str(p) for p in parts]
    total = sum(len(s) for s in strs)
    if total > MAX_STRING:
        _too_long(total)
    b = current()
    if b is not None:
        b.check_time()
    return markup_join(strs)


def tick(weight: int = 0):
    """Called at the start of every loop iteration and macro / call body."""
    b = current()
    if b is not None:
        b.tick(weight)
    return Markup("")


def counted_output(n: int):
    b = current()
    if b is not None:
        b.emit(n)


def safe_range(*args):
    for a in args:
        if not _is_int(a):
            raise TypeError(f"range() needs integers, got {type(a).__name__}")
    rng = range(*args)
    try:
        n = len(rng)
    except OverflowError:
        n = MAX_RANGE + 1
    if n > MAX_RANGE:
        _refuse(f"range() の大きさが上限（{MAX_RANGE:,}）を超えています",
                f"range() larger than {MAX_RANGE:,} items")
    return rng


# method calls on built-in values (through the sandbox's call())

_BUILTIN_VALUES = (str, bytes, bytearray, int, float, list, tuple, dict, set, frozenset, range)


def check_call(obj, args: tuple, kwargs: dict) -> tuple:
    """Count a call from the template and check a method of a built-in value
    (str, bytes, list...) before it runs. Returns the arguments to call
    with (an iterator given to join() becomes a list, so it can be sized)."""
    b = current()
    if b is not None:
        b.call()
    owner = getattr(obj, "__self__", None)
    if not (isinstance(obj, (types.BuiltinMethodType, types.MethodType)) and owner is not None
            and isinstance(owner, _BUILTIN_VALUES)):
        return args
    name = getattr(obj, "__name__", "?")
    for v in list(args) + list(kwargs.values()):
        if _is_int(v) and abs(v) > MAX_ARG:
            _refuse(f"{name}() に渡す数 {v:,} は大きすぎます（上限 {MAX_ARG:,}）",
                    f"number {v:,} passed to {name}() is too large (limit {MAX_ARG:,})")
    if not _sized(owner):
        return args
    s = owner
    if name == "replace" and len(args) >= 2 and _sized(args[0]) and _sized(args[1]):
        old, new = args[0], args[1]
        hits = (len(s) + 1) if len(old) == 0 else s.count(old)
        if len(args) > 2 and _is_int(args[2]) and args[2] >= 0:
            hits = min(hits, args[2])
        estimate = len(s) + hits * max(len(new) - len(old), 0)
        if estimate > MAX_STRING:
            _too_long(estimate)
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        tabs = s.count("\t" if isinstance(s, str) else b"\t")
        if _is_int(size) and len(s) + tabs * max(size, 0) > MAX_STRING:
            _too_long(len(s) + tabs * size)
    elif name == "join" and args:
        items = args[0]
        if not isinstance(items, (list, tuple, str, bytes, dict, range)):
            items = list(items)
            args = (items,) + tuple(args[1:])
        _check_join(s, items)
    elif name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if _sized(v)), default=1)
        if len(s) * longest > MAX_STRING:
            _too_long(len(s) * longest)
    return args


def _check_join(sep, items):
    n = len(items)
    total = max(n - 1, 0) * len(sep)
    if isinstance(items, (list, tuple)):
        total += sum(len(x) if _sized(x) else 20 for x in items)
    else:
        total += n * 20
    if total > MAX_STRING:
        _too_long(total)


# --- filters ---------------------------------------------------------------------


def _guard_filter(name: str, func):
    pass_arg = getattr(func, "jinja_pass_arg", None)

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        b = current()
        if b is not None:
            b.call()
        data = list(args[1:] if pass_arg is not None else args)  # [value, *arguments]
        if name not in _BIG_ARGS_OK:
            for v in data[1:] + list(kwargs.values()):
                if _is_int(v) and abs(v) > MAX_ARG:
                    _refuse(f"フィルタ {name} に渡す数 {v:,} は大きすぎます（上限 {MAX_ARG:,}）",
                            f"number {v:,} passed to the filter {name} is too large (limit {MAX_ARG:,})")
        if data:
            value = data[0]
            if name == "join" and not isinstance(value, (list, tuple, str, dict, range)):
                value = list(value)  # an iterator (map, select...): size it
                args = (args[:1] if pass_arg is not None else ()) + (value,) + tuple(data[1:])
            _check_filter(name, value, data[1:], kwargs)
        return func(*args, **kwargs)

    return guarded


# filters whose arguments are values, not sizes or counts
_BIG_ARGS_OK = {"default", "d", "replace"}


def _check_filter(name, value, rest, kwargs):
    if name == "replace" and len(rest) >= 2:
        s = str(value)
        old, new = str(rest[0]), str(rest[1])
        hits = (len(s) + 1) if not old else s.count(old)
        if len(s) + hits * max(len(new) - len(old), 0) > MAX_STRING:
            _too_long(len(s) + hits * len(new))
    elif name == "join":
        sep = rest[0] if rest else kwargs.get("d", "")
        _check_join(str(sep), value)
    elif name == "wordwrap":
        width = rest[0] if rest else kwargs.get("width", 79)
        wrap = rest[2] if len(rest) > 2 else kwargs.get("wrapstring") or "\n"
        breaks = len(str(value)) // max(width if _is_int(width) else 1, 1) + 1
        if len(str(value)) + breaks * len(str(wrap)) > MAX_STRING:
            _too_long(len(str(value)) + breaks * len(str(wrap)))
    elif name == "indent":
        width = rest[0] if rest else kwargs.get("width", 4)
        n = len(width) if isinstance(width, str) else (width if _is_int(width) else 4)
        lines = str(value).count("\n") + 1
        if len(str(value)) + lines * max(n, 0) > MAX_STRING:
            _too_long(lines * n)
    elif name == "format":
        _check_printf(str(value), tuple(rest) if rest else dict(kwargs))
    elif name == "sum":
        start = rest[1] if len(rest) > 1 else kwargs.get("start", 0)
        if not isinstance(start, (int, float)):
            _refuse("sum フィルタは数の合計にだけ使えます", "the sum filter only adds numbers")


def guard_filters(filters: dict) -> dict:
    return {name: _guard_filter(name, f) for name, f in filters.items()}


# --- the template's syntax tree ------------------------------------------------


def guard_tree(tree):
    """Rewrite a parsed template: a tick at the start of every loop body,
    macro and call block (with the size of the constant text it repeats),
    and ``a ~ b`` as a checked call."""
    from jinja2 import nodes
    from jinja2.visitor import NodeTransformer

    here = __name__

    def call(fn: str, *args):
        return nodes.Call(nodes.ImportedName(f"{here}.{fn}"), list(args), [], None, None)

    def weight(body) -> int:
        total = 0
        for node in body:
            for data in node.find_all(nodes.TemplateData):
                total += len(data.data)
            if isinstance(node, nodes.TemplateData):
                total += len(node.data)
        return total

    class Guard(NodeTransformer):
        def _ticked(self, node):
            self.generic_visit(node)
            node.body = [nodes.Output([call("tick", nodes.Const(weight(node.body)))])] + list(node.body)
            return node

        visit_For = _ticked
        visit_Macro = _ticked
        visit_CallBlock = _ticked

        def visit_Concat(self, node):
            self.generic_visit(node)
            return call("concat", *node.nodes)

    return Guard().visit(tree)


def int_too_big_message(exc: BaseException) -> Optional[Bi]:
    """Python's own refusal to print a huge integer, in words."""
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return Bi("桁数が多すぎる整数（4300 桁超）は文字にできません",
                  "an integer of more than 4300 digits cannot be printed")
    return None


__all__ = ["limited", "current", "check_binop", "check_call", "concat", "tick", "safe_range",
           "guard_filters", "guard_tree", "counted_output", "RENDER_SECONDS", "MAX_ITERATIONS",
           "MAX_CALLS", "MAX_RANGE", "MAX_OUTPUT_CHARS", "MAX_STRING", "MAX_INT_BITS", "MAX_ARG"]
