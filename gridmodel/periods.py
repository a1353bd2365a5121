"""Representative periods: a year run as a few typical days, month by month.

Each calendar month's days are clustered on their own (Ward's hierarchical
clustering, each cluster represented by its medoid: a real day, so the
horizon's index holds real timestamps and every module reads its data
through `.loc`) into the month's share of the typical days, so a typical day
stands only for days of its own month: the weights of a month's days sum to
its days, and a monthly table of a typical-day run is that month's, not a
mix of days from other seasons (the clustering over the whole year put
January's days in for March's: Jilin 2030 at 40 days, January's
curtailment 2.66 TWh against the full year's 1.40; issue 33). The days are
clustered on load, wind/solar availability, heat demand, net load (load
minus available wind and solar) and each zone's surplus (available wind and
solar beyond its load and the capacity of its lines, a first estimate of
curtailment). Series that are copies of one another (every zone's load has
one shape) are clustered once, or they would outweigh the wind; net load, the
surplus and the availability carrying most capacity are weighted up because
curtailment and exports follow them. The days of the highest and lowest net
load are kept as periods of their own.

How many days each medoid stands for is then fitted (`reassigned`): a
medoid near its cluster's middle misses a convex quantity like the surplus
(days of large surplus average out), and scaling the medoids' wind and
solar to the month's energy moves the surplus further (Jilin 2030, 40
days: monthly curtailment off by up to 62 %). So, within each month, the
days are reassigned among its medoids (nearest first) at the counts whose
weighted totals of every feature best match the month's, the surplus
weighted most (SURPLUS_FIT); wind and solar then keep the medoids' values,
and `representative_system` scales only load and heat on the typical days
(not the extreme ones) so that their weighted total over each month is the
month's. Jilin 2030, 48 days: curtailment +0.6 % on the year, every month
within 8 %; wind and solar energy within ~1 % on the year
(docs/typical_days_accuracy.md).

Each step is weighted by the number of days its period stands for; `prev`
wraps within the day (commitment, ramps and storage are cyclic per day, which
a full year solved day by day reproduces within ~1 %). Hydro gets one budget
per calendar month, as in the chronological model (model/hydro.py): a
month's typical days stand for its days only, so its budget is the month's
inflow, and the LP moves it between the month's days as the one LP does. A
budget per day (its inflow x the days it stands for) spilt the hydro of
windy days and burnt coal on calm ones instead: Jilin 2030's April, almost
every day its own period, against April as one LP: coal +33 % with a budget
per day (0.375 against 0.281 Mtce), +9 % with the month's; the year at 48
days against the full year: +3.4 % and +0.6 %. `sequence` (the period of
every original day) lets a long-duration level carry energy across the
year: every store declaring one (technology.Level) is linked by
model/levels.py.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from .errors import Collector
from .inputs import System
from .model.core import Horizon

NET_LOAD = "net_load_mw"
SURPLUS = "surplus_mw/"
DUPLICATE_CORRELATION = 0.98  # columns this correlated to an earlier one carry no new shape
STRONG_WEIGHT = 3.0  # clustering weight of net load, surpluses and the largest availability profile
MEASURED = {"Jilin 2030": (8, -42), "Northeast 2030": (17, -10)}
"""How far a typical-day run is from the full year, measured on the shipped scenarios at the default days
(benchmarks/typical_days_accuracy.py, docs/typical_days_accuracy.md): curtailment by month, worst month with more
than 0.2 TWh (±%), and storage throughput over the year (%)."""

SERIES = ("load_mw", "heat_demand_mw_th")  # scaled to each month's energy; wind and solar are matched by the fitted counts
SURPLUS_FIT = 10.0  # weight of the surplus, beyond its clustering weight, in fitting the counts


def accuracy(system: System) -> str:
    """The measured accuracy a typical-day run of this system should quote: the Northeast's for a system whose internal
    zones name several provinces, Jilin's otherwise (their months are 8 and 17 % off, their storage -42 and -10 %:
    quoting Jilin's figures on a Northeast run would flatter it)."""
    zones = system.tables["zones"].query("kind == 'internal' and province != ''")
    name = "Northeast 2030" if zones["province"].nunique() > 1 else "Jilin 2030"
    months_pct, storage_pct = MEASURED[name]
    return f"curtailment by month within ±{months_pct} %, storage {storage_pct:+d} % of the full year on {name} (docs/typical_days_accuracy.md)"


def available_by_zone_mw(system: System) -> pd.DataFrame:
    """Available wind and solar of each zone, MW, over the system's hours."""
    r = system.tables["renewables"]
    mw = system.availability.loc[system.index, r["profile"]].to_numpy() * r["capacity_mw"].to_numpy()
    return pd.DataFrame(mw, index=system.index).T.groupby(r["zone"].to_numpy()).sum().T


def surplus_mw(system: System) -> pd.DataFrame:
    """Per zone: available wind and solar beyond the zone's load and the
    capacity of every link leaving it (export links and lines either way)."""
    links, idx = system.tables["links"], system.index
    avail = available_by_zone_mw(system)
    out = {}
    for z in avail.columns.intersection(system.load_mw.columns):
        away = links.loc[links["from_zone"] == z, "capacity_mw"].sum() + links.loc[(links["to_zone"] == z) & (links["kind"] == "line"), "capacity_mw"].sum()
        out[SURPLUS + z] = np.maximum(avail[z] - system.load_mw.loc[idx, z] - away, 0.0)
    return pd.DataFrame(out, index=idx)


def features(system: System) -> pd.DataFrame:
    """The hourly series the days are clustered on (constant and duplicate columns dropped)."""
    s, idx = system, system.index
    load = s.load_mw.loc[idx]
    data = pd.concat(
        [load.add_prefix("load/"), s.availability.loc[idx].add_prefix("availability/"), s.heat_demand_mw_th.loc[idx].add_prefix("heat/")],
        axis=1,
    )
    data[NET_LOAD] = load.sum(axis=1).to_numpy() - available_by_zone_mw(s).sum(axis=1).to_numpy()
    data = pd.concat([data, surplus_mw(s)], axis=1)
    data = data.loc[:, data.max() > data.min()]
    corr = data.corr().abs().to_numpy()
    keep = [j for j in range(data.shape[1]) if not (corr[j, :j] > DUPLICATE_CORRELATION).any()]
    return data.iloc[:, keep]


def weights(system: System, data: pd.DataFrame) -> dict[str, float]:
    """Clustering weights: STRONG_WEIGHT for net load, surpluses and the availability
    profile with the most capacity behind it; 1 for the rest."""
    r = system.tables["renewables"]
    biggest = "availability/" + r.groupby("profile")["capacity_mw"].sum().idxmax() if len(r) else None  # no wind or solar: none
    return {c: STRONG_WEIGHT if c == NET_LOAD or c.startswith(SURPLUS) or c == biggest else 1.0 for c in data.columns}


def months_of_days(index: pd.DatetimeIndex, period_h: int = 24) -> np.ndarray:
    """The calendar month of each original period (year x 12 + month, so a
    horizon across New Year keeps its Januaries apart)."""
    first = index[::period_h]
    return first.year.to_numpy() * 12 + first.month.to_numpy() - 1


def days_per_month(days_in_month: np.ndarray, days: int) -> np.ndarray:
    """Typical days of each month (or part of one, see cluster_days): in proportion to its days (largest
    remainder), at least one, never more than its days."""
    share = days * days_in_month / days_in_month.sum()
    n = np.floor(share).astype(int)
    n[np.argsort(n - share)[: days - n.sum()]] += 1
    return np.clip(n, 1, days_in_month)


def extreme_days(data: pd.DataFrame, period_h: int = 24) -> list[int]:
    """The days of the highest and of the lowest hourly net load."""
    if NET_LOAD not in data:
        return []
    net = data[NET_LOAD].to_numpy()
    return sorted({int(net.argmax()) // period_h, int(net.argmin()) // period_h})


def cluster_days(system: System, days: int, extreme: bool = True, period_h: int = 24) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The typical days, month by month: (original period of each
    representative, representative of each original period, whether each
    representative is an extreme period), representatives numbered in
    chronological order. Each month's days are clustered on their own into
    its share of `days` (days_per_month), so every representative stands
    only for days of its own month; a month that heating starts or ends in
    is two groups, its heating days and the others, or its few heating days
    might have no typical day (Jilin 2030, 48 days: April's 6 heating days,
    2.3 % of the year's heat, lost). The extreme days are periods of their own."""
    data = features(system)
    weight = np.array(list(weights(system, data).values()))
    span = (data.max() - data.min()).to_numpy()
    scaled = (data.to_numpy() - data.min().to_numpy()) / span * weight
    profiles = scaled.reshape(-1, period_h * data.shape[1])  # one row per day: its hours of every feature
    heated = data.filter(like="heat/").to_numpy().reshape(len(data) // period_h, -1).sum(axis=1) > 0
    month = 2 * months_of_days(data.index, period_h) + heated  # a month's heating days apart from its others
    keep = extreme_days(data, period_h) if extreme else []
    free = np.setdiff1d(np.arange(len(month)), keep)
    labels, count = np.unique(month[free], return_counts=True)
    sequence = np.empty(len(month), dtype=int)
    sequence[keep] = keep
    importance = np.array([SURPLUS_FIT if c.startswith(SURPLUS) else 1.0 for c in data.columns]) * weight
    daily = data.to_numpy().reshape(len(month), period_h, -1).sum(axis=1)  # days x features, MWh
    for label, k in zip(labels, days_per_month(count, days)):
        members = free[month[free] == label]
        medoid = medoids(profiles[members], k)
        sequence[members] = members[reassigned(profiles[members], daily[members], importance, medoid)]
    origin, sequence = np.unique(sequence, return_inverse=True)
    return origin, sequence, np.isin(origin, keep)


def medoids(profiles: np.ndarray, k: int) -> np.ndarray:
    """Ward's hierarchical clustering of these days' profiles into k
    clusters, each represented by its medoid (the real day with the least
    summed distance to the others of its cluster): the medoid of each day,
    as a row of `profiles`."""
    from scipy.cluster.hierarchy import cut_tree, linkage
    from scipy.spatial.distance import cdist

    if k >= len(profiles):
        return np.arange(len(profiles))
    cluster = cut_tree(linkage(profiles, "ward"), n_clusters=k).ravel()
    medoid = np.empty(len(profiles), dtype=int)
    for c in np.unique(cluster):
        rows = np.flatnonzero(cluster == c)
        medoid[rows] = rows[cdist(profiles[rows], profiles[rows]).sum(axis=1).argmin()]
    return medoid


def reassigned(profiles: np.ndarray, daily: np.ndarray, importance: np.ndarray, medoid: np.ndarray, closeness: float = 0.1) -> np.ndarray:
    """The days reassigned among the same medoids (each day's medoid, as a
    row of `profiles`) so that the medoids' daily totals x_jf, weighted by
    the days n_j they stand for, match the month's totals X_f of every
    feature f. The counts come from one small integer LP over the D days:

        min  sum_f importance_f |sum_j n_j x_jf / X_f - 1| + closeness / D sum_j |n_j - ward_j|
        sum_j n_j = D;   n_j >= 1 integer (each medoid keeps its own day)

    (ward_j: Ward's counts); the days then go to the medoids at those
    counts by least total profile distance, each medoid to itself."""
    from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp
    from scipy.spatial.distance import cdist

    reps = np.unique(medoid)
    if len(reps) == len(medoid) or len(reps) == 1:
        return medoid
    k, f = len(reps), daily.shape[1]
    target = daily.sum(axis=0)
    scale = np.where(np.abs(target) > 0, np.abs(target), 1.0)
    x = daily[reps].T / scale[:, None]  # features x medoids, relative
    ward = np.array([(medoid == r).sum() for r in reps], dtype=float)
    # variables: counts n (k), fit error e+ e- (f each), change c+ c- (k each)
    eye_f, eye_k = np.eye(f), np.eye(k)
    a_eq = np.block([
        [x, -eye_f, eye_f, np.zeros((f, 2 * k))],
        [eye_k, np.zeros((k, 2 * f)), -eye_k, eye_k],
        [np.ones((1, k)), np.zeros((1, 2 * f + 2 * k))],
    ])
    b_eq = np.r_[target / scale, ward, len(medoid)]
    cost = np.r_[np.zeros(k), importance, importance, np.full(2 * k, closeness / len(medoid))]
    integral = np.r_[np.ones(k), np.zeros(2 * f + 2 * k)]
    fit = milp(cost, constraints=LinearConstraint(a_eq, b_eq, b_eq), integrality=integral, bounds=Bounds(np.r_[np.ones(k), np.zeros(2 * f + 2 * k)], np.inf))
    counts = np.round(fit.x[:k]).astype(int) if fit.success else ward.astype(int)
    slots = np.repeat(np.arange(k), counts)
    own = np.arange(len(medoid))[:, None] == reps[slots][None, :]  # a medoid's own day in one of its slots
    rows, cols = linear_sum_assignment(cdist(profiles, profiles[reps])[:, slots] - 1e9 * own)
    out = np.empty(len(medoid), dtype=int)
    out[rows] = reps[slots[cols]]
    return out


PERIOD_H = 24


def check_typical_days(system: System, file: str, errors: Collector) -> None:
    """Typical days need whole days, and fewer of them than the days run."""
    rp = system.scenario.representative_periods
    n = len(system.index)
    if rp is not None and (n % PERIOD_H or rp.days >= n // PERIOD_H):
        errors.add(
            file,
            "field representative_periods.days",
            f"needs whole days and fewer typical days than days run: {n} hours = {n / PERIOD_H:g} days, {rp.days} typical days asked",
        )


def representative_system(system: System) -> tuple[System, Horizon]:
    """The system with its series scaled to the year on the typical days, and
    the horizon of typical days (plus extreme days) standing for its hours."""
    rp = system.scenario.representative_periods
    errors = Collector()
    check_typical_days(system, system.files.get("scenario", system.scenario.name), errors)
    errors.raise_if_any()
    origin, sequence, is_extreme = cluster_days(system, rp.days, rp.extreme, PERIOD_H)
    horizon = periods_horizon(system.index, origin, sequence, PERIOD_H)
    if rp.scale_to_year:
        system = scale_to_year(system, horizon, ~is_extreme[horizon.period])
    return system, horizon


def scale_to_year(system: System, horizon: Horizon, typical: np.ndarray) -> System:
    """A copy of `system` whose load and heat demand (SERIES), on the
    typical steps, are scaled by one factor per column and calendar month so
    that their weighted total over the month's steps equals the month's total
    over the system's hours: the typical days of a month stand for that
    month's days only (cluster_days). Extreme days keep their values; hours
    outside the horizon are untouched."""
    steps, w = horizon.index, horizon.weight_h[:, None]
    month, of_hour = months_of_days(steps, 1), months_of_days(system.index, 1)
    months = np.unique(month)
    member = (month[:, None] == months).astype(float)  # steps x months
    scaled = {}
    for name in SERIES:
        df = getattr(system, name).copy()
        year = df.loc[system.index].to_numpy(dtype=float)
        target = np.stack([year[of_hour == m].sum(axis=0) for m in months])  # months x columns
        values = df.loc[steps].to_numpy(dtype=float, copy=True)
        on_typical = member[typical].T @ (values * w)[typical]
        on_extreme = member[~typical].T @ (values * w)[~typical]
        factor = np.divide(target - on_extreme, on_typical, out=np.ones_like(target), where=on_typical > 0)
        values[typical] *= member[typical] @ factor
        df.loc[steps] = values
        scaled[name] = df
    return replace(system, **scaled)


def periods_horizon(index: pd.DatetimeIndex, origin, sequence, period_h: int = 24) -> Horizon:
    """The horizon of representative periods: period k is original period
    origin[k] (chronological order), original period d is represented by
    period sequence[d]. Hydro has one budget per calendar month (see the module doc)."""
    origin, sequence = np.asarray(origin), np.asarray(sequence)
    counts = np.bincount(sequence, minlength=len(origin))
    within = np.arange(period_h)
    steps = (origin[:, None] * period_h + within).ravel()
    period = np.repeat(np.arange(len(origin)), period_h)
    return Horizon(
        index=index[steps],
        weight_h=counts[period].astype(float),
        prev=period * period_h + np.roll(within, 1)[np.tile(within, len(origin))],
        budget_period=months_of_days(index, period_h)[origin][period],
        period=period,
        sequence=sequence,
        origin=origin,
    )


def system_and_horizon(system: System) -> tuple[System, Horizon]:
    """The system to build on and its horizon: representative days (and the
    scaled series, see representative_system) if the scenario asks for them,
    else the system as it is and every hour in order."""
    if system.scenario.representative_periods is None:
        return system, Horizon.chronological(system.index)
    return representative_system(system)
