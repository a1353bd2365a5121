"""The context object every formulation module adds to, and its hand-off to
Pyomo: variables are ordinary indexed Pyomo Vars, each with a block of column
numbers; families of rows become Pyomo MatrixConstraints (`RowBlock`, in
pyomo_layer.py) built from sparse arrays in one go instead of one expression object per row (about
10 us each, which made the model layer a sizeable share of the solve), so the
hand-off to HiGHS reads the rows as they are.

Why a registry: each module (renewables, thermal, storage, ...) registers its
injections into the zonal balance, its contributions to the reserve and heat
balances and its cost terms; the balance rows are then built once.

The layers below: arrays.py (the expression algebra, no Pyomo), horizon.py
(the time steps), pyomo_layer.py (the workarounds on Pyomo's internals); the
technologies are declared in gridmodel/technologies/ (below the input layer),
the modules' interface in modules.py (its error in interfaces.py).
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyomo.core as pyo  # the modelling layer only: pyomo.environ adds solver and writer plugins gridmodel never uses (~6 MB)
from pyomo.core.expr.numeric_expr import LinearExpression

from ..inputs import System
from ..schema import Penalties
from .arrays import Lin, Rows, Terms, stack
from .horizon import Carry, Horizon, carried
from .interfaces import InterfaceError, module_name
from .pyomo_layer import RowBlock
from .remedy_terms import NONE, RemedyTerms
from .prices import TIE_BREAK_CNY_PER_MWH

__all__ = ["Carry", "Context", "Horizon", "Investment", "Lin", "RowBlock", "Rows", "TIE_BREAK_CNY_PER_MWH", "Terms", "add_rows", "carried", "stack"]


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

    Registries (rows numbered as `zone_rows` / `area_rows` / `reserve_rows` give them):
    balance (zone, step) injections, MW; reserve (reserve area, step) upward
    reserve, MW, the areas being the whole system or each province (reserve.by_province);
    heat (heat area, step) heat supply, MWth; cost (one row) CNY; emissions
    coal_tce and co2_t (one row each) over the horizon, of the judged zones (`judged`).
    """

    system: System
    horizon: Horizon
    m: pyo.ConcreteModel = field(default_factory=pyo.ConcreteModel)
    columns: list = field(default_factory=list)  # every Pyomo VarData, by column number
    col_lower: list = field(default_factory=list)  # flat arrays, one per variable block
    col_upper: list = field(default_factory=list)
    vars: dict = field(default_factory=dict)  # name -> Lin of the variable block
    investments: list[Investment] = field(default_factory=list)
    provided: dict = field(default_factory=dict)  # what modules publish for each other (provide / need)
    module: object = None  # the formulation module building or extracting now (see `within`)
    terms: RemedyTerms = NONE  # what a remedy gives beside the inputs (remedy_terms.py)

    def __post_init__(self) -> None:
        self._steps: dict = {}
        s, T = self.system, self.horizon.n
        self.zones = s.internal_zones + s.external_zones
        self.areas = self.table("heat_areas")["heat_area"].tolist()
        self.balance = Terms(len(self.zones) * T)
        self.reserve_areas = pd.unique(s.provinces).tolist() if s.scenario.reserve.by_province else ["system"]
        self.reserve = Terms(len(self.reserve_areas) * T)
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
        """Hours each step stands for, as a row (1 x steps): it meets items x
        steps arrays with its axis stated (see model/arrays.aligned)."""
        return self.horizon.weight_h[None, :]

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

    def reserve_area_zones(self, area: str) -> list[str]:
        """The internal zones whose load and units a reserve area's requirement and headroom count."""
        provinces = self.system.provinces
        return provinces[provinces == area].index.tolist() if self.system.scenario.reserve.by_province else self.system.internal_zones

    def reserve_area_of(self, zones) -> np.ndarray:
        """Position in `reserve_areas` of each item's area: the system, or with
        reserve.by_province its zone's province (internal zones only: external
        ones hold none)."""
        of = self.system.provinces if self.system.scenario.reserve.by_province else dict.fromkeys(self.system.internal_zones, "system")
        pos = {area: i for i, area in enumerate(self.reserve_areas)}
        return np.array([pos[of[z]] for z in zones], dtype=np.int64)

    def reserve_rows(self, zones) -> np.ndarray:
        """Reserve row numbers (area x steps + step) of items in `zones`, shape (items x steps)."""
        return self.reserve_area_of(zones)[:, None] * self.horizon.n + np.arange(self.horizon.n)

    def add_reserve_constant(self, values, zones) -> None:
        """Constant headroom (MW, one value per item in `zones`) on its reserve
        area's rows, every step: summed over each area's items first."""
        values, area, T = np.asarray(values, dtype=float), self.reserve_area_of(zones), self.horizon.n
        for i in np.unique(area):
            self.reserve.add_constant(values[area == i].sum(), i * T + np.arange(T))

    def judged(self, zones) -> np.ndarray:
        """Whether each item's zone is one the verdict is about (criteria.province): caps and the curtailment limit count only those."""
        return np.isin(np.asarray(zones), self.system.judged_zones)

    def _rows_at(self, names: list, items) -> np.ndarray:
        """Row name x steps + step of each item's `names` entry, per step."""
        pos = {name: i for i, name in enumerate(names)}
        return np.array([pos[x] for x in items], dtype=np.int64).reshape(-1, 1) * self.horizon.n + np.arange(self.horizon.n)

    # --------------------------------------------------- module interface
    @contextmanager
    def within(self, module):
        """Run a module's build or extract: what it provides and needs is
        checked against its PROVIDES and NEEDS (model/modules.py)."""
        self.module = module
        try:
            yield
        finally:
            self.module = None

    def provide(self, name: str, value) -> None:
        """Publish `name` (e.g. "thermal.online_mw") for other modules; the
        providing module declares it in PROVIDES."""
        if self.module is not None and name not in getattr(self.module, "PROVIDES", ()):
            raise InterfaceError(f"{module_name(self.module)} provides {name!r} without declaring it in PROVIDES")
        self.provided[name] = value

    def need(self, name: str):
        """What a module provided under `name`; a module reading it declares
        it in NEEDS (or PROVIDES, for its own). Outside a module (windows/,
        resolve.py) any provided name can be read."""
        m = self.module
        if m is not None and name not in (*getattr(m, "NEEDS", ()), *getattr(m, "PROVIDES", ())):
            raise InterfaceError(f"{module_name(m)} reads {name!r} without declaring it in NEEDS")
        if name not in self.provided:
            raise InterfaceError(f"{name!r} is not provided (yet): no module built so far provides it")
        return self.provided[name]

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
