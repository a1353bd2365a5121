"""Annual generation plans held month by month (model/plans.py)."""

from __future__ import annotations

import pytest

from cases import NO_RESERVE, thermal, wind, write_case
from gridmodel import load_system, select_hours
from gridmodel.api import solve_system
from gridmodel.errors import InputError
from gridmodel.windows import solve_windows

YEAR_H = 8760
JAN_FEB_DAYS = 33  # series from 1 January to 2 February


def planned_case(folder, shares: str = "hours", load_jan: float = 100.0, load_feb: float = 100.0, province: str = "p", hydro_mw: float = 0.0, interchange: list | None = None, expectations: list | None = None):
    """Zone a (province p), load 100 MW, 150 MW of free wind always
    available, 200 MW of coal at 100 CNY/MWh, minimum load 0. The horizon is
    30 January - 2 February: 48 h in each month. A plan of 438,000 MWh a
    year (50 MW on average) by hours asks January 438,000 x 744/8760 x 48/744
    = 2,400 MWh in its 48 h, and February the same. hydro_mw: a hydro
    plant with that mean output as its budget (flat inflow), if given;
    interchange, expectations: rows of tables interchange and plan_expectations, if given."""
    n = JAN_FEB_DAYS * 24
    load = [load_jan] * (31 * 24) + [load_feb] * (n - 31 * 24)
    tables = {
        "zones": [{"zone": "a", "kind": "internal", "province": "p"}],
        "thermal": [thermal("coal", "a", 200, 100, min_load_pu=0.0)],
        "renewables": [wind("w", "a", 150)],
        "plans": [{"province": province, "planned_mwh_per_year": 50.0 * YEAR_H, "monthly_shares": shares}],
    }
    if hydro_mw:
        tables["hydro"] = [{"name": "h", "zone": "a", "capacity_mw": 2 * hydro_mw, "annual_energy_mwh": hydro_mw * YEAR_H}]
    if interchange:
        tables["interchange"] = interchange
    if expectations:
        tables["plan_expectations"] = expectations
    return write_case(folder, tables, {"a": load}, {"w": [1.0] * n}, reserve=NO_RESERVE, horizon={"start": "2030-01-30", "end": "2030-02-02"}, regime={"name": "planned"})


def test_a_monthly_plan_is_made_in_its_month(tmp_path):
    """Without the plan wind serves the load at no cost; with it coal makes
    2,400 MWh in each month's 48 h (displacing as much wind): 480,000 CNY."""
    result = solve_system(select_hours(load_system(planned_case(tmp_path / "c"))))
    assert result.objective_cny == pytest.approx(480_000.0, rel=1e-9)
    plans = result.tables["plans"].set_index("month")
    assert plans.loc[[1, 2], "planned_mwh"].tolist() == pytest.approx([2400.0, 2400.0])
    assert plans.loc[[1, 2], "made_mwh"].tolist() == pytest.approx([2400.0, 2400.0])
    assert plans["shortfall_mwh"].abs().max() < 1e-6
    th = result.tables["thermal"]
    made = th.groupby(th["timestamp"].dt.month)["p_mw"].sum()
    assert made.tolist() == pytest.approx([2400.0, 2400.0])


def test_load_shares_split_the_plan_by_each_month_load(tmp_path):
    """By load: load 100 MW in January (744 h) and 300 MW in February's two
    days, the series' year (33 days) holds 74,400 + 14,400 MWh; January's
    share 74,400/88,800, February's 14,400/88,800 of 438,000 MWh, each over
    the share of its calendar month the horizon covers (48/744, 48/672):
    January 438,000 x 0.837838 x 0.064516 = 23,675 MWh, of which coal can
    make only the load, 4,800 MWh: 18,875 MWh short at 2,000 CNY/MWh;
    February 438,000 x 0.162162 x 0.071429 = 5,073 MWh, below the 7,200 MWh
    coal makes anyway (300 MW load, 150 MW wind)."""
    result = solve_system(select_hours(load_system(planned_case(tmp_path / "c", "load", 100.0, 300.0))))
    plans = result.tables["plans"].set_index("month")
    jan = 438_000 * (74_400 / 88_800) * (48 / 744)
    feb = 438_000 * (14_400 / 88_800) * (48 / 672)
    assert plans.loc[[1, 2], "planned_mwh"].tolist() == pytest.approx([jan, feb], rel=1e-9)
    assert plans.loc[1, "made_mwh"] == pytest.approx(4800.0, rel=1e-9)
    assert plans.loc[1, "shortfall_mwh"] == pytest.approx(jan - 4800.0, rel=1e-9)
    assert plans.loc[2, "made_mwh"] == pytest.approx(7200.0, rel=1e-9)
    assert plans.loc[2, "shortfall_mwh"] == pytest.approx(0.0, abs=1e-6)
    assert result.objective_cny == pytest.approx((4800 + 7200) * 100 + (jan - 4800) * 2000, rel=1e-9)


def test_daily_windows_hold_the_monthly_plan(tmp_path):
    """Daily windows share each month's plan over its days: the joined year
    makes the same 2,400 MWh a month at the same cost as the one LP."""
    system = select_hours(load_system(planned_case(tmp_path / "c")))
    result = solve_windows(system, days=1, workers=1, lookahead_days=0, coarse_days=4)
    assert result.objective_cny == pytest.approx(480_000.0, rel=1e-6)
    plans = result.tables["plans"].set_index("month")
    assert plans.loc[[1, 2], "made_mwh"].tolist() == pytest.approx([2400.0, 2400.0], rel=1e-6)


def test_a_plan_for_an_unknown_province_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"plans.*province.*'q'"):
        load_system(planned_case(tmp_path / "c", province="q"))


def test_the_market_regime_leaves_the_plans_out(tmp_path):
    """The same case under regime market (the default) or planned with the
    rule `plans` off: no plan, wind serves the load at no cost."""
    path = planned_case(tmp_path / "c")
    for regime in ({"name": "market"}, {"name": "planned", "off": ["plans"]}):
        system = select_hours(load_system(path, {"regime": regime}))
        assert system.tables["plans"].empty
        assert solve_system(system).objective_cny == pytest.approx(0.0, abs=1e-6)


def test_a_plan_in_utilisation_hours_is_the_hours_times_the_fleet(tmp_path):
    """438,000 MWh is 2,190 h of the province's 200 MW of coal: the same plan, the same 480,000 CNY."""
    path = planned_case(tmp_path / "c")
    plans = path.parent / "plans.csv"
    plans.write_text("province,planned_hours_per_year,monthly_shares\np,2190,hours\n")
    assert solve_system(select_hours(load_system(path))).objective_cny == pytest.approx(480_000.0, rel=1e-9)


def test_residual_shares_split_the_plan_by_the_monthly_balance(tmp_path):
    """By the month's balance: load 100 MW in January (74,400 MWh over 744 h)
    and 300 MW in February's two days (14,400 MWh), less the wind available
    (150 MW every hour: 111,600 and 7,200 MWh): January's residual is below
    zero (no plan), February's 7,200 MWh the whole residual year, so
    February's plan is 438,000 x 1 x 48/672 = 31,286 MWh, of which the
    200 MW of coal can make 9,600 MWh in its 48 h: 21,686 MWh short."""
    result = solve_system(select_hours(load_system(planned_case(tmp_path / "c", "residual", 100.0, 300.0))))
    plans = result.tables["plans"].set_index("month")
    feb = 438_000 * 48 / 672
    assert plans.index.tolist() == [2]
    assert plans.loc[2, "planned_mwh"] == pytest.approx(feb, rel=1e-9)
    assert plans.loc[2, "made_mwh"] == pytest.approx(9_600.0, rel=1e-9)
    assert plans.loc[2, "shortfall_mwh"] == pytest.approx(feb - 9_600.0, rel=1e-9)


def test_load_less_hydro_shares_count_hydro_but_not_wind(tmp_path):
    """By the balance without wind and solar: load 100 MW in January (744 h)
    and 300 MW in February's two days, less a hydro budget of 50 MW on
    average (flat inflow): January 74,400 - 37,200 = 37,200 MWh, February
    14,400 - 2,400 = 12,000 MWh; the 150 MW of wind always available do not
    count (the residual rule would give January nothing). January's plan
    438,000 x 37,200/49,200 x 48/744 = 21,366 MWh, February's
    438,000 x 12,000/49,200 x 48/672 = 7,631 MWh."""
    result = solve_system(select_hours(load_system(planned_case(tmp_path / "c", "load_less_hydro", 100.0, 300.0, hydro_mw=50.0))))
    plans = result.tables["plans"].set_index("month")
    jan = 438_000 * (37_200 / 49_200) * (48 / 744)
    feb = 438_000 * (12_000 / 49_200) * (48 / 672)
    assert plans.loc[[1, 2], "planned_mwh"].tolist() == pytest.approx([jan, feb], rel=1e-9)
    assert plans.loc[2, "shortfall_mwh"] == pytest.approx(0.0, abs=1e-6)
    assert plans.loc[2, "made_mwh"] >= feb - 1e-6
    assert plans.loc[1, "made_mwh"] + plans.loc[1, "shortfall_mwh"] == pytest.approx(jan, rel=1e-9)


def test_load_less_expected_shares_count_the_wind_the_plan_expects_not_the_wind_available(tmp_path):
    """As above (load 100 MW in January, 300 MW in February's two days, hydro
    50 MW), and the plan expects 10,000 MWh of wind in January and 4,000 MWh
    in February (table plan_expectations), whatever the 150 MW of wind
    available would give: January 37,200 - 10,000 = 27,200 MWh, February
    12,000 - 4,000 = 8,000 MWh. January's plan 438,000 x 27,200/35,200 x
    48/744 = 21,836 MWh, February's 438,000 x 8,000/35,200 x 48/672 = 7,110 MWh."""
    expected = [{"province": "p", "month": 1, "wind_solar_mwh": 10_000.0}, {"province": "p", "month": 2, "wind_solar_mwh": 4_000.0}]
    case = planned_case(tmp_path / "c", "load_less_expected", 100.0, 300.0, hydro_mw=50.0, expectations=expected)
    plans = solve_system(select_hours(load_system(case))).tables["plans"].set_index("month")
    jan = 438_000 * (27_200 / 35_200) * (48 / 744)
    feb = 438_000 * (8_000 / 35_200) * (48 / 672)
    assert plans.loc[[1, 2], "planned_mwh"].tolist() == pytest.approx([jan, feb], rel=1e-9)
    assert (plans["made_mwh"] + plans["shortfall_mwh"] >= plans["planned_mwh"] - 1e-6).all()


def test_a_plan_split_by_expected_output_without_its_expectations_is_refused(tmp_path):
    case = planned_case(tmp_path / "c", "load_less_expected", expectations=[{"province": "elsewhere", "month": 1, "wind_solar_mwh": 1.0}])
    with pytest.raises(InputError, match=r"plans.*monthly_shares.*plan_expectations"):
        load_system(case)


def test_the_months_tie_line_plan_is_part_of_the_balance_the_plan_is_split_by(tmp_path):
    """As above (load 100 MW in January, 300 MW in February's two days,
    hydro 50 MW), and province p is planned to export 20 MW in January and
    import 50 MW in February (table interchange): January's balance 74,400 +
    20 x 744 - 37,200 = 52,080 MWh, February's 14,400 - 50 x 672 - 2,400 < 0,
    so none. The whole plan falls in January: 438,000 x 48/744 = 28,258 MWh
    in the horizon's 48 January hours, none in February."""
    ties = [{"province": "p", "month": m, "net_export_mw": mw, "band_mw": 1000.0, "monthly_energy": False} for m, mw in ((1, 20.0), (2, -50.0))]
    case = planned_case(tmp_path / "c", "load_less_hydro", 100.0, 300.0, hydro_mw=50.0, interchange=ties)
    result = solve_system(select_hours(load_system(case)))
    plans = result.tables["plans"].set_index("month")
    assert plans.loc[1, "planned_mwh"] == pytest.approx(438_000 * 48 / 744, rel=1e-9)
    assert plans["planned_mwh"].get(2, 0.0) == pytest.approx(0.0, abs=1e-9)  # a month with no plan has no row
