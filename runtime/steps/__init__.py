"""Step semantics: what each step type is and does.

Owns: the step registry (``registry``: config fields, ports, summaries), the handlers
(``logic``, ``messages``), what a handler sees and returns (``context``: ``StepInput``,
``StepResult``) and condition evaluation (``conditions``).
Handlers are deterministic functions of a snapshot and the clock; sends are outbox rows.
May import: ``runtime.flow``, ``runtime.clock``, ``runtime.errors``, ``runtime.templates``.
Never ``runtime.storage`` or ``runtime.channels`` (import-linter contract).
"""
