"""Read models for people: flow statistics and the outbox as operators read it.

Owns: ``stats`` (metrics from the counters table), ``outbox_view`` (the outbox as plain rows),
``outbox_page`` (the outbox a filtered page at a time).
May import: ``runtime.storage``, ``runtime.flow``, ``runtime.clock``, ``runtime.errors``.
Nothing in the engine, steps or channels imports it.
"""
