"""Invariants every solved fixture must satisfy, checked from the result tables.

`solve(path)` runs a scenario and, before handing the result to the test,
checks per zone and hour that the energy balance closes, that no dispatch
exceeds its capacity (times availability), that the storage state of charge
follows its recursion and that heat balances. A model bug that a hand-computed
objective happens to miss still trips one of these.

Covers dispatch runs (the fixtures here); remedy mode's extra terms
(electrolysers, electric boilers, candidate stores) are not in these sums.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # `import cases` from any test module

from gridmodel.api import run_scenario  # noqa: E402
from gridmodel.results import Result  # noqa: E402

TOL = 1e-6  # MW (or MWh), relative to max(1, size of the quantity)


def close(actual, expected, what: str) -> None:
    actual, expected = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    bad = np.abs(actual - expected) > TOL * np.maximum(1.0, np.abs(expected))
    assert not bad.any(), f"{what}: {int(bad.sum())} mismatches, worst {np.abs(actual - expected).max():.3g}"


def at_most(actual, limit, what: str) -> None:
    actual, limit = np.asarray(actual, dtype=float), np.asarray(limit, dtype=float)
    bad = actual > limit + TOL * np.maximum(1.0, np.abs(limit))
    assert not bad.any(), f"{what}: exceeded by up to {(actual - limit).max():.3g}"
    assert (actual >= -TOL).all(), f"{what}: negative value {actual.min():.3g}"


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


def check_balance(result: Result) -> None:
    """generation + discharge - charge + net imports after losses + DR + unserved = load."""
    t = result.tables
    zones = t["zones"]
    net = pd.Series(0.0, index=pd.MultiIndex.from_arrays([zones["zone"].to_numpy(dtype=object), zones["timestamp"]]))
    for name in ("renewables", "thermal", "hydro"):
        net = _add(net, t[name]["zone"], t[name]["timestamp"], t[name]["p_mw"])
    st = t["storage"]
    net = _add(net, st["zone"], st["timestamp"], st["discharge_mw"] - st["charge_mw"])
    net = _add(net, t["demand_response"]["zone"], t["demand_response"]["timestamp"], t["demand_response"]["dr_mw"])
    net = _add(net, zones["zone"], zones["timestamp"], zones["unserved_mw"])
    f = t["flows"]
    at_from, at_to = link_injections(f, result.system.tables["links"])
    net = _add(net, f["from_zone"], f["timestamp"], at_from)
    net = _add(net, f["to_zone"], f["timestamp"], at_to)
    ex = t["exchange"]
    net = _add(net, ex["zone"], ex["timestamp"], ex["import_mw"] - ex["export_mw"])
    load = pd.Series(zones["load_mw"].to_numpy(), index=pd.MultiIndex.from_arrays([zones["zone"].to_numpy(dtype=object), zones["timestamp"]]))
    load = load.reindex(net.index, fill_value=0.0)  # external zones: no load
    close(net, load, "zonal energy balance")


def check_limits(result: Result) -> None:
    """Dispatch <= capacity x availability for every unit and hour."""
    t, s = result.tables, result.system
    r = t["renewables"].merge(s.tables["renewables"][["name", "capacity_mw", "profile"]], left_on="unit", right_on="name")
    avail = s.availability.stack().rename("pu").rename_axis(["timestamp", "profile"]).reset_index()
    r = r.merge(avail, on=["timestamp", "profile"])
    assert len(r) == len(t["renewables"])
    close(r["available_mw"], r["pu"] * r["capacity_mw"], "renewable availability")
    at_most(r["p_mw"], r["available_mw"], "renewable output within availability")
    th = t["thermal"].merge(s.tables["thermal"][["name", "capacity_mw", "cv"]], left_on="group", right_on="name")
    cv = np.where(th["technology"] == "chp", th["cv"], 0.0)
    at_most(th["p_mw"] + cv * th["heat_mw_th"], th["online_mw"], "thermal output within online capacity")
    online = th.groupby(["group", "timestamp"]).agg(online=("online_mw", "sum"), cap=("capacity_mw", "first"))
    at_most(online["online"], online["cap"], "thermal online within capacity")
    hy = t["hydro"].merge(s.tables["hydro"][["name", "capacity_mw"]], left_on="unit", right_on="name")
    at_most(hy["p_mw"], hy["capacity_mw"], "hydro within capacity")
    st = t["storage"].merge(s.tables["storage"].drop(columns=["zone", "technology"]), left_on="unit", right_on="name")
    for col in ("charge_mw", "discharge_mw"):
        at_most(st[col], st["power_mw"], f"storage {col} within power")
    at_most(st["soc_mwh"], st["energy_mwh"], "storage energy within capacity")
    dr = t["demand_response"]
    at_most(dr["dr_mw"], dr["programme"].map(s.dr_capacity_mw), "demand response within capacity")


def check_storage_recursion(result: Result) -> None:
    """soc[t] = (1 - loss) soc[t-1] + eta_c ch[t] - dis[t] / eta_d, cyclic."""
    params = result.system.tables["storage"].set_index("name")
    for unit, g in result.tables["storage"].sort_values("timestamp").groupby("unit"):
        p = params.loc[unit]
        soc = g["soc_mwh"].to_numpy()
        expected = (1 - p["self_discharge_pu_per_h"]) * np.roll(soc, 1) + p["eta_charge"] * g["charge_mw"].to_numpy() - g["discharge_mw"].to_numpy() / p["eta_discharge"]
        close(soc, expected, f"state of charge recursion of {unit}")


def check_heat(result: Result) -> None:
    """CHP heat + boilers + shortfall = heat demand, per area and hour."""
    heat, th = result.tables["heat"], result.tables["thermal"]
    area = th["group"].map(result.system.tables["thermal"].set_index("name")["heat_area"])
    chp = th.assign(heat_area=area).groupby(["heat_area", "timestamp"])["heat_mw_th"].sum()
    supplied = heat.set_index(["heat_area", "timestamp"])
    close(chp.reindex(supplied.index, fill_value=0.0), supplied["chp_mw_th"], "CHP heat output")
    sources = [c for c in ("chp_mw_th", "boiler_mw_th", "electric_boiler_mw_th", "storage_net_mw_th", "shortfall_mw_th") if c in supplied]
    close(supplied[sources].sum(axis=1), supplied["demand_mw_th"], "heat balance")


def check_invariants(result: Result) -> None:
    check_balance(result)
    check_limits(result)
    check_storage_recursion(result)
    check_heat(result)


@pytest.fixture
def invariants():
    """The invariant check itself (for tests that tamper with a result)."""
    return check_invariants


@pytest.fixture
def solve():
    """Run a scenario file and check the invariants before returning the result."""

    def run(path, hours: int | None = None, overrides: dict | None = None) -> Result:
        result = run_scenario(path, hours=hours, overrides=overrides)
        check_invariants(result)
        return result

    return run
