"""Trying flows out without touching the real project: simulate, rehearse, virtual runs.

Owns: throw-away project copies (``projcopy``), isolating one flow in a copy
(``sandbox_setup``), ``simulate`` (one contact on a virtual clock), ``rehearse`` (N days
replayed) and ``virtual_run`` (``run --until`` with the dispatcher driven in virtual time).
May import: ``runtime.engine``, ``runtime.channels``, ``runtime.storage``, ``runtime.flow``,
``runtime.clock``, ``runtime.errors``. The engine never imports it.
"""
