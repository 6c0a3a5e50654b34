"""The flow spec: what a flow file says, independent of how it runs.

Owns: the flow model (``model``), the file format and its I/O (``io``, ``schema``), durations,
condition syntax (``conditions``), validation (``validate``, ``semantics``) and presets.
May import: ``runtime.steps`` (the step registry), ``runtime.clock``, ``runtime.errors``,
``runtime.templates``. Never storage, engine, channels or the service.
"""
