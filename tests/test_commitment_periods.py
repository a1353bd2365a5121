"""Commitment periods (model/commitment_periods.py): online capacity held
through whole periods of days, optimum computed by hand, in one LP, in
solver windows and on typical days.

Zone a, 1-4 January: coal 300 MW (minimum load 0.5, 100 CNY/MWh), load
200 MW on day 1 and 100 MW after, 200 MW of free wind from day 2 (none on
day 1). Day 1 needs u = 200 MW online (p = 200). Committed by the hour,
u drops to 0 on day 2 and wind serves the load: 24 x 200 x 100 = 480,000 CNY.
With periods of 2 days (1-2 and 3-4 January) u stays 200 through day 2,
whose output is at least 0.5 x 200 = 100 MW = the load: coal serves it all
and the wind is curtailed, 480,000 + 24 x 100 x 100 = 720,000 CNY; u cannot
be above 200 (day 2's minimum load would exceed the load) nor below (day 1),
and is 0 on days 3-4 (any u > 0 there costs its minimum load): unique.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from cases import NO_RESERVE, thermal, wind, write_case, zones
from gridmodel.errors import InputError
from gridmodel.inputs import load_system
from gridmodel.lp import solve_system
from gridmodel.model.core import Carry, Horizon
from gridmodel.model.commitment_periods import period_starts

DAY = 24


def coal_case(tmp_path, period_days: float, days: int = 4, daily: bool = False, **settings):
    """The case of the module doc over `days` days; `daily`: instead, every
    day a peak of 200 MW from 17:00 to 20:00 without wind, 100 MW and
    200 MW of wind in the other hours."""
    n = days * DAY
    tables = {"zones": zones("a"), "thermal": [thermal("coal", "a", 300, 100, min_load_pu=0.5, commitment_period_days=period_days)], "renewables": [wind("wind", "a", 200)]}
    if daily:
        peak = np.tile(np.isin(np.arange(DAY), [17, 18, 19, 20]), days)
        load, wind_pu = np.where(peak, 200.0, 100.0).tolist(), np.where(peak, 0.0, 1.0).tolist()
    else:
        load, wind_pu = [200.0] * DAY + [100.0] * (n - DAY), [0.0] * DAY + [1.0] * (n - DAY)
    return write_case(tmp_path, tables, {"a": load}, availability={"wind": wind_pu}, reserve=NO_RESERVE, **{"regime": {"name": "planned"}, **settings})


def online_by_day(res) -> np.ndarray:
    u = res.tables["thermal"]["online_mw"].to_numpy()
    return u.reshape(-1, DAY)


@pytest.mark.parametrize("period_days, objective, day2_online", [(2, 720000.0, 200.0), (0, 480000.0, 0.0)], ids=["two-days", "hourly"])
def test_a_period_holds_the_peak_s_online_capacity_through_its_days(tmp_path, solve, period_days, objective, day2_online):
    res = solve(coal_case(tmp_path, period_days))
    assert res.objective_cny == pytest.approx(objective, rel=1e-9)
    u = online_by_day(res)
    assert u[0] == pytest.approx([200.0] * DAY, abs=1e-6)
    assert u[1] == pytest.approx([day2_online] * DAY, abs=1e-6)
    assert u[2:].ravel() == pytest.approx(np.zeros(2 * DAY), abs=1e-6)


@pytest.mark.parametrize("regime", [{"name": "market"}, {"name": "planned", "off": ["commitment_periods"]}], ids=["market", "planned-without-periods"])
def test_periods_are_a_rule_of_the_planned_regime(tmp_path, solve, regime):
    res = solve(coal_case(tmp_path, 2, regime=regime))
    assert res.objective_cny == pytest.approx(480000.0, rel=1e-9)


@pytest.mark.parametrize("window_days, days, period_days", [(1, 4, 2), (7, 14, 14)], ids=["daily-windows", "weekly-windows"])
def test_windows_hold_a_period_across_their_seams_as_the_one_lp(tmp_path, solve, window_days, days, period_days):
    """No look-ahead: the window of day 1 cannot see day 2, so only the
    carried online state holds the period after its seam. Weekly windows on
    14 days with one period of 14 days: u = 200 MW through both weeks,
    480,000 + 13 x 240,000 CNY; one chain (workers 1), as a chain's first
    window starts from its seam's own two-day solve (see the module doc)."""
    one_lp = solve(coal_case(tmp_path / "lp", period_days, days, solver={"window_days": None}))
    windows = solve(coal_case(tmp_path / "windows", period_days, days, solver={"window_days": window_days, "lookahead_days": 0, "workers": 1, "passes": 0}))
    held = period_days * DAY
    expected = np.r_[np.full(held, 200.0), np.zeros(days * DAY - held)]
    assert one_lp.tables["thermal"]["online_mw"].to_numpy() == pytest.approx(expected, abs=1e-6)
    assert windows.tables["thermal"]["online_mw"].to_numpy() == pytest.approx(expected, abs=1e-6)
    assert windows.objective_cny == pytest.approx(480000.0 + (period_days - 1) * 240000.0, rel=1e-9)
    assert windows.objective_cny == pytest.approx(one_lp.objective_cny, rel=1e-9)


@pytest.mark.parametrize("period_days", [2, 0], ids=["two-days", "hourly"])
def test_typical_days_hold_online_capacity_within_each_day(tmp_path, solve, period_days):
    """Typical days are independent: a period of two days is held within each
    of them, not across them. Every day peaks at 200 MW for four hours
    without wind: held, u = 200 MW all day (its minimum load 100 MW = the
    other hours' load, the wind curtailed); by the hour, u = 200 MW at the
    peak and 0 in the other hours."""
    res = solve(coal_case(tmp_path, period_days, days=28, daily=True, representative_periods={"days": 3}))
    assert "weight_h" in res.tables["thermal"]
    u = online_by_day(res)
    peak = np.isin(np.arange(DAY), [17, 18, 19, 20])
    assert u[:, peak] == pytest.approx(np.full((len(u), 4), 200.0), abs=1e-6)
    assert u[:, ~peak] == pytest.approx(np.full((len(u), DAY - 4), 200.0 if period_days else 0.0), abs=1e-6)


def test_periods_are_counted_in_whole_days_from_1_january():
    """Periods of 2 days begin at 00:00 of 1, 3, 5 ... January; of 7 days at
    00:00 of 1, 8, 15 ... January; the year's last period is cut at 31 December
    (2030 has 365 days: the 7-day period from 31 December lasts one day)."""
    index = pd.date_range("2030-01-01", "2031-01-01 23:00", freq="h")
    starts = pd.Series(period_starts(index, np.array([7]))[0], index=index)
    days = index[starts.to_numpy()]
    assert (days.hour == 0).all()
    assert [f"{d:%m-%d}" for d in days[:3]] == ["01-01", "01-08", "01-15"]
    assert [f"{d:%Y-%m-%d}" for d in days[-2:]] == ["2030-12-31", "2031-01-01"]
    assert period_starts(index[:72], np.array([2]))[0].nonzero()[0].tolist() == [0, 48]


def test_a_period_of_part_days_is_refused(tmp_path):
    with pytest.raises(InputError, match="commitment_period_days"):
        load_system(coal_case(tmp_path, 1.5))


def window(tmp_path, period_days: float, carry: dict):
    """1 January as a solver window carrying `carry` (as windows/'s chains
    and passes do): load 100 MW and 200 MW of free wind all day, coal 300 MW
    (minimum load 0.5, 100 CNY/MWh)."""
    tables = {"zones": zones("a"), "thermal": [thermal("coal", "a", 300, 100, min_load_pu=0.5, commitment_period_days=period_days)], "renewables": [wind("wind", "a", 200)]}
    system = load_system(write_case(tmp_path, tables, {"a": [100.0] * 2 * DAY}, availability={"wind": [1.0] * 2 * DAY}, reserve=NO_RESERVE, regime={"name": "planned"}))
    index = system.index[DAY:] if "start" in carry else system.index[:DAY]
    return solve_system(system.window(index), replace(Horizon.chronological(index), carry=Carry(**carry)), summarise=False)


@pytest.mark.parametrize("period_days, online", [(2, 150.0), (1, 0.0)], ids=["inside-a-period", "at-a-period-start"])
def test_a_window_leading_into_a_solved_step_inside_a_period_ends_at_its_online_capacity(tmp_path, period_days, online):
    """1 January leading into a solved 2 January 00:00 with 150 MW online
    (thermal.lead_into). Periods of 2 days: 2 January 00:00 is inside the
    period begun on 1 January, so u = 150 MW all day, its minimum load 75 MW
    displacing wind: 24 x 75 x 100 = 180,000 CNY. Periods of 1 day: 2 January
    begins its own, u = 0, cost 0."""
    after = {"Thermal_Online_MW": np.array([150.0]), "Thermal_Power_MW": np.array([100.0]), "Thermal_Startup_MW": np.array([0.0])}
    res = window(tmp_path, period_days, {"after": after})
    assert res.tables["thermal"]["online_mw"].to_numpy() == pytest.approx([online] * DAY, abs=1e-6)
    assert res.objective_cny == pytest.approx(DAY * online / 2 * 100, abs=1e-6)


def test_a_carried_period_the_window_cannot_hold_gives_way_at_a_price(tmp_path):
    """2 January as a window carrying 300 MW online from a period begun on
    1 January: held, its minimum load of 150 MW is more than the 100 MW load
    and the balance has no spill. The seam gives way by 100 MW (u = 200, p =
    100, the wind curtailed) at a day's commitment shortfall per MW: 100 x 24
    x 5,000 + 24 x 100 x 100 = 12,240,000 CNY (dropping u to 0 would save
    1,200 CNY of fuel per MW and cost 120,000)."""
    res = window(tmp_path, 2, {"start": {"Thermal_Online_MW": np.array([300.0]), "Thermal_Power_MW": np.array([150.0])}})
    assert res.tables["thermal"]["online_mw"].to_numpy() == pytest.approx([200.0] * DAY, abs=1e-6)
    assert res.objective_cny == pytest.approx(100 * 24 * 5000 + DAY * 100 * 100, rel=1e-9)
