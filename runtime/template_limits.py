"""Bounds on templates: a sandbox whose renders cannot exhaust time or memory.

Templates arrive in flow files from elsewhere, and one render runs per contact while the engine
holds the project's write lock, so a template like ``{{ 9**(9**9) }}`` or two nested
``range(100000)`` loops must fail that one step quickly instead of stalling the runtime.

Three layers, from cheapest to most general:

- operators that can grow a value without bound (``**``, ``*``, ``+``, ``%``) are intercepted
  (Jinja's ``intercepted_binops``), which also stops Jinja from folding them while compiling,
  and each refuses a result larger than :data:`MAX_VALUE_CHARS` (or an integer wider than
  :data:`MAX_INT_BITS`) *before* computing it; ``range`` is capped at :data:`MAX_RANGE`; the
  string methods and filters that pad or repeat (``center``, ``ljust``, ``replace``, ``join``,
  ``format``, ``indent``, ``batch`` ...) check their result size the same way;
- the output is collected chunk by chunk and refused past :data:`MAX_OUTPUT_CHARS`;
- every render has a wall-clock budget (:data:`RENDER_BUDGET_SECONDS`), checked on each item of
  every ``{% for %}`` loop (the parser wraps each loop's sequence in a checking filter).
"""

from __future__ import annotations

import operator
import re
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

import jinja2
from jinja2 import filters as jinja_filters
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = [
    "MAX_INT_BITS",
    "MAX_OUTPUT_CHARS",
    "MAX_RANGE",
    "MAX_TEMPLATE_CHARS",
    "MAX_VALUE_CHARS",
    "RENDER_BUDGET_SECONDS",
    "BoundedSandbox",
    "TemplateLimitError",
    "bounded_render",
]

#: the longest string or list a template expression may build
MAX_VALUE_CHARS = 1_000_000
#: the longest rendered message
MAX_OUTPUT_CHARS = 1_000_000
#: the widest integer an expression may compute (about 1,200 decimal digits)
MAX_INT_BITS = 4096
#: the most items one ``range()`` may produce
MAX_RANGE = 10_000
#: the longest template source accepted
MAX_TEMPLATE_CHARS = 200_000
#: wall-clock seconds one render may take (messages render in well under a millisecond)
RENDER_BUDGET_SECONDS = 0.5


class TemplateLimitError(Exception):
    """A template exceeded a bound (size, range, time); the message says which and how to fix it."""

    #: True when the time budget ran out (the caller may refuse the same text at once next time)
    timed_out: bool = False


def _size(value: Any) -> int | None:
    """The length of a string or sequence value, or None for anything without one."""
    if isinstance(value, (str, bytes, list, tuple)):
        return len(value)
    return None


def _check_size(n: int, what: str) -> None:
    if n > MAX_VALUE_CHARS:
        raise TemplateLimitError(
            f"{what} would make a value of {n:,} characters or items (the limit is {MAX_VALUE_CHARS:,})"
        )


def _check_int(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimitError(f"{what} makes a number wider than {MAX_INT_BITS} bits")


def _bounded_pow(left: Any, right: Any) -> Any:
    if (isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1
            and (right > MAX_INT_BITS or abs(left).bit_length() * right > MAX_INT_BITS + 64)):
        raise TemplateLimitError(f"{left} ** {right} is too large (results are limited to {MAX_INT_BITS} bits)")
    if isinstance(left, float) or isinstance(right, float):
        try:
            return operator.pow(left, right)
        except OverflowError:
            raise TemplateLimitError(f"{left} ** {right} overflows") from None
    result = operator.pow(left, right)
    _check_int(result, "'**'")
    return result


def _repeat_count(left: Any, right: Any) -> tuple[int, int] | None:
    """(sequence length, repeat count) when ``left * right`` repeats a sequence, else None."""
    if isinstance(right, int) and _size(left) is not None:
        return _size(left) or 0, right
    if isinstance(left, int) and _size(right) is not None:
        return _size(right) or 0, left
    return None


def _bounded_mul(left: Any, right: Any) -> Any:
    rep = _repeat_count(left, right)
    if rep is not None:
        _check_size(rep[0] * max(rep[1], 0), "'*'")
    elif (isinstance(left, int) and isinstance(right, int)
          and left.bit_length() + right.bit_length() > MAX_INT_BITS + 1):
        raise TemplateLimitError(f"'*' makes a number wider than {MAX_INT_BITS} bits")
    return operator.mul(left, right)


def _bounded_add(left: Any, right: Any) -> Any:
    a, b = _size(left), _size(right)
    if a is not None and b is not None:
        _check_size(a + b, "'+'")
    return operator.add(left, right)


_WIDTH = re.compile(r"(\d+)")


def _check_widths(fmt: str, what: str) -> None:
    """Refuse a printf/format spec whose width or precision alone exceeds the size limit."""
    for match in _WIDTH.finditer(fmt):
        if len(match.group(1)) > 7 or int(match.group(1)) > MAX_VALUE_CHARS:
            raise TemplateLimitError(f"{what}: a field width of {match.group(1)} is too large")


def _bounded_mod(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        _check_widths(left, "'%'")
    result = operator.mod(left, right)
    if isinstance(result, str):
        _check_size(len(result), "'%'")
    return result


def _int_arg(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 0


def _check_str_method(obj: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Check the result size of a string method that can grow its input before calling it."""
    first = args[0] if args else next(iter(kwargs.values()), None)
    if name in {"center", "ljust", "rjust", "zfill"}:
        _check_size(_int_arg(first), f"'{name}'")
    elif name == "expandtabs":
        _check_size(len(obj) * max(_int_arg(first or 8), 1), "'expandtabs'")
    elif name == "replace" and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        hits = len(obj) + 1 if old == "" else obj.count(old)
        _check_size(len(obj) + hits * max(len(new) - len(old), 0), "'replace'")
    elif name == "join" and args:
        items = args[0]
        if isinstance(items, (list, tuple)):
            total = sum(len(str(i)) for i in items) + len(obj) * max(len(items) - 1, 0)
            _check_size(total, "'join'")
    elif name in {"format", "format_map"}:
        _check_widths(obj, f"'{name}'")


def _bounded_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    """``original`` with its arguments checked so that its result cannot exceed the size limit."""

    def check(args: tuple[Any, ...]) -> None:
        value = args[0] if args else ""
        if name == "center":
            _check_size(_int_arg(args[1] if len(args) > 1 else 80), "'center'")
        elif name == "indent":
            width = args[1] if len(args) > 1 else 4
            size = len(width) if isinstance(width, str) else _int_arg(width)
            _check_size(len(str(value)) + str(value).count("\n") * size + size, "'indent'")
        elif name == "batch":
            _check_size(_int_arg(args[1] if len(args) > 1 else 0), "'batch'")
        elif name == "replace" and len(args) >= 3:
            _check_str_method(str(value), "replace", (args[1], args[2]), {})
        elif name == "format":
            _check_widths(str(value), "'format'")
        elif name == "wordwrap":
            _check_size(len(str(value)) * 2, "'wordwrap'")

    def bounded(*args: Any, **kwargs: Any) -> Any:
        # filters that take the environment or context get it first
        check(args[1:] if getattr(original, "jinja_pass_arg", None) else args)
        return original(*args, **kwargs)

    for attr in ("jinja_pass_arg",):
        if hasattr(original, attr):
            setattr(bounded, attr, getattr(original, attr))
    bounded.__name__ = getattr(original, "__name__", name)
    bounded.__doc__ = original.__doc__
    return bounded


_GROWING_FILTERS = ("center", "indent", "batch", "replace", "format", "wordwrap")


def _safe_range(*args: Any) -> range:
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise TemplateLimitError(f"range() of {len(rng):,} items is too long (the limit is {MAX_RANGE:,})")
    return rng


def _bounded_concat(values: tuple[Any, ...]) -> str:
    parts = [str(v) for v in values]
    _check_size(sum(map(len, parts)), "'~'")
    return "".join(parts)


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` to a size-checked join (Jinja has no interception hook for ``~``)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802 - Jinja dispatches on visit_<Node>
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """A sandbox whose operators, ranges and growing filters are bounded.

    Immutable (no ``list.append``/``extend`` from templates): a message template has no reason
    to mutate data, and ``l.extend(l)`` in a loop doubles memory faster than any time check.
    Autoescape must stay off: ``~`` is compiled to a plain string join.
    """

    intercepted_binops = frozenset({"**", "*", "+", "%"})
    code_generator_class = _BoundedCodeGenerator
    bounded_concat = staticmethod(_bounded_concat)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.binop_table = {
            **self.binop_table,
            "**": _bounded_pow,
            "*": _bounded_mul,
            "+": _bounded_add,
            "%": _bounded_mod,
        }
        self.globals["range"] = _safe_range
        for name in _GROWING_FILTERS:
            self.filters[name] = _bounded_filter(name, getattr(jinja_filters, f"do_{name}"))
        self.filters[_BUDGET_FILTER] = _budget_filter

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        """Call ``__obj`` from template code, checking string methods that can grow their input."""
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            _check_str_method(owner, getattr(__obj, "__name__", ""), args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse, then make every ``{% for %}`` iterate through the deadline check.

        Loops are the only way a template repeats work (macros recurse only until Python's
        recursion limit), so checking time once per loop item bounds every render without
        tracing each line of it.
        """
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _BUDGET_FILTER, [], [], None, None, lineno=loop.lineno)
        return tree

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` from template code, refusing field widths beyond the size limit."""
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str) and getattr(value, "__name__", "") in {"format", "format_map"}:
            _check_widths(owner, "'format'")
        return super().wrap_str_format(value)


# ---------------------------------------------------------------------------------------------
# time budget

# (deadline, budget) of the render running in this thread or task; None outside bounded_render
_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("flowcanvas_template_deadline", default=None)
_BUDGET_FILTER = "flowcanvas_budget"


def _expired(seconds: float) -> TemplateLimitError:
    exc = TemplateLimitError(f"rendering took longer than {seconds:g} s (loops too long?)")
    exc.timed_out = True
    return exc


def _watched(iterable: Any, deadline: float, seconds: float) -> Iterator[Any]:
    clock = time.monotonic
    for item in iterable:
        if clock() > deadline:
            raise _expired(seconds)
        yield item


def _budget_filter(iterable: Any) -> Any:
    """What every ``{% for %}`` iterates: its sequence, checked against the render's deadline per item."""
    limit = _DEADLINE.get()
    if limit is None:
        return iterable
    if time.monotonic() > limit[0]:
        raise _expired(limit[1])
    return _watched(iterable, *limit)


def _collect(chunks: Iterator[str]) -> str:
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise TemplateLimitError(f"the rendered text is longer than {MAX_OUTPUT_CHARS:,} characters")
        out.append(chunk)
    return "".join(out)


def bounded_render(template: jinja2.Template, context: dict[str, Any], budget: float | None = None) -> str:
    """Render ``template`` (from a :class:`BoundedSandbox`) within the time budget and the output limit."""
    seconds = RENDER_BUDGET_SECONDS if budget is None else budget
    token = _DEADLINE.set((time.monotonic() + seconds, seconds))
    try:
        return _collect(template.generate(context))
    except RecursionError:
        raise TemplateLimitError("the template nests too deeply") from None
    except MemoryError:
        raise TemplateLimitError("the template needs too much memory") from None
    finally:
        _DEADLINE.reset(token)
