"""Message templates: sandboxed Jinja2, missing variables render empty, errors name the line."""

from __future__ import annotations

import pytest

from runtime.errors import InputError
from runtime.templates import TemplateError, compile_template, render_template, template_problem


def test_renders_contact_and_event_values() -> None:
    text = "Hi {{ contact.first_name }}, your cart: {{ event.cart_url }}"
    ctx = {"contact": {"first_name": "Ana"}, "event": {"cart_url": "https://shop/c/1"}}
    assert render_template(text, ctx) == "Hi Ana, your cart: https://shop/c/1"


def test_missing_variables_render_empty_even_through_chains() -> None:
    assert render_template("Hi {{ contact.first_name }}!", {"contact": {}}) == "Hi !"
    assert render_template("[{{ event.cart.url }}]", {}) == "[]"
    assert render_template("{{ nothing }}", None) == ""
    assert render_template("{{ contact.first_name | default('there') }}", {"contact": {}}) == "there"


def test_autoescape_is_off_and_trailing_newline_kept() -> None:
    assert render_template("<b>{{ x }}</b>\n", {"x": "<i>&</i>"}) == "<b><i>&</i></b>\n"


def test_syntax_error_names_the_line() -> None:
    with pytest.raises(TemplateError) as info:
        compile_template("line one\nline two {% endif %}\nline three", "step 'mail' body")
    assert info.value.line == 2
    assert str(info.value).startswith("step 'mail' body: template error on line 2:")
    assert isinstance(info.value, InputError)


def test_template_problem_helper() -> None:
    assert template_problem("fine {{ x }}") is None
    assert "line 1" in template_problem("{% if %}")


def test_sandbox_blocks_python_internals() -> None:
    with pytest.raises(TemplateError, match="template failed"):
        render_template("{{ ''.__class__.__mro__[1].__subclasses__() }}", {})
    # an unsafe attribute further down a chain is simply not there: nothing leaks
    assert render_template("[{{ contact.__init__.__globals__ }}]", {"contact": object()}) == "[]"


def test_render_errors_are_template_errors() -> None:
    with pytest.raises(TemplateError, match="step 's' text: template failed"):
        render_template("{{ 1 / 0 }}", {}, "step 's' text")


def test_non_text_is_rejected() -> None:
    with pytest.raises(TemplateError, match="must be text"):
        compile_template(5)  # type: ignore[arg-type]
