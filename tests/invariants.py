"""Invariants every solved result must satisfy, checked from its tables.

Plain functions, so any test (and any mode: one LP, windows joined into a
year, typical days, a remedy's plan and its hourly check) can call them on a
`Result`:

    from invariants import check_invariants
    check_invariants(result)

Per zone and step the energy balance closes; no dispatch exceeds its
capacity (times availability); the storage state of charge follows its
recursion (every declared level); ramps and start-ups respect their rows; heat balances; demand
response stays within its power and yearly energy; hydro within its budgets;
coal and CO2 add up to the KPIs and a cap exceeded is a failing criterion.

Modes: a chronological result is one cyclic chronology (so a joined year of
windows must carry state across its boundaries to pass). A typical-day result
has a `weight_h` column (hours each row stands for): annual sums are column x
weight_h, and ramps, start-ups and storage are cyclic within each day, except
stores linked across days (they start each day from a level the model
chooses within [0, E]). Remedy results (a plan, or its check with the
additions as given capacities) include candidate stores, demand response,
electric boilers and electrolysers, with the sizes of the `expansion` table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gridmodel.model.core import Context, Horizon
from gridmodel.model.levels import linked_by_hours
from gridmodel.model.modules import FORMULATING
from gridmodel.technologies import TECHNOLOGIES
from gridmodel.technologies.technology import carrying, supply_parts
from gridmodel.results import WEIGHT, Result

TOL = 1e-6  # MW (or MWh), relative to max(1, size of the quantity)
SUPPLY = supply_parts(TECHNOLOGIES)
"""Every technology's declared injections into the zonal balance (sources and sinks): a new technology's joins the balance check."""
LEVELS = [(level, FORMULATING[t.name]) for t in TECHNOLOGIES for level in t.levels if level.table]
"""Declared levels with a result table, and the module formulating each: bounds and recursion checked for each."""


def close(actual, expected, what: str) -> None:
    actual, expected = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    bad = np.abs(actual - expected) > TOL * np.maximum(1.0, np.abs(expected))
    assert not bad.any(), f"{what}: {int(bad.sum())} mismatches, worst {np.abs(actual - expected).max():.3g}"


def at_most(actual, limit, what: str, nonnegative: bool = True) -> None:
    """actual <= limit (and, unless told otherwise, actual >= 0)."""
    actual, limit = np.asarray(actual, dtype=float), np.asarray(limit, dtype=float)
    bad = actual > limit + TOL * np.maximum(1.0, np.abs(limit))
    assert not bad.any(), f"{what}: exceeded by up to {(actual - limit).max():.3g}"
    assert not nonnegative or (actual >= -TOL).all(), f"{what}: negative value {actual.min():.3g}"


# ----------------------------------------------------------------- the horizon
def weight(df: pd.DataFrame) -> np.ndarray:
    """Hours each row stands for: weight_h in typical-day tables, else 1."""
    return df[WEIGHT].to_numpy(dtype=float) if WEIGHT in df else np.ones(len(df))


def typical_days(result: Result) -> bool:
    return WEIGHT in result.tables["zones"]


def horizon_hours(result: Result) -> float:
    """Hours of the year the result stands for."""
    steps = result.tables["zones"].drop_duplicates("timestamp")
    return float(weight(steps).sum())


def year_share(result: Result) -> float:
    """Share of a year the result stands for (annual limits are pro-rated by it)."""
    return horizon_hours(result) / result.system.hours_in_year


def cycles(result: Result, timestamps: pd.Series) -> np.ndarray:
    """The cycle of each step: one for a chronological result, the day for a
    typical-day result (each day is cyclic on its own)."""
    if not typical_days(result):
        return np.zeros(len(timestamps), dtype=np.int64)
    return pd.factorize(pd.to_datetime(timestamps).dt.normalize())[0]


def by_unit(result: Result, df: pd.DataFrame, unit: str):
    """(unit, its rows in time order, index of each row's previous step
    within its cycle, whether each row is the first of its cycle)."""
    for name, g in df.sort_values("timestamp", kind="stable").groupby(unit, sort=False):
        cycle = cycles(result, g["timestamp"])
        pos = np.arange(len(g))
        first = np.r_[True, cycle[1:] != cycle[:-1]]
        start = np.maximum.accumulate(np.where(first, pos, 0))
        last = np.r_[first[1:], True]
        end = np.zeros(len(g), dtype=np.int64)
        end[first] = pos[last]
        prev = np.where(first, end[start], pos - 1)
        yield name, g, prev, first


def expansion_added(result: Result) -> pd.DataFrame:
    """A remedy's additions: added MW and MWh by candidate (empty if none)."""
    ex = result.tables.get("expansion")
    if ex is None or ex.empty:
        return pd.DataFrame(columns=["MW", "MWh"], dtype=float)
    return ex.pivot_table(index="candidate", columns="unit", values="added", aggfunc="sum").reindex(columns=["MW", "MWh"]).fillna(0.0)


def candidates(result: Result, kind: str) -> pd.DataFrame:
    """Candidates of one kind with their added MW (and MWh), if a remedy ran."""
    added = expansion_added(result)
    c = result.system.tables["candidates"]
    c = c[(c["kind"] == kind) & c["name"].isin(added.index)]
    return c.assign(added_mw=c["name"].map(added["MW"]).to_numpy(), added_mwh=c["name"].map(added["MWh"]).to_numpy())


# ----------------------------------------------------------------- the balance
def _add(net: pd.Series, zone, timestamp, mw) -> pd.Series:
    """Add injections (by zone and timestamp) into the zonal net injection."""
    part = pd.Series(np.asarray(mw, dtype=float), index=pd.MultiIndex.from_arrays([np.asarray(zone, dtype=object), timestamp]))
    return net.add(part.groupby(level=[0, 1]).sum(), fill_value=0.0)


def link_injections(flows: pd.DataFrame, links: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Power arriving at each end of each link after losses (from, to).

    The table holds net flow f = fwd - bwd and losses l (fwd + bwd), which
    give back fwd and bwd: the from end gets -fwd + (1-l) bwd, the to end
    (1-l) fwd - bwd."""
    loss_pu = flows["link"].map(links.set_index("name")["loss_pu"]).to_numpy(dtype=float)
    flow, loss = flows["flow_mw"].to_numpy(), flows["loss_mw"].to_numpy()
    both = np.divide(loss, loss_pu, out=np.abs(flow), where=loss_pu > 0)
    fwd, bwd = (both + flow) / 2, (both - flow) / 2
    at_most(np.maximum(fwd, bwd), flows["capacity_mw"], "link flow within capacity")
    return -fwd + (1 - loss_pu) * bwd, (1 - loss_pu) * fwd - bwd


def electric_boiler_mw(result: Result) -> pd.DataFrame:
    """Power drawn by electric boilers per heat area and step (heat / efficiency)."""
    heat = result.tables["heat"]
    eb = candidates(result, "electric_boiler")
    if eb.empty or "electric_boiler_mw_th" not in heat:
        return heat.iloc[:0].assign(mw=0.0)
    eff = eb.groupby("target")["efficiency"].agg(["min", "max"])
    assert (eff["min"] == eff["max"]).all(), "one electric boiler efficiency per heat area, or the heat table cannot give the power drawn"
    return heat.assign(mw=heat["electric_boiler_mw_th"] / heat["heat_area"].map(eff["min"]).fillna(1.0))


def check_balance(result: Result) -> None:
    """Every declared supply part (generation, discharge, imports, demand
    response, unserved load; less charging, exports, electrolysers), plus
    the links' flows after losses, less electric boilers = load, per zone and step."""
    t = result.tables
    zones = t["zones"]
    net = pd.Series(0.0, index=pd.MultiIndex.from_arrays([zones["zone"].to_numpy(dtype=object), zones["timestamp"]]))
    for part in SUPPLY:
        df = t.get(part.table)
        if df is not None:
            df = df if part.technology is None else df[df["technology"] == part.technology]
            net = _add(net, df["zone"], df["timestamp"], part.sign * df[part.column])
    f = t["flows"]
    at_from, at_to = link_injections(f, result.system.tables["links"])
    net = _add(net, f["from_zone"], f["timestamp"], at_from)
    net = _add(net, f["to_zone"], f["timestamp"], at_to)
    eb = electric_boiler_mw(result)
    net = _add(net, eb["zone"], eb["timestamp"], -eb["mw"])
    load = pd.Series(zones["load_mw"].to_numpy(), index=pd.MultiIndex.from_arrays([zones["zone"].to_numpy(dtype=object), zones["timestamp"]]))
    load = load.reindex(net.index, fill_value=0.0)  # external zones: no load
    close(net, load, "zonal energy balance")


# ------------------------------------------------------------------ the bounds
def store_parameters(result: Result) -> pd.DataFrame:
    """Power, energy, efficiencies and self-discharge of every store, by name:
    the existing ones and a remedy's candidate stores at their added size."""
    cols = ["power_mw", "energy_mwh", "eta_charge", "eta_discharge", "self_discharge_pu_per_h", "technology"]
    existing = result.system.tables["storage"].set_index("name")[cols]
    new = pd.concat([candidates(result, "battery"), candidates(result, "pumped_hydro")])
    if new.empty:
        return existing
    energy = np.where(new["kind"] == "battery", new["added_mwh"], new["added_mw"] * new["duration_h"])
    added = pd.DataFrame(
        {"power_mw": new["added_mw"].to_numpy(), "energy_mwh": energy, "eta_charge": new["efficiency"].to_numpy(), "eta_discharge": new["efficiency"].to_numpy(), "self_discharge_pu_per_h": 0.0, "technology": new["kind"].to_numpy()},
        index=new["name"].to_numpy(),
    )
    return pd.concat([existing, added])


def dr_capacity_mw(result: Result) -> pd.Series:
    """Each demand-response programme's capacity (candidates: the MW added)."""
    new = candidates(result, "demand_response")
    return pd.concat([result.system.dr_capacity_mw, pd.Series(new["added_mw"].to_numpy(), index=new["name"].to_numpy())])


def check_limits(result: Result) -> None:
    """Dispatch <= capacity x availability for every unit and step."""
    t, s = result.tables, result.system
    r = t["renewables"].merge(s.tables["renewables"][["name", "capacity_mw", "profile"]], left_on="unit", right_on="name")
    avail = s.availability.stack().rename("pu").rename_axis(["timestamp", "profile"]).reset_index()
    r = r.merge(avail, on=["timestamp", "profile"])
    assert len(r) == len(t["renewables"])
    close(r["available_mw"], r["pu"] * r["capacity_mw"], "renewable availability")
    at_most(r["p_mw"], r["available_mw"], "renewable output within availability")
    th = t["thermal"].merge(s.tables["thermal"][["name", "capacity_mw", "cv", "min_load_pu", "retrofit_min_load_pu"]], left_on="group", right_on="name", suffixes=("", "_group"))
    cv = np.where(th["technology"] == "chp", th["cv"], 0.0)
    at_most(th["p_mw"] + cv * th["heat_mw_th"], th["online_mw"], "thermal output within online capacity")
    pmin = np.where(th["unit"].str.endswith("/retrofit"), th["retrofit_min_load_pu"], th["min_load_pu"])
    at_most(pmin * th["online_mw"], th["p_mw"], "thermal output above its minimum load")
    close(th["reserve_mw"], th["online_mw"] - th["p_mw"] - cv * th["heat_mw_th"], "thermal reserve is its online headroom")
    at_most(th["down_room_mw"], th["p_mw"] - pmin * th["online_mw"], "thermal downward room above its minimum load")
    at_most(th["online_mw"], th["capacity_mw"], "thermal cluster online within its capacity")
    online = th.groupby(["group", "timestamp"]).agg(online=("online_mw", "sum"), clusters=("capacity_mw", "sum"), cap=("capacity_mw_group", "first"))
    close(online["clusters"], online["cap"], "thermal clusters' capacities add up to their group's")
    at_most(online["online"], online["cap"], "thermal online within capacity")
    hy = t["hydro"].merge(s.tables["hydro"][["name", "capacity_mw"]], left_on="unit", right_on="name")
    at_most(hy["p_mw"], hy["capacity_mw"], "hydro within capacity")
    close(hy["reserve_mw"], hy["capacity_mw"] - hy["p_mw"], "hydro reserve is its headroom")
    st = t["storage"].merge(store_parameters(result).drop(columns="technology"), left_on="unit", right_index=True, how="inner", suffixes=("", "_given"))
    assert len(st) == len(t["storage"]), "a store with no parameters"
    close(st["power_mw"], st["power_mw_given"], "storage power reported as given or added")
    close(st["energy_mwh"], st["energy_mwh_given"], "storage energy reported as given or added")
    at_most(st["reserve_mw"], st["power_mw"] - st["discharge_mw"] + st["charge_mw"], "storage reserve within spare power")
    at_most(st["reserve_mw"], st["eta_discharge"] * st["soc_mwh"], "storage reserve within stored energy")
    dr = t["demand_response"]
    cap = dr["programme"].map(dr_capacity_mw(result))
    assert cap.notna().all(), "a demand-response programme with no capacity"
    close(dr["capacity_mw"], cap, "demand response capacity reported as computed or added")
    at_most(dr["dr_mw"], cap, "demand response within capacity")
    close(dr["reserve_mw"], cap - dr["dr_mw"], "demand response reserve is its headroom")
    if "electrolysers" in t:
        el = t["electrolysers"]
        at_most(el["load_mw"], el["unit"].map(candidates(result, "electrolyser").set_index("name")["added_mw"]), "electrolyser within its size")


# --------------------------------------------------------------------- in time
def check_levels(result: Result) -> None:
    """For every level a technology declares (technology.Level), in its result table:

        0 <= charge, discharge <= power;   0 <= level <= capacity
        level[t] = (1 - loss) level[prev] + eta_c charge[t] - discharge[t] / eta_d

    cyclic over the horizon (chronological) or each day (typical days). An
    item linked across typical days (levels.linked_across_days: more than
    link_storage_min_h hours of energy at full size) starts each day from
    its own level instead: the level its first hour implies must lie in [0, E]."""
    for level, module in LEVELS:
        df = result.tables.get(level.table)
        if df is None or df.empty:
            continue
        for col in (level.charge, level.discharge):
            at_most(df[col], df[level.power], f"{level.table} {col} within power")
        at_most(df[level.column], df[level.capacity], f"{level.table} {level.column} within capacity")
        params = module.parameters(Context(result.system, Horizon.chronological(result.system.index))).set_index("name")
        linked = set(params.index[linked_by_hours(result.system.scenario.representative_periods, params["hours"])]) if typical_days(result) else set()
        for item, g, prev, first in by_unit(result, df, level.item):
            p = params.loc[item]
            x, charge, discharge = (g[c].to_numpy() for c in (level.column, level.charge, level.discharge))
            gain = p["eta_charge"] * charge - discharge / p["eta_discharge"]
            expected = (1 - p["self_discharge_pu_per_h"]) * x[prev] + gain
            check = ~first if item in linked else np.ones(len(g), dtype=bool)
            close(x[check], expected[check], f"{level.column} recursion of {item}")
            start = (x[first] - gain[first]) / (1 - p["self_discharge_pu_per_h"])
            at_most(start, g[level.capacity].to_numpy()[first], f"day start level of {item}")


def check_ramps_and_startups(result: Result) -> None:
    """p[t] - p[prev] <= ramp u[t] + k (u[t] - u[prev]), p[prev] - p[t] <=
    ramp u[prev] + k (u[prev] - u[t]) with k = max(pmin, ramp) - ramp (units
    start and stop at their minimum load), and the start-ups of costed units
    at least the rise in online capacity (within each typical day only where
    start-ups are charged between the days of the year: its first step
    reports those, model/thermal.py)."""
    params = result.system.tables["thermal"].set_index("name")
    rp = result.system.scenario.representative_periods
    between_days = typical_days(result) and rp is not None and rp.startups_between_days
    for unit, g, prev, first in by_unit(result, result.tables["thermal"], "unit"):
        p_row = params.loc[g["group"].iloc[0]]
        retrofit = unit.endswith("/retrofit")
        ramp = p_row["retrofit_ramp_pu_per_h"] if retrofit else p_row["ramp_pu_per_h"]
        k = max(p_row["retrofit_min_load_pu"] if retrofit else p_row["min_load_pu"], ramp) - ramp
        p, u = g["p_mw"].to_numpy(), g["online_mw"].to_numpy()
        if ramp < 1:
            at_most(p - p[prev], ramp * u + k * (u - u[prev]), f"ramp up of {unit}", nonnegative=False)
            at_most(p[prev] - p, ramp * u[prev] + k * (u[prev] - u), f"ramp down of {unit}", nonnegative=False)
        if p_row["startup_cost_cny_per_mw"] > 0:
            check = ~first if between_days else np.ones(len(g), dtype=bool)
            at_most((u - u[prev])[check], g["startup_mw"].to_numpy()[check], f"start-ups of {unit}", nonnegative=False)


# -------------------------------------------------------------------- reserve
RESERVE_UP = carrying(TECHNOLOGIES, "reserve_mw")
"""Result tables whose technology declares the upward reserve it holds (column reserve_mw)."""
RESERVE_DOWN = carrying(TECHNOLOGIES, "down_room_mw")
"""Result tables whose technology declares the most downward reserve it can hold (column down_room_mw)."""
WIND_SOLAR = [part for t in TECHNOLOGIES for part in t.supply if part.technology in ("wind", "solar")]
"""Supply parts whose output carries the reserve's renewable share."""


def per_step(result: Result, parts) -> pd.Series:
    """The (table, column) parts summed per timestamp (0 where none)."""
    steps = pd.Index(result.tables["zones"]["timestamp"].drop_duplicates())
    total = pd.Series(0.0, index=steps)
    for df, column in parts:
        total = total.add(df.groupby("timestamp")[column].sum(), fill_value=0.0)
    return total.reindex(steps)


def declared(result: Result, tables: list[str], column: str) -> list:
    """(table, column) of every result table present among `tables`."""
    return [(result.tables[name], column) for name in tables if name in result.tables]


def wind_solar(result: Result) -> list:
    """(rows, column) of wind and solar output, from the supply parts that declare it."""
    parts = []
    for part in WIND_SOLAR:
        df = result.tables.get(part.table)
        if df is not None:
            parts.append((df[df["technology"] == part.technology] if "technology" in df else df, part.column))
    return parts


def check_reserve(result: Result) -> None:
    """Every step, summed over the system (a provincial reserve's rows add up to it):

        sum of reserve_mw of every technology + shortfall
            >= load_share x internal load + renewable_share x wind and solar output
        sum of down_room_mw of every technology + down shortfall
            >= down_load_share x internal load          (when down_load_share > 0)

    The reserve each technology holds comes from its own result table (the
    headroom it registers in the reserve row), the requirement from the
    inputs: a term registered wrongly in the LP shows as reserve missing."""
    t, sc = result.tables, result.system.scenario.reserve
    zones = t["zones"]
    load = per_step(result, [(zones[zones["zone"].isin(result.system.internal_zones)], "load_mw")])
    close(per_step(result, [(t["reserve"], "load_requirement_mw")]), sc.load_share * load, "reserve requirement from load")
    held = per_step(result, declared(result, RESERVE_UP, "reserve_mw") + [(t["reserve"], "shortfall_mw")])
    at_most(sc.load_share * load + sc.renewable_share * per_step(result, wind_solar(result)), held, "upward reserve held + shortfall cover the requirement", nonnegative=False)
    if sc.down_load_share > 0:
        room = per_step(result, declared(result, RESERVE_DOWN, "down_room_mw") + [(t["down_reserve"], "shortfall_mw")])
        at_most(sc.down_load_share * load, room, "downward reserve room + shortfall cover the requirement", nonnegative=False)


# ----------------------------------------------------------------------- heat
def check_heat(result: Result) -> None:
    """CHP heat + boilers + electric boilers + heat storage + shortfall = heat
    demand, per area and step; a heat store gives back no more than it took."""
    heat, th = result.tables["heat"], result.tables["thermal"]
    area = th["group"].map(result.system.tables["thermal"].set_index("name")["heat_area"])
    chp = th.assign(heat_area=area).groupby(["heat_area", "timestamp"])["heat_mw_th"].sum()
    supplied = heat.set_index(["heat_area", "timestamp"])
    close(chp.reindex(supplied.index, fill_value=0.0), supplied["chp_mw_th"], "CHP heat output")
    sources = [c for c in ("chp_mw_th", "boiler_mw_th", "electric_boiler_mw_th", "storage_net_mw_th", "shortfall_mw_th") if c in supplied]
    close(supplied[sources].sum(axis=1), supplied["demand_mw_th"], "heat balance")
    if "storage_net_mw_th" in heat:
        net = heat.assign(cycle=cycles(result, heat["timestamp"])).groupby(["heat_area", "cycle"])["storage_net_mw_th"].sum()
        at_most(net.clip(lower=0.0), np.zeros(len(net)), "heat storage gives back no more than it took, per cycle")


# ----------------------------------------------- yearly limits, pro-rated
def check_demand_response(result: Result) -> None:
    """sum(w dr) <= max_hours x capacity x (share of the year), per programme."""
    dr = result.tables["demand_response"]
    if dr.empty:
        return
    hours = pd.concat([
        result.system.tables["demand_response"].set_index("name")["max_hours_per_year"],
        candidates(result, "demand_response").set_index("name")["max_hours_per_year"],
    ])
    energy = dr.assign(mwh=dr["dr_mw"] * weight(dr)).groupby("programme")["mwh"].sum()
    at_most(energy, hours.reindex(energy.index) * dr_capacity_mw(result).reindex(energy.index) * year_share(result), "demand response energy within its yearly hours")


def check_hydro_budgets(result: Result) -> None:
    """Hydro energy within its budget: the annual energy shared by the inflow
    profile (and the share of the year the series cover), per month
    (a typical-day result's too: each month's days share its budget)."""
    s, hy = result.system, result.tables["hydro"]
    if hy.empty:
        return
    params = s.tables["hydro"].set_index("name")
    for unit, g in hy.groupby("unit"):
        profile = params.loc[unit, "inflow_profile"]
        full = s.availability[profile] if profile else pd.Series(1.0, index=s.availability.index)
        w = weight(g)
        budget = params.loc[unit, "annual_energy_mwh"] * full.loc[g["timestamp"]].to_numpy() / full.sum() * w * s.year_fraction
        period = g["timestamp"].dt.month.to_numpy()
        used = pd.Series(g["p_mw"].to_numpy() * w).groupby(period).sum()
        at_most(used, pd.Series(budget).groupby(period).sum(), f"hydro budget of {unit}")


def check_caps(result: Result) -> None:
    """Coal and CO2: fuel = heat rate x (p + cv h), the KPIs are the weighted
    sums of the table over the judged zones, and a cap exceeded (pro-rated to the horizon) is a
    failing criterion of the verdict."""
    th, s = result.tables["thermal"], result.system
    params = th.merge(s.tables["thermal"][["name", "heat_rate_tce_per_mwh", "cv", "co2_t_per_tce"]], left_on="group", right_on="name")
    cv = np.where(params["technology"] == "chp", params["cv"], 0.0)
    fuel = params["heat_rate_tce_per_mwh"] * (params["p_mw"] + cv * params["heat_mw_th"])
    close(params["fuel_tce"], fuel, "fuel burned")
    close(params["coal_tce"], np.where(params["technology"].isin(["coal", "chp"]), fuel, 0.0), "coal burned")
    close(params["co2_t"], fuel * params["co2_t_per_tce"], "CO2 emitted")
    crit = s.scenario.criteria
    for key, cap in (("coal_tce", crit.max_coal_tce), ("co2_t", crit.max_co2_t)):
        judged = [t[t["zone"].isin(s.judged_zones)] for name, t in result.tables.items() if name in carrying(TECHNOLOGIES, key)]  # the province's (criteria.province)
        total = sum(float((t[key] * weight(t)).sum()) for t in judged)
        close(result.kpis[key], total, f"{key} KPI")
        if cap is not None and total > cap * year_share(result) * (1 + TOL) + TOL:
            assert key in result.verdict.failing, f"{key} {total:.6g} above its cap {cap * year_share(result):.6g} but the verdict passes it"


def check_invariants(result: Result) -> None:
    """Every invariant above."""
    check_balance(result)
    check_limits(result)
    check_levels(result)
    check_ramps_and_startups(result)
    check_reserve(result)
    check_heat(result)
    check_demand_response(result)
    check_hydro_budgets(result)
    check_caps(result)
