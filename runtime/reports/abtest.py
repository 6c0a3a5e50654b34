"""Goals per flow version and A/B groups with a significance figure.

Group sizes are the contacts an ``ab_split`` step sent through each group's port; conversions are
the goal exits of executions that took that port (both from the daily aggregates). Each group is
compared with the first (the control) by a two-proportion z-test (scipy's chi-square test of the
2x2 table without continuity correction, whose statistic is z squared) and by the Bayesian
probability to beat the control under uniform Beta(1, 1) priors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

ALPHA = 0.05  # "significant" below this two-sided p-value


@dataclass(frozen=True)
class Comparison:
    """A group against the control."""

    lift: float | None  # relative change of the conversion rate (0.25 = +25 %)
    z: float | None
    p_value: float | None
    prob_beat_control: float | None
    significant: bool

    def to_json(self) -> dict[str, Any]:
        return {"lift": _r(self.lift), "z": _r(self.z), "p_value": _r(self.p_value, 6),
                "prob_beat_control": _r(self.prob_beat_control), "significant": self.significant}


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def compare(control: tuple[int, int], variant: tuple[int, int]) -> Comparison:
    """``variant`` (converted, size) against ``control`` (converted, size)."""
    from scipy.stats import chi2_contingency

    c0, n0 = control
    c1, n1 = variant
    if n0 <= 0 or n1 <= 0:
        return Comparison(None, None, None, None, False)
    p0, p1 = c0 / n0, c1 / n1
    lift = (p1 - p0) / p0 if p0 else None
    z: float | None = None
    p_value: float | None = None
    if 0 < c0 + c1 < n0 + n1:  # otherwise the table has an empty column and no test applies
        result = chi2_contingency([[c1, n1 - c1], [c0, n0 - c0]], correction=False)
        z = math.copysign(math.sqrt(float(result.statistic)), p1 - p0)
        p_value = float(result.pvalue)
    prob = prob_to_beat(control, variant)
    return Comparison(lift, z, p_value, prob, p_value is not None and p_value < ALPHA)


def prob_to_beat(control: tuple[int, int], variant: tuple[int, int]) -> float:
    """P(rate of ``variant`` > rate of ``control``) with Beta(1 + converted, 1 + missed) posteriors."""
    from scipy.integrate import quad
    from scipy.stats import beta

    a = beta(1 + control[0], 1 + control[1] - control[0])
    b = beta(1 + variant[0], 1 + variant[1] - variant[0])
    # both posteriors are narrow for large groups: integrate over where they have mass
    lo = max(0.0, min(a.ppf(1e-9), b.ppf(1e-9)))
    hi = min(1.0, max(a.isf(1e-9), b.isf(1e-9)))
    value, _err = quad(lambda x: b.pdf(x) * a.cdf(x), lo, hi, limit=200, points=[a.mean(), b.mean()])
    return min(1.0, max(0.0, float(value)))


def ab_groups(groups: list[tuple[str, int, int]]) -> list[dict[str, Any]]:
    """``[(name, size, converted), ...]`` (control first) as report rows with their comparisons."""
    out = []
    control = (groups[0][2], groups[0][1]) if groups else (0, 0)
    for i, (name, size, converted) in enumerate(groups):
        row: dict[str, Any] = {"group": name, "size": size, "converted": converted,
                               "conversion": round(converted / size, 4) if size else 0.0, "control": i == 0}
        if i:
            row.update(compare(control, (converted, size)).to_json())
        out.append(row)
    return out
