"""Reserves held within each province (reserve.by_province) against the
system-wide reserve, on a two-province case with optima computed by hand.

Province P1 is zone a: load 100 MW, wind 100 MW (always available),
coal_a 300 MW at 100 CNY/MWh, no minimum load. Province P2 is zone b: load
100 MW, coal_b 100 MW at 300 CNY/MWh, minimum load 0.5. A lossless tie of
1000 MW. Reserve: 10 % of load plus 10 % of wind output, upward.

System-wide, 30 MW: coal_a serves the 100 MW wind leaves and holds the 30 MW
on its spare capacity; coal_b stays off. 100 x 100 = 10,000 CNY an hour.

By province, P1 needs 20 MW (coal_a's headroom), P2 10 MW that only coal_b
can hold: online u and output p with u - p >= 10 and p >= 0.5 u give u = 20,
p = 10, and coal_a makes 10 MW less: 300 x 10 + 100 x 90 = 12,000 CNY an
hour. A further MW of P2's reserve costs 300 - 100 = 200 CNY (its price).
"""

from __future__ import annotations

import pytest

from cases import link, thermal, wind, write_case
from gridmodel.results import within

HOURS = 3
RESERVE = {"load_share": 0.1, "renewable_share": 0.1}


def two_provinces(folder, **reserve):
    tables = {
        "zones": [{"zone": "a", "kind": "internal", "province": "P1"}, {"zone": "b", "kind": "internal", "province": "P2"}],
        "links": [link("tie", "a", "b", 1000.0)],
        "thermal": [thermal("coal_a", "a", 300, 100), thermal("coal_b", "b", 100, 300, min_load_pu=0.5)],
        "renewables": [wind("wind_a", "a", 100)],
    }
    load = {"a": [100.0] * HOURS, "b": [100.0] * HOURS}
    return write_case(folder, tables, load, availability={"wind_a": [1.0] * HOURS}, reserve={**RESERVE, **reserve}, solver={"window_days": None})


def coal_b(res):
    return res.tables["thermal"].query("unit == 'coal_b'")


def test_system_wide_reserve_leaves_the_dear_unit_off(tmp_path, solve):
    res = solve(two_provinces(tmp_path))
    assert res.objective_cny == pytest.approx(HOURS * 10_000, rel=1e-9)
    assert coal_b(res)["online_mw"].to_numpy() == pytest.approx([0] * HOURS, abs=1e-6)
    reserve = res.tables["reserve"]
    assert set(reserve["area"]) == {"system"}
    assert reserve["load_requirement_mw"].to_numpy() == pytest.approx([20] * HOURS)


def test_provincial_reserve_commits_a_unit_in_the_province_short_of_it(tmp_path, solve):
    res = solve(two_provinces(tmp_path, by_province=True))
    assert res.objective_cny == pytest.approx(HOURS * 12_000, rel=1e-9)
    assert coal_b(res)["online_mw"].to_numpy() == pytest.approx([20] * HOURS, rel=1e-9)
    assert coal_b(res)["p_mw"].to_numpy() == pytest.approx([10] * HOURS, rel=1e-9)
    reserve = res.tables["reserve"].set_index(["area", "timestamp"]).sort_index()
    assert sorted(set(reserve.index.get_level_values("area"))) == ["P1", "P2"]
    assert reserve.loc["P1", "load_requirement_mw"].to_numpy() == pytest.approx([10] * HOURS)
    assert reserve.loc["P2", "load_requirement_mw"].to_numpy() == pytest.approx([10] * HOURS)
    assert reserve["shortfall_mw"].abs().max() < 1e-6
    assert reserve.loc["P2", "price_cny_per_mw"].to_numpy() == pytest.approx([200] * HOURS, rel=1e-6)
    assert reserve.loc["P1", "price_cny_per_mw"].to_numpy() == pytest.approx([0] * HOURS, abs=1e-6)


def test_provincial_downward_reserve(tmp_path, solve):
    """5 % of load downward as well: system-wide, coal_a's output above its
    zero minimum holds the 10 MW (cost unchanged, 10,000 an hour). By
    province P2's 5 MW must sit on coal_b above its minimum: u - p >= 10 and
    p - 0.5 u >= 5 give u = 30, p = 20: 300 x 20 + 100 x 80 = 14,000 an hour."""
    system = solve(two_provinces(tmp_path / "system", down_load_share=0.05))
    assert system.objective_cny == pytest.approx(HOURS * 10_000, rel=1e-9)
    res = solve(two_provinces(tmp_path / "provinces", down_load_share=0.05, by_province=True))
    assert res.objective_cny == pytest.approx(HOURS * 14_000, rel=1e-9)
    assert coal_b(res)["online_mw"].to_numpy() == pytest.approx([30] * HOURS, rel=1e-9)
    down = res.tables["down_reserve"]
    assert sorted(set(down["area"])) == ["P1", "P2"]
    assert down["requirement_mw"].to_numpy() == pytest.approx([5] * 2 * HOURS)
    assert down["shortfall_mw"].abs().max() < 1e-6


def test_a_province_judged_alone_counts_its_own_reserve(tmp_path, solve):
    """The verdict about one province (criteria.province) reads its own reserve rows only."""
    res = solve(two_provinces(tmp_path, by_province=True))
    assert set(within(res.system, res.tables, ["b"])["reserve"]["area"]) == {"P2"}


def test_every_reserve_term_is_registered_on_its_zones_area():
    """A term registered on the steps alone (`ctx.reserve.add(x, ctx.T)`) would
    land on the first province's rows with by_province: every module states
    its items' zones (ctx.reserve_rows, ctx.add_reserve_constant)."""
    import inspect
    import re

    from gridmodel.model.modules import MODULES

    for module in MODULES:
        found = re.findall(r"reserve\.add(?:_constant)?\([^\n]*ctx\.T\)", inspect.getsource(module))
        assert not found, f"{module.__name__}: {found}"


def test_the_planned_regime_holds_reserves_by_province(tmp_path):
    """regime planned sets reserve.by_province; with its rule off it is off,
    whatever the file says; the market regime leaves the file's setting."""
    from gridmodel import load_system

    path = two_provinces(tmp_path)
    assert load_system(path, {"regime": {"name": "planned"}}).scenario.reserve.by_province
    assert not load_system(path, {"regime": {"name": "planned", "off": ["provincial_reserves"]}, "reserve.by_province": True}).scenario.reserve.by_province
    assert load_system(path, {"reserve.by_province": True}).scenario.reserve.by_province
