"""Planned province interchange (联络线计划): a province's net export held to
a monthly schedule with a band.

Why: each provincial dispatch centre in China controls its net tie-line
interchange to a plan, and before the Northeast's 2017 peak-regulation
market short-term dispatch did not change the inter-provincial flows
(shared/reference/jilin_2016_operation.md). A perfectly pooled LP instead
moves every MW between provinces that saves a yuan.

For province p with a row for month m, each step t of month m; links l
with flows f+ from from_zone, f- back:

    x[p,t] = sum_{l: from_zone in p, to_zone not} (f+[l,t] - (1 - loss[l]) f-[l,t])
           + sum_{l: to_zone in p, from_zone not} (f-[l,t] - (1 - loss[l]) f+[l,t])
           + sum_{l: both ends in p} loss[l] (f+[l,t] + f-[l,t])
    x[p,t] + under[p,t] >= N[p,m] - B[p,m]
    x[p,t] - over[p,t]  <= N[p,m] + B[p,m]
    cost: interchange_deviation * w (under + over)

and where the row holds the plan's energy (monthly_energy: the plan is a
quantity traded for the month, the band only its hourly latitude):

    sum_{t in m} w[t] (x[p,t] - N[p,m]) + short[p,m] - more[p,m] = 0
    cost: interchange_deviation * (short + more)

over the horizon's part of month m: the whole month in one LP or on typical
days, a window's hours in a window (the plan being flat within its month,
each window's share is its hours').

The border terms meter what crosses p's border as results.border_exchange
does: what leaves p at its sending end, less what arrives after the link's
losses. The last term adds the losses on p's own lines, so that x is what
p's zones make net of their own load (generation, discharging, less load
and charging: the sum of their balances). Why not the border alone: the
model's lines carry f+ and f- at once if that pays, and on a line inside
p such a loop dissipates loss x (f+ + f-) at the wheeling cost only, so a
province with more must-run output than its plan takes would burn the
surplus in its own lines instead of showing the deviation. Measured on
northeast_2016, 11-17 January, Jilin held flat at its pooled mean export:
7.6 GWh dissipated in loops on Jilin's five lines against 1.7 GWh of
deviation shown. Counted this way a loop inside p leaves x unchanged; the
difference from the border flow is p's line losses (2 % or less of what its
lines carry).

The deviation is priced above any fuel cost or export price
(penalties.interchange_deviation_cny_per_mwh), so it is used only where the
schedule cannot be met; a province or month without a row is not scheduled.
Everything is per step, so windows and typical days need nothing annual.
A loop can still dissipate energy where p's neighbour cannot take what the
plan sends (on the border link or in the neighbour's lines), and a store
charging and discharging at once inside p lowers x by its round-trip loss.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..technologies.interchange import NAME, TECHNOLOGY
from .arrays import Lin, Terms

if TYPE_CHECKING:
    from .core import Context

NEEDS = ("links.forward_mw", "links.backward_mw")


def planned(ctx: Context) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The scheduled provinces, and each one's planned net export and band
    per step (provinces x steps; NaN in months without a row)."""
    plan = ctx.table(NAME)
    provinces = pd.unique(plan["province"]).tolist()
    month = ctx.horizon.index.month.to_numpy()
    grid = pd.MultiIndex.from_product([provinces, range(1, 13)])
    rows = plan.astype({"month": int}).set_index(["province", "month"])
    by_month = {col: rows[col].reindex(grid).to_numpy(dtype=float).reshape(len(provinces), 12) for col in ("net_export_mw", "band_mw")}
    return provinces, by_month["net_export_mw"][:, month - 1], by_month["band_mw"][:, month - 1]


def border_signs(ctx: Context, provinces: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients of f+ and f- in each province's net export (provinces x links):
    its border links metered at its end, its own lines by their losses."""
    links, of = ctx.table("links"), ctx.system.provinces
    loss = links["loss_pu"].to_numpy()
    a, b = (links[end].map(of).to_numpy() for end in ("from_zone", "to_zone"))  # NaN: an external zone
    fwd, bwd = np.zeros((len(provinces), len(links))), np.zeros((len(provinces), len(links)))
    for i, p in enumerate(provinces):
        out, into, inside = (a == p) & (b != p), (b == p) & (a != p), (a == p) & (b == p)
        fwd[i] = np.where(out, 1.0, 0.0) - np.where(into, 1 - loss, 0.0) + np.where(inside, loss, 0.0)
        bwd[i] = np.where(into, 1.0, 0.0) - np.where(out, 1 - loss, 0.0) + np.where(inside, loss, 0.0)
    return fwd, bwd


def net_export(ctx: Context, provinces: list[str], fwd: Lin, bwd: Lin) -> Lin:
    """x[p,t] as a Lin (provinces x steps)."""
    cf, cb = border_signs(ctx, provinces)
    parts = [(fwd * cf[i, :, None] + bwd * cb[i, :, None]).sum(axis=0) for i in range(len(provinces))]
    return Lin(np.stack([x.coef for x in parts]), np.stack([x.col for x in parts]))


def build(ctx: Context) -> None:
    if ctx.table(NAME).empty:
        return
    provinces, level, band = planned(ctx)
    on = ~np.isnan(level)
    under = ctx.var("Interchange_Under_MW", len(provinces), ub=np.where(on, np.inf, 0.0))
    over = ctx.var("Interchange_Over_MW", len(provinces), ub=np.where(on, np.inf, 0.0))
    ctx.add_cost_series(under + over, np.full(len(provinces), ctx.penalties.interchange_deviation_cny_per_mwh))
    x = net_export(ctx, provinces, ctx.need("links.forward_mw"), ctx.need("links.backward_mw"))
    ctx.rows("Interchange_Low_Constraint", x[on] + under[on] >= (level - band)[on])
    ctx.rows("Interchange_High_Constraint", x[on] - over[on] <= (level + band)[on])
    monthly_energy(ctx, provinces, x, level)


def monthly_energy(ctx: Context, provinces: list[str], x: Lin, level: np.ndarray) -> None:
    """The plan's energy over the horizon's part of each month, for the rows that hold it."""
    plan = ctx.table(NAME)
    held = plan[plan["monthly_energy"]]
    short = ctx.var("Interchange_Energy_Short_MWh", len(provinces), steps=12)
    more = ctx.var("Interchange_Energy_More_MWh", len(provinces), steps=12)
    if held.empty:
        return
    ctx.cost.add((short + more) * ctx.penalties.interchange_deviation_cny_per_mwh)
    month = ctx.horizon.index.month.to_numpy() - 1
    row_of = np.arange(len(provinces))[:, None] * 12 + month[None, :]  # (province, month) of each step
    on = np.zeros((len(provinces), 12), dtype=bool)
    on[[provinces.index(p) for p in held["province"]], held["month"].to_numpy(dtype=int) - 1] = True
    steps = on.ravel()[row_of]
    energy = Terms(len(provinces) * 12)
    energy.add(x[steps] * ctx.w.repeat(len(provinces), axis=0)[steps], row_of[steps])
    energy.add(short - more, np.arange(len(provinces) * 12).reshape(len(provinces), 12))
    target = np.bincount(row_of[steps], weights=(np.nan_to_num(level) * ctx.w)[steps], minlength=len(provinces) * 12)
    ctx.rows("Interchange_Energy_Constraint", energy, lower=target, upper=target)


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    if ctx.table(NAME).empty:
        return {}
    provinces, level, _ = planned(ctx)
    cf, cb = border_signs(ctx, provinces)
    x = cf @ sol.value(ctx.need("links.forward_mw")) + cb @ sol.value(ctx.need("links.backward_mw"))
    return {
        NAME: sol.long_table(
            pd.DataFrame({"province": provinces}),
            net_export_mw=x,
            scheduled_mw=level,
            deviation_mw=sol.value("Interchange_Over_MW") - sol.value("Interchange_Under_MW"),
        )
    }
