"""Numbers for people: a value in the unit its size calls for (TWh, GW, Mt, %)
with three significant digits, for the report, the comparison and the console.

The files keep their base units (MWh, MW, t, p.u.); only what is shown is scaled
(money in Chinese text in 亿元/万元). A difference of two shares is in
percentage points (个百分点), not %: `points`.
"""

from __future__ import annotations

import math

PREFIXES = {
    "MWh": ((1e6, "TWh"), (1e3, "GWh"), (1, "MWh")),
    "MW": ((1e3, "GW"), (1, "MW")),
    "MWth h": ((1e6, "TWh (heat)"), (1e3, "GWh (heat)"), (1, "MWh (heat)")),
    "tce": ((1e6, "Mtce"), (1e3, "ktce"), (1, "tce")),
    "t": ((1e6, "Mt"), (1e3, "kt"), (1, "t")),
    "t (raw coal)": ((1e6, "Mt (raw coal)"), (1e3, "kt (raw coal)"), (1, "t (raw coal)")),
    "CNY": ((1e9, "bn CNY"), (1e6, "M CNY"), (1, "CNY")),
    "CNY/a": ((1e9, "bn CNY/a"), (1e6, "M CNY/a"), (1, "CNY/a")),
    "p.u.": ((0.01, "%"),),
}
"""Base unit -> (factor, shown unit), largest first."""
PREFIXES_ZH = {"CNY": ((1e8, "亿元"), (1e4, "万元"), (1, "元")), "CNY/a": ((1e8, "亿元/年"), (1e4, "万元/年"), (1, "元/年"))}
"""Chinese figures give money in 亿元 (1e8 CNY) or 万元 (1e4 CNY)."""


def scale(unit: str, magnitude: float) -> tuple[float, str]:
    """The factor and unit to show numbers of about `magnitude` (in `unit`)."""
    from .i18n import current

    steps = (current() == "zh" and PREFIXES_ZH.get(unit)) or PREFIXES.get(unit)
    if not steps:
        return 1.0, unit
    size = abs(magnitude) if magnitude is not None and math.isfinite(magnitude) else 0.0
    return next(((f, u) for f, u in steps if size >= f), steps[-1])


def number(x: float | None, digits: int = 3) -> str:
    """`digits` significant digits, thousands separated, never scientific."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    if abs(x) < 1e-6:  # solver noise, below the CSVs' precision
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    return f"{x:,.{decimals}f}"


def shown(values: list[float | None], unit: str) -> tuple[list[str], str]:
    """Several numbers of one unit (value, limit, margin…) on one scale."""
    finite = [abs(v) for v in values if v is not None and math.isfinite(v)]
    from .i18n import t

    factor, label = scale(unit, max(finite, default=0.0))
    return [number(None if v is None else v / factor) for v in values], t(label)


def quantity(value: float | None, unit: str) -> str:
    """'115 TWh', '11.8 %', '4.83 GW'."""
    (text,), label = shown([value], unit)
    return f"{text} {label}".rstrip()


def money(cny: float) -> str:
    """'1.37 bn CNY'; in Chinese in 亿元 (1e8) or 万元 (1e4), as Chinese figures are given."""
    return quantity(cny, "CNY")


def difference(text: str, label: str) -> str:
    """A difference shown in `label` ('-7.23'), with 'percentage points' when
    it is one of two shares (the unit column says %)."""
    return f"{text} {points(label)}" if points(label) != label else text


def points(label: str) -> str:
    """The unit of a difference of values shown in `label`: a difference of
    two percentages is in percentage points."""
    from .i18n import t

    return t("percentage points") if label == "%" else label
