"""A technology declared once: its input table, its result tables' columns,
its part of the report's supply stack and its capacity for
`capacity_totals_mw`, the levels and state it carries in time and the
annual limits it holds. Each technology's module in this package exports
`TECHNOLOGY`; schema.py, inputs.py, dictionary.py, report.py, results.py,
resolve.py, gridmodel/windows (what a window carries, the coarse year, the
joined year) and model/levels.py (typical days linked) read the
declarations (technologies/__init__.py lists them), and the formulation
module of the same name in model/ builds its part of the LP, with the hooks
a declaration names (a level's `parameters`, a limit's `coarse_use`,
`window_use` and `year_cost`, `year_totals`, `resize`).

Light on purpose (pydantic, no Pyomo, nothing from model/): the input layer,
the report and the data dictionary read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Table:
    """An input table: its name (the CSV's key in `tables:` of a scenario),
    the pydantic row schema (fields with units and descriptions) and what
    the table holds (the scenario file's field description)."""

    name: str
    row: type
    description: str


@dataclass(frozen=True)
class Supply:
    """A part of the report's hourly supply stack: `column` of result `table`
    summed over the system per hour (only rows whose `technology` column is
    `technology`, if given), a source (sign +1) or a sink (sign -1). `layer`
    places it in the stack, from zero outwards: firm supply first (thermal 0,
    hydro 1, wind and solar 2), then storage 3, trade 4, demand response 5,
    unserved load 6, other loads 7. `renewable`: counts in the renewable
    shares (of generation, of exports)."""

    label: str
    table: str
    column: str
    colour: str
    layer: int
    technology: str | None = None
    sign: float = 1.0
    renewable: bool = False

    @property
    def generation(self) -> bool:
        """Electric output of generators (column p_mw): the KPI `<label>_mwh`."""
        return self.column == "p_mw"


@dataclass(frozen=True)
class Level:
    """A level carried in time: the LP variable block `var` (items x steps,
    e.g. the energy in a store, MWh) before each step is the one after the
    step before (model/levels.before). A window of a year carries it in and
    out, and the coarse year gives it at the start of every day (gridmodel/windows).
    `prefix` names its other variables and rows (the window's start level
    `<var>_Start`, the typical-day links `<prefix>_Day_Start_MWh`, ...).

    `linked`: the name under which the module provides (ctx.provide) which
    items carry energy across typical days (model/levels.linked_across_days,
    from their hours of energy); None: cyclic within each typical day.

    For the KPIs and the invariants, `table` is the result table with one row
    per item (column `item`) and step: the level at the end of the step
    (`column`), the most it holds (`capacity`), its charge power and power
    rating, what it takes in (`charge`, before the charging efficiency) and
    gives back (`discharge`, after the discharging efficiency); `kind` the
    column telling items apart in the KPIs (`<kind>_charge_mwh`, ...), the
    technology's capacity_totals being its values. The formulation module
    has `parameters(ctx)`: the items in the variable's order, columns name,
    eta_charge, eta_discharge, self_discharge_pu_per_h and hours (energy
    over power at full size), for the checks of

        level[t] = (1 - self_discharge) level[t-1] + eta_charge charge[t] - discharge[t] / eta_discharge
    """

    var: str
    prefix: str
    linked: str | None = None
    table: str | None = None
    item: str = "unit"
    kind: str | None = "technology"
    column: str = "soc_mwh"
    capacity: str = "energy_mwh"
    power: str = "power_mw"
    charge: str = "charge_mw"
    discharge: str = "discharge_mw"

    @property
    def day_start(self) -> str:
        """Variable of the linked items' level at the start of every day of the year."""
        return f"{self.prefix}_Day_Start_MWh"


@dataclass(frozen=True)
class State:
    """A variable (items x steps) whose value at the end of a window the next
    window starts from (`start`: carried in, core.carried), and which the
    last step of a window leads into where the next step is already solved
    (Carry.after, e.g. thermal.lead_into). `provided`: the ctx.need name of
    its whole block when the variable is placed over some items only (e.g.
    start-ups of the clusters whose start-ups cost). A start-up has
    `start` False: only what a window's last step leads into."""

    var: str
    provided: str | None = None
    start: bool = True


@dataclass(frozen=True)
class Limit:
    """An annual limit a windowed year shares out over its hours
    (gridmodel/windows): `key` as Context.limit_share and Carry.shares name
    it. `monthly`: its groups are (item, budget month of the run), a window
    given its months' (model/hydro.py).

    The formulation module computes it (gridmodel/windows finds the module
    through model/modules.MODULES):
    `coarse_use(ctx, key, tables, sequence, exact)`: from the coarse year's
    result tables (typical days; `sequence` the typical day of every day of
    the run, `exact` when every day is its own), (use per group and day of
    the run, annual value per group, the one LP's share of each group at each
    hour: groups x hours), or None when the run has none of it;
    `window_use(key, tables, n_hours, system)`: what a window's kept hours
    used of each group at each hour (groups x hours), from its result tables;
    optionally `year_cost(ctx, key, kpis)`: what the joined year adds to the
    objective for it once (a cap's excess), CNY."""

    key: str
    monthly: bool = False


@dataclass(frozen=True)
class Rule:
    """An operating rule whose penalised slack is judged as a criterion
    (results.rule_criteria): its `name` and meaning, the result `table` and
    slack `column` (MW each hour, a deviation either way counting; or MWh
    over the horizon where `hourly` is False), the column naming the item
    (`label`), and the column that says the rule is in use (`used`; None:
    any row)."""

    name: str
    description: str
    table: str
    column: str
    label: str | None = None
    used: str | None = None
    hourly: bool = True


@dataclass(frozen=True)
class Technology:
    """What the rest of the package needs to know about one technology.

    `outputs`: result table -> column -> meaning (the data dictionary).
    `capacity`: keys of `capacity_totals_mw` this table's rows answer to
    (its `technology` column's values, or the table's name if it has none),
    the capacity column they scale, and columns scaled with it (a store's
    energy keeps its duration, a hydro plant's annual energy its full-load
    hours); how a re-solve moves the LP's bounds when a capacity changes is
    the formulation module's `resize` (resolve.py).
    `check(system, errors)`: rules across rows and tables the row schema
    cannot state (inputs.check_references calls it once the references are
    checked).

    `more_tables`: input tables beside `table` that only this technology reads.

    `levels`, `states`: what a window of a year carries (Level, State);
    `limits`: its annual limits (Limit); `rules`: the operating rules whose
    slack the verdict judges (Rule). A formulation module whose joined
    (windowed) year must recompute a result table from the hourly ones (a
    window's own counts its look-ahead) has `year_totals(ctx, tables)`."""

    name: str
    table: Table | None = None
    more_tables: tuple[Table, ...] = ()
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    supply: tuple[Supply, ...] = ()
    capacity_totals: tuple[str, ...] = ()
    capacity_column: str = "capacity_mw"
    scaled_with: tuple[str, ...] = ()
    check: Callable | None = None
    levels: tuple[Level, ...] = ()
    states: tuple[State, ...] = ()
    limits: tuple[Limit, ...] = ()
    rules: tuple[Rule, ...] = ()


def supply_parts(technologies) -> list[Supply]:
    """The technologies' supply parts in stack order: sources, then sinks,
    each from the firm layers outwards."""
    return sorted((part for t in technologies for part in t.supply), key=lambda part: (part.sign < 0, part.layer))


def carrying(technologies, column: str) -> list[str]:
    """Result tables whose declared columns include `column` (e.g. co2_t)."""
    return [table for t in technologies for table, cols in t.outputs.items() if column in cols]


def stored_kinds(technologies) -> list[tuple]:
    """(level, kind) of every declared level with a result table: the KPIs
    `<kind>_discharge_mwh` and `<kind>_charge_mwh` each, kind being a value
    of the level's `kind` column (the technology's capacity_totals), or the
    technology's name for a level without one."""
    return [(level, kind) for t in technologies for level in t.levels if level.table for kind in (t.capacity_totals if level.kind else (t.name,))]


def levels(technologies) -> list[Level]:
    """Every declared level, in build order."""
    return [level for t in technologies for level in t.levels]


def states(technologies) -> list[State]:
    """Every declared state, in build order."""
    return [state for t in technologies for state in t.states]


def limits(technologies) -> list[Limit]:
    """Every declared annual limit, in build order."""
    return [limit for t in technologies for limit in t.limits]
