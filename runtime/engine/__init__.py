"""The engine: the tick that moves contacts through published flows.

Owns: the tick and its claims (``runner``, ``batch``, ``batch_io``), compiled flow versions
(``flowcache``), executions and tokens (``executions``, ``entry``, ``counters``), triggers and
segments, goals, flow lifecycle, operator fixes and the APScheduler wiring (``scheduler``).
May import: ``runtime.steps``, ``runtime.flow``, ``runtime.storage``, ``runtime.contacts``,
``runtime.channels`` (the dispatcher pass). Never ``runtime.reports``, ``runtime.rehearsal``,
``runtime.service`` or ``runtime.cli`` (import-linter contract).
"""
