"""The synthetic benchmark system (synthetic.py) stated again in linopy, the
reference stack: the same LP as gridmodel builds for it, so the objectives must
agree. It leans on the synthetic layout (per zone: one wind and one solar group,
one coal group, one store; a chain of links) to stay a page long.

    balance[z,t]:  ens + wind + solar + coal + dis - ch - f+[out] + (1-loss) f-[out]
                   + (1-loss) f+[in] - f-[in] = load
    coal:          0.4 u <= p <= u <= cap
    store:         soc[t] = soc[t-1] + eta_c ch - dis / eta_d (cyclic);
                   r + dis - ch <= P;  r <= eta_d soc
    reserve[t]:    sum (u - p) + sum r + short - share_res x sum renewables >= share_load x load
    cost:          VOLL ens + (fuel x heat rate + vom) p + vom_s dis + penalty short
                   + wheeling (f+ + f-)
"""

from __future__ import annotations

import linopy
import numpy as np
import xarray as xr

from gridmodel.inputs import System


def build(system: System) -> linopy.Model:
    s, sc = system, system.scenario
    zones, idx = s.internal_zones, s.index
    time = np.arange(len(idx))
    tables = s.tables
    ren, th, st, links = tables["renewables"], tables["thermal"], tables["storage"], tables["links"]

    def by_zone(values, name: str = "zone") -> xr.DataArray:
        return xr.DataArray(np.asarray(values, dtype=float), coords={name: zones})

    load = xr.DataArray(s.load_mw.loc[idx, zones].to_numpy(), coords={"time": time, "zone": zones})
    avail = s.availability.loc[idx, ren["profile"]].to_numpy() * ren["capacity_mw"].to_numpy()
    avail = xr.DataArray(avail.reshape(len(idx), len(zones), 2), coords={"time": time, "zone": zones, "tech": ["wind", "solar"]})
    cap, pmin = by_zone(th["capacity_mw"]), by_zone(th["min_load_pu"])
    power, eta_c, eta_d = by_zone(st["power_mw"]), by_zone(st["eta_charge"]), by_zone(st["eta_discharge"])

    m = linopy.Model()
    ens = m.add_variables(lower=0, upper=load, name="ens")
    p_ren = m.add_variables(lower=0, upper=avail, name="renewable")
    online = m.add_variables(lower=0, upper=cap.broadcast_like(load), name="online")
    p = m.add_variables(lower=0, coords=load.coords, name="coal")
    ch = m.add_variables(lower=0, upper=power.broadcast_like(load), name="charge")
    dis = m.add_variables(lower=0, upper=power.broadcast_like(load), name="discharge")
    soc = m.add_variables(lower=0, upper=by_zone(st["energy_mwh"]).broadcast_like(load), name="soc")
    res = m.add_variables(lower=0, upper=power.broadcast_like(load), name="storage_reserve")
    short = m.add_variables(lower=0, coords={"time": time}, name="reserve_shortfall")
    per_link = {"link": links["name"].to_numpy()}
    lcap = xr.DataArray(links["capacity_mw"].to_numpy(), coords=per_link).expand_dims(time=time)
    fwd = m.add_variables(lower=0, upper=lcap, name="forward")
    bwd = m.add_variables(lower=0, upper=lcap, name="backward")

    m.add_constraints(p <= online, name="rating")
    m.add_constraints(p >= pmin * online, name="min_load")
    m.add_constraints(soc - soc.roll(time=1) - eta_c * ch + dis / eta_d == 0, name="soc")
    m.add_constraints(res + dis - ch <= power, name="reserve_power")
    m.add_constraints(res <= eta_d * soc, name="reserve_energy")
    injection = ens + p_ren.sum("tech") + p + dis - ch
    for z in zones:
        flows = 0
        for link, a, b, loss in links[["name", "from_zone", "to_zone", "loss_pu"]].itertuples(index=False):
            f, g = fwd.sel(link=link), bwd.sel(link=link)
            flows = flows + ((1 - loss) * g - f if z == a else (1 - loss) * f - g if z == b else 0)
        m.add_constraints(injection.sel(zone=z) + flows == load.sel(zone=z), name=f"balance_{z}")
    headroom = (online - p).sum("zone") + res.sum("zone") + short - sc.reserve.renewable_share * p_ren.sum(["zone", "tech"])
    m.add_constraints(headroom >= sc.reserve.load_share * load.sum("zone"), name="reserve")

    pen = sc.penalties
    fuel = by_zone(th["fuel_price_cny_per_tce"] * th["heat_rate_tce_per_mwh"] + th["vom_cny_per_mwh"])
    m.add_objective(
        pen.unserved_cny_per_mwh * ens.sum() + (fuel * p).sum() + (by_zone(st["vom_cny_per_mwh"]) * dis).sum() + pen.reserve_shortfall_cny_per_mwh * short.sum()
        + (xr.DataArray(links["cost_cny_per_mwh"].to_numpy(), coords=per_link) * (fwd + bwd)).sum()
    )
    return m


def solution(m: linopy.Model, col_value: np.ndarray) -> dict[str, xr.DataArray]:
    """Every variable's values as labelled arrays (what linopy hands back)."""
    by_label = np.full(m._xCounter, np.nan)
    by_label[m.matrices.vlabels] = col_value
    return {name: xr.DataArray(by_label[v.labels.values], coords=v.labels.coords) for name, v in m.variables.items()}
