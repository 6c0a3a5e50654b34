"""Read models for people: flow statistics, the outbox as operators read it, and reports.

Owns: ``stats`` (metrics from the counters table), ``outbox_view`` (the outbox as plain rows),
``outbox_page`` (the outbox a filtered page at a time); the daily report, per-step analytics,
goals and A/B (``report``, ``query``, ``abtest``) read from the daily aggregates that database
triggers keep (``runtime.storage.report_aggregates``, so nothing scans the step log), report
``settings``, masked exports (``masking``, ``export``, ``contacts_export``).
May import: ``runtime.storage``, ``runtime.flow``, ``runtime.clock``, ``runtime.errors``.
Nothing in the engine, steps or channels imports it.
"""
