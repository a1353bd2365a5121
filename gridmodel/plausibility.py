"""Plausibility warnings: valid input that is most likely a unit slip, GW (or
a load in GW) typed where MW is meant. Warned about, never refused: the run
goes on and the warning is printed and kept in the run folder.

A slip by 1,000 moves a number three orders of magnitude; a real scenario's
numbers differ from their yardstick by far less. The rules therefore take
the ratio halfway (on a log scale) between the two readings, SLIP = 10^1.5
(about 32), as the line: a number that many times below its yardstick is
closer to a GW reading than to an MW one.

- `capacity_totals_mw`: a total more than SLIP times below the sum of the
  table it scales (45 for wind whose rows add up to 45,000 MW).
- Load: an internal zone whose peak load is more than SLIP times below the
  median of the internal zones' peaks (a zone's column in GW); or the
  installed capacity of the internal zones more than
  MAX_CAPACITY_PER_PEAK_LOAD times the coincident peak load (all load in GW).

Single rows of a table are not judged: their sizes legitimately span two
orders of magnitude (Jilin 2030's wind groups: 500 to 38,000 MW).
"""

from __future__ import annotations

import math

from .errors import Collector

SLIP = 10**1.5
"""A number this many times below its yardstick reads as GW typed for MW."""

MAX_CAPACITY_PER_PEAK_LOAD = 100.0
"""Installed capacity over peak load is 1-6 in real systems (Jilin 2030 with
its targets: 97 GW over an 18.75 GW peak, 5.2); a load typed in GW makes it
about 1,000 times more. 100 lies about halfway on a log scale."""

CAPACITY_COLUMNS = {"renewables": "capacity_mw", "thermal": "capacity_mw", "hydro": "capacity_mw", "storage": "power_mw"}
"""The generating (and storage discharge) capacity of the internal zones, MW."""


def capacity_total(tech: str, total: float, table_sum: float, table: str, file: str, errors: Collector) -> None:
    """A `capacity_totals_mw` entry far below what its table holds."""
    if 0 < total and total * SLIP < table_sum:
        errors.warn(
            file,
            f"field capacity_totals_mw.{tech}",
            f"{total:g} MW is {table_sum / total:,.0f} times below the {table_sum:,.0f} MW of table {table!r}: GW typed for MW? (write {total * 1000:,.0f} for {total:g} GW)",
        )


def check(system, errors: Collector) -> None:
    """The load rules on a loaded system (zones or load already refused are left alone)."""
    if "zones" in errors.dropped or system.load_mw.empty:
        return
    file = system.files.get("series.load", "load series")
    zones = [z for z in system.internal_zones if z in system.load_mw.columns]
    peaks = system.load_mw[zones].max().dropna()  # a column of refused values has none
    median = float(peaks.median()) if len(peaks) > 1 else math.nan
    for zone, peak in peaks.items():
        if 0 < peak and peak * SLIP < median:
            errors.warn(file, f"column {zone}", f"peak load {peak:g} MW is {median / peak:,.0f} times below the zones' median peak ({median:,.0f} MW): GW typed for MW?")
    capacity = sum(
        float(df.loc[df["zone"].isin(zones), col].sum()) for table, col in CAPACITY_COLUMNS.items() if table not in errors.dropped for df in [system.tables[table]]
    )
    coincident = float(system.load_mw[zones].sum(axis=1).max())
    if 0 < coincident and capacity > MAX_CAPACITY_PER_PEAK_LOAD * coincident:
        errors.warn(
            file,
            "",
            f"peak load {coincident:g} MW is {capacity / coincident:,.0f} times below the internal zones' installed capacity ({capacity:,.0f} MW; real systems: 1-6 times): load in GW?",
        )
