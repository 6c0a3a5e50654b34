"""Reports and analytics: daily project report, per-step funnels, goals and A/B, masked exports.

Numbers come from aggregates that database triggers keep in the same transaction as each change
(:mod:`runtime.reports.aggregates`), never from scanning the step log.
"""
