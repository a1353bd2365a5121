"""A window started from another window's optimal basis (basis.py): same optimum, far fewer simplex iterations."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cases import EXAMPLE
from gridmodel import load_system
from gridmodel import solve as solve_module
from gridmodel.model.build import build_model
from gridmodel.model.core import Horizon
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
