"""Conventional hydro with an energy budget per period (month).

    0 <= p[h,t] <= cap[h]
    sum_{t in P} w[t] p[h,t] <= E[h] * sum_{t in P} w[t] inflow[h,t] / sum_year inflow[h]
    reserve: cap - p

The annual energy is shared over budget periods by the inflow profile of the
series, pro-rated when the series cover less than a year, so a shorter
horizon gets its share, not the year's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..technologies.hydro import NAME, TECHNOLOGY
from . import renewables
from .annual import DAY_H, per_day
from .arrays import Terms

if TYPE_CHECKING:
    from .core import Context

PROVIDES = ("hydro.power_mw",)


def inflow_share(ctx: Context) -> np.ndarray:
    """Share of the annual inflow at each step (units x steps), weighted."""
    h = ctx.table(NAME)
    year = ctx.system.availability
    shares = np.empty((len(h), ctx.horizon.n))
    for i, profile in enumerate(h["inflow_profile"]):
        full = year[profile].to_numpy() if profile else np.ones(len(year))
        shares[i] = full[year.index.get_indexer(ctx.horizon.index)] / full.sum()
    return shares * ctx.w * ctx.system.year_fraction


def build(ctx: Context) -> None:
    h = ctx.table(NAME)
    cap = h["capacity_mw"].to_numpy()
    p = ctx.var("Hydro_Power_MW", len(h), ub=cap)
    ctx.provide("hydro.power_mw", p)
    ctx.balance.add(p, ctx.zone_rows(h["zone"]))
    ctx.reserve.add(-p, ctx.reserve_rows(h["zone"]))
    ctx.add_reserve_constant(cap, h["zone"])
    budget = inflow_share(ctx) * h["annual_energy_mwh"].to_numpy()[:, None]
    labels, period = np.unique(ctx.horizon.budget_period, return_inverse=True)
    rows = np.arange(len(h))[:, None] * len(labels) + period  # row (unit, budget period) of each (unit, step)
    energy = Terms(len(h) * len(labels))
    energy.add(p * ctx.w, rows)
    upper = np.bincount(rows.ravel(), budget.ravel(), minlength=energy.n_rows)
    carry = ctx.horizon.carry
    if carry is not None and "hydro" in carry.shares:  # a window's share of each budget period's energy (gridmodel/windows)
        upper = (carry.shares["hydro"] * h["annual_energy_mwh"].to_numpy()[:, None]).ravel()
    ctx.rows("Hydro_Budget_Constraint", energy, upper=upper)


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    h = ctx.table(NAME)
    p = sol.value("Hydro_Power_MW")
    return {NAME: sol.long_table(h[["name", "zone"]].rename(columns={"name": "unit"}), p_mw=p, reserve_mw=h["capacity_mw"].to_numpy()[:, None] - p, down_room_mw=p)}


def coarse_use(ctx: Context, key: str, tables: dict, sequence: np.ndarray, exact: bool):
    """Each unit's energy per (unit, month of the run) and day, its annual
    energy and the inflow's share of it at each hour (technology.Limit).
    On typical days (not `exact`) hydro is budgeted per day, by inflow, so
    its daily use says nothing about where in its month the one LP uses the
    month's energy: there the month's budget is placed by shaving the
    month's residual load (shaved_hydro)."""
    units = ctx.table(NAME)
    if not len(units):
        return None
    n = ctx.horizon.n
    labels, month = np.unique(ctx.horizon.budget_period, return_inverse=True)
    in_month = month[None, :] == np.arange(len(labels))[:, None]  # months x hours
    inflow = (inflow_share(ctx)[:, None, :] * in_month[None]).reshape(-1, n)  # (unit, month) x hours, share of the annual energy
    annual = np.repeat(units["annual_energy_mwh"].to_numpy(dtype=float), len(labels))
    if exact:
        use = per_day(tables[NAME]["p_mw"].to_numpy().reshape(len(units), -1), sequence)  # units x days
        use = (use[:, None, :] * in_month[None, :, ::DAY_H]).reshape(-1, use.shape[1])  # (unit, month) x days
    else:
        use = per_day(shaved_hydro(ctx, inflow * annual[:, None], in_month), np.arange(n // DAY_H))
    return use, annual, inflow


def shaved_hydro(ctx: Context, budget_mwh: np.ndarray, in_month: np.ndarray) -> np.ndarray:
    """Each unit's month budget (rows (unit, month), MWh in each hour of the
    month as inflow gives it) used where the month's residual load (load less
    the wind and solar available) is highest: all units together shave the
    residual's peaks (peak_shaving) and each unit takes its share of the
    month's energy of that profile ((unit, month) x hours, MWh per hour).
    Measured on a Jilin quarter: the windows' objective gap to one LP
    0.47 % -> 0.21 % against the typical-day coarse year's inflow shares
    (benchmarks/windows_vs_exact.py)."""
    s = ctx.system
    residual = ctx.hourly(s.load_mw, s.internal_zones).sum(axis=0) - renewables.available_mw(ctx).sum(axis=0)
    power = float(ctx.table(NAME)["capacity_mw"].sum())
    energy = budget_mwh.sum(axis=1)
    profile = np.zeros_like(budget_mwh)
    for m, hours in enumerate(in_month):
        rows = np.arange(m, len(energy), len(in_month))  # the units' rows of month m
        total = energy[rows].sum()
        if total > 0:
            profile[np.ix_(rows, np.flatnonzero(hours))] = energy[rows, None] / total * peak_shaving(residual[hours], power, total)[None, :]
    return profile


def peak_shaving(residual: np.ndarray, power: float, energy: float) -> np.ndarray:
    """Output min(power, max(0, residual - level)) at each hour, the level
    such that the output adds up to `energy` (at most power x hours): the
    energy spent on the highest residual load (found by bisection)."""
    if energy >= power * len(residual):
        return np.full(len(residual), power)
    lo, hi = residual.min() - power, residual.max()
    for _ in range(100):
        level = (lo + hi) / 2
        lo, hi = (level, hi) if np.clip(residual - level, 0, power).sum() > energy else (lo, level)
    out = np.clip(residual - hi, 0, power)
    return out * (energy / out.sum()) if out.sum() > 0 else out


def window_use(key: str, tables: dict, n_hours: int, system) -> np.ndarray:
    """Each unit's output at each hour of a window (units x hours)."""
    return tables[NAME]["p_mw"].to_numpy().reshape(-1, n_hours)
