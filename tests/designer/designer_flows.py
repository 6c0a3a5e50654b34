"""Flows shared by the designer tests (imported by conftest and test modules)."""

from __future__ import annotations

from runtime.service import Edge, Flow, Step

# the abandoned-cart flow ------------------------------------------------------------------------

CART_TRIGGER = {"type": "event", "event": "cart_add"}
CART_GOAL = {"event": "purchase"}
BOUGHT = {"event": "purchase", "since": "entry"}

#: (id, type, config, position) of the abandoned-cart steps in file order.
CART_STEPS: list[tuple[str, str, dict, tuple[float, float]]] = [
    ("wait_1h", "wait", {"duration": "PT1H"}, (0.0, 0.0)),
    ("bought_1", "condition", {"if": BOUGHT}, (300.0, 0.0)),
    ("email_cart", "send_email", {"subject": "You left something", "body": "Hi {{ contact.first_name }}"}, (600.0, 100.0)),
    ("wait_23h", "wait", {"duration": "PT23H"}, (900.0, 100.0)),
    ("bought_2", "condition", {"if": BOUGHT}, (1200.0, 100.0)),
    ("push_cart", "send_push", {"title": "Still thinking?", "body": "Your cart is waiting"}, (1500.0, 200.0)),
    ("wait_48h", "wait", {"duration": "PT48H"}, (1800.0, 200.0)),
    ("bought_3", "condition", {"if": BOUGHT}, (2100.0, 200.0)),
    ("sms_cart", "send_sms", {"text": "Last chance: your cart expires soon"}, (2400.0, 300.0)),
]

#: The edges (source, target, port) in file order.
CART_EDGES: list[tuple[str, str, str]] = [
    ("wait_1h", "bought_1", "next"),
    ("bought_1", "email_cart", "no"),
    ("email_cart", "wait_23h", "next"),
    ("wait_23h", "bought_2", "next"),
    ("bought_2", "push_cart", "no"),
    ("push_cart", "wait_48h", "next"),
    ("wait_48h", "bought_3", "next"),
    ("bought_3", "sms_cart", "no"),
]


def abandoned_cart_flow() -> Flow:
    """The abandoned-cart flow built directly as data (the expected result of the tests)."""
    return Flow(
        name="Abandoned cart",
        trigger=dict(CART_TRIGGER),
        goal=dict(CART_GOAL),
        steps=[Step(i, t, dict(c), p) for i, t, c, p in CART_STEPS],
        edges=[Edge(s, t, p) for s, t, p in CART_EDGES],
    )
