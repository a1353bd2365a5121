"""The hand-off reads the Pyomo model faithfully: every row and the objective
of the matrix HiGHS gets are what Pyomo itself makes of the model's
components (its own standard representation, row by row)."""

from __future__ import annotations

import weakref

import numpy as np
import pyomo.environ as pyo
import pytest
from pyomo.repn.standard_repn import generate_standard_repn

from gridmodel.inputs import load_system
from gridmodel.model.build import build_model
from gridmodel.model.core import Lin
from gridmodel.periods import periods_horizon
from gridmodel.solve import compile_matrix

from cases import EXAMPLE


def dense(A) -> np.ndarray:
    """A matrix by columns (solve.Matrix.A) as a dense array."""
    out = np.zeros(A.shape)
    out[A.indices, np.repeat(np.arange(A.shape[1]), np.diff(A.indptr))] = A.data
    return out


def pyomo_rows(ctx, matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dense A, row lower and upper bounds as Pyomo reads each constraint."""
    A = np.zeros(matrix.A.shape)
    lower, upper = np.empty(A.shape[0]), np.empty(A.shape[0])
    position = {id(v): matrix.position[j] for j, v in enumerate(ctx.columns)}
    for r, con in enumerate(ctx.m.component_data_objects(pyo.Constraint, active=True)):
        repn = generate_standard_repn(con.body, compute_values=True)
        for v, coef in zip(repn.linear_vars, repn.linear_coefs):
            A[r, position[id(v)]] += coef
        lower[r] = -np.inf if con.lower is None else pyo.value(con.lower) - repn.constant
        upper[r] = np.inf if con.upper is None else pyo.value(con.upper) - repn.constant
    return A, lower, upper


@pytest.mark.parametrize("overrides", [None, {"expansion.enabled": True}])
def test_matrix_is_pyomos_reading_of_the_model(overrides):
    system = load_system(EXAMPLE, overrides)
    system = system.window(system.index[:48])
    horizon = periods_horizon(system.index, origin=[0, 1], sequence=[0, 1, 1, 0], period_h=24) if overrides else None
    ctx = build_model(system, horizon)
    matrix = compile_matrix(ctx)
    A, lower, upper = pyomo_rows(ctx, matrix)
    assert np.abs(A - dense(matrix.A)).max() < 1e-9
    assert np.array_equal(lower, matrix.row_lower) and np.array_equal(upper, matrix.row_upper)
    objective = generate_standard_repn(ctx.m.Cost_CNY.expr, compute_values=True)
    position = {id(v): matrix.position[j] for j, v in enumerate(ctx.columns)}
    c = np.zeros(matrix.A.shape[1])
    for v, coef in zip(objective.linear_vars, objective.linear_coefs):
        c[position[id(v)]] += coef
    assert np.allclose(c, matrix.c, rtol=1e-12, atol=0)
    for block in ctx.vars.values():  # Pyomo's variable bounds are the hand-off's
        pos = matrix.position[block.columns.ravel()]
        for j, p in zip(block.columns.ravel().tolist(), pos.tolist()):
            if p >= 0:
                lb, ub = ctx.columns[j].bounds
                assert (lb if lb is not None else -np.inf, ub if ub is not None else np.inf) == (matrix.col_lower[p], matrix.col_upper[p])


def test_lin_arithmetic_reads_like_the_equation():
    x = Lin.block(0, (2, 3))
    rows = 2 * x[:, [2, 0, 1]] - np.array([[1.0], [3.0]]) * x <= 5.0
    assert rows.expr.shape == (2, 3)
    assert rows.expr.col[1, 0].tolist() == [5, 3] and rows.expr.coef[1, 0].tolist() == [2.0, -3.0]
    assert (rows.lower == -np.inf).all() and (rows.upper == 5.0).all()
    total = x.sum(axis=1)
    assert total.shape == (2,) and total.col[1].tolist() == [3, 4, 5]


def test_an_infeasible_lp_names_its_conflicting_rules():
    """The example's first day with one rule it cannot meet: every thermal
    group at 10 GW in every hour, above its capacity. HiGHS reports the LP
    infeasible, and the error names the rule and the capacity it conflicts
    with (HiGHS's irreducible infeasible subset), each with its time step."""
    from gridmodel.errors import SolverError
    from gridmodel.model.build import MODULES, add_rows
    from gridmodel.model.core import Context, Horizon
    from gridmodel.solve import solve

    system = load_system(EXAMPLE)
    system = system.window(system.index[:24])
    ctx = Context(system, Horizon.chronological(system.index))
    for module in MODULES:
        with ctx.within(module):
            module.build(ctx)
    ctx.rows("Impossible_Output_Constraint", ctx.vars["Thermal_Power_MW"] >= 10_000.0)
    add_rows(ctx)
    with pytest.raises(SolverError, match="Infeasible") as err:
        solve(ctx)
    message = str(err.value)
    assert "conflicting:" in message and "Impossible_Output_Constraint[" in message and str(system.index[0].year) in message
    named = message.split("conflicting: ")[1]
    assert any(part.strip().startswith("Thermal_") and "Impossible" not in part for part in named.split(", ")[1:]), message


class FakeHighs:
    """A Highs that ends each run with the next of `statuses`, recording options and runs."""

    def __init__(self, statuses):
        import highspy

        self.statuses = [getattr(highspy.HighsModelStatus, s) for s in statuses]
        self.options, self.runs = {}, 0

    def getModelStatus(self):
        return self.statuses[min(self.runs, len(self.statuses)) - 1]

    def setOptionValue(self, name, value):
        self.options[name] = value

    def clearSolver(self):
        self.options["cleared"] = self.runs

    def startSolve(self):
        import threading

        self.runs += 1
        thread = threading.Thread(target=lambda: None)  # highspy's returns its solve thread
        thread.start()
        return thread

    def wait(self, timeout):
        import highspy

        return (True, highspy.HighsStatus.kOk)  # highspy's: done, and run()'s status (None if its thread died)


@pytest.mark.parametrize(("statuses", "runs"), [(["kOptimal"], 1), (["kUnknown", "kOptimal"], 2), (["kInfeasible"], 1), (["kTimeLimit"], 1)])
def test_an_unknown_status_is_settled_by_a_solve_without_presolve(statuses, runs):
    """HiGHS's 'Unknown' (its postsolved solution outside tolerances: a
    Northeast 2030 window broke the storage recursion by 27 MWh) gets one
    more solve, from scratch and without presolve; any other status none."""
    from gridmodel.solve import run_interruptibly, settle

    h = FakeHighs(statuses)
    h.HandleUserInterrupt = False
    run_interruptibly(h)
    settle(h)
    assert h.runs == runs and (h.options.get("presolve") == "off") == (h.options.get("cleared") == 1) == (runs == 2)


def test_ctrl_c_stops_highs_within_a_second_and_costs_no_python_before(monkeypatch):
    """Ctrl-C during the dual simplex stops HiGHS at once (status
    'Interrupted by user', iterations done) and is raised again; until then
    HiGHS calls no Python (its interrupt callback, a Python call at every
    iteration, is turned on only by the interrupt). The LP: a chain of n
    columns, x_i + x_i+1 >= 1, 0 <= x <= 10, costs varying, presolve off
    (~100,000 iterations, seconds)."""
    import _thread
    import signal
    import threading
    import time

    import highspy

    from gridmodel.solve import run_interruptibly

    n = 100_000
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")
    rows = np.stack([np.arange(n) - 1, np.arange(n)], axis=1).ravel()  # column j in rows j-1 and j
    keep = rows >= 0
    start = np.concatenate([[0], np.cumsum(keep.reshape(n, 2).sum(axis=1))])
    h.passModel(n, n, int(keep.sum()), int(highspy.MatrixFormat.kColwise), int(highspy.ObjSense.kMinimize), 0.0,
                1 + (np.arange(n) * 0.37) % 1, np.zeros(n), np.full(n, 10.0), np.ones(n), np.full(n, highspy.kHighsInf),
                start.astype(np.int32), rows[keep].astype(np.int32), np.ones(int(keep.sum())), np.zeros(n, dtype=np.int32))
    calls, sent = [], []
    original = highspy.Highs._Highs__user_interrupt_event
    monkeypatch.setattr(highspy.Highs, "_Highs__user_interrupt_event", lambda self, e: (calls.append(time.perf_counter()), original(self, e)))
    before = signal.signal(signal.SIGINT, signal.default_int_handler)  # pytest as a background job ignores SIGINT
    try:
        threading.Timer(0.5, lambda: (sent.append(time.perf_counter()), _thread.interrupt_main())).start()
        with pytest.raises(KeyboardInterrupt):
            run_interruptibly(h)
        raised = time.perf_counter()
    finally:
        signal.signal(signal.SIGINT, before)
    assert raised - sent[0] < 1.0
    assert h.getModelStatus() == highspy.HighsModelStatus.kInterrupt
    assert 0 < h.getInfo().simplex_iteration_count < n
    assert calls and min(calls) >= sent[0], "HiGHS called Python before the interrupt"
    assert not h.HandleUserInterrupt and not h.is_solver_running()


def test_a_solve_leaves_neither_the_model_nor_highs_to_the_garbage_collector(monkeypatch):
    """With collection paused (as lp.solve_system pauses it), reference
    counting alone frees the Pyomo model, the index sets Pyomo made for its
    variables and the Highs object by the time solve returns: anything left
    to a collection stays in memory under HiGHS's solve or the results'
    collection (5 zones x 8760 h: 0.5 GB of HiGHS's, 18 MB of index sets)."""
    import gridmodel.solve as solve_module
    from gridmodel.model.pyomo_layer import gc_paused
    from gridmodel.periods import system_and_horizon

    system = load_system(EXAMPLE)
    ctx = build_model(*system_and_horizon(system.window(system.index[:24])))
    kept = [weakref.ref(ctx.m)] + [weakref.ref(s) for c in ctx.m.component_objects() for s in c._anonymous_sets or ()]
    to_highs = solve_module.to_highs

    def watched(*args):
        h = to_highs(*args)
        kept.append(weakref.ref(h))
        return h

    monkeypatch.setattr(solve_module, "to_highs", watched)
    with gc_paused():
        sol = solve_module.solve(ctx)
        assert sol.status == "Optimal" and len(kept) > 2
        assert [r for r in kept if r() is not None] == []
