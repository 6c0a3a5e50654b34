"""Message templates: Jinja2 in a sandbox.

Templates come from flow files that may be imported from elsewhere, so they run in
:class:`jinja2.sandbox.SandboxedEnvironment` (no attribute access to Python internals). A missing
variable, and a field that is empty (``None``), render as an empty string, even through a chain
(``{{ event.cart.url }}`` with no ``event``), never as "None", because a half-filled message is
better than a crashed step for a marketer; ``default`` treats an empty field as missing too
(``{{ contact.last_name | default('friend') }}``); the
validator catches syntax errors before a flow is activated. Autoescape is off: most messages are
plain text (SMS, Telegram, push); HTML email bodies are written as HTML by their author.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import jinja2

from runtime.errors import InputError
from runtime.template_limits import MAX_TEMPLATE_CHARS, BoundedSandbox, TemplateLimitError, bounded_render

__all__ = ["TemplateError", "compile_template", "render_template", "static_limit_problem", "template_problem"]


class TemplateError(InputError):
    """A template does not compile or render; ``line`` is its 1-based line (or None)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _empty_for_none(value: Any) -> Any:
    """What ``{{ ... }}`` prints: an empty field (None) prints nothing, not "None"."""
    return "" if value is None else value


def _default(value: Any, default_value: Any = "", boolean: bool = False) -> Any:
    """Jinja's ``default``, which also replaces an empty field (None): a contact without a last
    name has ``last_name = None``, not a missing key."""
    if value is None or isinstance(value, jinja2.Undefined) or (boolean and not value):
        return default_value
    return value


_ENV = BoundedSandbox(
    autoescape=False,
    undefined=jinja2.ChainableUndefined,
    keep_trailing_newline=True,
    finalize=_empty_for_none,
)
_ENV.filters["default"] = _ENV.filters["d"] = _default


# texts whose render ran out of time in this process, with the reason
_TIMED_OUT: dict[str, str] = {}


@lru_cache(maxsize=512)
def _compile(text: str) -> jinja2.Template:
    return _ENV.from_string(text)


def compile_template(text: str, where: str | None = None) -> jinja2.Template:
    """Compile ``text``; raise :class:`TemplateError` naming ``where`` and the line on bad syntax.

    ``where`` is a human prefix such as ``"step 'email_cart' body"``.
    """
    if not isinstance(text, str):
        raise TemplateError(f"{where or 'template'}: must be text, not {type(text).__name__}")
    prefix = f"{where}: " if where else ""
    if len(text) > MAX_TEMPLATE_CHARS:
        raise TemplateError(
            f"{prefix}template is {len(text):,} characters long (the limit is {MAX_TEMPLATE_CHARS:,}); shorten it"
        )
    try:
        return _compile(text)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{prefix}template error on line {exc.lineno}: {exc.message}", exc.lineno) from None
    except (RecursionError, MemoryError):
        raise TemplateError(f"{prefix}template nests too deeply to compile; simplify it") from None


def template_problem(text: str) -> str | None:
    """The syntax error of ``text`` as a message (``line 2: unexpected '}'``), or None if it compiles."""
    try:
        compile_template(text)
    except TemplateError as exc:
        return str(exc)
    return None


def render_template(text: str, context: Mapping[str, Any] | None = None, where: str | None = None) -> str:
    """Render ``text`` with ``context`` (e.g. ``{"contact": {...}, "event": {...}}``).

    Missing variables render empty. Syntax errors and errors raised while rendering (a sandbox
    violation, a division by zero) raise :class:`TemplateError`.
    """
    template = compile_template(text, where)
    prefix = f"{where}: " if where else ""
    if text in _TIMED_OUT:
        # one contact already spent the whole budget on this text: do not spend it per contact
        raise TemplateError(f"{prefix}template over its limits: {_TIMED_OUT[text]}")
    try:
        return bounded_render(template, dict(context or {}))
    except TemplateLimitError as exc:
        if exc.timed_out:
            if len(_TIMED_OUT) >= 256:
                _TIMED_OUT.pop(next(iter(_TIMED_OUT)))
            _TIMED_OUT[text] = str(exc)
        raise TemplateError(f"{prefix}template over its limits: {exc}") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{prefix}template failed: {exc}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise TemplateError(f"{prefix}template failed: {exc}") from None


def static_limit_problem(text: str, where: str | None = None) -> str | None:
    """Why ``text`` exceeds a limit whatever the contact (``{{ 9**(9**9) }}``), or None.

    The template is rendered once with no data at all: every variable is undefined, so only what
    the template computes from its own constants runs; other render errors depend on the data
    and are not reported here.
    """
    try:
        template = compile_template(text, where)
    except TemplateError:
        return None  # reported as a syntax problem by the caller
    try:
        bounded_render(template, {})
    except TemplateLimitError as exc:
        prefix = f"{where}: " if where else ""
        return f"{prefix}template over its limits: {exc}"
    except Exception:  # noqa: BLE001 - data-dependent failures are not static problems
        return None
    return None
