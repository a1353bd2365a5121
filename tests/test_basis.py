"""A window started from another window's optimal basis (basis.py): same optimum, far fewer simplex iterations."""

from __future__ import annotations

from dataclasses import replace

import pytest
from highspy.highs import _Highs

from cases import EXAMPLE
from gridmodel import load_system
from gridmodel import solve as solve_module
from gridmodel.model.build import build_model
from gridmodel.model.core import Horizon
from gridmodel.errors import SolverError
from gridmodel.solve import solve
from gridmodel.windows import solve_windows


@pytest.fixture(scope="module")
def example():
    return load_system(EXAMPLE)


def solved(system, hours: slice, start=None):
    index = system.index[hours]
    return solve(build_model(system.window(index), Horizon.chronological(index)), start=start, keep_basis=True)


def test_an_lp_started_from_its_own_optimal_basis_takes_no_iteration(example):
    """The example's first 72 h take HiGHS over a thousand iterations from
    its crash; given back its own optimal basis, read by block and family
    and placed again by name, it is optimal at once: 0 iterations (a row or
    column status placed at another index would cost iterations)."""
    cold = solved(example, slice(0, 72))
    assert cold.iterations > 100
    again = solved(example, slice(0, 72), cold.basis)
    assert again.iterations == 0
    assert again.objective_cny == pytest.approx(cold.objective_cny, rel=1e-12)


@pytest.mark.parametrize("hours", [slice(72, 144), slice(72, 168), slice(72, 120)], ids=["as long", "longer", "shorter"])
def test_other_hours_from_a_window_basis_reach_the_same_optimum_sooner(example, hours):
    """The next 72 h, 96 h or 48 h started from the first 72 h's basis (for a
    longer or shorter window an alien basis: each index takes the nearest
    one the first had): the optimum of the cold solve, in under a third of
    its iterations."""
    first = solved(example, slice(0, 72))
    cold, warm = solved(example, hours), solved(example, hours, first.basis)
    assert warm.objective_cny == pytest.approx(cold.objective_cny, rel=1e-9)
    assert warm.iterations < cold.iterations / 3


def test_each_window_of_a_chain_starts_from_the_one_before(example, monkeypatch):
    """The example's week as seven daily windows on one chain: the same
    joined objective with and without the bases carried, and the six later
    windows' iterations cut to under half (without: every window from HiGHS's
    crash, as with solver.warm_start false)."""
    warm = solve_windows(example, days=1, workers=1, coarse_days=2)
    monkeypatch.setattr(solve_module, "start_from", lambda *a: None)
    cold = solve_windows(example, days=1, workers=1, coarse_days=2)
    assert warm.objective_cny == pytest.approx(cold.objective_cny, rel=1e-9)
    assert warm.timings_s["simplex_iterations"] < cold.timings_s["simplex_iterations"] / 2
    monkeypatch.undo()
    unstarted = replace(example, scenario=example.scenario.model_copy(update={"solver": example.scenario.solver.model_copy(update={"warm_start": False})}))
    off = solve_windows(unstarted, days=1, workers=1, coarse_days=2)  # solver.warm_start false: every window from HiGHS's crash
    assert off.timings_s["simplex_iterations"] == cold.timings_s["simplex_iterations"]
    assert off.objective_cny == pytest.approx(cold.objective_cny, rel=1e-9)



def failing_once(monkeypatch, warm_only: bool = True) -> list:
    """HiGHS's first run of an LP started from another's basis (any LP if
    not `warm_only`) dies in its solve thread, as of an exception inside
    HiGHS (e.g. out of memory): the model status stays 'Not Set'. Returns
    the list of runs (True: died)."""
    run, start_from, calls = _Highs.run, solve_module.start_from, []

    def marked(h, *a):
        h.warm = True
        start_from(h, *a)

    def run_or_die(self):
        calls.append((getattr(self, "warm", False) or not warm_only) and not any(calls))
        if calls[-1]:
            raise MemoryError("std::bad_alloc")
        return run(self)

    monkeypatch.setattr(solve_module, "start_from", marked)
    monkeypatch.setattr(_Highs, "run", run_or_die)
    return calls


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_warm_start_that_fails_in_highs_is_solved_again_cold_and_logged(example, monkeypatch, tmp_path):
    """The next 72 h from the first 72 h's basis, HiGHS's first run dying
    ('Not Set', as the 2016 sweep's window of 28 October ended): solved
    again from HiGHS's own start, to the cold solve's optimum; the retry is
    counted, and its line and log follow the failed start's in the log."""
    first = solved(example, slice(0, 72))
    cold = solved(example, slice(72, 144))
    calls = failing_once(monkeypatch)
    log = tmp_path / "highs.log"
    index = example.index[72:144]
    warm = solve(build_model(example.window(index), Horizon.chronological(index)), log_file=str(log), start=first.basis)
    assert calls == [True, False] and warm.cold_retries == 1
    assert warm.objective_cny == pytest.approx(cold.objective_cny, rel=1e-9)
    text = log.read_text()
    assert "ended Not Set (HiGHS's solve thread ended without returning" in text
    assert text.index("ended Not Set") < text.rindex("Model status        : Optimal")
    assert not (tmp_path / "highs.log.cold").exists()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_windowed_run_says_how_many_windows_were_solved_again_cold(example, monkeypatch):
    """The example's week as daily windows, one warm start dying in HiGHS: the
    run finishes, its status and timings say one window was solved again
    cold, and its objective is the run's without the failure. A cold solve
    that fails (no basis to drop) is not retried: it stays an error."""
    clean = solve_windows(example, days=1, workers=1, coarse_days=2)
    calls = failing_once(monkeypatch)
    retried = solve_windows(example, days=1, workers=1, coarse_days=2)
    assert calls.count(True) == 1
    assert retried.timings_s["cold_retries"] == 1
    assert retried.solver_status.startswith("Optimal (1 of 7 windows solved again")
    assert clean.solver_status == "Optimal" and clean.timings_s["cold_retries"] == 0
    assert retried.objective_cny == pytest.approx(clean.objective_cny, rel=1e-9)
    monkeypatch.undo()
    failing_once(monkeypatch, warm_only=False)
    with pytest.raises(SolverError, match="Not Set .HiGHS's solve thread ended without returning"):
        solved(example, slice(0, 72))
