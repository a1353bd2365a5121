"""Representative days: storage linked across the year must reproduce the
chronological model when the days it stands for are exactly represented."""

from __future__ import annotations

import numpy as np
import pytest

from gridmodel.api import solve_system
from gridmodel.errors import InputError
from gridmodel.inputs import load_system
from gridmodel.periods import periods_horizon, representative_system

from cases import NO_RESERVE, ZONE, thermal, wind, write_case

DAY = 24


def four_days(tmp_path, wind_by_day=(1.0, 0.2, 0.2, 0.2), **settings):
    """One zone, flat 100 MW load; a windy first day, then calm days that the
    store (2000 MWh, more than a day's worth of deficit) must cover with energy
    carried over from day one, or dear coal."""
    n = len(wind_by_day) * DAY
    wind = np.repeat(wind_by_day, DAY) * (0.9 + 0.1 * np.cos(2 * np.pi * np.arange(n) / DAY))
    tables = {
        "zones": ZONE,
        "renewables": [{"name": "w", "zone": "a", "technology": "wind", "capacity_mw": 300, "profile": "w"}],
        "thermal": [{"name": "coal", "zone": "a", "technology": "coal", "capacity_mw": 300, "heat_rate_tce_per_mwh": 0.3, "fuel_price_cny_per_tce": 900}],
        "storage": [{"name": "phs", "zone": "a", "technology": "pumped_hydro", "power_mw": 100, "energy_mwh": 2000, "eta_charge": 0.9, "eta_discharge": 0.9}],
    }
    path = write_case(tmp_path, tables, {"a": [100.0] * n}, {"w": wind.round(6).tolist()}, **settings)
    return load_system(path)


def test_every_day_its_own_period_is_the_chronological_model(tmp_path):
    system = four_days(tmp_path)
    chrono = solve_system(system)
    linked = solve_system(system, periods_horizon(system.index, origin=[0, 1, 2, 3], sequence=[0, 1, 2, 3]))
    assert linked.objective_cny == pytest.approx(chrono.objective_cny, rel=1e-6)
    # the store carries day one's surplus into the calm days
    soc = linked.tables["storage"]["soc_mwh"].to_numpy().reshape(4, DAY)
    assert soc[0].max() > 1000


def test_one_day_standing_for_three_identical_days_keeps_the_seasonal_store(tmp_path):
    system = four_days(tmp_path, representative_periods={"days": 2, "extreme": False, "scale_to_year": False, "link_storage_min_h": 0})
    chrono = solve_system(four_days(tmp_path / "chronological"))
    horizon = representative_system(system)[1]
    assert sorted(horizon.weight_h.reshape(2, DAY)[:, 0]) == [1, 3]  # the calm days share one period
    assert horizon.weight_h.sum() == 4 * DAY
    linked = solve_system(system, horizon)
    assert linked.objective_cny == pytest.approx(chrono.objective_cny, rel=1e-6)
    assert linked.kpis["load_mwh"] == pytest.approx(4 * DAY * 100.0)


def test_scenario_switch_picks_typical_days_and_whole_horizon_budgets(tmp_path):
    system = four_days(tmp_path, representative_periods={"days": 2, "extreme": False})
    result = solve_system(system)
    assert len(result.tables["zones"]) == 2 * DAY
    assert result.kpis["load_mwh"] == pytest.approx(4 * DAY * 100.0)


def test_too_many_typical_days_is_a_clear_input_error(tmp_path):
    system = four_days(tmp_path, representative_periods={"days": 4})
    with pytest.raises(InputError, match="representative_periods.days"):
        solve_system(system)


@pytest.mark.parametrize("min_h, carried", [(24.0, False), (12.0, True)])
def test_only_long_stores_carry_energy_across_days(tmp_path, min_h, carried):
    """The 20 h store is linked across days only when it is longer than
    link_storage_min_h; otherwise each typical day is cyclic on its own."""
    rp = {"days": 2, "extreme": False, "scale_to_year": False, "link_storage_min_h": min_h}
    system = four_days(tmp_path, representative_periods=rp)
    chrono = solve_system(four_days(tmp_path / "chronological"))
    result = solve_system(system)
    soc = result.tables["storage"]["soc_mwh"].to_numpy().reshape(2, DAY)
    charge = result.tables["storage"][["charge_mw", "discharge_mw"]].to_numpy().reshape(2, DAY, 2)
    net_in = (0.9 * charge[..., 0] - charge[..., 1] / 0.9).sum(axis=1)  # energy gained over each typical day
    if carried:
        assert result.objective_cny == pytest.approx(chrono.objective_cny, rel=1e-6)
        assert net_in.max() > 500  # the windy day stores for the calm ones
    else:
        assert np.abs(net_in).max() < 1e-6  # every day ends where it started
        assert result.objective_cny > chrono.objective_cny * 1.01
        assert soc.min() >= -1e-9





def january_and_february(tmp_path, heat=None, **settings):
    """January alternates windy (1.0) and calm (0.2) days, February is
    middling (0.6), each day's wind with a little noise of its own; the load
    is flat within each day, at 100-120 MW."""
    days = 31 + 28
    level = np.r_[np.where(np.arange(31) % 2 == 0, 1.0, 0.2), np.full(28, 0.6)]
    noise = 1 + 0.05 * np.random.default_rng(0).standard_normal(days * DAY)
    wind = np.clip(np.repeat(level, DAY) * (0.85 + 0.1 * np.cos(2 * np.pi * np.arange(days * DAY) / DAY)) * noise, 0, 1)
    tables = {
        "zones": ZONE,
        "renewables": [{"name": "w", "zone": "a", "technology": "wind", "capacity_mw": 300, "profile": "w"}],
        "thermal": [{"name": "coal", "zone": "a", "technology": "coal", "capacity_mw": 300, "heat_rate_tce_per_mwh": 0.3, "fuel_price_cny_per_tce": 900}],
    }
    load = 100.0 + 20 * np.random.default_rng(1).random(days).repeat(DAY)  # a level of its own each day
    return load_system(write_case(tmp_path, tables, {"a": load.round(6).tolist()}, {"w": wind.round(6).tolist()}, heat, **settings))


def test_each_month_is_represented_by_its_own_days(tmp_path):
    """4 typical days over January (31 days) and February (28): 2 each
    (shares 2.10 and 1.90, floors 2 and 1, the larger remainder is
    February's). A January representative stands only for January days, the
    weights of a month's representatives sum to its days, and January's two
    are one windy and one calm day, standing for the 16 windy and 15 calm days."""
    system = january_and_february(tmp_path, representative_periods={"days": 4, "extreme": False})
    scaled, horizon = representative_system(system)
    day_month = system.index[::DAY].month.to_numpy()
    rep_month = horizon.index[::DAY].month.to_numpy()
    assert list(rep_month) == [1, 1, 2, 2]
    assert (rep_month[horizon.sequence] == day_month).all()
    day_weight = horizon.weight_h[::DAY]
    assert day_weight[rep_month == 1].sum() == 31 and day_weight[rep_month == 2].sum() == 28
    january_wind = system.availability.loc[horizon.index[: 2 * DAY], "w"].to_numpy().reshape(2, DAY).mean(axis=1)
    assert dict(zip(january_wind > 0.6, day_weight[:2])) == {True: 16, False: 15}
    # each month's load energy is its own (scaled per month), not the year's spread over the months
    load = scaled.load_mw.loc[horizon.index, "a"].to_numpy() * horizon.weight_h
    year = system.load_mw.loc[system.index, "a"]
    for month in (1, 2):
        assert load[horizon.index.month == month].sum() == pytest.approx(year[year.index.month == month].sum(), rel=1e-9)
    unscaled = system.load_mw.loc[horizon.index, "a"].to_numpy() * horizon.weight_h
    assert unscaled[horizon.index.month == 1].sum() != pytest.approx(year[year.index.month == 1].sum(), rel=1e-4)  # the medoids alone miss it


def test_the_last_heating_days_of_a_month_get_a_typical_day_of_their_own(tmp_path):
    """Heat only on 1-3 February: February is two groups, its 3 heating days
    and its 25 others, so one of its typical days heats and stands for
    exactly those 3 days (days per group: 4 x (31, 3, 25) / 59 = 2.10, 0.20,
    1.69; floors 2, 0, 1 and the largest remainder to the 25; at least one
    each: 2, 1, 2), and February's heat is kept."""
    heat = np.zeros((31 + 28) * DAY)
    heat[31 * DAY : 34 * DAY] = 50.0 + 10 * np.cos(2 * np.pi * np.arange(3 * DAY) / DAY)
    system = january_and_february(tmp_path, heat={"h": heat.round(6).tolist()}, representative_periods={"days": 4, "extreme": False})
    scaled, horizon = representative_system(system)
    rep = horizon.index[::DAY]
    assert list(rep.month) == [1, 1, 2, 2, 2]
    heated = scaled.heat_demand_mw_th.loc[rep, "h"].to_numpy() > 0
    assert heated.sum() == 1 and horizon.weight_h[::DAY][heated].item() == 3
    february = (scaled.heat_demand_mw_th.loc[horizon.index, "h"].to_numpy() * horizon.weight_h)[horizon.index.month == 2].sum()
    assert february == pytest.approx(heat.sum(), rel=1e-9)


def test_a_months_typical_days_share_its_hydro_budget(tmp_path):
    """A windy day (surplus: hydro is worth nothing) and three calm days
    (deficit, else dear coal), one month. The hydro's budget, 10 MW on
    average over the four days, is the month's: the chronological LP spends
    it all on the calm days, and so do two typical days (the windy one, the
    calm one standing for three). A budget per day would spill the windy
    day's quarter of it."""
    n = 4 * DAY
    wind = np.repeat([1.0, 0.2, 0.2, 0.2], DAY)
    tables = {
        "zones": ZONE,
        "renewables": [{"name": "w", "zone": "a", "technology": "wind", "capacity_mw": 300, "profile": "w"}],
        "thermal": [{"name": "coal", "zone": "a", "technology": "coal", "capacity_mw": 300, "heat_rate_tce_per_mwh": 0.3, "fuel_price_cny_per_tce": 900}],
        "hydro": [{"name": "hy", "zone": "a", "capacity_mw": 100, "annual_energy_mwh": 10.0 * 8760}],
    }
    typical = {"days": 2, "extreme": False, "scale_to_year": False}
    for folder, settings in (("chronological", {}), ("typical", {"representative_periods": typical})):
        system = load_system(write_case(tmp_path / folder, tables, {"a": [100.0] * n}, {"w": wind.tolist()}, **settings))
        result = solve_system(system)
        hy = result.tables["hydro"]
        mwh = hy["p_mw"] * hy.get("weight_h", 1.0)
        windy = hy["timestamp"].dt.day.to_numpy() == 1
        assert mwh.sum() == pytest.approx(10.0 * n, rel=1e-6), folder  # the month's whole budget used ...
        assert mwh[windy].sum() == pytest.approx(0.0, abs=1e-6), folder  # ... none of it on the windy day


def windy_calm_windy(tmp_path, **settings):
    """Three days, load 100 MW; 100 MW of free wind on days 1 and 3, none on
    day 2. Coal 300 MW at 100 CNY/MWh, minimum load 0.5, 600 CNY per MW
    started. Keeping 100 MW online through a windy day costs its minimum
    load, 24 x 50 x 100 = 120,000 CNY, more than starting it again (60,000),
    so the year shuts it down: day 2 costs 24 x 100 x 100 = 240,000 CNY plus
    one start-up of 100 MW at its first hour, 300,000 CNY in all."""
    tables = {"zones": ZONE, "renewables": [wind("w", "a", 100)], "thermal": [thermal("coal", "a", 300, 100, min_load_pu=0.5, startup_cost_cny_per_mw=600)]}
    path = write_case(tmp_path, tables, {"a": [100.0] * 3 * DAY}, {"w": [1.0] * DAY + [0.0] * DAY + [1.0] * DAY}, reserve=NO_RESERVE, **settings)
    return load_system(path)


@pytest.mark.parametrize("origin, sequence", [([0, 1, 2], [0, 1, 2]), ([0, 1], [0, 1, 0])], ids=["every-day-its-own", "windy-days-share-one"])
def test_a_start_up_between_days_is_charged_as_the_year_charges_it(tmp_path, origin, sequence):
    """Each typical day is cyclic: coal online all of day 2 never starts
    within it, so the start-up from day 1 into day 2 is free (240,000 CNY).
    Charged between the days of the year (startups_between_days), it costs
    what the chronological year pays, 300,000 CNY (the module doc of model/thermal.py)."""
    chronological = solve_system(windy_calm_windy(tmp_path / "year"))
    assert chronological.objective_cny == pytest.approx(300_000.0, rel=1e-9)
    cyclic = windy_calm_windy(tmp_path / "cyclic", representative_periods={"days": 2, "extreme": False})
    between = windy_calm_windy(tmp_path / "between", representative_periods={"days": 2, "extreme": False, "startups_between_days": True})
    horizon = periods_horizon(cyclic.index, origin, sequence)
    assert solve_system(cyclic, horizon).objective_cny == pytest.approx(240_000.0, rel=1e-9)
    result = solve_system(between, horizon)
    assert result.objective_cny == pytest.approx(300_000.0, rel=1e-9)
    coal = result.tables["thermal"]
    assert coal["online_mw"].to_numpy().reshape(-1, DAY)[:, 0] == pytest.approx(np.where(np.array(origin) == 1, 100.0, 0.0), abs=1e-6)
    assert (coal["startup_mw"] * coal["weight_h"]).sum() == pytest.approx(100.0, abs=1e-6)  # the one start-up, reported at day 2's first hour
