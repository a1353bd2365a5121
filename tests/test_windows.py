"""Windowed solves: the year as consecutive independent windows, joined."""

from __future__ import annotations

import pytest

from cases import EXAMPLE, NO_RESERVE, thermal, wind, write_case, zones
from gridmodel import load_system, select_hours
from gridmodel.api import solve_system, windowed
from gridmodel.windows import solve_windows, window_indexes


def uncoupled_case(tmp_path):
    """No storage, hydro, start-up cost or energy limits: hours do not interact,
    so windows must reproduce the single LP exactly."""
    tables = {"zones": zones("a"), "thermal": [thermal("g", "a", 300, 100, min_load_pu=0.0)], "renewables": [wind("w", "a", 200)]}
    load = [100.0 + 5 * (h % 24) for h in range(72)]
    avail = [((h * 7) % 10) / 10 for h in range(72)]
    return write_case(tmp_path / "uncoupled", tables, {"a": load}, {"w": avail}, reserve=NO_RESERVE)


def test_windows_cover_every_hour_once():
    system = load_system(EXAMPLE)
    blocks = window_indexes(system.index, 2)
    assert [len(b) for b in blocks] == [48, 48, 48, 24]
    assert blocks[0].append(blocks[1:]).equals(system.index)


def test_uncoupled_windows_equal_one_lp(tmp_path):
    system = load_system(uncoupled_case(tmp_path))
    whole = solve_system(system)
    parts = solve_windows(system, days=1, workers=1)
    assert parts.objective_cny == pytest.approx(whole.objective_cny, rel=1e-9)
    assert parts.kpis["curtailment_mwh"] == pytest.approx(whole.kpis["curtailment_mwh"], rel=1e-9, abs=1e-6)
    assert len(parts.tables["renewables"]) == len(whole.tables["renewables"]) == 72
    assert parts.timings_s["windows"] == 3


def test_joined_kpis_add_up_over_windows():
    """Energy KPIs of the joined year are the windows' sums (the example week in
    two processes), and every window keeps the balance."""
    system = load_system(EXAMPLE)
    joined = solve_windows(system, days=2, workers=2)
    singles = [solve_system(system.window(ix)) for ix in window_indexes(system.index, 2)]
    for key in ("load_mwh", "coal_tce", "curtailment_mwh", "export_mwh", "unserved_mwh"):
        assert joined.kpis[key] == pytest.approx(sum(r.kpis[key] for r in singles), rel=1e-9, abs=1e-6)
    assert joined.objective_cny == pytest.approx(sum(r.objective_cny for r in singles), rel=1e-9)


def test_only_long_chronological_dispatch_is_windowed():
    system = load_system(EXAMPLE)  # 168 h, windows of 7 days by default
    assert not windowed(system)
    assert windowed(select_hours(load_system(EXAMPLE, {"solver.window_days": 2}), None))
    assert not windowed(load_system(EXAMPLE, {"solver.window_days": 2, "expansion.enabled": True}))
    assert not windowed(load_system(EXAMPLE, {"solver.window_days": None}))


def test_remedy_on_a_long_horizon_plans_on_typical_days():
    from gridmodel.api import planning_system

    long = load_system(EXAMPLE, {"solver.window_days": 2, "expansion.enabled": True, "expansion.typical_days": 3})
    assert planning_system(long).scenario.representative_periods.days == 3
    short = load_system(EXAMPLE, {"expansion.enabled": True})
    assert planning_system(short) is short
