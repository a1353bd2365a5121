"""Scheduled exchanges on links: DC channels run on an agreed daily profile
from a dedicated supply bundle, and inter-provincial trading plans.

Why: a real +-800 kV channel is not a free surplus sink. It runs an agreed
daily curve, has an annual energy (utilisation-hours) target, and is fed by
named plants; a new one must carry >= 50 % renewable energy (Jilin carbon peak
plan, section 3(1): 新增跨省跨区通道可再生能源电量比例原则上不低于50%). A
provincial trading plan fixes annual or hourly quantities on a tie in the
same way, without a bundle.

For channel k on link l(k) (`x` is the link's net flow from its from_zone),
step t of day d(t), bundle members j of k with unit group g(j):

    x[k,t] = f+[l,t] - f-[l,t]                                   MW sent
    x[k,t] + gap[k,t] >= (1 - band[k]) shape[k,t] L[k,d(t)]      daily schedule (if a profile)
    x[k,t]            <= (1 + band[k]) shape[k,t] L[k,d(t)]
    L[k,d] = level[k]  where the level is given (else chosen per day)
    sum_t w x[k,t] + short[k] >= E_min[k] * year_share           annual energy target
    sum_t w x[k,t]            <= E_max[k] * year_share           plan quantity
    0 <= s[j,t] <= share[j] p[g(j),t]                            dedicated output
    sum_{j of k} s[j,t] = x[k,t]                                 (k with a bundle)
    sum_t w sum_{j of k, renewable} s[j,t] >= min_share[k] sum_t w x[k,t]
    cost: plan_shortfall * short + schedule_gap * sum_t w gap

The gap costs more than a day's higher schedule earns (penalties in
schema.py): a dispatcher lowers tomorrow's schedule rather than break it.

Renewable members are wind, solar, hydro and biomass groups. The slacks keep
the LP solvable; their values are the answer (a plan that cannot be met).
Annual quantities are pro-rated to the horizon; a solver window gets the
share the coarse year gives it (`ENERGY_LIMITS`, gridmodel/windows), as hydro
budgets do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..technologies.channels import ENERGY_LIMITS, NAME, TECHNOLOGY
from .annual import by_hours, per_day
from .arrays import Lin, Terms, stack

if TYPE_CHECKING:
    from .core import Context

NEEDS = ("thermal.clusters", "thermal.power_mw", "renewables.power_mw", "hydro.power_mw", "links.forward_mw", "links.backward_mw")
PROVIDES = ("channels.schedule", "channels.members")
RENEWABLE_THERMAL = ("biomass",)


def unit_output(ctx: Context, unit: str) -> tuple[Lin, bool]:
    """A unit group's electric output per step (a Lin of the steps) and
    whether it is renewable; thermal groups sum their commitment clusters."""
    for table in ("renewables", "hydro"):
        at = np.flatnonzero(ctx.table(table)["name"].to_numpy() == unit)
        if len(at):
            return ctx.need(f"{table}.power_mw")[int(at[0])], True
    c = ctx.need("thermal.clusters")
    at = np.flatnonzero(c["group"].to_numpy() == unit)
    return ctx.need("thermal.power_mw")[at].sum(axis=0), bool(c["technology"].iloc[at[0]] in RENEWABLE_THERMAL)


def day_of_step(ctx: Context) -> np.ndarray:
    """Index of each step's calendar day (0, 1, ...)."""
    return pd.factorize(ctx.horizon.index.normalize())[0]


def shapes(ctx: Context, ch: pd.DataFrame) -> np.ndarray:
    """Each channel's delivery shape over the steps (channels x steps)."""
    out = np.ones((len(ch), ctx.horizon.n))
    named = np.flatnonzero(~ch["profile"].isin(["", "flat"]).to_numpy())
    out[named] = ctx.hourly(ctx.system.availability, ch["profile"].iloc[named])
    return out


def build(ctx: Context) -> None:
    ch, members = ctx.table(NAME), ctx.table("channel_supply")
    if ch.empty:
        return
    links = pd.Index(ctx.table("links")["name"]).get_indexer(ch["link"])
    x = ctx.need("links.forward_mw")[links] - ctx.need("links.backward_mw")[links]
    schedule(ctx, ch, x)
    energy_limits(ctx, ch, x)
    bundles(ctx, ch, members, x)


def schedule(ctx: Context, ch: pd.DataFrame, x: Lin) -> None:
    """The daily schedule of channels with a profile."""
    k = np.flatnonzero(ch["profile"].to_numpy() != "")
    day = day_of_step(ctx)
    fixed = ch["level_mw"].to_numpy()[k] > 0
    level = ctx.var("Channel_Level_MW", len(k), ub=np.where(fixed, ch["level_mw"].to_numpy()[k], np.inf), steps=int(day.max()) + 1)
    gap = ctx.var("Channel_Schedule_Gap_MW", len(k))
    ctx.add_cost_series(gap, np.full(len(k), ctx.penalties.schedule_gap_cny_per_mwh))
    if not len(k):
        return
    band, shape = ch["band_pu"].to_numpy()[k, None], shapes(ctx, ch.iloc[k])
    planned = level[:, day]
    ctx.rows("Channel_Schedule_Low_Constraint", x[k] + gap - ((1 - band) * shape) * planned >= 0.0)
    ctx.rows("Channel_Schedule_High_Constraint", x[k] - ((1 + band) * shape) * planned <= 0.0)
    ctx.rows("Channel_Level_Fixed_Constraint", level[fixed] >= ch["level_mw"].to_numpy()[k][fixed, None])
    ctx.provide("channels.schedule", (k, level, gap))


def horizon_energy_mwh(ctx: Context, ch: pd.DataFrame, key: str) -> np.ndarray:
    """Each channel's annual energy `key` (of ENERGY_LIMITS) for this horizon."""
    return ch[ENERGY_LIMITS[key]].to_numpy(dtype=float) * np.broadcast_to(ctx.limit_share(key), len(ch))


def energy_limits(ctx: Context, ch: pd.DataFrame, x: Lin) -> None:
    """Annual energy target (soft) and plan quantity (hard), this horizon's share."""
    energy = (x * ctx.w).sum(axis=1)
    e_min, e_max = horizon_energy_mwh(ctx, ch, "channel_min"), horizon_energy_mwh(ctx, ch, "channel_max")
    short = ctx.var("Channel_Energy_Shortfall_MWh", len(ch), steps=1)[:, 0]
    ctx.cost.add(short * ctx.penalties.plan_shortfall_cny_per_mwh)
    target, capped = e_min > 0, np.isfinite(e_max)
    ctx.rows("Channel_Energy_Min_Constraint", energy[target] + short[target] >= e_min[target])
    ctx.rows("Channel_Energy_Max_Constraint", energy[capped] <= e_max[capped])


def bundles(ctx: Context, ch: pd.DataFrame, members: pd.DataFrame, x: Lin) -> None:
    """Dedicated supply: a channel with a bundle carries only its members'
    dedicated output, and its renewable members' energy meets its share."""
    s = ctx.var("Channel_Supply_MW", len(members))
    if members.empty:
        ctx.provide("channels.members", (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)))
        return
    outputs = [unit_output(ctx, u) for u in members["unit_group"]]
    p = stack([o for o, _ in outputs])
    renewable = np.array([r for _, r in outputs])
    owner = pd.Index(ch["name"]).get_indexer(members["channel"])
    ctx.provide("channels.members", (owner, renewable))
    ctx.rows("Channel_Supply_Limit_Constraint", s - members["share_pu"].to_numpy()[:, None] * p <= 0.0)
    fed = np.unique(owner)
    carried = Terms(len(fed) * ctx.horizon.n)
    slot = np.searchsorted(fed, owner)[:, None] * ctx.horizon.n + np.arange(ctx.horizon.n)
    carried.add(s, slot)
    carried.add(-x[fed], np.arange(carried.n_rows).reshape(len(fed), -1))
    ctx.rows("Channel_Bundle_Constraint", carried, lower=0.0, upper=0.0)
    share = ch["min_renewable_share"].to_numpy()
    ruled = np.flatnonzero(share > 0)
    rule = Terms(len(ruled))
    at = pd.Index(ruled).get_indexer(owner)
    green = renewable & (at >= 0)
    rule.add(s[green] * ctx.w, at[green][:, None])
    rule.add(-(x[ruled] * (share[ruled, None] * ctx.w)), np.arange(len(ruled))[:, None])
    ctx.rows("Channel_Renewable_Share_Constraint", rule, lower=0.0)


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    ch, links = ctx.table(NAME), ctx.table("links")
    at = pd.Index(links["name"]).get_indexer(ch["link"])
    sent = sol.value(ctx.need("links.forward_mw"))[at] - sol.value(ctx.need("links.backward_mw"))[at]
    bundle, renewable = (np.zeros_like(sent) for _ in range(2))
    if not ctx.table("channel_supply").empty:
        owner, green = ctx.need("channels.members")
        s = sol.value("Channel_Supply_MW")
        np.add.at(bundle, owner, s)
        np.add.at(renewable, owner[green], s[green])
    scheduled, gap = np.full_like(sent, np.nan), np.zeros_like(sent)
    if "channels.schedule" in ctx.provided:  # channels with a daily schedule
        k, level, gap_var = ctx.need("channels.schedule")
        scheduled[k] = shapes(ctx, ch.iloc[k]) * sol.value(level)[:, day_of_step(ctx)]
        gap[k] = sol.value(gap_var)
    energy = lambda a: (a * ctx.w).sum(axis=1)  # noqa: E731  MWh over the horizon
    shortfall = sol.value("Channel_Energy_Shortfall_MWh").reshape(len(ch)) if len(ch) else np.zeros(0)
    return {
        "channel_energy": energy_table(ch, horizon_energy_mwh(ctx, ch, "channel_min"), energy(sent), energy(renewable), shortfall),
        NAME: sol.long_table(
            ch[["name", "link"]].rename(columns={"name": "channel"}),
            sent_mw=sent,
            scheduled_mw=scheduled,
            schedule_gap_mw=gap,
            bundle_mw=bundle,
            renewable_mw=renewable,
        )
    }


def energy_table(ch: pd.DataFrame, target_mwh, sent_mwh, renewable_mwh, shortfall_mwh) -> pd.DataFrame:
    return pd.DataFrame({"channel": ch["name"], "target_mwh": target_mwh, "sent_mwh": sent_mwh, "renewable_mwh": renewable_mwh, "shortfall_mwh": shortfall_mwh})


def year_totals(ctx: Context, tables: dict) -> dict[str, pd.DataFrame]:
    """channel_energy of a joined (windowed) year, from its hourly table: a
    window's own counts its look-ahead hours against its share of the target."""
    ch = ctx.table(NAME)
    sent = tables[NAME].groupby("channel", sort=False)[["sent_mw", "renewable_mw"]].sum().reindex(ch["name"]).fillna(0.0)
    target = horizon_energy_mwh(ctx, ch, "channel_min")
    short = np.where(target > 0, np.maximum(target - sent["sent_mw"].to_numpy(), 0.0), 0.0)
    return {"channel_energy": energy_table(ch, target, sent["sent_mw"].to_numpy(), sent["renewable_mw"].to_numpy(), short)}


def coarse_use(ctx: Context, key: str, tables: dict, sequence: np.ndarray, exact: bool):
    """A channel energy limit (ENERGY_LIMITS[key]): what each channel sent
    per day of the coarse year, its annual energy and the one LP's share by
    hours (technology.Limit)."""
    ch = ctx.table(NAME)
    if not len(ch):
        return None
    use = np.maximum(per_day(tables[NAME]["sent_mw"].to_numpy().reshape(len(ch), -1), sequence), 0.0)
    annual = ch[ENERGY_LIMITS[key]].to_numpy(dtype=float)
    return use, np.where(np.isfinite(annual), annual, 0.0), by_hours(ctx, len(ch))


def window_use(key: str, tables: dict, n_hours: int, system) -> np.ndarray:
    """What each channel sent at each hour of a window (channels x hours)."""
    return tables[NAME]["sent_mw"].to_numpy().reshape(-1, n_hours)
