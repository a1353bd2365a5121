"""Hand the Pyomo model to HiGHS in memory and read the solution back as arrays.

Route: Pyomo's LinearStandardFormCompiler (mixed form) -> scipy CSC matrix ->
highspy.passModel. No LP file. A non-optimal result raises SolverError.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import highspy
import numpy as np
import pandas as pd
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from .errors import SolverError
from .model.core import Context

INF = highspy.kHighsInf


@dataclass
class Solution:
    """Primal values and row duals, addressed by Pyomo component."""

    ctx: Context
    col_value: np.ndarray
    row_dual: np.ndarray
    col_pos: dict
    row_pos: dict
    objective_cny: float
    status: str
    timings_s: dict = field(default_factory=dict)

    def value(self, var) -> np.ndarray:
        """Values of an indexed (item, step) variable as an (items x steps) array."""
        pos = np.fromiter((self.col_pos.get(id(v), -1) for v in var.values()), dtype=np.int64, count=len(var))
        out = np.where(pos >= 0, self.col_value[np.maximum(pos, 0)], 0.0)
        return out.reshape(-1, self.ctx.horizon.n) if len(var) else np.zeros((0, self.ctx.horizon.n))

    def scalar(self, var) -> float:
        pos = self.col_pos.get(id(var))
        return float(self.col_value[pos]) if pos is not None else 0.0

    def dual(self, con) -> np.ndarray:
        """Duals of an indexed constraint, in index order (CNY per unit of rhs)."""
        pos = np.fromiter((self.row_pos.get(id(c), -1) for c in con.values()), dtype=np.int64, count=len(con))
        return np.where(pos >= 0, self.row_dual[np.maximum(pos, 0)], 0.0)

    def long_table(self, items: pd.DataFrame, **values: np.ndarray) -> pd.DataFrame:
        """A tidy table: one row per (item, step), item columns then values."""
        n = self.ctx.horizon.n
        k = len(items)
        out = {"timestamp": np.tile(self.ctx.horizon.index.to_numpy(), k)}
        for col in items.columns:
            out[col] = np.repeat(items[col].to_numpy(), n)
        for col, arr in values.items():
            out[col] = np.asarray(arr, dtype=float).reshape(k * n) if k else np.zeros(0)
        return pd.DataFrame(out)


def compile_matrix(ctx: Context):
    """The standard-form matrix of the model (mixed row senses)."""
    return LinearStandardFormCompiler().write(ctx.m, mixed_form=True)


def to_highs(repn, options: dict) -> highspy.Highs:
    """A Highs object holding the LP, built from numpy arrays."""
    cols = repn.columns
    lb = np.fromiter((-INF if v.lb is None else v.lb for v in cols), dtype=float, count=len(cols))
    ub = np.fromiter((INF if v.ub is None else v.ub for v in cols), dtype=float, count=len(cols))
    sense = np.fromiter((s for _, s in repn.rows), dtype=np.int8, count=len(repn.rows))
    rhs = np.asarray(repn.rhs, dtype=float)
    row_lb = np.where(sense == 1, -INF, rhs)
    row_ub = np.where(sense == -1, INF, rhs)
    c = np.asarray(repn.c.toarray()).ravel() if repn.c.shape[0] else np.zeros(len(cols))
    A = repn.A.tocsc()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(cols), len(rhs)
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = c, lb, ub
    lp.row_lower_, lp.row_upper_ = row_lb, row_ub
    lp.offset_ = float(repn.c_offset[0]) if len(repn.c_offset) else 0.0
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = len(cols), len(rhs)
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = A.indptr, A.indices, A.data
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    for key, value in options.items():
        h.setOptionValue(key, value)
    h.passModel(lp)
    return h


def highs_options(ctx: Context, log_file: str | None = None) -> dict:
    s = ctx.system.scenario.solver
    opts = {"time_limit": float(s.time_limit_s)}
    if s.threads:
        opts["threads"] = int(s.threads)
    if log_file:  # HiGHS writes its log only with output on; keep it off the console
        opts.update(output_flag=True, log_to_console=False, log_file=str(log_file))
    opts.update(s.options)
    return opts


def solve(ctx: Context, log_file: str | None = None) -> Solution:
    """Solve the model; raise SolverError unless HiGHS proves optimality."""
    t0 = time.perf_counter()
    repn = compile_matrix(ctx)
    h = to_highs(repn, highs_options(ctx, log_file))
    t1 = time.perf_counter()
    h.run()
    t2 = time.perf_counter()
    status = h.modelStatusToString(h.getModelStatus())
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise SolverError(f"HiGHS did not find an optimal solution: {status}")
    sol = h.getSolution()
    col_pos = {id(v): i for i, v in enumerate(repn.columns)}
    row_pos = {id(con): i for i, (con, _) in enumerate(repn.rows)}
    obj = h.getInfo().objective_function_value
    t3 = time.perf_counter()
    return Solution(
        ctx,
        np.asarray(sol.col_value),
        np.asarray(sol.row_dual),
        col_pos,
        row_pos,
        obj,
        status,
        {"handoff_s": t1 - t0, "solve_s": t2 - t1, "readback_s": t3 - t2},
    )
