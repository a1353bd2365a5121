"""Annual generation plans (基数电量) of each province's thermal fleet, held
month by month.

Why: until the Northeast's peak-regulation market (1 January 2017) coal and
CHP plants ran on annual generation plans set by each province before the
year, with near-equal utilisation hours ("equal shares"), decomposed into
monthly plans that dispatch then met. A least-cost LP without them swaps the
fleets by season and across provinces at will, which the planned system
did not (issue 30). An annual quantity alone is no plan in a perfect-foresight
LP: it would be made in the months it costs least, so it is held per month.

For each province p with a plan E[p] (table plans: MWh, plus utilisation
hours times the province's thermal capacity) and each month m:

    sum_{g thermal in p} sum_{t in m} w[t] p[g,t] + short[p,m] >= E[p] s[p,m] f[m]
    s[p,m] = month m's share of the year:   load      the province's load in m / its year's
                                            residual  its load plus its planned net export
                                                      (table interchange, if scheduled) less
                                                      hydro budget and available wind and
                                                      solar in m (>= 0) / the year's
                                            load_less_hydro
                                                      as residual, wind and solar not counted
                                            load_less_expected
                                                      as residual, wind and solar counted at
                                                      the output the plan expects (table
                                                      plan_expectations)
                                            hours     hours of m / hours of the year
    f[m]   = share of month m the horizon stands for: sum_{t in m} w[t] / hours of m
             (a solver window: the share of the month's plan it is given, gridmodel/windows)
    cost: plan_shortfall * short

load_less_hydro is the balance a plan of 2016 could count on: hydro has a
budget, wind and solar had none in the thermal plan (they took the room
thermal left, hence the curtailment), data/README.md "2016 as it was run".
load_less_expected is the balance as a plan set before the year can count
wind: at an expected output for each month, such as last year's in the same
month (参照上年同期), not the year's own weather, which no plan knew.
The month's tie-line plan is part of the balance (月度电力电量平衡: load plus
what the province is to send out, less what it is to take in): a province
planned to export in winter and import in summer plans its thermal so.
"Thermal" is coal, CHP and biomass, as the statistics count 火电. The plan is
a floor: more thermal is made where it is cheaper than the alternatives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..technologies.plans import EXPECTATIONS, NAME, TECHNOLOGY
from .annual import DAY_H, per_day
from .arrays import Terms

if TYPE_CHECKING:
    from .core import Context

NEEDS = ("thermal.clusters", "thermal.power_mw")


def month_hours(ctx: Context) -> np.ndarray:
    """Hours of each calendar month of the scenario's year (12,)."""
    year = ctx.system.scenario.year
    return np.array([pd.Timestamp(year, m, 1).days_in_month * 24 for m in range(1, 13)], dtype=float)


def month_shares(ctx: Context, plans: pd.DataFrame) -> np.ndarray:
    """Each plan's share of the year in each calendar month (plans x 12); by
    load or residual, from the series (a year of them: months the series lack get none)."""
    s = ctx.system
    months = s.load_mw.index.month - 1
    out = np.empty((len(plans), 12))
    for i, row in enumerate(plans.itertuples(index=False)):
        if row.monthly_shares == "hours":
            out[i] = month_hours(ctx) / month_hours(ctx).sum()
            continue
        zones = s.provinces[s.provinces == row.province].index
        energy = np.bincount(months, weights=s.load_mw[zones].sum(axis=1).to_numpy(), minlength=12)
        if row.monthly_shares in ("residual", "load_less_hydro", "load_less_expected"):
            energy = energy + planned_export_mwh(ctx, row.province) - expected_supply_mwh(ctx, zones, months, wind_and_solar=row.monthly_shares == "residual")
            if row.monthly_shares == "load_less_expected":
                energy = energy - expected_wind_solar_mwh(ctx, row.province)
            energy = np.maximum(energy, 0.0)
        out[i] = energy / energy.sum()
    return out


def planned_export_mwh(ctx: Context, province: str) -> np.ndarray:
    """The province's planned net export in each calendar month (12,), MWh:
    table interchange's level times the month's hours; 0 where not scheduled."""
    plan = ctx.table("interchange")
    rows = plan[plan["province"] == province].set_index("month")["net_export_mw"].reindex(range(1, 13)).fillna(0.0)
    return rows.to_numpy(dtype=float) * month_hours(ctx)


def expected_wind_solar_mwh(ctx: Context, province: str) -> np.ndarray:
    """The wind and solar output the province's monthly plans count on (12,),
    MWh: table plan_expectations; 0 in months without a row."""
    expected = ctx.table(EXPECTATIONS)
    rows = expected[expected["province"] == province].set_index("month")["wind_solar_mwh"]
    return rows.reindex(range(1, 13)).fillna(0.0).to_numpy(dtype=float)


def expected_supply_mwh(ctx: Context, zones, months: np.ndarray, wind_and_solar: bool = True) -> np.ndarray:
    """What the zones' hydro (its budget, shaped by inflow) and, if counted
    on, wind and solar (available) are expected to give in each calendar
    month (12,): the month's balance leaves the rest to thermal."""
    s = ctx.system
    ren, hyd = ctx.table("renewables"), ctx.table("hydro")
    ren, hyd = ren[ren["zone"].isin(zones) & wind_and_solar], hyd[hyd["zone"].isin(zones)]
    hourly = sum((s.availability[r.profile].to_numpy() * r.capacity_mw for r in ren.itertuples(index=False)), np.zeros(len(s.load_mw)))
    for h in hyd.itertuples(index=False):
        inflow = s.availability[h.inflow_profile].to_numpy() if h.inflow_profile else np.ones(len(s.load_mw))
        hourly = hourly + h.annual_energy_mwh * s.year_fraction * inflow / inflow.sum()
    return np.bincount(months, weights=hourly, minlength=12)


def annual_mwh(ctx: Context, plans: pd.DataFrame) -> np.ndarray:
    """Each plan's energy for the year: its MWh plus its hours times the
    province's thermal capacity (MWh, plans,)."""
    th = ctx.table("thermal")
    capacity = th["capacity_mw"].groupby(th["zone"].map(ctx.system.provinces)).sum()
    return plans["planned_mwh_per_year"].to_numpy(dtype=float) + plans["planned_hours_per_year"].to_numpy(dtype=float) * capacity.reindex(plans["province"]).fillna(0.0).to_numpy()


def required_mwh(ctx: Context, plans: pd.DataFrame) -> np.ndarray:
    """The energy each plan asks of this horizon in each calendar month
    (plans x 12, MWh): the month's plan times the share of the month the
    horizon stands for, or the share a solver window is given."""
    monthly = annual_mwh(ctx, plans)[:, None] * month_shares(ctx, plans)
    carry = ctx.horizon.carry
    if carry is not None and NAME in carry.shares:
        return carry.shares[NAME].reshape(len(plans), 12) * monthly
    month_h = month_hours(ctx)
    covered = np.bincount(ctx.horizon.index.month - 1, weights=ctx.horizon.weight_h, minlength=12)
    return monthly * np.divide(covered, month_h, out=np.zeros(12), where=month_h > 0)


def plan_of_clusters(ctx: Context, plans: pd.DataFrame) -> np.ndarray:
    """The plan binding each thermal cluster (its zone's province's), -1 for none."""
    zones = ctx.need("thermal.clusters")["zone"]
    return pd.Index(plans["province"]).get_indexer(zones.map(ctx.system.provinces).fillna(""))


def build(ctx: Context) -> None:
    plans = ctx.table(NAME)
    short = ctx.var("Plan_Shortfall_MWh", len(plans), steps=12)
    if plans.empty:
        return
    ctx.cost.add(short * ctx.penalties.plan_shortfall_cny_per_mwh)
    plan_of = plan_of_clusters(ctx, plans)
    mine = np.flatnonzero(plan_of >= 0)
    month = ctx.horizon.index.month.to_numpy() - 1
    made = Terms(len(plans) * 12)
    made.add(ctx.need("thermal.power_mw")[mine] * ctx.w, plan_of[mine, None] * 12 + month[None, :])
    made.add(short, np.arange(len(plans) * 12).reshape(len(plans), 12))
    ctx.rows("Plan_Constraint", made, lower=required_mwh(ctx, plans).ravel())


def output_mw(thermal: pd.DataFrame, plans: pd.DataFrame, provinces: pd.Series) -> tuple[np.ndarray, pd.DatetimeIndex]:
    """Each plan's thermal output at each step of a result table (plans x
    steps, MW), and the steps in order."""
    steps = pd.DatetimeIndex(thermal["timestamp"].unique())
    out = np.zeros((len(plans), len(steps)))
    plan_of = pd.Index(plans["province"]).get_indexer(thermal["zone"].map(provinces).fillna(""))
    at = plan_of >= 0
    np.add.at(out, (plan_of[at], steps.get_indexer(thermal["timestamp"][at])), thermal["p_mw"].to_numpy()[at])
    return out, steps


def in_months(x: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Per-plan values (plans x steps) placed in the (plan, month) row of
    each step's month (1-12): (plans x 12) x steps, the groups whose shares
    a windowed year hands out (gridmodel/windows)."""
    out = np.zeros((len(x), 12, x.shape[1]))
    out[:, np.asarray(months) - 1, np.arange(x.shape[1])] = x
    return out.reshape(-1, x.shape[1])


def plans_table(plans: pd.DataFrame, required: np.ndarray, made: np.ndarray, short: np.ndarray) -> pd.DataFrame:
    """One row per (province, month) with a plan in the horizon."""
    df = pd.DataFrame(
        {
            "province": np.repeat(plans["province"].to_numpy(), 12),
            "month": np.tile(np.arange(1, 13), len(plans)),
            "planned_mwh": required.ravel(),
            "made_mwh": made.ravel(),
            "shortfall_mwh": short.ravel(),
        }
    )
    return df[df["planned_mwh"] > 0].reset_index(drop=True)


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    plans = ctx.table(NAME)
    plan_of = plan_of_clusters(ctx, plans)
    energy = sol.value(ctx.need("thermal.power_mw")) * ctx.w
    made = np.zeros((len(plans), 12))
    month = ctx.horizon.index.month.to_numpy() - 1
    for i in np.flatnonzero(plan_of >= 0):
        np.add.at(made[plan_of[i]], month, energy[i])
    return {NAME: plans_table(plans, required_mwh(ctx, plans), made, sol.value("Plan_Shortfall_MWh").reshape(len(plans), 12))}


def year_totals(ctx: Context, tables: dict) -> dict[str, pd.DataFrame]:
    """plans of a joined (windowed) year, from its hourly thermal table."""
    plans = ctx.table(NAME)
    required = required_mwh(ctx, plans)
    output, steps = output_mw(tables["thermal"], plans, ctx.system.provinces)
    made = in_months(output, steps.month).sum(axis=1).reshape(len(plans), 12)
    return {NAME: plans_table(plans, required, made, np.maximum(required - made, 0.0))}


def coarse_use(ctx: Context, key: str, tables: dict, sequence: np.ndarray, exact: bool):
    """Each (plan, month)'s thermal output per day of the coarse year, the
    month's plan and the one LP's share, each month's plan spread by its
    hours (technology.Limit)."""
    plans = ctx.table(NAME)
    if not len(plans):
        return None
    s = ctx.system
    months = s.index.month.to_numpy()
    use = in_months(per_day(output_mw(tables["thermal"], plans, s.provinces)[0], sequence), months[::DAY_H])
    monthly = annual_mwh(ctx, plans)[:, None] * month_shares(ctx, plans)
    by_month_hours = in_months(np.ones((len(plans), len(s.index))), months) / np.tile(month_hours(ctx), len(plans))[:, None]
    return use, monthly.ravel(), by_month_hours


def window_use(key: str, tables: dict, n_hours: int, system) -> np.ndarray:
    """Each (plan, month)'s thermal output at each hour of a window."""
    output, steps = output_mw(tables["thermal"], system.tables[NAME], system.provinces)
    return in_months(output, steps.month)
