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

from functools import lru_cache
from typing import Any, Mapping

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from runtime.errors import InputError

__all__ = ["TemplateError", "compile_template", "render_template", "template_problem"]


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


_ENV = SandboxedEnvironment(
    autoescape=False,
    undefined=jinja2.ChainableUndefined,
    keep_trailing_newline=True,
    finalize=_empty_for_none,
)
_ENV.filters["default"] = _ENV.filters["d"] = _default


@lru_cache(maxsize=512)
def _compile(text: str) -> jinja2.Template:
    return _ENV.from_string(text)


def compile_template(text: str, where: str | None = None) -> jinja2.Template:
    """Compile ``text``; raise :class:`TemplateError` naming ``where`` and the line on bad syntax.

    ``where`` is a human prefix such as ``"step 'email_cart' body"``.
    """
    if not isinstance(text, str):
        raise TemplateError(f"{where or 'template'}: must be text, not {type(text).__name__}")
    try:
        return _compile(text)
    except jinja2.TemplateSyntaxError as exc:
        prefix = f"{where}: " if where else ""
        raise TemplateError(f"{prefix}template error on line {exc.lineno}: {exc.message}", exc.lineno) from None


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
    try:
        return template.render(dict(context or {}))
    except jinja2.TemplateError as exc:
        prefix = f"{where}: " if where else ""
        raise TemplateError(f"{prefix}template failed: {exc}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        prefix = f"{where}: " if where else ""
        raise TemplateError(f"{prefix}template failed: {exc}") from None
