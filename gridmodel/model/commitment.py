"""Heat-led commitment of CHP units in the heating season.

Why: a CHP plant heating a city is not started and stopped with each hour's
heat need. Its units are committed for the heat load of the season's stage
(early and late season fewer, deep winter all of them) and stay online, at
least at their minimum load, whatever the wind does - the "heat-led" must-run
that curtailed a third of Jilin's wind in 2016. Without this rule the LP lets
online CHP capacity shrink to the heat need hour by hour (thermal.py only asks
h <= hmax u), which is far more flexible than the Northeast runs.

For each CHP unit group g (its commitment clusters c, retrofitted or not) in
heat area a, step t in month m(t) of day d(t):

    level[a,t] = max_{month m(t)} heat[a] / max_year heat[a]    on days with heat demand, else 0
    sum_{c of g} u[c,t] + short[g,t] >= k[g] cap[g] level[a,t]
    cost: commitment_shortfall * w short

k[g] is the thermal table's heat_commitment_pu (0 = off). The heating season
is where the heat demand series is positive (e.g. Changchun 20 Oct - 6 Apr);
the peaks come from the scenario's whole heat series, so every solver window
and typical day sees the same month levels. The minimum load (p >= pmin u)
and back-pressure line (p >= cm h) of thermal.py then set the must-run output.

Planned (contracted) generation: a group g with a yearly contract E[g]
(thermal table's contract_mwh_per_year), as provincial generation plans give
coal plants base quantities (基数电量) whatever the wind:

    sum_{c of g} sum_t w p[c,t] + cshort[g] >= E[g] * share      (pro-rated, or a window's share of the year)
    cost: plan_shortfall * cshort

The contract is spread evenly over the year (a solver window gets its hours'
share); monthly plans would need monthly data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..technologies.commitment import NAME, TECHNOLOGY
from .annual import by_hours, per_day
from .arrays import Terms

if TYPE_CHECKING:
    from .core import Context

NEEDS = ("thermal.clusters", "thermal.online_mw", "thermal.power_mw")


def heat_levels(ctx: Context, areas) -> np.ndarray:
    """Month's peak over the year's peak heat demand of each area at each step,
    0 on days without heat demand (areas x steps)."""
    heat = ctx.system.heat_demand_mw_th[list(areas)]
    if heat.empty:
        return np.zeros((len(areas), ctx.horizon.n))
    peak = heat.max().to_numpy()
    month = heat.groupby(heat.index.month).max().reindex(range(1, 13), fill_value=0.0).to_numpy()  # months x areas
    heated_day = heat.groupby(heat.index.normalize()).max() > 0
    steps = ctx.horizon.index
    on = heated_day.reindex(steps.normalize(), fill_value=False).to_numpy().T
    share = np.divide(month[steps.month - 1], peak, out=np.zeros((len(steps), len(peak))), where=peak > 0).T
    return share * on


def committed_groups(ctx: Context) -> pd.DataFrame:
    th = ctx.table("thermal")
    return th[(th["technology"] == "chp") & (th["heat_commitment_pu"] > 0)].reset_index(drop=True)


def required_mw(ctx: Context, groups: pd.DataFrame) -> np.ndarray:
    """Online capacity each committed group must keep (groups x steps)."""
    k_cap = (groups["heat_commitment_pu"] * groups["capacity_mw"]).to_numpy()[:, None]
    return k_cap * heat_levels(ctx, groups["heat_area"])


def build(ctx: Context) -> None:
    heat_led(ctx)
    contracts(ctx)


def heat_led(ctx: Context) -> None:
    groups = committed_groups(ctx)
    short = ctx.var("Commitment_Shortfall_MW", len(groups))
    if groups.empty:
        return
    ctx.add_cost_series(short, np.full(len(groups), ctx.penalties.commitment_shortfall_cny_per_mwh))
    c = ctx.need("thermal.clusters")
    of_group = pd.Index(groups["name"]).get_indexer(c["group"])
    mine = np.flatnonzero(of_group >= 0)
    online = Terms(len(groups) * ctx.horizon.n)
    steps = np.arange(ctx.horizon.n)
    online.add(ctx.need("thermal.online_mw")[mine], of_group[mine, None] * ctx.horizon.n + steps)
    online.add(short, np.arange(len(groups))[:, None] * ctx.horizon.n + steps)
    ctx.rows("CHP_Heat_Commitment_Constraint", online, lower=required_mw(ctx, groups).ravel())


def contracted_groups(ctx: Context) -> pd.DataFrame:
    th = ctx.table("thermal")
    return th[th["contract_mwh_per_year"] > 0].reset_index(drop=True)


def contracts(ctx: Context) -> None:
    planned = contracted_groups(ctx)
    short = ctx.var("Contract_Shortfall_MWh", len(planned), steps=1)[:, 0]
    if planned.empty:
        return
    ctx.cost.add(short * ctx.penalties.plan_shortfall_cny_per_mwh)
    c = ctx.need("thermal.clusters")
    of_group = pd.Index(planned["name"]).get_indexer(c["group"])
    mine = np.flatnonzero(of_group >= 0)
    made = Terms(len(planned))
    made.add(ctx.need("thermal.power_mw")[mine] * ctx.w, of_group[mine, None])
    made.add(short, np.arange(len(planned)))
    ctx.rows("Thermal_Contract_Constraint", made, lower=contract_mwh(ctx, planned))


def contract_mwh(ctx: Context, planned: pd.DataFrame) -> np.ndarray:
    """Each contract for this horizon: pro-rated, or a window's share of the year (gridmodel/windows)."""
    return planned["contract_mwh_per_year"].to_numpy(dtype=float) * np.broadcast_to(ctx.limit_share("contract"), len(planned))


def group_output_mw(thermal: pd.DataFrame, groups: pd.Series) -> np.ndarray:
    """Output of each unit group in `groups` at each step (groups x steps, in
    the order the table first gives them), from a thermal result table in any
    row order: a windowed run's joins its windows' tables (clusters x hours
    each), so its rows are not clusters x steps of the year."""
    step, steps = pd.factorize(thermal["timestamp"])
    at = pd.Index(groups).get_indexer(thermal["group"])
    out = np.zeros((len(groups), len(steps)))
    mine = at >= 0
    np.add.at(out, (at[mine], step[mine]), thermal["p_mw"].to_numpy()[mine])
    return out


def contracts_table(planned: pd.DataFrame, contract, made, shortfall) -> pd.DataFrame:
    return pd.DataFrame({"group": planned["name"], "zone": planned["zone"], "contract_mwh": contract, "made_mwh": made, "shortfall_mwh": shortfall})


def year_totals(ctx: Context, tables: dict) -> dict[str, pd.DataFrame]:
    """contracts of a joined (windowed) year, from its hourly thermal table."""
    planned = contracted_groups(ctx)
    contract, made = contract_mwh(ctx, planned), group_output_mw(tables["thermal"], planned["name"]).sum(axis=1)
    return {"contracts": contracts_table(planned, contract, made, np.maximum(contract - made, 0.0))}


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    groups = committed_groups(ctx)
    c = ctx.need("thermal.clusters")
    u, p = sol.value(ctx.need("thermal.online_mw")), sol.value(ctx.need("thermal.power_mw"))
    online = np.array([u[(c["group"] == g).to_numpy()].sum(axis=0) for g in groups["name"]]).reshape(len(groups), ctx.horizon.n)
    planned = contracted_groups(ctx)
    made = np.array([(p[(c["group"] == g).to_numpy()] * ctx.w).sum() for g in planned["name"]])
    return {
        NAME: sol.long_table(
            groups[["name", "zone", "heat_area"]].rename(columns={"name": "group"}),
            required_online_mw=required_mw(ctx, groups),
            online_mw=online,
            shortfall_mw=sol.value("Commitment_Shortfall_MW"),
        ),
        "contracts": contracts_table(planned, contract_mwh(ctx, planned), made.reshape(len(planned)), sol.value("Contract_Shortfall_MWh").reshape(len(planned))),
    }


def coarse_use(ctx: Context, key: str, tables: dict, sequence: np.ndarray, exact: bool):
    """The contracted groups' output per day of the coarse year, their
    contracts and the one LP's share by hours (technology.Limit)."""
    planned = contracted_groups(ctx)
    if not len(planned):
        return None
    use = per_day(group_output_mw(tables["thermal"], planned["name"]), sequence)
    return use, planned["contract_mwh_per_year"].to_numpy(dtype=float), by_hours(ctx, len(planned))


def window_use(key: str, tables: dict, n_hours: int, system) -> np.ndarray:
    """Each contracted group's output at each hour of a window (groups x hours)."""
    return group_output_mw(tables["thermal"], tables["contracts"]["group"])
