"""Hand the Pyomo model to HiGHS in memory and read the solution back as arrays.

Route: the model's row families (Pyomo MatrixConstraints built by
`Context.rows`, which keep their sparse rows with model-wide column numbers)
are stacked into one matrix by columns (CSC) and passed to highspy as numpy arrays,
no LP file and no walk over expression objects. Columns keep the order in
which the modules declared the variables, block by block (as linopy does):
HiGHS's dual simplex takes ~13 % less time than with columns in order of
first appearance (5 zones x 8760 h: 31.4 s against 35.9 s). A non-optimal
result raises SolverError.
"""

from __future__ import annotations

import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import highspy
import numpy as np
import pandas as pd
import pyomo.core as pyo

from . import progress
from .basis import Basis, read_basis, start_from
from .errors import SolverError
from .jobs import solve_cores
from .model.arrays import Compressed, compress
from .model.core import Context, Lin, RowBlock
from .model.pyomo_layer import release, return_freed_memory
from .schema import SolverSettings

INF = highspy.kHighsInf
IIS_STRATEGY = int(highspy.IisStrategy.kIisStrategyFromLp) | int(highspy.IisStrategy.kIisStrategyIrreducible)
"""How HiGHS looks for an infeasible LP's conflict: from the LP (its default, 'light', finds only single rows whose bounds cross), reduced to an irreducible set."""


@dataclass
class Matrix:
    """The LP in matrix form: min c x + offset, row_lower <= A x <= row_upper,
    col_lower <= x <= col_upper. `position` is the matrix column of each model
    column (-1 for variables in no row and not in the objective, left out);
    `families` the first row and array shape of each row family."""

    A: Compressed  # by columns
    c: np.ndarray
    offset: float
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    position: np.ndarray
    families: dict  # name -> (first row, shape)

    def handed_off(self) -> None:
        """Drop what HiGHS holds its own copy of (the matrix, costs and bounds),
        keeping the map from model columns and row families to HiGHS's: all
        the solution needs (5 zones x 8760 h: 16 MB less under the solve's peak)."""
        self.A = self.c = self.col_lower = self.col_upper = self.row_lower = self.row_upper = None

    def positions(self, columns: np.ndarray) -> np.ndarray:
        """The matrix column of each model column (-1: no variable, or one left out of the matrix)."""
        return np.where(columns >= 0, self.position[np.maximum(columns, 0)], -1)


@dataclass
class Solution:
    """Primal values and row duals, addressed by variable block and row family."""

    ctx: Context
    col_value: np.ndarray
    row_dual: np.ndarray
    matrix: Matrix
    objective_cny: float
    status: str
    timings_s: dict = field(default_factory=dict)
    iterations: int = 0  # HiGHS's simplex iterations
    basis: Basis | None = None  # its optimal basis, if asked for (solve's keep_basis)
    cold_retries: int = 0  # 1 if a warm start failed in HiGHS and the LP was solved again cold (cold_retry)

    def value(self, var: str | Lin) -> np.ndarray:
        """Values of a variable block (by name or Lin), shaped as the block; 0
        for variables left out of the matrix."""
        return self._at((self.ctx.vars[var] if isinstance(var, str) else var).columns)

    def evaluate(self, expr: Lin) -> np.ndarray:
        """Values of an array of linear expressions (e.g. a pumped-hydro
        candidate's energy, duration x its power variable)."""
        return (expr.coef * self._at(expr.col)).sum(axis=-1)

    def _at(self, cols: np.ndarray) -> np.ndarray:
        """Values of model columns (-1: no variable, 0; a column left out of the matrix: 0)."""
        pos = self.matrix.positions(cols)
        return np.where(pos >= 0, self.col_value[np.maximum(pos, 0)], 0.0)

    def scalar(self, var: Lin) -> float:
        return float(self.value(var))

    def dual(self, name: str) -> np.ndarray:
        """Duals of a row family, shaped as the family (CNY per unit of rhs)."""
        start, shape = self.matrix.families[name]
        return self.row_dual[start : start + int(np.prod(shape))].reshape(shape)

    def long_table(self, items: pd.DataFrame, **values: np.ndarray) -> pd.DataFrame:
        """A tidy table: one row per (item, step), item columns then values."""
        n = self.ctx.horizon.n
        k = len(items)
        out = {"timestamp": np.tile(self.ctx.horizon.index.to_numpy(), k)}
        each = np.repeat(np.arange(k), n)
        for col in items.columns:
            out[col] = items[col].array.take(each)  # keeps the column's dtype (no per-string conversion)
        for col, arr in values.items():
            out[col] = np.asarray(arr, dtype=float).reshape(k * n) if k else np.zeros(0)
        return pd.DataFrame(out)


def compile_matrix(ctx: Context) -> Matrix:
    """The model as a matrix: the row families in declaration order, the
    columns that appear in a row or the objective."""
    blocks, families, entries, n_rows = [], {}, [], 0
    for con in ctx.m.component_objects(pyo.Constraint, active=True):
        if not isinstance(con, RowBlock):
            raise SolverError(f"constraint {con.name} was not built with Context.rows; the hand-off reads row families only")
        blocks.append(con)
        families[con.local_name] = (n_rows, con.array_shape)
        entries.append(con.entries(n_rows))
        n_rows += len(con)
    rows, cols, coefs = (np.concatenate(a) for a in zip(*entries))  # no zero coefficients (Terms.matrix drops them)
    n = len(ctx.columns)
    c = np.zeros(n)
    c[ctx.objective.indices] = ctx.objective.data
    used = (np.bincount(cols, minlength=n) > 0) | (c != 0)
    position = np.where(used, np.cumsum(used) - 1, -1)
    return Matrix(
        A=compress(rows, position[cols], coefs, (n_rows, int(used.sum())), by_columns=True),
        c=c[used],
        offset=float(ctx.cost.const[0]),
        col_lower=np.concatenate(ctx.col_lower)[used],
        col_upper=np.concatenate(ctx.col_upper)[used],
        row_lower=np.concatenate([b.lower_array for b in blocks]),
        row_upper=np.concatenate([b.upper_array for b in blocks]),
        position=position,
        families=families,
    )


def to_highs(matrix: Matrix, options: dict) -> highspy.Highs:
    """A Highs object holding the LP, passed as numpy arrays in one call
    (passModel's array form; filling a HighsLp field by field converted each
    array element by element: synthetic 5 zones x 8760 h, 1.2 s against
    0.2 s on a loaded machine). Every column continuous."""
    A = matrix.A
    n_row, n_col = A.shape
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    for key, value in options.items():
        h.setOptionValue(key, value)
    index = lambda a: a.astype(np.int32, copy=False)  # noqa: E731  HiGHS's HighsInt
    status = h.passModel(
        n_col, n_row, A.nnz, int(highspy.MatrixFormat.kColwise), int(highspy.ObjSense.kMinimize), float(matrix.offset),
        matrix.c, matrix.col_lower, matrix.col_upper, matrix.row_lower, matrix.row_upper,
        index(A.indptr), index(A.indices), A.data, np.zeros(n_col, dtype=np.int32),
    )
    if status == highspy.HighsStatus.kError:
        raise SolverError(f"HiGHS refused the LP ({n_row:,} rows x {n_col:,} columns)")
    return h


def check_options(options: dict, file: str, errors) -> None:
    """Each HiGHS option the scenario sets must be one HiGHS knows, with a
    value it accepts: checked on a blank Highs before anything is built."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    for name, value in options.items():
        where = f"field solver.options.{name}"
        if h.getOptionType(name)[0] != highspy.HighsStatus.kOk:
            errors.add(file, where, f"HiGHS has no option {name!r} (see https://ergo-code.github.io/HiGHS/stable/options/definitions/)")
        elif h.setOptionValue(name, value) != highspy.HighsStatus.kOk:
            errors.add(file, where, f"HiGHS refuses the value {value!r} for option {name!r} (of type {h.getOptionType(name)[1].name[1:].lower()})")


PARALLEL_DUAL = {"parallel": "on", "simplex_strategy": 2}
"""HiGHS's dual simplex with each iteration's work in parallel tasks (SIP,
simplex_strategy 2), in less time where the solve has cores to itself
(2 cores: Northeast 2030's 48 typical days 113 -> 88-93 s, Jilin 2030's
7.3 -> 6.3 s, Jilin's January as one LP 23.2 -> 16.0 s; a week 1.16 ->
1.12 s; issue 33). On the shipped scenarios it pivots as the serial dual
(the same iterations, every result identical); on the synthetic 5 zones x
8760 h LP it took 158,848 iterations against 160,145 to the same optimum.
Its other mode, PAMI, took another path to another vertex on the Northeast."""
CHOSEN_BY_USER = {"parallel", "simplex_strategy", "threads"}


def threads_options(s: SolverSettings) -> dict:
    """HiGHS's threads for a solve under settings s: the scenario's, else the
    parallel dual simplex where the solve has two or more cores to itself
    (jobs.solve_cores) and the scenario has not chosen HiGHS's mode itself."""
    if s.threads:
        return {"threads": int(s.threads)}
    cores = solve_cores(s.workers)
    return {"threads": cores, **PARALLEL_DUAL} if cores > 1 and not CHOSEN_BY_USER & s.options.keys() else {}


def highs_options(ctx: Context, log_file: str | None = None) -> dict:
    s = ctx.system.scenario.solver
    opts = {"time_limit": float(s.time_limit_s), **threads_options(s)}
    if log_file:  # HiGHS writes its log only with output on; keep it off the console
        opts.update(output_flag=True, log_to_console=False, log_file=str(log_file))
    opts.update(s.options)
    return opts


def run_interruptibly(h: highspy.Highs) -> bool:
    """h.run() in HiGHS's own thread, so that Ctrl-C (or SIGTERM, see
    progress.sigterm_as_interrupt) stops the solve within ~0.1 s instead of
    waiting for it; the interrupt is then raised again here. HiGHS's
    interrupt callback is turned on only when the interrupt has come: HiGHS
    checks at every simplex iteration whether it is on, and on it is a call
    into Python at every iteration (1.4 us each, under the GIL: 2 % of the
    solve where iterations are cheap, synthetic 5 zones x 2184 h), so it
    costs nothing until needed and stops the solve at the next iteration
    after. It is taken off again after the solve: a bound method of h, it
    would make h refer to itself, and h and all HiGHS's memory would wait
    for a garbage collection (paused while a model is solved: synthetic 5
    zones x 8760 h, 0.5 GB held while the results are collected). False if
    the thread ended without run() returning (an exception inside HiGHS,
    printed on stderr; the model status then stays 'Not Set')."""
    try:
        with signals_held():
            thread = h.startSolve()
        while not (done := h.wait(0.1))[0]:
            pass
        thread.join()  # its lock is released before a dying thread's exception is reported: wait for that too
        return done[1] is not None
    except KeyboardInterrupt:
        h.cancelSolve()  # the flag the callback reads ...
        h.HandleUserInterrupt = True  # ... and the callback, which HiGHS's running solve finds on at its next iteration
        h.wait()  # the solve thread ends within ~0.1 s (at once if it never started)
        raise
    finally:
        h.HandleUserInterrupt = False


@contextmanager
def signals_held():
    """Ctrl-C and SIGTERM held back while HiGHS's thread starts and delivered
    after: a signal inside startSolve() would lose the thread, which then
    outlives the interpreter ('terminate called without an active
    exception', exit -6 instead of 130)."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def settle(h: highspy.Highs) -> None:
    """After a solve that ends 'Unknown' (HiGHS: the solution after postsolve
    misses its tolerances, e.g. a Northeast 2030 window with a primal-dual
    objective error of 1.2e-5 whose values broke the storage recursion by
    27 MWh), solve again from scratch without presolve: from the same basis
    HiGHS returns the same solution, while that LP solved afresh (written
    out and read back) is optimal with or without presolve. Any other status
    is left as it is."""
    if h.getModelStatus() != highspy.HighsModelStatus.kUnknown:
        return
    h.clearSolver()
    h.setOptionValue("presolve", "off")
    run_interruptibly(h)


SOLVER_FAILED = {highspy.HighsModelStatus.kNotset, highspy.HighsModelStatus.kSolveError, highspy.HighsModelStatus.kPostsolveError}
"""Statuses in which HiGHS, not the LP, failed: no answer about the LP (an infeasible LP, a time limit or an interrupt are answers; 'Unknown' is settle's)."""


def unsolved(h: highspy.Highs, returned: bool) -> str:
    """HiGHS's model status, and whether its run died before returning (run_interruptibly)."""
    died = "" if returned else " (HiGHS's solve thread ended without returning: an exception inside HiGHS, printed on stderr)"
    return f"{h.modelStatusToString(h.getModelStatus())}{died}"


def cold_retry(h: highspy.Highs, log_file: str | None, returned: bool) -> str | None:
    """After a solve started from another window's basis (basis.py) that
    HiGHS left in a SOLVER_FAILED status, solve again from HiGHS's own start
    (its crash, presolve as set): any start gives the same optimum, so a
    warm start may only cost time, never the run. Seen once: the 2016 sweep's
    must-run low case, the weekly window from 2016-10-28 'Not Set' (the status
    HiGHS leaves when its run ends in an error before it sets one, or when its
    solve thread dies of an exception, e.g. out of memory on a shared
    machine), which solved Optimal on the same code when run again. The retry
    is written into the window's HiGHS log (a line, then the retry's log) and
    counted in the summary (timings_s.cold_retries). Returns the failed
    status, or None if there was nothing to retry."""
    if h.getModelStatus() not in SOLVER_FAILED:
        return None
    failed = unsolved(h, returned)
    retry_log = f"{log_file}.cold" if log_file else None
    if retry_log:
        h.setOptionValue("log_file", retry_log)  # HiGHS closes (and flushes) the warm start's log
    h.clearSolver()  # drops the basis: HiGHS starts from its crash
    run_interruptibly(h)
    if retry_log:
        h.setOptionValue("log_file", "")
        with open(log_file, "a", encoding="utf-8") as out:
            out.write(f"\n----- the start from the window before ended {failed}; solved again from HiGHS's own start (gridmodel solve.cold_retry) -----\n")
            out.write(Path(retry_log).read_text(encoding="utf-8", errors="replace"))
        Path(retry_log).unlink()
    return failed


def conflict(h: highspy.Highs, matrix: Matrix, ctx: Context, shown: int = 12) -> str:
    """Why an LP is infeasible, for the error message: the rows and bounded
    columns of HiGHS's irreducible infeasible subset (IIS), by row family and
    variable block, item and time step (the model's slacks keep a sound
    scenario solvable, so these name the hard rule that broke)."""
    h.setOptionValue("iis_strategy", IIS_STRATEGY)
    status, iis = h.getIis()
    if status != highspy.HighsStatus.kOk or not iis.valid_:
        return ""
    families = sorted(matrix.families.items(), key=lambda b: -b[1][0])
    blocks = sorted(((name, (int(lin.col.flat[0]), lin.col.shape[:-1])) for name, lin in ctx.vars.items() if lin.col.size), key=lambda b: -b[1][0])
    model_col = np.flatnonzero(matrix.position >= 0)
    rows = [where(int(r), families, ctx) for r in iis.row_index_]
    cols = [where(int(model_col[c]), blocks, ctx) for c in iis.col_index_]
    listed = rows[:shown] + cols[: max(0, shown - len(rows))]
    more = len(rows) + len(cols) - len(listed)
    return f"; conflicting: {len(rows)} rows, {len(cols)} bounds: " + ", ".join(listed) + (f" and {more} more" if more > 0 else "")


def where(k: int, blocks: list, ctx: Context) -> str:
    """Row or column k as family[item, timestamp] (or [item, step]);
    `blocks`: (name, (first, shape)) by first row or column, last first."""
    n = ctx.horizon.n
    for name, (start, shape) in blocks:
        if k >= start:
            if len(shape) == 1 and shape[0] > n and shape[0] % n == 0:  # rows built item by item over the steps
                shape = (shape[0] // n, n)
            at = np.unravel_index(k - start, shape) if shape else ()
            if len(at) == 2 and shape[1] == n:
                return f"{name}[{at[0]}, {ctx.horizon.index[at[1]]}]"
            return f"{name}[{', '.join(str(int(i)) for i in at)}]"
    return f"#{k}"


def solve(ctx: Context, log_file: str | None = None, start: Basis | None = None, keep_basis: bool = False) -> Solution:
    """Solve the model; raise SolverError unless HiGHS proves optimality.
    HiGHS starts from `start` (a like LP's basis, see basis.py) if given;
    with `keep_basis` the solution holds its own optimal basis.

    Once HiGHS holds the LP, the Pyomo model and our matrix are released: the
    solution maps back through column numbers (ctx.vars) and row families
    (Matrix.families), and HiGHS's solve is the memory peak (synthetic 5 zones
    x 8760 h: the Python side then holds ~0.1 GB instead of ~0.4 GB). HiGHS
    is freed in turn before the results are collected."""
    t0 = time.perf_counter()
    matrix = compile_matrix(ctx)
    h = to_highs(matrix, highs_options(ctx, log_file))
    if start is not None:
        start_from(h, start, ctx, matrix)
    progress.stage(f"HiGHS solving {matrix.row_lower.size:,} rows x {matrix.col_lower.size:,} columns")
    matrix.handed_off()
    release(ctx)
    t1 = time.perf_counter()
    returned = run_interruptibly(h)
    retried = cold_retry(h, log_file, returned) if start is not None else None
    settle(h)
    t2 = time.perf_counter()
    status = h.modelStatusToString(h.getModelStatus())
    if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
        raise SolverError(f"HiGHS did not find an optimal solution: {status}{conflict(h, matrix, ctx)}")
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        why = f"{status} from HiGHS's own start, {retried} from the window before's basis" if retried else unsolved(h, returned)
        raise SolverError(f"HiGHS did not find an optimal solution: {why}")
    sol = h.getSolution()
    info = h.getInfo()
    basis = read_basis(h, ctx, matrix) if keep_basis else None
    solution = Solution(ctx, np.asarray(sol.col_value), np.asarray(sol.row_dual), matrix, info.objective_function_value, status, {}, info.simplex_iteration_count, basis, int(retried is not None))
    del h, sol  # HiGHS's solver memory, handed back before the results are collected (else they add to the solve's peak)
    return_freed_memory()
    solution.timings_s = {"handoff_s": t1 - t0, "solve_s": t2 - t1, "readback_s": time.perf_counter() - t2}
    return solution
