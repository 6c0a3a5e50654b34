"""The flow spec: what a flow file says, independent of how it runs.

Owns: the flow model (``model``), the file format and its I/O (``io``, ``schema``), durations,
condition syntax (``conditions``), validation (``validate``, ``semantics``), presets, the state
machines of flows, executions, tokens and messages (``states``) and the one list of channels
(``channels``).
May import: ``runtime.steps`` (the step registry), ``runtime.clock``, ``runtime.errors``,
``runtime.templates``. Never storage, engine, channels or the service.
"""
