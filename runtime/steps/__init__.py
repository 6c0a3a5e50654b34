"""Step semantics: what each step type is and does.

Owns: the step registry (``registry``: config fields and their properties, modes, ports,
summaries, traits), each type's semantic checks (``checks``) and what the other parts ask about a
step (``traits``), the handlers (``logic``, ``messages``, dispatched by ``handlers``), what a
handler sees and returns (``context``: ``StepInput``, ``StepResult``, ``Prefetched``), condition
evaluation (``conditions``) and smart_send's ranking math (``ranking``).
Handlers are deterministic functions of a snapshot and the clock; sends are outbox rows.
May import: ``runtime.flow``, ``runtime.clock``, ``runtime.errors``, ``runtime.templates``.
Never ``runtime.storage`` or ``runtime.channels`` (import-linter contract).
"""
