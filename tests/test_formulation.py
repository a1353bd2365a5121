"""One part of the formulation per test, each on a tiny system whose optimum
is worked out by hand in the docstring and reproduced to 1e-6.

Conventions (tests/cases.py): a thermal unit's marginal cost is exactly its
`cost` (0.5 tce/MWh at twice the cost per tce, no O&M), so it burns 0.5 tce
and emits 0.5 x 2.66 = 1.33 t CO2 per MWh; links cost nothing to use;
reserve is off unless a test sets it. Horizons are cyclic: the step before
the first is the last. Every result also passes the invariants
(tests/invariants.py) through the `solve` fixture.
"""

from __future__ import annotations

import pytest

from cases import NO_RESERVE, link, thermal, wind, write_case, zones

REL = 1e-6


def table(result, name: str, **where):
    df = result.tables[name]
    for col, value in where.items():
        df = df[df[col] == value]
    return df


def values(result, name: str, column: str, **where):
    return table(result, name, **where).sort_values("timestamp")[column].to_numpy()


# ------------------------------------------------------------------- ramps
def test_ramp_limit_holds_the_cheap_unit_back(tmp_path, solve):
    """Load 50, 100, 100, 50 MW. The cheap unit (100 MW at 100 CNY/MWh) may
    move 0.25 x 100 = 25 MW an hour (online capacity is free, so all 100 MW
    stay online). From 50 MW it reaches 75 MW in hour 1, and it must be back
    at 50 MW in hour 3, so at most 75 MW in hour 2: 50, 75, 75, 50 (250 MWh).
    The dear unit (300 CNY/MWh) makes the other 50 MWh:
    100 x 250 + 300 x 50 = 40,000 CNY (30,000 without the ramp limit)."""
    units = [thermal("cheap", "a", 100, 100, ramp_pu_per_h=0.25), thermal("dear", "a", 1000, 300)]
    res = solve(write_case(tmp_path, {"zones": zones("a"), "thermal": units}, {"a": [50.0, 100.0, 100.0, 50.0]}, reserve=NO_RESERVE))
    assert values(res, "thermal", "p_mw", unit="cheap") == pytest.approx([50, 75, 75, 50], rel=REL)
    assert res.objective_cny == pytest.approx(100 * 250 + 300 * 50, rel=REL)


def test_a_unit_ramping_slower_than_its_minimum_load_starts_and_stops_at_it(tmp_path, solve):
    """24 h, load 100 MW; free wind (200 MW) in hours 0-11 only. A unit of
    100 MW at 100 CNY/MWh with minimum load 0.6 and ramp 0.5 p.u./h (the
    Northeast's CHP), a peaker at 500. Capacity starting in an hour runs at
    its minimum load (p - p[prev] <= 0.5 u + 0.1 (u - u[prev])): from off in
    hour 11, 60 MW at most. Running u11 MW online at 0.6 u11 in hour 11
    lets hour 12 reach 0.5 u11 + 60 (hour 12: u = 100): 100 MW needs u11 = 80,
    48 MW (4,800 CNY; each MW of u11 saves 0.5 x 500 - 0.6 x 100 = 190 CNY of
    peaker). Stopping mirrors it (p[prev] - p <= 0.5 u[prev] + 0.1 (u[prev] - u)):
    from 100 MW in hour 23, 48 MW in hour 0 (u = 80), 0 in hour 1. So
    12 x 100 x 100 + 2 x 4,800 = 129,600 CNY, off in hours 1-10. Without the
    0.1 allowance the unit could neither start from 0 (0.6 u <= p <= 0.5 u)
    nor stop: its output only fell or grew by a factor 6 an hour."""
    units = [thermal("chp", "a", 100, 100, min_load_pu=0.6, ramp_pu_per_h=0.5), thermal("peaker", "a", 200, 500)]
    blowing = [1.0] * 12 + [0.0] * 12
    case = write_case(tmp_path, {"zones": zones("a"), "thermal": units, "renewables": [wind("w", "a", 200)]}, {"a": [100.0] * 24}, {"w": blowing}, reserve=NO_RESERVE)
    res = solve(case)
    assert res.objective_cny == pytest.approx(129_600.0, rel=REL)
    assert values(res, "thermal", "p_mw", unit="chp") == pytest.approx([48.0] + [0.0] * 10 + [48.0] + [100.0] * 12, abs=1e-6)


# -------------------------------------------------------------- start-ups
@pytest.mark.parametrize(
    "startup_cny_per_mw, cheap_mw, objective_cny",
    [(150.0, [80, 20, 80, 20], 100 * 200 + 150 * 2 * 40), (250.0, [40, 20, 40, 20], 100 * 120 + 300 * 80)],
    ids=["worth-starting", "cheaper-to-buy"],
)
def test_startup_cost_against_cycling_the_cheap_unit(tmp_path, solve, startup_cny_per_mw, cheap_mw, objective_cny):
    """Load 80, 20, 80, 20 MW. The cheap unit (100 MW, 100 CNY/MWh, minimum
    load 0.5) can make 20 MW in a low hour with at most 40 MW online, so
    serving 80 MW in a high hour means starting 80 - 40 = 40 MW there. The
    dear unit costs 300. Per high hour, h MW from the cheap unit costs
    -200 h + S (h - 40) against buying: at S = 150 start (h = 80; 20,000 CNY
    of fuel + 150 x 40 x 2 = 12,000 of start-ups), at S = 250 do not
    (h = 40 = 2 x 20; 100 x 120 + 300 x 80 = 36,000 CNY)."""
    units = [thermal("cheap", "a", 100, 100, min_load_pu=0.5, startup_cost_cny_per_mw=startup_cny_per_mw), thermal("dear", "a", 1000, 300)]
    res = solve(write_case(tmp_path, {"zones": zones("a"), "thermal": units}, {"a": [80.0, 20.0, 80.0, 20.0]}, reserve=NO_RESERVE))
    assert values(res, "thermal", "p_mw", unit="cheap") == pytest.approx(cheap_mw, rel=REL)
    started = [h - 40 for h in cheap_mw[::2]]
    assert values(res, "thermal", "startup_mw", unit="cheap") == pytest.approx([started[0], 0, started[1], 0], abs=1e-6)
    assert res.objective_cny == pytest.approx(objective_cny, rel=REL)


# ------------------------------------------------------------------- caps
def capped_case(folder, **criteria):
    """100 MW for 4 h from coal (100 CNY/MWh, 0.5 tce and 1.33 t CO2 per MWh)
    or biomass (400 CNY/MWh, no CO2, not coal)."""
    units = [thermal("coal", "a", 200, 100), thermal("bio", "a", 200, 400, technology="biomass", co2_t_per_tce=0.0)]
    return write_case(folder, {"zones": zones("a"), "thermal": units}, {"a": [100.0] * 4}, reserve=NO_RESERVE, criteria=criteria)


def test_coal_cap_pro_rated_to_the_horizon(tmp_path, solve):
    """A cap of 219,000 tce a year is 219,000 x 4 / 8760 = 100 tce over 4 h:
    200 MWh of coal, the other 200 MWh from biomass:
    100 x 200 + 400 x 200 = 100,000 CNY (40,000 uncapped)."""
    res = solve(capped_case(tmp_path, max_coal_tce=219_000.0))
    assert res.kpis["coal_tce"] == pytest.approx(100.0, rel=REL)
    assert res.kpis["biomass_mwh"] == pytest.approx(200.0, rel=REL)
    assert res.objective_cny == pytest.approx(100 * 200 + 400 * 200, rel=REL)
    assert "coal_tce" not in res.verdict.failing


def test_co2_cap_pro_rated_to_the_horizon(tmp_path, solve):
    """291,270 t CO2 a year is 133 t over 4 h: 100 MWh of coal (1.33 t/MWh),
    300 MWh of biomass: 100 x 100 + 400 x 300 = 130,000 CNY."""
    res = solve(capped_case(tmp_path, max_co2_t=291_270.0))
    assert res.kpis["co2_t"] == pytest.approx(133.0, rel=REL)
    assert res.kpis["coal_mwh"] == pytest.approx(100.0, rel=REL)
    assert res.objective_cny == pytest.approx(100 * 100 + 400 * 300, rel=REL)


def test_a_cap_that_cannot_be_met_is_paid_for_and_fails_the_verdict(tmp_path, solve):
    """Without biomass, coal makes all 400 MWh: 532 t CO2 against 133 t, the
    399 t beyond the cap at 5,000 CNY/t: 40,000 + 1,995,000 CNY."""
    units = [thermal("coal", "a", 200, 100)]
    path = write_case(tmp_path, {"zones": zones("a"), "thermal": units}, {"a": [100.0] * 4}, reserve=NO_RESERVE, criteria={"max_co2_t": 291_270.0})
    res = solve(path)
    assert res.kpis["co2_t"] == pytest.approx(532.0, rel=REL)
    assert res.objective_cny == pytest.approx(40_000 + 5000 * 399, rel=REL)
    assert res.verdict.failing == ["co2_t"]


# -------------------------------------------------------- the export rule
@pytest.mark.parametrize("minimum, passes", [(0.68, True), (0.72, False)])
def test_export_renewable_share(tmp_path, solve, minimum, passes):
    """Load 50 MW; the neighbour pays 200 CNY/MWh (more than coal's 100) for
    up to 50 MW. Hour 0: 100 MW of wind make everything, 50 MW exported
    (share 1); hour 1: 30 MW of wind and all 60 MW of coal, 40 MW exported
    (share 1/3). Exports take each hour's mix, weighted by the energy
    exported: (50 x 1 + 40 / 3) / 90 = 0.7037 (an unweighted mean of the
    hours would give 0.667, the share of all generation 130 / 190 = 0.684)."""
    tables = {
        "zones": zones("a") + [{"zone": "x", "kind": "external", "export_price_cny_per_mwh": 200}],
        "links": [{**link("ax", "a", "x", 50), "kind": "export"}],
        "thermal": [thermal("coal", "a", 60, 100)],
        "renewables": [wind("w", "a", 100)],
    }
    path = write_case(tmp_path, tables, {"a": [50.0, 50.0]}, {"w": [1.0, 0.3]}, reserve=NO_RESERVE, criteria={"min_export_renewable_share": minimum})
    res = solve(path)
    assert values(res, "exchange", "export_mw") == pytest.approx([50.0, 40.0], rel=REL)
    assert res.kpis["export_renewable_share"] == pytest.approx((50 + 40 / 3) / 90, rel=REL)
    assert ("export_renewable_share" in res.verdict.failing) == (not passes)
    assert res.objective_cny == pytest.approx(100 * 60 - 200 * 90, rel=REL)


# ---------------------------------------------- reserve from storage and DR
BATTERY = {"name": "bat", "zone": "a", "technology": "battery", "power_mw": 30, "energy_mwh": 20, "eta_charge": 1.0, "eta_discharge": 0.9}
DR = {"name": "dr", "zone": "a", "share_of_peak": 0.2, "cost_cny_per_mwh": 200, "max_hours_per_year": 8760}


@pytest.mark.parametrize(
    "tables, free_reserve_mw",
    [({"storage": [BATTERY]}, 18.0), ({"demand_response": [DR]}, 20.0), ({"storage": [BATTERY], "demand_response": [DR]}, 38.0), ({}, 0.0)],
    ids=["battery", "demand-response", "both", "neither"],
)
def test_storage_and_demand_response_hold_reserve(tmp_path, solve, tables, free_reserve_mw):
    """Load 100 MW for 4 h, reserve 50 % of load = 50 MW. The cheap unit
    (100 MW at 100) is full; each MW the dear unit (300, minimum load 0.5)
    makes frees a MW of the cheap unit's headroom and adds one of its own, so
    the reserve left after the free sources costs R / 2 MW of dear output.
    Free sources: the battery's reserve is at most eta_d x stored energy =
    0.9 x 20 = 18 MW (its power, 30 MW, does not bind; a full store costs
    nothing to keep); demand response not called holds its capacity,
    0.2 x 100 = 20 MW. Dear output x = (50 - free) / 2 per hour; objective
    4 x (100 (100 - x) + 300 x). Demand response (200 CNY/MWh, a whole
    year's hours) is never called: a MW called frees a MW of the cheap unit's
    headroom but holds a MW less itself, and costs more than the cheap unit."""
    units = [thermal("cheap", "a", 100, 100), thermal("dear", "a", 1000, 300, min_load_pu=0.5)]
    path = write_case(tmp_path, {"zones": zones("a"), "thermal": units, **tables}, {"a": [100.0] * 4}, reserve={"load_share": 0.5, "renewable_share": 0.0})
    res = solve(path)
    dear = (50 - free_reserve_mw) / 2
    assert values(res, "thermal", "p_mw", unit="dear") == pytest.approx([dear] * 4, rel=REL)
    assert res.objective_cny == pytest.approx(4 * (100 * (100 - dear) + 300 * dear), rel=REL)
    assert res.kpis["reserve_shortfall_mwh"] == pytest.approx(0.0, abs=1e-6)
    if "storage" in tables:
        assert values(res, "storage", "reserve_mw") == pytest.approx([18.0] * 4, rel=REL)
    if "demand_response" in tables:
        assert values(res, "demand_response", "dr_mw") == pytest.approx([0.0] * 4, abs=1e-6)


# ------------------------------------------------- remedy: heat and hydrogen
PLAIN_MONEY = {"discount_rate": 0.0, "enabled": True}
"""Annualised cost = capex per year of lifetime (no discounting); remedy on."""


def per_mw_of_horizon(cny: float, hours: int) -> float:
    """capex_cny_per_kw that costs `cny` per MW over `hours` (lifetime 1 year, no O&M)."""
    return cny * 8760 / hours / 1e3


def candidate(name: str, kind: str, capex_cny_per_kw: float = 0.0, **kw) -> dict:
    return {"name": name, "kind": kind, "capex_cny_per_kw": capex_cny_per_kw, "lifetime_years": 1, "fom_pu_per_year": 0.0, **kw}


def heat_case(folder, wind_mw: float, wind_pu: list[float], heat_mw_th: list[float], candidates: list[dict], wind_cost: float = 0.0, boiler_mw_th: float = 0.0, remedy: str = "feasibility"):
    """Zone a: 50 MW of load, wind, coal at 100 CNY/MWh; heat area 'city'
    with oil boilers at 300 CNY/MWth h; remedy mode (feasibility unless
    told), curtailment not limited."""
    tables = {
        "zones": zones("a"),
        "thermal": [thermal("coal", "a", 500, 100)],
        "renewables": [{**wind("w", "a", wind_mw), "cost_cny_per_mwh": wind_cost}],
        "heat_areas": [{"heat_area": "city", "zone": "a", "boiler_mw_th": boiler_mw_th, "boiler_cost_cny_per_mwh_th": 300}],
        "candidates": candidates,
    }
    n = len(wind_pu)
    return write_case(folder, tables, {"a": [50.0] * n}, {"w": wind_pu}, heat={"city": heat_mw_th}, reserve=NO_RESERVE, expansion={**PLAIN_MONEY, "remedy": remedy}, criteria={"max_curtailment_share": 1.0})


def test_electric_boiler_uses_surplus_wind_then_coal_instead_of_boilers(tmp_path, solve):
    """Heat 80 MWth for 2 h from oil boilers (300 CNY/MWth h) unless an
    electric boiler (efficiency 0.9, at most 60 MW, 100 CNY per MW over the
    2 h) is built. Each MW saves 0.9 x 300 = 270 CNY/h against coal power at
    100, so all 60 MW are built: 30 MW from the wind surplus (80 - 50), 30 MW
    from coal; 54 MWth of heat, 26 from the boilers. Per hour coal 30 x 100 +
    boilers 26 x 300 = 10,800; with the boiler's 6,000: 27,600 CNY."""
    eb = candidate("eb", "electric_boiler", per_mw_of_horizon(100.0, 2), target="city", max_mw=60, efficiency=0.9)
    res = solve(heat_case(tmp_path, 80, [1.0, 1.0], [80.0, 80.0], [eb], boiler_mw_th=100))
    added = res.tables["expansion"].set_index("candidate")["added"]
    assert added["eb"] == pytest.approx(60.0, rel=REL)
    assert values(res, "heat", "electric_boiler_mw_th") == pytest.approx([54.0, 54.0], rel=REL)
    assert values(res, "thermal", "p_mw") == pytest.approx([30.0, 30.0], rel=REL)
    assert res.objective_cny == pytest.approx(2 * (100 * 30 + 300 * 26) + 100 * 60, rel=REL)


def test_heat_storage_moves_wind_heat_to_the_next_hour(tmp_path, solve):
    """Hour 0: 200 MW of wind (1 CNY/MWh), 50 MW of load, no heat demand;
    hour 1: no wind, 100 MWth of heat. Free electric boilers (efficiency 1)
    and a free heat store (efficiency 0.9 on charge) carry the heat: the store
    takes 100 / 0.9 = 111.1 MWth of wind heat in hour 0 and gives 100 back.
    Cost: wind 1 x (50 + 111.1) + coal 100 x 50 in hour 1 = 5,161.1 CNY
    (15,050 without the store: hour 1's heat from coal power)."""
    eb = candidate("eb", "electric_boiler", target="city", max_mw=300, efficiency=1.0)
    store = candidate("store", "heat_storage", target="city", max_mw=300, duration_h=4, efficiency=0.9)
    res = solve(heat_case(tmp_path, 200, [1.0, 0.0], [0.0, 100.0], [eb, store], wind_cost=1.0))
    charged = 100 / 0.9
    assert values(res, "heat", "storage_net_mw_th") == pytest.approx([-charged, 100.0], rel=REL)
    assert values(res, "heat", "electric_boiler_mw_th") == pytest.approx([charged, 0.0], rel=REL, abs=1e-6)
    assert res.objective_cny == pytest.approx(1 * (50 + charged) + 100 * 50, rel=REL)


@pytest.mark.parametrize("cny_per_mw, built_mw", [(20.0, 80.0), (60.0, 0.0)], ids=["worth-it", "too-dear"])
def test_electrolyser_absorbs_surplus_only_when_it_pays(tmp_path, solve, cny_per_mw, built_mw):
    """Economic remedy (revenues count). Hour 0: 200 MW of wind for 50 MW of
    load; hour 1: no wind, coal at 100. Hydrogen is worth 50 CNY/MWh: an electrolyser (at most 80 MW) earns
    50 per MW in hour 0 and nothing from coal power, so it is built when a MW
    costs less than 50 over the horizon: 20 -> 80 MW, objective
    5,000 - 50 x 80 + 20 x 80 = 2,600; 60 -> none, 5,000."""
    el = candidate("h2", "electrolyser", per_mw_of_horizon(cny_per_mw, 2), zone="a", max_mw=80, value_cny_per_mwh=50)
    res = solve(heat_case(tmp_path, 200, [1.0, 0.0], [0.0, 0.0], [el], remedy="economic"))
    assert res.tables["expansion"].set_index("candidate")["added"]["h2"] == pytest.approx(built_mw, abs=1e-6)
    assert values(res, "electrolysers", "load_mw") == pytest.approx([built_mw, 0.0], abs=1e-6)
    assert res.objective_cny == pytest.approx(100 * 50 - 50 * built_mw + cny_per_mw * built_mw, rel=REL)
