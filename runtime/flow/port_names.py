"""How a port is named to people: the built-in ports in the interface's language.

Ports the step types name themselves (``next``, ``failed``, ``yes``, ``no``, ``else``,
``timeout``) are words of the program and are translated; the others are the user's own (A/B
group names, a channel switch's rule ports) and are shown as written.
"""

from __future__ import annotations

from runtime.i18n import N_, gettext

__all__ = ["BUILTIN_PORTS", "port_label"]

#: port -> its label (marked for the catalogue, translated where shown)
BUILTIN_PORTS: dict[str, str] = {
    "next": N_("next"),
    "failed": N_("failed"),
    "yes": N_("yes"),
    "no": N_("no"),
    "else": N_("else"),
    "timeout": N_("timeout"),
}


def port_label(port: str) -> str:
    """``port`` as a card or an edge shows it (a user-named port unchanged)."""
    label = BUILTIN_PORTS.get(port)
    return gettext(label) if label is not None else port
