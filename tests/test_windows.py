"""Windowed solves: the year as windows that carry it, joined, against the one LP."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from cases import EXAMPLE, NO_RESERVE, link, thermal, two_months_of_hydro, wind, write_case, zones
from gridmodel import load_system, select_hours
from gridmodel.api import solve_system, windowed
from gridmodel.dispatch import dispatch
from gridmodel.model.hydro import peak_shaving
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


def test_month_windows_are_the_run_days_of_each_calendar_month():
    """A run from 30 January 06:00 over 4 days: its days start at 06:00, so
    the days of January are the first two (30 and 31 January 06:00) and the
    cut falls at 1 February 06:00, a whole day from the start; 7-day
    windows would keep the 4 days together."""
    index = pd.date_range("2030-01-30 06:00", periods=96, freq="h")
    blocks = window_indexes(index, "month")
    assert [(b[0], len(b)) for b in blocks] == [(pd.Timestamp("2030-01-30 06:00"), 48), (pd.Timestamp("2030-02-01 06:00"), 48)]
    assert [len(b) for b in window_indexes(index, 7)] == [96]


def test_month_windows_hold_each_month_budget_whole(tmp_path):
    """The case of cases.two_months_of_hydro: one LP 15,840,000 CNY, each
    zone's hydro on its peak day of each month. Month windows hold each
    month's budget whole, so they are the one LP. Daily windows without
    look-ahead (the coarse year on 2 typical days, not the 4 days
    themselves) take the month's hydro by shaving the residual load of both
    zones, flat at 1800 MW: 1800 MWh a day; on a peak day 75 MW of it, 75 MW
    at 300 instead of 100, 360,000 CNY per zone and month: 17,280,000."""
    system = select_hours(load_system(two_months_of_hydro(tmp_path / "months")))
    assert solve_system(system).objective_cny == pytest.approx(15_840_000.0, rel=1e-9)
    months = solve_windows(system, days="month", workers=1, coarse_days=2)
    assert months.timings_s["windows"] == 2
    assert months.objective_cny == pytest.approx(15_840_000.0, rel=1e-9)
    assert solve_windows(system, days=1, workers=1, lookahead_days=0, coarse_days=2).objective_cny == pytest.approx(17_280_000.0, rel=1e-9)


def test_a_later_chain_starts_from_the_state_at_its_seam(tmp_path):
    """96 h, load 100 MW; coal 100 MW at 100 CNY/MWh, minimum load 50 %,
    start-up 600 CNY/MW; 100 MW of free wind on day 4 only. One LP (cyclic):
    coal runs days 1-3 (720,000), is off on day 4 and starts at day 1's first
    hour (60,000): 780,000. Daily windows on 2 workers are two chains, days
    1-2 and 3-4. Day 3's window (with day 4 as look-ahead) used to start
    from its own last hour, coal off, and paid a start-up (60,000) that the
    year does not have; now it starts from days 2-3 solved together, coal
    on. Day 1's window (the first chain's) likewise starts from day 4 and
    day 1 solved together (the year's seam, cyclic): coal off, then its
    start-up at day 1's first hour, as in the one LP: 780,000. Started from
    its own window's last hour, coal on, day 1 has no start-up and day 4's
    window, leading into it, keeps coal on at its last hour: a start-up and
    an hour at minimum load, 785,000; with neither seam solved 845,000."""
    tables = {"zones": zones("a"), "thermal": [thermal("coal", "a", 100, 100, min_load_pu=0.5, startup_cost_cny_per_mw=600)], "renewables": [wind("wind", "a", 100)]}
    system = load_system(write_case(tmp_path / "seam", tables, {"a": [100.0] * 96}, {"wind": [0.0] * 72 + [1.0] * 24}, reserve=NO_RESERVE))
    assert solve_system(system).objective_cny == pytest.approx(780_000.0, rel=1e-9)
    joined = solve_windows(system, days=1, workers=2)
    assert joined.objective_cny == pytest.approx(780_000.0, rel=1e-9)
    assert joined.tables["thermal"].set_index("timestamp")["startup_mw"].sum() == pytest.approx(100.0, abs=1e-6)


def test_uncoupled_windows_equal_one_lp(tmp_path):
    system = load_system(uncoupled_case(tmp_path))
    whole = solve_system(system)
    parts = solve_windows(system, days=1, workers=1)
    assert parts.objective_cny == pytest.approx(whole.objective_cny, rel=1e-9)
    assert parts.kpis["curtailment_mwh"] == pytest.approx(whole.kpis["curtailment_mwh"], rel=1e-9, abs=1e-6)
    assert len(parts.tables["renewables"]) == len(whole.tables["renewables"]) == 72
    assert parts.timings_s["windows"] == 3


def test_joined_windows_match_the_one_lp_and_keep_the_chronology():
    """The example week (storage, hydro, CHP, start-ups) as four 2-day
    windows in two processes: the joined year is the one LP's (its coarse
    year is the week itself), and passes the balance, limit and cyclic
    storage-recursion invariants. Independent cyclic windows did not: their
    storage jumped at every seam."""
    from invariants import check_invariants

    system = load_system(EXAMPLE)
    whole = solve_system(system)
    joined = solve_windows(system, days=2, workers=2)
    check_invariants(joined)
    assert joined.objective_cny == pytest.approx(whole.objective_cny, rel=1e-7)
    for key in ("coal_tce", "curtailment_mwh", "export_mwh", "pumped_hydro_discharge_mwh", "battery_discharge_mwh"):
        assert joined.kpis[key] == pytest.approx(whole.kpis[key], rel=1e-5, abs=1e-3)


@pytest.mark.parametrize("passes", [0, 1])
def test_storage_is_carried_across_a_window_boundary(tmp_path, passes):
    """48 h, windows of 1 day. Cheap generation 150 MW at 100 CNY/MWh, dear
    at 500; load 100 MW on day 1, 200 MW on day 2; a lossless store of
    50 MW / 1200 MWh. One LP: charge 50 MW all of day 1 (1200 MWh), give it
    back on day 2, all from cheap: 7200 MWh x 100 = 720,000 CNY. Cyclic
    windows could not shift the energy: 600,000 + 1200 MWh x 500 =
    1,200,000. The level at the end of window 1 (1200 MWh) is window 2's
    start: the recursion holds at the seam. A further pass (windows from
    12:00 to 10:00 the next day, their ends fixed) keeps the optimum and
    the recursion."""
    from invariants import check_levels

    tables = {
        "zones": zones("a"),
        "thermal": [thermal("cheap", "a", 150, 100), thermal("dear", "a", 1000, 500)],
        "storage": [{"name": "st", "zone": "a", "technology": "battery", "power_mw": 50, "energy_mwh": 1200, "eta_charge": 1.0, "eta_discharge": 1.0}],
    }
    system = load_system(write_case(tmp_path / "carry", tables, {"a": [100.0] * 24 + [200.0] * 24}, reserve=NO_RESERVE))
    joined = solve_windows(system, days=1, workers=1, passes=passes)
    check_levels(joined)
    soc = joined.tables["storage"]["soc_mwh"].to_numpy()
    assert soc[23] == pytest.approx(1200.0, abs=1e-6) and soc[47] == pytest.approx(0.0, abs=1e-6)
    assert joined.objective_cny == pytest.approx(720_000.0, rel=1e-9)
    assert solve_system(system).objective_cny == pytest.approx(720_000.0, rel=1e-9)


@pytest.mark.parametrize("passes", [0, 1])
def test_ramps_hold_across_window_seams(tmp_path, passes):
    """48 h, windows of 1 day. Slow unit 300 MW at 100 CNY/MWh ramping
    30 MW/h, fast unit at 500; load 100 MW on day 1, 250 MW on day 2. One
    LP (cyclic): the slow unit climbs 130..250 over hours 24-28 and, to be
    back at 100 at hour 0, falls 220..130 over hours 44-47; the fast unit
    fills 2 x (120 + 90 + 60 + 30) = 600 MWh: 7800 x 100 + 600 x 500 =
    1,080,000 CNY. Independent windows ran 100 and 250 flat (840,000) and
    jumped 150 MW at both seams. A further pass keeps the optimum and the ramps."""
    tables = {"zones": zones("a"), "thermal": [thermal("slow", "a", 300, 100, ramp_pu_per_h=0.1), thermal("fast", "a", 300, 500)]}
    system = load_system(write_case(tmp_path / "ramp", tables, {"a": [100.0] * 24 + [250.0] * 24}, reserve=NO_RESERVE))
    joined = solve_windows(system, days=1, workers=1, passes=passes)
    assert joined.objective_cny == pytest.approx(1_080_000.0, rel=1e-9)
    assert solve_system(system).objective_cny == pytest.approx(1_080_000.0, rel=1e-9)
    slow = joined.tables["thermal"].query("unit == 'slow'")["p_mw"].to_numpy()
    assert np.abs(slow - np.roll(slow, 1)).max() <= 30.0 + 1e-6  # every hour, the seams and the wrap included


@pytest.mark.parametrize("coarse_days", [40, 2], ids=["coarse-exact", "coarse-typical-days"])
def test_demand_response_allowance_goes_where_the_year_needs_it(tmp_path, coarse_days):
    """96 h, windows of 1 day, 1000 MW at 100 CNY/MWh, load 800 MW except
    1100 MW at 18:00 and 19:00 of day 1. DR: 10 % of the peak (110 MW),
    2000 CNY/MWh, 182.5 h a year: 2 h = 220 MWh over 96 h. One LP: 2 x 100
    MWh of DR, no unserved energy: 77,200 MWh x 100 + 200 x 2000 =
    8,120,000 CNY. Pro-rated per day (55 MWh), or shared by hours with what
    is left carried on (window 1 with its look-ahead day: 110 MWh), day 1
    lacked 145 or 90 MWh. The coarse year (the 4 days themselves, or 2
    typical days plus the extreme ones) puts the allowance on day 1."""
    load = [800.0] * 96
    load[18] = load[19] = 1100.0
    tables = {
        "zones": zones("a"),
        "thermal": [thermal("gen", "a", 1000, 100)],
        "demand_response": [{"name": "dr", "zone": "a", "share_of_peak": 0.1, "cost_cny_per_mwh": 2000, "max_hours_per_year": 182.5}],
    }
    system = load_system(write_case(tmp_path / "dr", tables, {"a": load}, reserve=NO_RESERVE))
    joined = solve_windows(system, days=1, workers=1, coarse_days=coarse_days)
    assert joined.kpis["unserved_mwh"] == pytest.approx(0.0, abs=1e-6)
    assert joined.kpis["demand_response_mwh"] == pytest.approx(200.0, rel=1e-9)
    assert joined.objective_cny == pytest.approx(8_120_000.0, rel=1e-9)
    assert solve_system(system).objective_cny == pytest.approx(8_120_000.0, rel=1e-9)


def test_co2_cap_is_shared_by_the_year_not_per_window(tmp_path):
    """72 h, windows of 1 day. Coal at 100 CNY/MWh emitting 1 t/MWh (0.5 tce
    x 2 t/tce), CO2-free biomass at 300; load 50, 300 and 200 MW on the three
    days (13,200 MWh). Cap 730,000 t a year = 6000 t over 72 h. One LP: 6000
    MWh of coal anywhere, 7200 of biomass: 600,000 + 2,160,000 = 2,760,000
    CNY. Pro-rated, day 1 could burn only its 1200 MWh of its 2000 t: 5200
    MWh of coal, 2,920,000 CNY."""
    tables = {
        "zones": zones("a"),
        "thermal": [thermal("coal", "a", 400, 100, co2_t_per_tce=2.0), thermal("bio", "a", 400, 300, technology="biomass", co2_t_per_tce=0.0)],
    }
    load = [50.0] * 24 + [300.0] * 24 + [200.0] * 24
    system = load_system(write_case(tmp_path / "cap", tables, {"a": load}, reserve=NO_RESERVE, criteria={"max_co2_t": 730_000}))
    joined = solve_windows(system, days=1, workers=1)
    assert joined.kpis["co2_t"] == pytest.approx(6000.0, rel=1e-9)
    assert joined.objective_cny == pytest.approx(2_760_000.0, rel=1e-9)
    assert solve_system(system).objective_cny == pytest.approx(2_760_000.0, rel=1e-9)


def test_only_long_chronological_dispatch_is_windowed():
    system = load_system(EXAMPLE)  # 168 h, windows of 7 days by default
    assert not windowed(system)
    assert windowed(select_hours(load_system(EXAMPLE, {"solver.window_days": 2}), None))
    assert not windowed(load_system(EXAMPLE, {"solver.window_days": 2, "expansion.enabled": True}))
    assert not windowed(load_system(EXAMPLE, {"solver.window_days": None}))
    assert not windowed(load_system(EXAMPLE, {"solver.window_days": "month"}))  # the week lies in one month


def test_remedy_on_a_long_horizon_plans_on_typical_days():
    from gridmodel.api import planning_system

    long = load_system(EXAMPLE, {"solver.window_days": 2, "expansion.enabled": True, "expansion.typical_days": 3})
    assert planning_system(long).scenario.representative_periods.days == 3
    short = load_system(EXAMPLE, {"expansion.enabled": True})
    assert planning_system(short) is short


def test_a_windowed_run_logs_every_solve_and_reports_each_window(tmp_path, caplog):
    """highs.log of a windowed run: the coarse year's log then each window's,
    in order, then the seams' into each chain (the first's from the
    horizon's last day, the year being cyclic), each under its own
    heading, no pieces left; a progress line per window with the time left."""
    import logging

    from gridmodel import progress

    log_file = tmp_path / "highs.log"
    progress.start()
    with caplog.at_level(logging.INFO, logger="gridmodel"):
        solve_windows(load_system(EXAMPLE), days=2, workers=2, log_file=str(log_file))
    text = log_file.read_text()
    titles = [line for line in text.splitlines() if line.startswith("=====")]
    assert titles[0].startswith("===== coarse year") and [t.split(",")[0] for t in titles[1:5]] == [f"===== window {i:03d}" for i in (1, 2, 3, 4)]
    assert titles[5:] == ["===== the seam 2030-01-07 -> 2030-01-01 =====", "===== the seam 2030-01-04 -> 2030-01-05 ====="]
    assert text.count("HiGHS") >= 6 and "(not solved" not in text  # every solve wrote its own log
    assert list(tmp_path.iterdir()) == [log_file]
    done = [r.getMessage() for r in caplog.records if "windows " in r.getMessage() and " done" in r.getMessage()]
    assert [m.split("windows ")[1].split(" ")[0] for m in done] == ["1/4", "2/4", "3/4", "4/4"] and all("s left" in m for m in done)


def three_days_of_wind(tmp_path, name: str, wind_mw: float, tables: dict | None = None, **coal):
    """Zone a, load 50 MW for 72 h, coal 400 MW at 100 CNY/MWh (`coal`: more
    columns), free wind `wind_mw` blowing on day 2 only; `tables`: rows added."""
    base = {"zones": zones("a"), "thermal": [thermal("coal", "a", 400, 100, **coal)], "renewables": [wind("wind", "a", wind_mw)]}
    for key, rows in (tables or {}).items():
        base[key] = base.get(key, []) + rows
    blowing = [0.0] * 24 + [1.0] * 24 + [0.0] * 24
    return load_system(write_case(tmp_path / name, base, {"a": [50.0] * 72}, availability={"wind": blowing}, reserve=NO_RESERVE))


@pytest.mark.parametrize("coarse_days", [40, 2], ids=["coarse-exact", "coarse-typical-days"])
def test_a_channel_energy_target_is_shared_by_the_year(tmp_path, coarse_days):
    """A channel a -> x (300 MW, no revenue) must send 3600 MWh over the 72 h
    (438,000 MWh a year). One LP: all of it on day 2 from the 300 MW of
    wind, which also serves day 2's load; coal 2400 MWh: 240,000 CNY.
    Pro-rated per daily window, days 1 and 3 would each send 1200 MWh of
    coal: 480,000 CNY."""
    tables = {
        "zones": [{"zone": "x", "kind": "external", "export_price_cny_per_mwh": 0.0}],
        "links": [{**link("a_x", "a", "x", 300.0), "kind": "export"}],
        "channels": [{"name": "uhv", "link": "a_x", "min_energy_mwh_per_year": 3600 * 8760 / 72}],
    }
    system = three_days_of_wind(tmp_path, "channel", 300.0, tables)
    assert solve_system(system).objective_cny == pytest.approx(240_000.0, rel=1e-9)
    joined = solve_windows(system, days=1, workers=1, coarse_days=coarse_days)
    assert joined.objective_cny == pytest.approx(240_000.0, rel=1e-9)
    energy = joined.tables["channel_energy"].iloc[0]
    assert (energy["target_mwh"], energy["sent_mwh"], energy["shortfall_mwh"]) == pytest.approx((3600.0, 3600.0, 0.0), abs=1e-6)
    assert joined.tables["channels"]["sent_mw"].sum() == pytest.approx(3600.0, rel=1e-9)
    assert "channel_energy_shortfall" not in joined.verdict.failing


def test_a_thermal_contract_is_shared_by_the_year(tmp_path):
    """Coal is contracted for 2400 MWh over the 72 h (292,000 MWh a year);
    50 MW of free wind on day 2. One LP: coal serves days 1 and 3 (2400 MWh),
    wind day 2: 240,000 CNY, nothing curtailed. Pro-rated per daily window,
    coal would make 800 MWh on day 2 too (3200 MWh, 320,000 CNY, 800 MWh
    of wind curtailed)."""
    system = three_days_of_wind(tmp_path, "contract", 50.0, contract_mwh_per_year=2400 * 8760 / 72)
    assert solve_system(system).objective_cny == pytest.approx(240_000.0, rel=1e-9)
    joined = solve_windows(system, days=1, workers=1)
    assert joined.objective_cny == pytest.approx(240_000.0, rel=1e-9)
    contract = joined.tables["contracts"].iloc[0]
    assert (contract["contract_mwh"], contract["made_mwh"], contract["shortfall_mwh"]) == pytest.approx((2400.0, 2400.0, 0.0), abs=1e-6)
    assert joined.kpis["curtailment_mwh"] == pytest.approx(0.0, abs=1e-6)


def test_peak_shaving_spends_the_energy_on_the_highest_residual_load():
    """Residual load 10, 40, 30, 20 MW, 15 MW of turbines, 25 MWh: the level
    20 MW gives 0 + 15 + 10 + 0 = 25 MWh (level 25 would give only 20).
    100 MWh is more than 15 MW x 4 h: every hour at 15 MW."""
    assert peak_shaving(np.array([10.0, 40.0, 30.0, 20.0]), 15.0, 25.0) == pytest.approx([0.0, 15.0, 10.0, 0.0], abs=1e-9)
    assert peak_shaving(np.array([10.0, 40.0, 30.0, 20.0]), 15.0, 100.0) == pytest.approx([15.0] * 4)


@pytest.mark.parametrize("passes", [0, 1])
@pytest.mark.parametrize("coarse_days", [40, 2], ids=["coarse-exact", "coarse-typical-days"])
def test_a_hydro_month_budget_goes_to_the_peak_day(tmp_path, coarse_days, passes):
    """96 h in one month, windows of 1 day. Load 800 MW, 1000 MW on day 2;
    850 MW of coal at 100 CNY/MWh, 400 MW at 300; free hydro of 200 MW with
    3600 MWh over the 96 h (328,500 MWh a year, flat inflow). One LP: the
    hydro takes the 150 MW above 850 on day 2 (3600 MWh): coal 78,000 MWh at
    100 = 7,800,000 CNY. Shared by inflow (the typical-day coarse year
    budgets hydro per day) each day gets 900 MWh: 2700 MWh at 300 on day 2,
    8,340,000 CNY. Shaving the month's residual load puts it all on day 2.
    A further pass may use over its hours what the year used there, no more."""
    load = [800.0] * 24 + [1000.0] * 24 + [800.0] * 48
    tables = {
        "zones": zones("a"),
        "thermal": [thermal("cheap", "a", 850, 100), thermal("dear", "a", 400, 300)],
        "hydro": [{"name": "h", "zone": "a", "capacity_mw": 200, "annual_energy_mwh": 3600 * 8760 / 96}],
    }
    system = load_system(write_case(tmp_path / "hydro", tables, {"a": load}, reserve=NO_RESERVE))
    assert solve_system(system).objective_cny == pytest.approx(7_800_000.0, rel=1e-9)
    joined = solve_windows(system, days=1, workers=1, coarse_days=coarse_days, passes=passes)
    assert joined.objective_cny == pytest.approx(7_800_000.0, rel=1e-9)
    assert joined.kpis["hydro_mwh"] == pytest.approx(3600.0, rel=1e-9)


def test_a_pass_with_fixed_ends_mends_what_the_rolling_windows_missed(tmp_path):
    """48 h, windows of 1 day, no look-ahead. Load 0 until 20:00 of day 1,
    then 100 MW to the end. A 100 MW unit at 100 CNY/MWh, always at full
    output when online (min load 1), costs 1000 CNY/MW to start; a peaker
    costs 300 CNY/MWh. One LP: start at 20:00, 100,000 + 2800 MWh x 100 =
    380,000 CNY. Day 1 alone sees 4 h of load: starting (100,000) saves only
    400 x 200 = 80,000, so the peaker runs, and day 2 starts the unit:
    120,000 + 100,000 + 240,000 = 460,000 CNY. A pass shifted by half a
    window solves 12:00 of day 1 to 10:00 of day 2 again, between the hours
    before and after it as they were: it starts the unit at 20:00 (pass-1
    cost of those hours 330,000, now 250,000): the one LP's 380,000."""
    from invariants import check_invariants

    tables = {
        "zones": zones("a"),
        "thermal": [thermal("unit", "a", 100, 100, min_load_pu=1.0, startup_cost_cny_per_mw=1000), thermal("peaker", "a", 200, 300)],
    }
    system = load_system(write_case(tmp_path / "startup", tables, {"a": [0.0] * 20 + [100.0] * 28}, reserve=NO_RESERVE))
    assert solve_system(system).objective_cny == pytest.approx(380_000.0, rel=1e-9)
    rolling = solve_windows(system, days=1, workers=1, lookahead_days=0, passes=0)
    assert rolling.objective_cny == pytest.approx(460_000.0, rel=1e-9)
    mended = solve_windows(system, days=1, workers=1, lookahead_days=0, passes=1)
    check_invariants(mended)
    assert mended.objective_cny == pytest.approx(380_000.0, rel=1e-9)
    assert mended.tables["thermal"].query("unit == 'unit'")["startup_mw"].to_numpy() == pytest.approx([0.0] * 20 + [100.0] + [0.0] * 27, abs=1e-6)


@pytest.mark.parametrize(("lookahead_days", "passes", "cost"), [(0, 0, 460_000.0), (0, 1, 380_000.0), (1, 0, 380_000.0)])
def test_the_scenario_sets_the_look_ahead_and_the_passes(tmp_path, lookahead_days, passes, cost):
    """The case above run as a scenario (solver.window_days 1) through the
    workflow's dispatch: solver.lookahead_days and solver.passes reach the
    windows. A day of look-ahead lets day 1 see day 2's load and start the
    unit at 20:00, as a pass does: the one LP's 380,000 CNY."""
    from gridmodel.workflow import dispatch

    tables = {
        "zones": zones("a"),
        "thermal": [thermal("unit", "a", 100, 100, min_load_pu=1.0, startup_cost_cny_per_mw=1000), thermal("peaker", "a", 200, 300)],
    }
    path = write_case(tmp_path / "startup", tables, {"a": [0.0] * 20 + [100.0] * 28}, reserve=NO_RESERVE)
    settings = {"solver.window_days": 1, "solver.workers": 1, "solver.lookahead_days": lookahead_days, "solver.passes": passes}
    assert dispatch(load_system(path, settings)).objective_cny == pytest.approx(cost, rel=1e-9)


@pytest.mark.parametrize("rule", ["aim", "end"])
def test_a_level_the_window_cannot_reach_is_missed_not_infeasible(tmp_path, rule):
    """One day from an empty lossless store of 10 MW / 1,200 MWh; load
    100 MW, coal 200 MW at 100 CNY/MWh. The coarse year asks for 1,000 MWh
    at the day's end, but 24 h x 10 MW reach only 240 MWh (a short store
    cyclic within each coarse day can be asked for any level). As a rolling
    window's aim: it charges all day (each MWh 100 CNY against a miss of
    5,000) and ends at 240 MWh; the hours cost (100 + 10) MW x 24 h x 100 =
    264,000 CNY and the missed 760 MWh none. As an end that must hold (where
    the next chain starts): infeasible, and the error names that rule."""
    from dataclasses import replace

    from gridmodel.errors import SolverError
    from gridmodel.model.core import Carry, Horizon
    from gridmodel.windows import Task, solve_window

    tables = {
        "zones": zones("a"),
        "thermal": [thermal("coal", "a", 200, 100)],
        "storage": [{"name": "st", "zone": "a", "technology": "battery", "power_mw": 10, "energy_mwh": 1200, "eta_charge": 1.0, "eta_discharge": 1.0}],
    }
    system = load_system(write_case(tmp_path / "aim", tables, {"a": [100.0] * 24}, reserve=NO_RESERVE))
    level = {"Storage_SOC_MWh": np.array([1000.0])}
    carry = Carry(start={"Storage_SOC_MWh": np.array([0.0])}, **{rule: level})
    task = Task(system, replace(Horizon.chronological(system.index), carry=carry), 24, None)
    if rule == "end":
        with pytest.raises(SolverError, match="Infeasible.*Storage_SOC_MWh_End_Constraint"):
            solve_window(task)
        return
    solved = solve_window(task)
    assert solved.state["Storage_SOC_MWh"] == pytest.approx([240.0], abs=1e-6)
    assert solved.cost_h.sum() + solved.cost_rest == pytest.approx(264_000.0, rel=1e-6)


def test_a_windowed_run_s_contracts_add_up_its_thermal_table(tmp_path):
    """Two contracted groups, daily windows (the joined thermal table is then
    window by window, not cluster by hour). Coal 400 MW at 100 CNY/MWh
    contracted for 2400 MWh over the 72 h, a peaker 50 MW at 300 for 240 MWh;
    load 50 MW, 50 MW of free wind on day 2. Days 1 and 3 need 2400 MWh of
    thermal, the contracts 2640: coal 2400, the peaker 240 (240 MWh of wind
    curtailed), 240,000 + 72,000 = 312,000 CNY. contracts' made_mwh is each
    group's sum of thermal p_mw x 1 h. The coarse year (as cheap anywhere)
    runs the peaker on day 2; each window's look-ahead plans it past the day
    it keeps, so the last window must get what is left, allocated there or
    not (it got nothing: 240 MWh short, 264,000 CNY)."""
    peaker = thermal("peaker", "a", 50, 300, contract_mwh_per_year=240 * 8760 / 72)
    system = three_days_of_wind(tmp_path, "contracts", 50.0, {"thermal": [peaker]}, contract_mwh_per_year=2400 * 8760 / 72)
    joined = solve_windows(system, days=1, workers=1)
    assert joined.objective_cny == pytest.approx(312_000.0, rel=1e-9)
    made = joined.tables["contracts"].set_index("group")["made_mwh"]
    thermal_mwh = joined.tables["thermal"].groupby("group")["p_mw"].sum()
    assert made.to_dict() == pytest.approx(thermal_mwh.to_dict(), abs=1e-6)
    assert made.to_dict() == pytest.approx({"coal": 2400.0, "peaker": 240.0}, abs=1e-6)


@pytest.mark.parametrize("passes", [0, 1])
def test_a_unit_stopped_at_a_seam_starts_again_in_the_next_window(tmp_path, passes):
    """The case of test_formulation's unit ramping slower than its minimum
    load, twice: 48 h, free wind in hours 0-11 of each day, daily windows.
    Each day as there: 129,600 CNY, the unit off in hours 1-10 and 25-34,
    starting at 48 MW in hours 11 and 35. The seams carry it stopped or at
    full output; the joined year is the one LP's, 259,200 CNY, and every
    window is optimal. Without the start-up allowance a unit carried in at
    exactly 0 MW could not start again in its window, and one carried at a
    few MW only grew six-fold an hour."""
    units = [thermal("chp", "a", 100, 100, min_load_pu=0.6, ramp_pu_per_h=0.5), thermal("peaker", "a", 200, 500)]
    blowing = ([1.0] * 12 + [0.0] * 12) * 2
    case = write_case(tmp_path / "start", {"zones": zones("a"), "thermal": units, "renewables": [wind("w", "a", 200)]}, {"a": [100.0] * 48}, {"w": blowing}, reserve=NO_RESERVE)
    system = load_system(case)
    assert solve_system(system).objective_cny == pytest.approx(259_200.0, rel=1e-9)
    joined = solve_windows(system, days=1, workers=1, passes=passes)
    assert joined.objective_cny == pytest.approx(259_200.0, rel=1e-9)
    chp = joined.tables["thermal"].query("unit == 'chp'")["p_mw"].to_numpy()
    assert chp == pytest.approx(([48.0] + [0.0] * 10 + [48.0] + [100.0] * 12) * 2, abs=1e-6)


def test_windows_typical_days_and_kpis_name_no_technology_s_state():
    """What a window carries, what the coarse year shares out and the storage
    KPIs come from the technologies' declarations (technology.Level, State,
    Limit): no declared variable is named in windows/, periods.py or
    results.py, no limit key in windows/ or periods.py, no kind of store
    in any of them, no operating rule's criterion in results.py
    (it names coal_tce and co2_t as criteria)."""
    from pathlib import Path

    from gridmodel import periods, results, windows
    from gridmodel.technologies import TECHNOLOGIES
    from gridmodel.technologies.technology import levels, limits, states, stored_kinds

    variables = {level.var for level in levels(TECHNOLOGIES)} | {level.day_start for level in levels(TECHNOLOGIES)} | {state.var for state in states(TECHNOLOGIES)}
    variables |= {f'"{kind}"' for _, kind in stored_kinds(TECHNOLOGIES)}
    keys = {f'"{limit.key}"' for limit in limits(TECHNOLOGIES)}
    assert "Storage_SOC_MWh" in variables and '"pumped_hydro"' in variables and '"hydro"' in keys
    rules = {f'"{rule.name}"' for t in TECHNOLOGIES for rule in t.rules}
    assert '"must_run_shortfall"' in rules
    for module, names in ((windows, variables | keys), (periods, variables | keys), (results, variables | rules)):
        files = sorted(Path(module.__file__).parent.glob("*.py")) if module.__file__.endswith("__init__.py") else [Path(module.__file__)]
        assert len(files) > 1 or module is not windows  # the package's every part
        for file in files:
            code = file.read_text(encoding="utf-8")
            assert [name for name in sorted(names) if name in code] == [], file.name


def test_the_scenario_sets_the_coarse_years_days(tmp_path):
    """solver.coarse_days reaches the coarse year: the case of
    test_month_windows_hold_each_month_budget_whole as daily windows without
    look-ahead gives 17,280,000 CNY on 2 typical days (hydro shared by
    shaving), and the default, more days than the run's 4, is the coarse year
    on the days themselves, which hands each day its own hydro."""
    system = select_hours(load_system(two_months_of_hydro(tmp_path / "months")))
    solver = system.scenario.solver.model_copy(update={"window_days": 1, "lookahead_days": 0, "workers": 1})
    on = lambda **kw: replace(system, scenario=system.scenario.model_copy(update={"solver": solver.model_copy(update=kw)}))  # noqa: E731
    assert dispatch(on(coarse_days=2)).objective_cny == pytest.approx(17_280_000.0, rel=1e-9)
    assert dispatch(on()).objective_cny == pytest.approx(15_840_000.0, rel=1e-9)
