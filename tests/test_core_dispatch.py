"""Tiny solved fixtures (1-2 zones, 4-24 hours) with optima computed by hand.

Every unit's marginal cost is a round number (see `cases.thermal`); wind and
solar cost nothing, and in dispatch mode curtailment is not priced (the
verdict checks its limit; model/utilisation.py says why), so an objective is
the thermal fuel plus any penalties. The `solve` fixture checks the
invariants (tests/invariants.py) first.
"""

from __future__ import annotations

import dataclasses

import pytest

from cases import EXAMPLE, NO_RESERVE, link, thermal, wind, write_case, zones
from gridmodel.schema import Penalties

PEN = Penalties()
VOLL = PEN.unserved_cny_per_mwh


def table(result, name: str, **where):
    df = result.tables[name]
    for col, value in where.items():
        df = df[df[col] == value]
    return df


# ------------------------------------------------------------------ merit order
def test_merit_order_one_zone(tmp_path, solve):
    """Cheapest units first: 300 MW at 100, then 250 at 200, the 300-unit idle."""
    load = [400.0, 550.0, 300.0, 500.0]
    units = [thermal("cheap", "a", 300, 100), thermal("mid", "a", 250, 200), thermal("dear", "a", 500, 300)]
    path = write_case(tmp_path, {"zones": zones("a"), "thermal": units}, {"a": load}, reserve=NO_RESERVE)
    res = solve(path)
    cheap = [min(x, 300) for x in load]
    mid = [x - c for x, c in zip(load, cheap)]
    assert res.objective_cny == pytest.approx(100 * sum(cheap) + 200 * sum(mid), rel=1e-6)
    assert table(res, "thermal", unit="dear")["p_mw"].abs().max() < 1e-6
    marginal = [100 if x < 300 else 200 for x in load]  # hour 2: cheap exactly full, any price in [100, 200]
    prices = table(res, "zones")["price_cny_per_mwh"].to_numpy()
    assert prices[[0, 1, 3]] == pytest.approx([marginal[i] for i in (0, 1, 3)], rel=1e-6)
    assert res.verdict.feasible


# --------------------------------------------------------------------- network
@pytest.mark.parametrize(
    "capacity_mw, loss_pu",
    [(200.0, 0.02), (2000.0, 0.02), (2000.0, 0.0)],
    ids=["congested", "uncongested-lossy", "uncongested-lossless"],
)
def test_line_limit_and_losses_set_zonal_prices(tmp_path, solve, capacity_mw, loss_pu):
    """Cheap zone a (100 CNY/MWh) exports to zone b (300 CNY/MWh) over one line.

    Congested: a sends the full 200 MW, b receives 200 (1 - loss); prices 100 | 300.
    Uncongested: a serves both loads; b's price is 100 / (1 - loss)."""
    load_a, load_b = 100.0, 500.0
    tables = {
        "zones": zones("a", "b"),
        "links": [link("ab", "a", "b", capacity_mw, loss_pu)],
        "thermal": [thermal("cheap_a", "a", 2000, 100), thermal("dear_b", "b", 2000, 300)],
    }
    path = write_case(tmp_path, tables, {"a": [load_a] * 4, "b": [load_b] * 4}, reserve=NO_RESERVE)
    res = solve(path)
    sent = min(capacity_mw, load_b / (1 - loss_pu))
    received = sent * (1 - loss_pu)
    hourly = 100 * (load_a + sent) + 300 * (load_b - received)
    assert res.objective_cny == pytest.approx(4 * hourly, rel=1e-6)
    price = table(res, "zones").groupby("zone")["price_cny_per_mwh"]
    congested = capacity_mw < load_b
    assert price.min()["a"] == pytest.approx(100, rel=1e-6) and price.max()["a"] == pytest.approx(100, rel=1e-6)
    expected_b = 300 if congested else 100 / (1 - loss_pu)
    assert price.min()["b"] == pytest.approx(expected_b, rel=1e-6) and price.max()["b"] == pytest.approx(expected_b, rel=1e-6)
    loading = table(res, "flows")["loading_pu"]
    assert (loading > 1 - 1e-9).all() if congested else (loading < 1).all()


# --------------------------------------------------------------------- storage
def test_storage_arbitrage_between_two_price_levels(tmp_path, solve):
    """Two cheap hours (100 CNY/MWh at the margin), two dear ones (300).

    The store (50 MW, 80 MWh, 0.9 each way) fills its 80 MWh, buying
    80 / 0.9 MWh at 100, and sells 80 x 0.9 = 72 MWh at 300: power allows
    2 h x 50 MW x 0.9 = 90 MWh in, so the energy limit binds."""
    power, energy, eta = 50.0, 80.0, 0.9
    load = [200.0, 200.0, 500.0, 500.0]
    tables = {
        "zones": zones("a"),
        "thermal": [thermal("cheap", "a", 300, 100), thermal("dear", "a", 1000, 300)],
        "storage": [{"name": "st", "zone": "a", "technology": "battery", "power_mw": power, "energy_mwh": energy, "eta_charge": eta, "eta_discharge": eta}],
    }
    path = write_case(tmp_path, tables, {"a": load}, reserve=NO_RESERVE)
    res = solve(path)
    without = 100 * (200 + 200 + 300 + 300) + 300 * (200 + 200)
    bought, sold = energy / eta, energy * eta
    assert res.objective_cny == pytest.approx(without + 100 * bought - 300 * sold, rel=1e-6)
    st = table(res, "storage")
    assert st["charge_mw"].sum() == pytest.approx(bought, rel=1e-6)
    assert st["discharge_mw"].sum() == pytest.approx(sold, rel=1e-6)
    assert st["soc_mwh"].max() == pytest.approx(energy, rel=1e-6)
    assert table(res, "zones")["price_cny_per_mwh"].to_numpy() == pytest.approx([100, 100, 300, 300], rel=1e-6)


# ------------------------------------------------ min load, retrofit, reserve
def coal_and_wind_case(folder, retrofit_share: float = 0.0):
    """1200 MW load, 1100 MW of wind, a 25 % reserve (300 MW) only coal can hold.

    Coal with min load m: u - p >= R and p >= m u give p >= R m / (1 - m):
    300 MW at m = 0.5 (so 200 MW of wind is curtailed), 100 MW at the
    retrofitted m = 0.25 (no curtailment)."""
    coal = thermal("coal", "a", 1000, 100, min_load_pu=0.5, retrofit_share=retrofit_share, retrofit_min_load_pu=0.25)
    tables = {"zones": zones("a"), "thermal": [coal], "renewables": [wind("w", "a", 1100)]}
    return write_case(folder, tables, {"a": [1200.0] * 4}, {"w": [1.0] * 4}, reserve={"load_share": 0.25, "renewable_share": 0.0})


@pytest.mark.parametrize("retrofit_share, coal_mw", [(0.0, 300.0), (0.5, 100.0)], ids=["no-retrofit", "half-retrofitted"])
def test_min_load_forces_curtailment_and_retrofit_avoids_it(tmp_path, solve, retrofit_share, coal_mw):
    res = solve(coal_and_wind_case(tmp_path, retrofit_share))
    wind_mw = 1200 - coal_mw
    curtailed = 1100 - wind_mw
    assert res.kpis["curtailment_mwh"] == pytest.approx(4 * curtailed, abs=1e-6)
    assert res.kpis["reserve_shortfall_mwh"] == pytest.approx(0, abs=1e-6)
    assert res.objective_cny == pytest.approx(4 * 100 * coal_mw, rel=1e-6)
    coal = table(res, "thermal")
    if retrofit_share:  # only the retrofitted 500 MW runs: online 400, output 100
        assert coal.loc[coal["unit"] == "coal", "online_mw"].max() < 1e-6
        assert coal.loc[coal["unit"] == "coal/retrofit", "online_mw"].to_numpy() == pytest.approx([400] * 4, rel=1e-6)
    assert ("curtailment_share" in res.verdict.failing) == (curtailed > 0)


def test_binding_reserve_commits_a_dear_unit(tmp_path, solve):
    """Load 1000 MW, reserve 10 % = 100 MW. The cheap 1000 MW unit alone would
    run flat out; instead it holds back x and the dear unit (min load 0.5)
    runs x with x of headroom: x = 50 MW, and each extra MW of reserve costs
    0.5 x (300 - 100) = 100 CNY (the reserve price)."""
    units = [thermal("cheap", "a", 1000, 100), thermal("dear", "a", 500, 300, min_load_pu=0.5)]
    path = write_case(tmp_path, {"zones": zones("a"), "thermal": units}, {"a": [1000.0] * 4}, reserve={"load_share": 0.1, "renewable_share": 0.0})
    res = solve(path)
    assert res.objective_cny == pytest.approx(4 * (100 * 950 + 300 * 50), rel=1e-6)
    dear = table(res, "thermal", unit="dear")
    assert dear["p_mw"].to_numpy() == pytest.approx([50] * 4, rel=1e-6)
    assert dear["online_mw"].to_numpy() == pytest.approx([100] * 4, rel=1e-6)
    reserve = table(res, "reserve")
    assert reserve["shortfall_mw"].abs().max() < 1e-6
    assert reserve["price_cny_per_mw"].to_numpy() == pytest.approx([100] * 4, rel=1e-6)


# ------------------------------------------------------------------------ CHP
@pytest.mark.parametrize(
    "cm, heat_max_pu, chp_mw",
    [(0.5, 1.0, 200.0), (0.5, 0.5, 320.0)],
    ids=["back-pressure-binds", "min-load-binds"],
)
def test_chp_heat_demand_forces_must_run_and_curtailment(tmp_path, solve, cm, heat_max_pu, chp_mw):
    """Winter night: 400 MWth of heat, no boiler, so the CHP must run.

    Online u >= h / heat_max; p >= cm h and p >= pmin u (pmin = 0.4):
    cm binds at heat_max 1 (p = 200 MW), the min load at heat_max 0.5
    (u = 800, p = 320 MW). The rest of the 800 MW load is wind; the other
    700 - (800 - p) MW of wind is curtailed."""
    heat, load, avail, cv = 400.0, 800.0, 700.0, 0.15
    chp = thermal("chp", "a", 1000, 100, technology="chp", min_load_pu=0.4, heat_area="city", heat_max_pu=heat_max_pu, cm=cm, cv=cv)
    tables = {
        "zones": zones("a"),
        "thermal": [chp],
        "renewables": [wind("w", "a", avail)],
        "heat_areas": [{"heat_area": "city", "zone": "a", "boiler_mw_th": 0.0}],
    }
    path = write_case(tmp_path, tables, {"a": [load] * 4}, {"w": [1.0] * 4}, heat={"city": [heat] * 4}, reserve=NO_RESERVE)
    res = solve(path)
    assert res.tables["thermal"]["p_mw"].to_numpy() == pytest.approx([chp_mw] * 4, rel=1e-6)
    assert res.tables["thermal"]["heat_mw_th"].to_numpy() == pytest.approx([heat] * 4, rel=1e-6)
    wind_mw = load - chp_mw
    assert res.kpis["curtailment_mwh"] == pytest.approx(4 * (avail - wind_mw), rel=1e-6)
    fuel_cost = 100 * (chp_mw + cv * heat)  # the extracted heat costs cv MWh of fuel per MWth
    assert res.objective_cny == pytest.approx(4 * fuel_cost, rel=1e-6)
    assert res.kpis["heat_shortfall_mwh_th"] == pytest.approx(0, abs=1e-6)


# ------------------------------------------------------------- demand response
@pytest.mark.parametrize(
    "peaks, max_hours, dr_mwh, unserved_mwh",
    [
        ({18: 1080.0}, 365.0, 80.0, 0.0),  # shaves the peak exactly
        ({18: 1150.0}, 365.0, 115.0, 35.0),  # capped at 10 % of the peak (115 MW)
        ({18: 1100.0, 19: 1090.0}, 365.0, 110.0, 80.0),  # 1 h/day of energy: 110 MWh of the 190 needed
    ],
    ids=["shaves-peak", "power-cap", "energy-cap"],
)
def test_demand_response_shaves_the_peak(tmp_path, solve, peaks, max_hours, dr_mwh, unserved_mwh):
    """24 h, 1000 MW of generation at 100 CNY/MWh, load 800 MW except the
    peak hours. DR: 10 % of the peak load, 2000 CNY/MWh, 365 h a year, which
    pro-rated to 24 h is one full-power hour."""
    load = [800.0] * 24
    for hour, mw in peaks.items():
        load[hour] = mw
    tables = {
        "zones": zones("a"),
        "thermal": [thermal("gen", "a", 1000, 100)],
        "demand_response": [{"name": "dr", "zone": "a", "share_of_peak": 0.1, "cost_cny_per_mwh": 2000, "max_hours_per_year": max_hours}],
    }
    res = solve(write_case(tmp_path, tables, {"a": load}, reserve=NO_RESERVE))
    dr = table(res, "demand_response").set_index("timestamp")["dr_mw"]
    assert dr.sum() == pytest.approx(dr_mwh, rel=1e-6)
    assert dr.drop(dr.index[list(peaks)]).abs().max() < 1e-6  # only in the scarce hours
    assert res.kpis["unserved_mwh"] == pytest.approx(unserved_mwh, abs=1e-6)
    generation = sum(min(x, 1000) for x in load)
    assert res.objective_cny == pytest.approx(100 * generation + 2000 * dr_mwh + VOLL * unserved_mwh, rel=1e-6)


# -------------------------------------------------------------------- scarcity
def test_scarce_system_reports_unserved_energy_and_fails(tmp_path, solve):
    load = [900.0, 1200.0, 1100.0, 800.0]
    path = write_case(tmp_path, {"zones": zones("a"), "thermal": [thermal("gen", "a", 1000, 100)]}, {"a": load}, reserve=NO_RESERVE)
    res = solve(path)
    unserved = sum(max(0.0, x - 1000) for x in load)  # 300 MWh
    assert res.kpis["unserved_mwh"] == pytest.approx(unserved, abs=1e-6)
    assert not res.verdict.feasible
    assert "unserved_energy" in res.verdict.failing
    assert res.objective_cny == pytest.approx(100 * (sum(load) - unserved) + VOLL * unserved, rel=1e-6)
    prices = table(res, "zones")["price_cny_per_mwh"].to_numpy()
    assert prices[[1, 2]] == pytest.approx([VOLL, VOLL], rel=1e-6)
    crit = {c.name: c for c in res.verdict.criteria}["unserved_energy"]
    assert crit.value == pytest.approx(unserved)
    assert {h["timestamp"] for h in crit.where.worst_hours} == {"2030-01-01 01:00", "2030-01-01 02:00"}


# ----------------------------------------------------------------------- hydro
@pytest.mark.parametrize("hours, budget_mwh", [(None, 480.0), (24, 480.0 * 2 / 3)], ids=["whole-series", "first-day"])
def test_hydro_budget_is_respected(tmp_path, solve, hours, budget_mwh):
    """Hydro of 87,600 MWh a year (10 MW on average, 50 MW of turbines).

    A 48 h series gets 48 x 10 = 480 MWh; the inflow profile is 1 on day 1
    and 0.5 on day 2, so a run over day 1 gets 2/3 of it. Hydro is free and
    used to its budget; the rest comes at 100 CNY/MWh."""
    annual = 8760 * 10.0
    tables = {
        "zones": zones("a"),
        "thermal": [thermal("gen", "a", 1000, 100)],
        "hydro": [{"name": "h", "zone": "a", "capacity_mw": 50, "annual_energy_mwh": annual, "inflow_profile": "inflow"}],
    }
    path = write_case(tmp_path, tables, {"a": [300.0] * 48}, {"inflow": [1.0] * 24 + [0.5] * 24}, reserve=NO_RESERVE)
    res = solve(path, hours=hours)
    n = hours or 48
    assert res.kpis["hydro_mwh"] == pytest.approx(budget_mwh, rel=1e-6)
    assert res.objective_cny == pytest.approx(100 * (300 * n - budget_mwh), rel=1e-6)


# ---------------------------------------------------------- curtailment honesty
def surplus_with_line(folder):
    """Zone a: 1000 MW of wind, 100 MW load; zone b: 50 MW load over a 10 %-loss line
    whose wheeling cost makes flows both ways at once strictly worse than curtailing."""
    tables = {"zones": zones("a", "b"), "links": [link("ab", "a", "b", 500, 0.1, cost_cny_per_mwh=0.1)], "thermal": [thermal("g", "b", 100, 100)], "renewables": [wind("w", "a", 1000)]}
    return write_case(folder, tables, {"a": [100.0] * 4, "b": [50.0] * 4}, {"w": [1.0] * 4}, reserve=NO_RESERVE), 1000 - 100 - 50 / 0.9


def surplus_with_store(folder):
    """One zone: 1000 MW of wind, a flat 100 MW load and a lossy store, useless for a flat load."""
    store = {"name": "st", "zone": "a", "technology": "pumped_hydro", "power_mw": 200, "energy_mwh": 800, "eta_charge": 0.8, "eta_discharge": 0.8, "vom_cny_per_mwh": 5}
    tables = {"zones": zones("a"), "thermal": [thermal("g", "a", 100, 100)], "renewables": [wind("w", "a", 1000)], "storage": [store]}
    return write_case(folder, tables, {"a": [100.0] * 4}, {"w": [1.0] * 4}, reserve=NO_RESERVE), 1000 - 100


@pytest.mark.parametrize("case", [surplus_with_line, surplus_with_store], ids=["lossy-line", "lossy-store"])
def test_surplus_wind_is_reported_as_curtailment_not_burnt_in_losses(tmp_path, solve, case):
    path, curtailed_mw = case(tmp_path)
    res = solve(path)
    assert res.kpis["curtailment_mwh"] == pytest.approx(4 * curtailed_mw, rel=1e-6)


# ---------------------------------------------------- the example, invariants
def shift(table: str, column: str, mw: float):
    """Tamper: move one value of a result table by `mw`."""

    def tamper(tables):
        df = tables[table].copy()
        df.loc[df.index[5], column] += mw
        tables[table] = df

    return tamper


def test_example_week_closes_and_tampering_is_caught(solve, invariants):
    """The example (3 zones, 168 h, every technology) passes the invariants;
    the same result with one number moved by 1 MW does not."""
    res = solve(EXAMPLE)
    assert res.kpis["load_mwh"] > 0 and res.tables["flows"]["flow_mw"].abs().max() > 0
    assert res.tables["storage"]["discharge_mw"].max() > 0 and res.tables["thermal"]["heat_mw_th"].max() > 0
    for tamper in (shift("thermal", "p_mw", 1.0), shift("flows", "flow_mw", 1.0), shift("storage", "soc_mwh", 1.0), shift("renewables", "available_mw", -1.0)):
        broken = dataclasses.replace(res, tables=dict(res.tables))
        tamper(broken.tables)
        with pytest.raises(AssertionError):
            invariants(broken)
