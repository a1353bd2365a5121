"""Shared machinery of the LP: the time horizon, the context object that every
formulation module adds to, and the rows built once from registered terms.

Why a registry: each module (renewables, thermal, storage, ...) registers its
injections into the zonal balance, its contributions to the reserve and heat
balances and its cost terms; the balance rows are then built once. A new
technology touches one module, the schema and the data.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyomo.environ as pyo
from pyomo.core.expr.numeric_expr import LinearExpression

from ..inputs import System
from ..schema import Penalties


@dataclass
class Horizon:
    """The model's time steps.

    `weight_h` is how many hours of the year a step stands for (1 for a full
    chronological year; more for representative periods); `prev` is the step
    before each step, wrapping around within its period (cyclic operation);
    `budget_period` labels steps sharing an energy budget (months).
    Representative periods (see periods.py) also give `sequence`, the period
    standing for each original period of the year in order, and `origin`, the
    original period each representative period is; None when chronological.
    """

    index: pd.DatetimeIndex
    weight_h: np.ndarray
    prev: np.ndarray
    budget_period: np.ndarray
    period: np.ndarray
    sequence: np.ndarray | None = None
    origin: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.index)

    @classmethod
    def chronological(cls, index: pd.DatetimeIndex) -> "Horizon":
        n = len(index)
        return cls(
            index=index,
            weight_h=np.ones(n),
            prev=np.roll(np.arange(n), 1),
            budget_period=index.month.to_numpy(),
            period=np.zeros(n, dtype=int),
        )


def linear(coefs, variables, constant: float = 0.0) -> LinearExpression:
    """sum_k coefs[k] * variables[k] + constant, built without an expression tree."""
    return LinearExpression(constant=constant, linear_coefs=list(coefs), linear_vars=list(variables))


@dataclass
class Investment:
    """A candidate's capacity variable and its annualised cost per unit."""

    name: str
    kind: str
    where: str
    unit: str
    var: pyo.Var
    annual_cny_per_unit: float


class Terms:
    """Linear terms (coefficient, variable) and a constant for each row key."""

    def __init__(self) -> None:
        self.coefs: dict = {}
        self.vars: dict = {}
        self.const: dict = {}

    def add(self, key, var, coef: float = 1.0) -> None:
        self.coefs.setdefault(key, []).append(coef)
        self.vars.setdefault(key, []).append(var)

    def add_constant(self, key, value: float) -> None:
        self.const[key] = self.const.get(key, 0.0) + value

    def expr(self, key) -> LinearExpression:
        return linear(self.coefs.get(key, []), self.vars.get(key, []), self.const.get(key, 0.0))


@dataclass
class Context:
    """Everything a formulation module needs, passed as one object."""

    system: System
    horizon: Horizon
    m: pyo.ConcreteModel = field(default_factory=pyo.ConcreteModel)
    balance: Terms = field(default_factory=Terms)  # key (zone, t): injections, MW
    reserve: Terms = field(default_factory=Terms)  # key t: upward reserve, MW
    heat: Terms = field(default_factory=Terms)  # key (heat_area, t): heat supply, MWth
    cost: Terms = field(default_factory=Terms)  # key None: objective, CNY
    emissions: Terms = field(default_factory=Terms)  # keys "coal_tce", "co2_t" over the horizon
    waste: Terms = field(default_factory=Terms)  # key None: energy lost in lines and stores over the horizon, MWh
    investments: list[Investment] = field(default_factory=list)
    bounds: list = field(default_factory=list)  # (var, lb, ub flat arrays) of every ctx.var, read by the hand-off

    @property
    def expanding(self) -> bool:
        return self.system.scenario.expansion.enabled

    @property
    def planning(self) -> bool:
        """Remedy mode choosing capacities (not checking given ones)."""
        return self.expanding and not self.system.scenario.expansion.fixed

    @property
    def penalties(self) -> Penalties:
        """Slack penalties; when planning a remedy, scaled up so that investments win."""
        p = self.system.scenario.penalties
        if not self.planning:
            return p
        f = self.system.scenario.expansion.penalty_factor
        scaled = {k: v * f for k, v in p.model_dump().items()}
        return p.model_copy(update=scaled)

    def candidates(self, kind: str) -> pd.DataFrame:
        """The candidates of one kind (none unless remedy mode is on)."""
        c = self.system.tables["candidates"]
        return c[c["kind"] == kind].reset_index(drop=True) if self.expanding else c.iloc[:0]

    def invest(self, row, unit: str, max_units: float, capex_cny_per_unit: float) -> pyo.Var:
        """A capacity variable for a candidate, its annualised cost charged for
        the share of a year the horizon stands for; fixed at `max_units`, free
        of cost, when a given remedy is being checked."""
        fixed = self.system.scenario.expansion.fixed
        var = pyo.Var(bounds=(float(max_units) if fixed else 0.0, float(max_units)))
        setattr(self.m, f"Invest_{len(self.investments)}_{unit}", var)
        r = self.system.scenario.expansion.discount_rate
        n = row.lifetime_years
        crf = 1.0 / n if r == 0 else r * (1 + r) ** n / ((1 + r) ** n - 1)
        annual = capex_cny_per_unit * (crf + row.fom_pu_per_year)
        self.investments.append(Investment(row.name, row.kind, row.zone or row.target, unit, var, annual))
        if not fixed:
            self.cost.add(None, var, annual * self.year_share)
        return var

    @property
    def year_share(self) -> float:
        """Share of a year the horizon stands for: annual costs, allowances and
        caps are pro-rated by it."""
        return float(self.w.sum()) / self.system.hours_in_year

    @property
    def T(self) -> range:
        return range(self.horizon.n)

    @property
    def w(self) -> np.ndarray:
        return self.horizon.weight_h

    def table(self, name: str) -> pd.DataFrame:
        return self.system.tables[name]

    def hourly(self, frame: pd.DataFrame, columns) -> np.ndarray:
        """Values of `columns` over the horizon's steps, shape (columns x steps)."""
        cols = list(columns)
        if not cols:
            return np.zeros((0, self.horizon.n))
        return frame.loc[self.horizon.index, cols].to_numpy(dtype=float).T

    def var(self, name: str, n_items: int, ub=None, lb: float = 0.0) -> pyo.Var:
        """A variable per (item, step), bounded by [lb, ub]; `ub` is a scalar,
        one value per item, or an (items x steps) array. The bounds are also
        kept as arrays (`self.bounds`) for the hand-off to HiGHS: set them here,
        not on the Pyomo variables afterwards."""
        v = pyo.Var(range(n_items), self.T, dense=True, bounds=(lb, None))
        setattr(self.m, name, v)
        shape = (n_items, self.horizon.n)
        bounded = ub is not None and n_items > 0
        upper = np.broadcast_to(np.asarray(ub, dtype=float).reshape(n_items, -1), shape) if bounded else np.full(shape, np.inf)
        if bounded:
            for data, x in zip(v.values(), upper.ravel().tolist()):
                data.setub(x)
        self.bounds.append((v, np.full(upper.size, -np.inf if lb is None else float(lb)), upper.ravel()))
        return v

    def constraints(self, name: str, index, rule) -> pyo.Constraint:
        """An indexed constraint over an explicit index list."""
        c = pyo.Constraint(list(index), rule=lambda m, *k: rule(*k))
        setattr(self.m, name, c)
        return c

    def add_cost_series(self, var: pyo.Var, i: int, coef_per_h: float) -> None:
        """Cost `coef_per_h` x weight for var[i, t] over every step."""
        if coef_per_h:
            for t in self.T:
                self.cost.add(None, var[i, t], coef_per_h * self.w[t])


def add_rows(ctx: Context) -> None:
    """Build the balance rows once every module has registered its terms."""
    s = ctx.system
    internal = s.internal_zones
    load = dict(zip(internal, ctx.hourly(s.load_mw, internal).tolist()))

    def zonal(z, t):
        return ctx.balance.expr((z, t)) == (load[z][t] if z in load else 0.0)

    ctx.constraints("Balance_MW", itertools.product(internal + s.external_zones, ctx.T), zonal)
    areas = ctx.table("heat_areas")["heat_area"].tolist()
    heat = dict(zip(areas, ctx.hourly(s.heat_demand_mw_th, areas).tolist()))
    ctx.constraints("Heat_Balance_MWth", itertools.product(areas, ctx.T), lambda a, t: ctx.heat.expr((a, t)) == heat[a][t])
    if ctx.reserve.coefs:
        ctx.constraints("Reserve_MW", ctx.T, lambda t: ctx.reserve.expr(t) >= 0.0)
    ctx.m.Cost_CNY = pyo.Objective(expr=ctx.cost.expr(None), sense=pyo.minimize)
