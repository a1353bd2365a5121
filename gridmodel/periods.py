"""Representative periods: a year run as a few typical days chosen by tsam.

The days are clustered on load, wind/solar availability and heat demand
(hierarchical clustering, medoid representation), with the days of the
highest and lowest net load (load minus available wind and solar) kept as
periods of their own. A medoid is a real day of the year, so the horizon's
index holds real timestamps and every module reads its data through `.loc`
unchanged. Each step is weighted by the number of days its period stands for;
`prev` wraps within the day (commitment and ramps are cyclic per day); hydro
gets one budget for the whole horizon; `sequence` (the period of every
original day, in order) lets storage carry its energy across the year
(see model/storage.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import Collector
from .inputs import System
from .model.core import Horizon

NET_LOAD = "net_load_mw"


def features(system: System) -> pd.DataFrame:
    """The hourly series the days are clustered on (constant columns dropped)."""
    s, r = system, system.tables["renewables"]
    idx = s.index
    available = s.availability.loc[idx, r["profile"]].to_numpy() * r["capacity_mw"].to_numpy()
    load = s.load_mw.loc[idx]
    data = pd.concat(
        [load.add_prefix("load/"), s.availability.loc[idx].add_prefix("availability/"), s.heat_demand_mw_th.loc[idx].add_prefix("heat/")],
        axis=1,
    )
    data[NET_LOAD] = load.sum(axis=1).to_numpy() - available.sum(axis=1)
    return data.loc[:, data.max() > data.min()]


def cluster_days(system: System, days: int, extreme: bool = True, period_h: int = 24) -> tuple[np.ndarray, np.ndarray]:
    """tsam's choice: (original period of each representative, representative of
    each original period), representatives numbered in chronological order."""
    import tsam  # slow to import; only representative-period runs need it

    data = features(system)
    extremes = tsam.ExtremeConfig(method="append", max_value=[NET_LOAD], min_value=[NET_LOAD]) if extreme and NET_LOAD in data else None
    result = tsam.aggregate(
        data,
        n_clusters=days,
        period_duration=period_h,
        cluster=tsam.ClusterConfig(method="hierarchical", representation="medoid"),
        extremes=extremes,
        preserve_column_means=False,  # keep each representative a real day
    )
    centers = np.asarray(result.clustering.cluster_centers)
    order = np.argsort(centers)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return centers[order], rank[np.asarray(result.cluster_assignments)]


def representative_horizon(system: System, days: int, extreme: bool = True, period_h: int = 24) -> Horizon:
    """A horizon of `days` typical days (plus extreme days) standing for the
    system's whole run of hours."""
    n_periods = len(system.index) // period_h
    errors = Collector()
    if len(system.index) % period_h or days >= n_periods:
        errors.add(
            system.scenario.name,
            "field representative_periods.days",
            f"needs whole days and fewer typical days than days run: {len(system.index)} hours = {len(system.index) / period_h:g} days, {days} typical days asked",
        )
    errors.raise_if_any()
    origin, sequence = cluster_days(system, days, extreme, period_h)
    return periods_horizon(system.index, origin, sequence, period_h)


def periods_horizon(index: pd.DatetimeIndex, origin, sequence, period_h: int = 24) -> Horizon:
    """The horizon of representative periods: period k is original period
    origin[k] (chronological order), original period d is represented by
    period sequence[d]."""
    origin, sequence = np.asarray(origin), np.asarray(sequence)
    counts = np.bincount(sequence, minlength=len(origin))
    within = np.arange(period_h)
    steps = (origin[:, None] * period_h + within).ravel()
    period = np.repeat(np.arange(len(origin)), period_h)
    return Horizon(
        index=index[steps],
        weight_h=counts[period].astype(float),
        prev=period * period_h + np.roll(within, 1)[np.tile(within, len(origin))],
        budget_period=np.zeros(len(steps), dtype=int),
        period=period,
        sequence=sequence,
        origin=origin,
    )


def horizon_for(system: System) -> Horizon:
    """The scenario's horizon: representative days if it asks for them, else every hour in order."""
    rp = system.scenario.representative_periods
    if rp is None:
        return Horizon.chronological(system.index)
    return representative_horizon(system, rp.days, rp.extreme)
