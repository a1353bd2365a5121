"""Shared machinery of the LP: the time horizon, arrays of linear expressions,
the context object that every formulation module adds to, and the rows built
once from registered terms.

Why arrays: a model module states a family of rows in one line that reads
like its equation (`P + cv * H <= U` over every cluster and hour), and the
rows become a Pyomo MatrixConstraint - a real Pyomo component, built from
sparse arrays in one go instead of one expression object per row (about 10 us
each, which made the model layer a sizeable share of the solve). Variables are
ordinary indexed Pyomo Vars; each also has a block of column numbers, so the
hand-off to HiGHS reads the rows as they are.

Why a registry: each module (renewables, thermal, storage, ...) registers its
injections into the zonal balance, its contributions to the reserve and heat
balances and its cost terms; the balance rows are then built once. A new
technology touches one module, the schema and the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyomo.environ as pyo
import scipy.sparse as sp
from pyomo.core.base.matrix_constraint import MatrixConstraint
from pyomo.core.expr.numeric_expr import LinearExpression

from ..inputs import System
from ..schema import Penalties


TIE_BREAK_CNY_PER_MWH = 1.0
"""Value the feasibility remedy gives hydrogen and unpaid exports: far below
any fuel cost, so they take only power that would otherwise be curtailed."""


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
    carry: "Carry | None" = None

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


@dataclass
class Carry:
    """A window's ties to the rest of a chronology (see windows.py); a horizon
    without one is cyclic and takes a pro-rated share of annual limits.

    `start`: the state before the first step, by variable block name (e.g.
    "Storage_SOC_MWh", "Thermal_Online_MW"), one value per item (a block not
    named is cyclic within the window). `end`: levels the last step must hold. `after`: thermal online
    capacity, output and start-ups at the step after the last, already
    solved (the next chain's first step). `shares`: the window's share of
    annual limits: "demand_response" (programmes), "coal_tce" and "co2_t"
    (scalars), "hydro" (units x budget periods, in sorted order)."""

    start: dict = field(default_factory=dict)
    end: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    shares: dict = field(default_factory=dict)


class Lin:
    """An array of linear expressions: element e is sum_k coef[e, k] x[col[e, k]].

    `coef` and `col` have the array's shape plus a last axis for the terms;
    column -1 stands for no variable. Arithmetic broadcasts as numpy does
    (`cv[:, None] * H` scales cluster c's row by cv[c]); indexing selects
    elements (`P[:, prev]` is the previous step's output); comparing with a
    number, an array or another Lin gives a family of rows for `Context.rows`.
    """

    __slots__ = ("coef", "col")
    __array_ufunc__ = None  # `array * Lin` is Lin.__rmul__, not numpy broadcasting over a sequence

    def __init__(self, coef: np.ndarray, col: np.ndarray):
        self.coef, self.col = coef, col

    @property
    def shape(self) -> tuple:
        return self.coef.shape[:-1]

    def __getitem__(self, index) -> "Lin":
        index = index if isinstance(index, tuple) else (index,)
        return Lin(self.coef[(*index, slice(None))], self.col[(*index, slice(None))])

    def __mul__(self, k) -> "Lin":
        k = np.asarray(k, dtype=float)
        coef = self.coef * k[..., None]
        return Lin(coef, np.broadcast_to(self.col, coef.shape))

    __rmul__ = __mul__

    def __neg__(self) -> "Lin":
        return self * -1.0

    def __add__(self, other: "Lin") -> "Lin":
        if not isinstance(other, Lin):
            return NotImplemented
        shape = np.broadcast_shapes(self.shape, other.shape)

        def spread(a: np.ndarray) -> np.ndarray:
            return np.broadcast_to(a, shape + a.shape[-1:])

        return Lin(
            np.concatenate([spread(self.coef), spread(other.coef)], axis=-1),
            np.concatenate([spread(self.col), spread(other.col)], axis=-1),
        )

    def __sub__(self, other: "Lin") -> "Lin":
        return self + (-other)

    def sum(self, axis: int = -1) -> "Lin":
        """Sum over an axis of the array (its terms join each element's)."""
        axis = axis % len(self.shape)

        def fold(a: np.ndarray) -> np.ndarray:
            a = np.moveaxis(a, axis, -2)
            return a.reshape(a.shape[:-2] + (a.shape[-2] * a.shape[-1],))

        return Lin(fold(self.coef), fold(self.col))

    def _rows(self, other, lower: bool, upper: bool) -> "Rows":
        if isinstance(other, Lin):
            return (self - other)._rows(0.0, lower, upper)
        rhs = np.broadcast_to(np.asarray(other, dtype=float), self.shape)
        inf = np.full(self.shape, np.inf)
        return Rows(self, rhs if lower else -inf, rhs if upper else inf)

    def __le__(self, other) -> "Rows":
        return self._rows(other, lower=False, upper=True)

    def __ge__(self, other) -> "Rows":
        return self._rows(other, lower=True, upper=False)

    def __eq__(self, other) -> "Rows":  # type: ignore[override]
        return self._rows(other, lower=True, upper=True)

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def block(cls, first_col: int, shape: tuple) -> "Lin":
        """Variables numbered first_col, first_col + 1, ... in C order."""
        col = np.arange(first_col, first_col + int(np.prod(shape)), dtype=np.int64).reshape(shape + (1,))
        return cls(np.ones(col.shape), col)

    @property
    def columns(self) -> np.ndarray:
        """The column of each element of a plain variable block (-1: none)."""
        return self.col[..., 0]

    def placed(self, index, n: int) -> "Lin":
        """An array of n along the first axis holding this one's elements at
        `index` and nothing elsewhere: variables that exist only for some
        items (CHP heat of CHP clusters) used in equations over all items."""
        coef = np.zeros((n,) + self.coef.shape[1:])
        col = np.full((n,) + self.col.shape[1:], -1, dtype=np.int64)
        coef[index], col[index] = self.coef, self.col
        return Lin(coef, col)


@dataclass
class Rows:
    """A family of rows lower <= expr <= upper, one per element of expr."""

    expr: Lin
    lower: np.ndarray
    upper: np.ndarray


class Terms:
    """Terms added into rows by number (scatter-add): the balance of zone z at
    step t is row z * steps + t, and every module adds its injections there.
    `const` is a constant on the left-hand side of each row."""

    def __init__(self, n_rows: int) -> None:
        self.n_rows = n_rows
        self.parts: list = []
        self.const = np.zeros(n_rows)

    def add(self, expr: Lin, rows=0) -> None:
        rows = np.broadcast_to(np.asarray(rows, dtype=np.int64)[..., None], expr.coef.shape)
        self.parts.append((rows.ravel(), np.broadcast_to(expr.col, expr.coef.shape).ravel(), expr.coef.ravel()))

    def add_constant(self, values, rows=0) -> None:
        np.add.at(self.const, np.asarray(rows), values)

    def matrix(self, n_cols: int) -> sp.csr_array:
        """The rows as a sparse matrix (duplicates summed, zeros dropped); the
        terms are handed over (the registry is empty afterwards)."""
        if not self.parts:
            return sp.csr_array((self.n_rows, n_cols))
        rows, cols, coefs = (np.concatenate(a) for a in zip(*self.parts))
        self.parts = []
        keep = (cols >= 0) & (coefs != 0)
        A = sp.coo_array((coefs[keep], (rows[keep], cols[keep])), shape=(self.n_rows, n_cols)).tocsr()
        A.sum_duplicates()
        return A


def _pyomo_bound(a: np.ndarray) -> np.ndarray:
    """Pyomo's form of a bound: the number, or None where there is none."""
    out = a.astype(object)
    out[~np.isfinite(a)] = None
    return out


class RowBlock(MatrixConstraint):
    """A Pyomo MatrixConstraint that also keeps the model-wide column number
    of each of its variables (`used`), its bounds as arrays and its array
    shape, for the hand-off and for duals.
    (`values`/`items`/`keys` are redefined because Pyomo 6.10's Mapping base
    does not accept the `sort` argument Block iteration passes.)"""

    def __init__(self, A: sp.csr_array, lower: np.ndarray, upper: np.ndarray, x: list, used: np.ndarray, shape: tuple):
        local = np.empty(used[-1] + 1 if len(used) else 0, dtype=np.int32)
        local[used] = np.arange(len(used), dtype=np.int32)
        local = local[A.indices]
        super().__init__(A.data, local, A.indptr, _pyomo_bound(lower), _pyomo_bound(upper), x)
        self.used, self.lower_array, self.upper_array, self.array_shape = used, lower, upper, shape

    def global_rows(self, n_columns: int) -> sp.csr_array:
        """The rows with the model's column numbers."""
        return sp.csr_array((self._A_data, self.used[self._A_indices], self._A_indptr), shape=(len(self), n_columns))

    def values(self, *args, **kwargs):
        return iter(self._data)

    def keys(self, *args, **kwargs):
        return iter(range(len(self._data)))

    def items(self, *args, **kwargs):
        return enumerate(self._data)


@dataclass
class Investment:
    """A candidate's capacity variable and its annualised cost per unit."""

    name: str
    kind: str
    where: str
    unit: str
    var: Lin
    annual_cny_per_unit: float


@dataclass
class Context:
    """Everything a formulation module needs, passed as one object.

    Registries (rows numbered as `zone_rows` / `area_rows` give them):
    balance (zone, step) injections, MW; reserve (step) upward reserve, MW;
    heat (heat area, step) heat supply, MWth; cost (one row) CNY; emissions
    coal_tce and co2_t (one row each) over the horizon.
    """

    system: System
    horizon: Horizon
    m: pyo.ConcreteModel = field(default_factory=pyo.ConcreteModel)
    columns: list = field(default_factory=list)  # every Pyomo VarData, by column number
    col_lower: list = field(default_factory=list)  # flat arrays, one per variable block
    col_upper: list = field(default_factory=list)
    vars: dict = field(default_factory=dict)  # name -> Lin of the variable block
    investments: list[Investment] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._steps: dict = {}
        s, T = self.system, self.horizon.n
        self.zones = s.internal_zones + s.external_zones
        self.areas = self.table("heat_areas")["heat_area"].tolist()
        self.balance = Terms(len(self.zones) * T)
        self.reserve = Terms(T)
        self.heat = Terms(len(self.areas) * T)
        self.cost = Terms(1)
        self.emissions = {"coal_tce": Terms(1), "co2_t": Terms(1)}

    # ------------------------------------------------------------ settings
    @property
    def expanding(self) -> bool:
        return self.system.scenario.expansion.enabled

    @property
    def planning(self) -> bool:
        """Remedy mode choosing capacities (not checking given ones)."""
        return self.expanding and not self.system.scenario.expansion.fixed

    @property
    def feasibility_remedy(self) -> bool:
        """Remedy mode pricing the cost of meeting the criteria: no revenue
        beyond the base dispatch's (see gridmodel/remedy.py)."""
        return self.expanding and self.system.scenario.expansion.remedy == "feasibility"

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

    @property
    def year_share(self) -> float:
        """Share of a year the horizon stands for: annual costs, allowances and
        caps are pro-rated by it."""
        return float(self.w.sum()) / self.system.hours_in_year

    def limit_share(self, key: str):
        """Share of an annual limit (`key` as in Carry.shares) this horizon
        gets: a window's given share, else year_share."""
        carry = self.horizon.carry
        return carry.shares[key] if carry is not None and key in carry.shares else self.year_share

    # ---------------------------------------------------------------- data
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
        at = frame.columns.get_indexer(cols)
        if (at < 0).any():
            raise KeyError(f"no series {[c for c, j in zip(cols, at) if j < 0]}")
        key = id(frame.index)  # positions of the horizon's steps, found once per series index (.loc each time was a third of the extraction)
        if key not in self._steps:
            self._steps[key] = frame.index.get_indexer(self.horizon.index)
        return frame.to_numpy(dtype=float)[np.ix_(self._steps[key], at)].T

    def zone_rows(self, zones) -> np.ndarray:
        """Balance row numbers of items in `zones`, shape (items x steps)."""
        return self._rows_at(self.zones, zones)

    def area_rows(self, areas) -> np.ndarray:
        """Heat balance row numbers of items in heat `areas`, shape (items x steps)."""
        return self._rows_at(self.areas, areas)

    def _rows_at(self, names: list, items) -> np.ndarray:
        """Row name x steps + step of each item's `names` entry, per step."""
        pos = {name: i for i, name in enumerate(names)}
        return np.array([pos[x] for x in items], dtype=np.int64).reshape(-1, 1) * self.horizon.n + np.arange(self.horizon.n)

    # ------------------------------------------------------- model parts
    def var(self, name: str, n_items: int | None, ub=None, lb: float | None = 0.0, steps: int | None = None) -> Lin:
        """A block of variables, one per (item, step), bounded by [lb, ub]; `ub`
        is a scalar, one value per item, or an (items x steps) array. With
        `n_items` None, a single variable. `steps` defaults to the horizon's."""
        shape = () if n_items is None else (n_items, self.horizon.n if steps is None else steps)
        index = [range(k) for k in shape]
        v = pyo.Var(*index, dense=True, bounds=(lb, None))
        setattr(self.m, name, v)
        size = int(np.prod(shape))
        upper = np.asarray(np.inf if ub is None else ub, dtype=float)
        upper = np.broadcast_to(upper[:, None] if upper.ndim == 1 else upper, shape).ravel()
        datas = list(v._data.values()) if shape else [v]  # a dense Var's data in index order, without a lookup per element
        for data, x in zip(datas, upper.tolist()):
            if x != np.inf:
                data._ub = x  # what VarData.setub stores for a number, without its checks (a third of the build)
        block = Lin.block(len(self.columns), shape)
        self.columns.extend(datas)
        self.col_lower.append(np.full(size, -np.inf if lb is None else float(lb)))
        self.col_upper.append(upper.astype(float))
        self.vars[name] = block
        return block

    def rows(self, name: str, rows: Rows | Terms, lower=None, upper=None) -> None:
        """A family of rows as a Pyomo MatrixConstraint: `rows` from comparing
        Lin arrays, or a registry with its bounds (right-hand sides)."""
        if isinstance(rows, Rows):
            shape = rows.expr.shape
            terms = Terms(int(np.prod(shape)))
            terms.add(rows.expr, np.arange(terms.n_rows).reshape(shape))
            lower, upper = rows.lower.ravel(), rows.upper.ravel()
        else:
            terms, shape = rows, (rows.n_rows,)
        if terms.n_rows == 0:
            return
        full = lambda b, fill: np.broadcast_to(np.asarray(fill if b is None else b, dtype=float), (terms.n_rows,)) - terms.const  # noqa: E731
        A = terms.matrix(len(self.columns))
        used = np.flatnonzero(np.bincount(A.indices, minlength=len(self.columns)))
        x = tuple(map(self.columns.__getitem__, used.tolist()))
        block = RowBlock(A, full(lower, -np.inf), full(upper, np.inf), x, used, shape)
        setattr(self.m, name, block)

    def invest(self, row, unit: str, max_units: float, capex_cny_per_unit: float) -> Lin:
        """A capacity variable for a candidate, its annualised cost charged for
        the share of a year the horizon stands for; fixed at `max_units`, free
        of cost, when a given remedy is being checked."""
        fixed = self.system.scenario.expansion.fixed
        var = self.var(f"Invest_{len(self.investments)}_{unit}", None, ub=float(max_units), lb=float(max_units) if fixed else 0.0)
        r = self.system.scenario.expansion.discount_rate
        n = row.lifetime_years
        crf = 1.0 / n if r == 0 else r * (1 + r) ** n / ((1 + r) ** n - 1)
        annual = capex_cny_per_unit * (crf + row.fom_pu_per_year)
        self.investments.append(Investment(row.name, row.kind, row.zone or row.target, unit, var, annual))
        if not fixed:
            self.cost.add(var * (annual * self.year_share))
        return var

    def invest_mw(self, cand: pd.DataFrame, capex_cny_per_mw=None) -> Lin:
        """One capacity variable (MW) per candidate row, as an array
        (candidates,); capex defaults to the rows' capex_cny_per_kw."""
        if cand.empty:
            return Lin(np.zeros((0, 1)), np.zeros((0, 1), dtype=np.int64))
        capex = cand["capex_cny_per_kw"].to_numpy() * 1e3 if capex_cny_per_mw is None else capex_cny_per_mw
        return stack([self.invest(row, "MW", row.max_mw, c) for row, c in zip(cand.itertuples(index=False), capex)])

    def add_cost_series(self, var: Lin, coef_per_h) -> None:
        """Cost coef_per_h[item] x weight for var[item, t] over every step."""
        self.cost.add(var * (np.asarray(coef_per_h, dtype=float).reshape(-1, 1) * self.w))


def carried(ctx: Context, x: Lin, name: str, ub) -> Lin:
    """The value of variable block `x` (items x steps) before each step:
    x[:, prev], except with a carry, where the first step follows the state
    before the window (a variable `name`_Start fixed to carry.start[name]),
    and the last step holds carry.end[name] if given."""
    before, carry = x[:, ctx.horizon.prev], ctx.horizon.carry
    if carry is None or name not in carry.start:
        return before
    start = ctx.var(f"{name}_Start", x.shape[0], ub=ub, steps=1)
    ctx.rows(f"{name}_Start_Constraint", start[:, 0] == carry.start[name])
    if name in carry.end:
        ctx.rows(f"{name}_End_Constraint", x[:, ctx.horizon.n - 1] == carry.end[name])
    col = before.col.copy()
    col[:, 0] = start.col[:, 0]
    return Lin(before.coef, col)


def stack(parts: list[Lin]) -> Lin:
    """Lin arrays of one shape (e.g. single investment variables) stacked on a new first axis."""
    k = max(p.coef.shape[-1] for p in parts)

    def pad(a: np.ndarray, fill) -> np.ndarray:
        return np.concatenate([a, np.full(a.shape[:-1] + (k - a.shape[-1],), fill, dtype=a.dtype)], axis=-1)

    return Lin(np.stack([pad(p.coef, 0.0) for p in parts]), np.stack([pad(p.col, -1) for p in parts]))


def add_rows(ctx: Context) -> None:
    """Build the balance rows once every module has registered its terms."""
    s = ctx.system
    load = np.zeros((len(ctx.zones), ctx.horizon.n))
    load[: len(s.internal_zones)] = ctx.hourly(s.load_mw, s.internal_zones)
    ctx.rows("Balance_MW", ctx.balance, lower=load.ravel(), upper=load.ravel())
    heat = ctx.hourly(s.heat_demand_mw_th, ctx.areas).ravel()
    ctx.rows("Heat_Balance_MWth", ctx.heat, lower=heat, upper=heat)
    if ctx.reserve.parts:
        ctx.rows("Reserve_MW", ctx.reserve, lower=0.0)
    c = ctx.cost.matrix(len(ctx.columns))
    ctx.objective = c  # (1 x columns): the cost of each column, CNY
    expr = LinearExpression(constant=float(ctx.cost.const[0]), linear_coefs=c.data.tolist(), linear_vars=[ctx.columns[j] for j in c.indices.tolist()])
    ctx.m.Cost_CNY = pyo.Objective(expr=expr, sense=pyo.minimize)
