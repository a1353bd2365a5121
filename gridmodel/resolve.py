"""Re-solve without rebuilding: a sweep that changes only capacities or caps.

The model is built, compiled and passed to HiGHS once. A capacity or a cap
enters the LP only as a column bound or a row bound, so a change is written
into the Highs object in place (changeColsBounds / changeRowsBounds) and HiGHS
re-solves from its last basis. What each parameter moves:

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
from .model.renewables import available_mw
from .periods import horizon_for
from .results import Result, collect
from .solve import Solution, compile_matrix, highs_options, to_highs


class Resolver:
    """A model kept in HiGHS; change capacities and caps, then `solve()` again."""

    def __init__(self, system: System, horizon: Horizon | None = None):
        if system.scenario.expansion.enabled:
            raise ValueError("re-solve covers dispatch mode only (remedy mode makes capacities variables)")
        system = replace(system, tables=dict(system.tables), scenario=system.scenario.model_copy(deep=True))  # changed in place below
        self.ctx = build_model(system, horizon or horizon_for(system))
        self.matrix = compile_matrix(self.ctx)
        self.highs = to_highs(self.matrix, highs_options(self.ctx))

    # ------------------------------------------------------------ in place
    def _columns(self, var, item: int) -> np.ndarray:
        n = self.ctx.horizon.n
        datas = list(var.values())[item * n : (item + 1) * n]
        return np.fromiter((self.matrix.col_of.get(id(v), -1) for v in datas), dtype=np.int32, count=len(datas))

    def set_upper(self, var, item: int, upper) -> None:
        """Upper bound of var[item, t] over every step (scalar or array)."""
        cols = self._columns(var, item)
        upper = np.broadcast_to(np.asarray(upper, dtype=float), cols.shape)
        keep = cols >= 0
        cols, upper = cols[keep], upper[keep]
        self.highs.changeColsBounds(len(cols), cols, self.matrix.col_lower[cols], upper)
        self.matrix.col_upper[cols] = upper

    def set_row_upper(self, con, keys: list, upper) -> None:
        """Upper bound (rhs) of constraint rows `con[key]`, shifted by the
        constant the compiler moved out of the row."""
        rows = np.array([self.matrix.row_of[id(con[k])] for k in keys], dtype=np.int32)
        shift = np.asarray([con[k].upper for k in keys], dtype=float) - self.matrix.row_upper[rows]
        upper = np.broadcast_to(np.asarray(upper, dtype=float), rows.shape) - shift
        self.highs.changeRowsBounds(len(rows), rows, self.matrix.row_lower[rows], upper)
        self.matrix.row_upper[rows] = upper

    # ---------------------------------------------------------- parameters
    def set_capacity(self, table: str, name: str, value: float, column: str | None = None) -> None:
        """Set a capacity of one row of an input table (renewables, links:
        capacity_mw; storage: power_mw or energy_mwh) and move its bounds."""
        tables = self.ctx.system.tables
        df = tables[table]
        i = int(np.flatnonzero(df["name"].to_numpy() == name)[0])
        column = column or {"storage": "power_mw"}.get(table, "capacity_mw")
        df = df.copy()
        df.loc[i, column] = value
        tables[table] = df  # the results read capacities from the tables
        m, n = self.ctx.m, self.ctx.horizon.n
        if table == "renewables":
            self.set_upper(m.Renewable_Power_MW, i, available_mw(self.ctx)[i])
        elif table == "links":
            for var in (m.Flow_Forward_MW, m.Flow_Backward_MW):
                self.set_upper(var, i, value)
        elif table == "storage" and column == "power_mw":
            for var in (m.Storage_Charge_MW, m.Storage_Discharge_MW, m.Storage_Reserve_MW):
                self.set_upper(var, i, value)
            self.set_row_upper(m.Storage_Reserve_Power_Constraint, [(i, t) for t in range(n)], value)
        elif table == "storage" and column == "energy_mwh":
            self.set_upper(m.Storage_SOC_MWh, i, value)
            if self.ctx.horizon.sequence is not None:
                self._set_day_energy(i, value)
        else:
            raise ValueError(f"re-solve cannot change {table}.{column}")

    def _set_day_energy(self, i: int, value: float) -> None:
        m = self.ctx.m
        days = range(len(self.ctx.horizon.sequence))
        cols = np.array([self.matrix.col_of[id(m.Storage_Day_Start_MWh[i, d])] for d in days], dtype=np.int32)
        self.highs.changeColsBounds(len(cols), cols, self.matrix.col_lower[cols], np.full(len(cols), value))
        self.matrix.col_upper[cols] = value
        self.set_row_upper(m.Storage_Day_Max_Constraint, [(i, d) for d in days], value)

    def set_cap(self, key: str, value: float) -> None:
        """Set a policy cap (criteria.max_coal_tce or max_co2_t), per year."""
        scenario = self.ctx.system.scenario
        setattr(scenario.criteria, CAPS[key], value)
        con = getattr(self.ctx.m, f"Cap_{key}_Constraint")
        self.set_row_upper(con, [None], value * self.ctx.year_share)

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
            self.matrix.col_of,
            self.matrix.row_of,
            self.highs.getInfo().objective_function_value,
            self.highs.modelStatusToString(status),
            {"solve_s": t1 - t0},
        )
        result = collect(self.ctx, sol)
        result.timings_s["extract_s"] = time.perf_counter() - t1
        return result
