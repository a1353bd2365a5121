"""Re-solve without rebuilding: a sweep that changes only capacities or caps.

The model is built, compiled and passed to HiGHS once. A capacity or a cap
enters the LP only as a column bound or a row bound, so a change is written
into the Highs object in place (changeColsBounds / changeRowsBounds) and HiGHS
re-solves from its last basis. What each parameter moves (each technology's
`resize`, declared in its model module):

    renewables capacity   ub of Renewable_Power_MW = avail x capacity
    links capacity        ub of Flow_Forward_MW and Flow_Backward_MW
    storage power         ub of charge, discharge, reserve; rhs of Storage_Reserve_Power
    storage energy        ub of Storage_SOC_MWh (and of the linked day levels,
                          rhs of Storage_Day_Max, over representative days)
    criteria cap          rhs of Cap_coal_tce / Cap_co2_t (pro-rated to the horizon)

Remedy mode (capacities as investment variables) is not covered: there the
limits are rows with variable terms.
"""

from __future__ import annotations

import time
from dataclasses import replace

import highspy
import numpy as np

from .errors import SolverError
from .inputs import System
from .model.build import build_model
from .model.core import Horizon
from .model.policy import CAPS
from .model.modules import MODULES
from .periods import system_and_horizon
from .results import Result, collect
from .solve import Solution, compile_matrix, highs_options, to_highs
from .technologies import TECHNOLOGIES


class Resolver:
    """A model kept in HiGHS; change capacities and caps, then `solve()` again."""

    def __init__(self, system: System, horizon: Horizon | None = None):
        if system.scenario.expansion.enabled:
            raise ValueError("re-solve covers dispatch mode only (remedy mode makes capacities variables)")
        system = replace(system, tables=dict(system.tables), scenario=system.scenario.model_copy(deep=True))  # changed in place below
        if horizon is None:
            system, horizon = system_and_horizon(system)
        self.ctx = build_model(system, horizon)
        self.matrix = compile_matrix(self.ctx)
        self.highs = to_highs(self.matrix, highs_options(self.ctx))
        self.resizers = {(m.TECHNOLOGY.table or m.TECHNOLOGY).name: m.resize for m in MODULES if hasattr(m, "resize")}
        self.capacity_columns = {t.table.name: t.capacity_column for t in TECHNOLOGIES if t.table is not None}

    # ------------------------------------------------------------ in place
    def set_upper(self, name: str, item: int, upper) -> None:
        """Upper bound of variable block `name`[item, t] over every step (scalar or array)."""
        cols = self.matrix.position[self.ctx.vars[name].columns[item]]
        upper = np.broadcast_to(np.asarray(upper, dtype=float), cols.shape)
        keep = cols >= 0
        cols, upper = cols[keep].astype(np.int32), upper[keep]
        self.highs.changeColsBounds(len(cols), cols, self.matrix.col_lower[cols], upper)
        self.matrix.col_upper[cols] = upper

    def set_row_upper(self, name: str, item: int, upper) -> None:
        """Upper bound (rhs) of row family `name`'s rows for one item (every
        step or day), or of its single row."""
        start, shape = self.matrix.families[name]
        per_item = shape[-1] if len(shape) > 1 else int(np.prod(shape))
        rows = (start + item * per_item + np.arange(per_item)).astype(np.int32)
        upper = np.broadcast_to(np.asarray(upper, dtype=float), rows.shape)
        self.highs.changeRowsBounds(len(rows), rows, self.matrix.row_lower[rows], upper)
        self.matrix.row_upper[rows] = upper

    # ---------------------------------------------------------- parameters
    def set_capacity(self, table: str, name: str, value: float, column: str | None = None) -> None:
        """Set a capacity of one row of an input table (renewables, links:
        capacity_mw; storage: power_mw or energy_mwh) and move its bounds."""
        tables = self.ctx.system.tables
        df = tables[table]
        i = int(np.flatnonzero(df["name"].to_numpy() == name)[0])
        if table not in self.resizers:
            raise ValueError(f"re-solve cannot change table {table!r} (only {', '.join(self.resizers)})")
        column = column or self.capacity_columns.get(table, "capacity_mw")
        df = df.copy()
        df.loc[i, column] = value
        tables[table] = df  # the results read capacities from the tables
        self.resizers[table](self, i, column, value)

    def set_cap(self, key: str, value: float) -> None:
        """Set a policy cap (criteria.max_coal_tce or max_co2_t), per year."""
        scenario = self.ctx.system.scenario
        setattr(scenario.criteria, CAPS[key], value)
        self.set_row_upper(f"Cap_{key}_Constraint", 0, value * self.ctx.year_share)

    # --------------------------------------------------------------- solve
    def solve(self) -> Result:
        """Re-solve (warm from the last basis) and collect the results."""
        t0 = time.perf_counter()
        self.highs.run()
        t1 = time.perf_counter()
        status = self.highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise SolverError(f"HiGHS did not find an optimal solution: {self.highs.modelStatusToString(status)}")
        x = self.highs.getSolution()
        sol = Solution(
            self.ctx,
            np.asarray(x.col_value),
            np.asarray(x.row_dual),
            self.matrix,
            self.highs.getInfo().objective_function_value,
            self.highs.modelStatusToString(status),
            {"solve_s": t1 - t0},
        )
        result = collect(self.ctx, sol)
        result.timings_s["extract_s"] = time.perf_counter() - t1
        return result
