"""Scheduled exchanges (model/channels.py): a channel's renewable-share rule,
daily schedule and energy target, and a trading plan on a tie, each on a
one- or two-zone, four-hour case with its optimum computed by hand.

Zone a has load 50 MW in each of 4 hours and coal at 100 CNY/MWh (no minimum
load); the export link a -> x (100 MW, lossless, free) leads to an external
market x. Year share of the horizon: 4 / 8760, so an annual quantity Q stands
for Q * 4 / 8760 here.
"""

from __future__ import annotations

import pytest

from cases import NO_RESERVE, link, thermal, wind, write_case, zones
from gridmodel.errors import InputError
from gridmodel.inputs import load_system

HOURS = 4
PER_YEAR = 8760 / HOURS  # an annual quantity per MWh over this horizon


def export_case(tmp_path, channel: dict, supply: list[dict] | None = None, price: float = 300.0, wind_pu=(1.0, 0.0, 0.0, 0.0)):
    tables = {
        "zones": zones("a") + [{"zone": "x", "kind": "external", "export_price_cny_per_mwh": price}],
        "links": [{**link("a_x", "a", "x", 100.0), "kind": "export"}],
        "thermal": [thermal("coal", "a", 400, 100)],
        "renewables": [wind("wind", "a", 100)],
        "channels": [{"name": "uhv", "link": "a_x", **channel}],
    }
    if supply:
        tables["channel_supply"] = supply
    return write_case(tmp_path, tables, {"a": [50.0] * HOURS}, availability={"wind": list(wind_pu)}, reserve=NO_RESERVE)


BUNDLE = [{"name": "uhv_wind", "channel": "uhv", "unit_group": "wind"}, {"name": "uhv_coal", "channel": "uhv", "unit_group": "coal"}]


@pytest.mark.parametrize("share, objective", [(0.5, -30000.0), (0.0, -70000.0)], ids=["rule", "no-rule"])
def test_renewable_share_rule_binds_on_a_new_channel(tmp_path, solve, share, objective):
    """Exports earn 300 CNY/MWh, coal costs 100: without the rule the channel
    runs full (4 x 100 MWh), wind 100 MWh in hour 0, coal 4 x 50 + 400 - 100
    = 500 MWh: 50,000 - 120,000 = -70,000 CNY; only 100 of the 400 MWh
    (25 %) come from the bundle's wind. With >= 50 % renewable the bundle's
    energy E needs wind >= E / 2, and wind is at most 100 MWh: E = 200,
    coal 200 + 200 - 100 = 300 MWh: 30,000 - 60,000 = -30,000 CNY."""
    res = solve(export_case(tmp_path, {"min_renewable_share": share}, BUNDLE))
    assert res.objective_cny == pytest.approx(objective, rel=1e-6)
    ch = res.tables["channels"]
    assert ch["bundle_mw"].to_numpy() == pytest.approx(ch["sent_mw"].to_numpy(), abs=1e-6)
    energy = res.tables["channel_energy"].iloc[0]
    assert energy["sent_mwh"] == pytest.approx(ch["sent_mw"].sum(), rel=1e-9)
    if share:
        assert energy["renewable_mwh"] / energy["sent_mwh"] == pytest.approx(0.5, rel=1e-6)
        assert energy["sent_mwh"] == pytest.approx(200.0, rel=1e-6)


def test_bundle_caps_the_channel_at_its_members_output(tmp_path, solve):
    """A bundle of wind alone (no coal member): the channel carries only wind,
    100 MWh in hour 0 (the coal serving the load is not dedicated), although
    exporting coal power would pay: coal 200 MWh, 20,000 - 30,000 = -10,000 CNY."""
    res = solve(export_case(tmp_path, {}, BUNDLE[:1]))
    assert res.objective_cny == pytest.approx(-10000.0, rel=1e-6)
    assert res.tables["channels"]["sent_mw"].to_numpy() == pytest.approx([100.0, 0.0, 0.0, 0.0], abs=1e-6)


SCHEDULE = {"profile": "flat", "level_mw": 80.0, "band_pu": 0.25}


@pytest.mark.parametrize(
    "channel, price, objective, sent_mw",
    [
        ({**SCHEDULE, "min_energy_mwh_per_year": 300 * PER_YEAR}, 0.0, 50000.0, 75.0),
        (SCHEDULE, 0.0, 44000.0, 60.0),
        ({}, 0.0, 20000.0, 0.0),
        (SCHEDULE, 300.0, -60000.0, 100.0),
        ({**SCHEDULE, "band_pu": 0.1}, 300.0, -50400.0, 88.0),
    ],
    ids=["schedule+target", "schedule", "free", "profitable", "profitable-narrow-band"],
)
def test_daily_schedule_and_energy_target(tmp_path, solve, channel, price, objective, sent_mw):
    """Exports earning nothing, a free channel stays idle: coal 200 MWh =
    20,000 CNY. A flat schedule at 80 MW +- 25 % forces 60..100 MW each hour:
    60 MW, coal 4 x 110 MWh = 44,000. A 300 MWh target on top needs 75 MW on
    average (the 2,000 CNY/MWh shortfall penalty is dearer than coal): 4 x 125
    MWh of coal = 50,000. Exports earning 300 CNY/MWh, the channel runs at the
    band's top: 100 MW (4 x 150 x 100 - 400 x 300 = -60,000), with a +- 10 %
    band 88 MW (4 x 138 x 100 - 352 x 300 = -50,400)."""
    res = solve(export_case(tmp_path, channel, price=price, wind_pu=(0.0,) * HOURS))
    assert res.objective_cny == pytest.approx(objective, rel=1e-6)
    ch = res.tables["channels"]
    assert ch["sent_mw"].mean() == pytest.approx(sent_mw, abs=1e-6)
    if channel:
        assert ch["scheduled_mw"].to_numpy() == pytest.approx([80.0] * HOURS)
    assert res.tables["channel_energy"]["shortfall_mwh"].abs().max() < 1e-6


def test_trading_plan_caps_a_tie(tmp_path, solve):
    """Zone a (coal 100 CNY/MWh) and b (coal 300, load 100 MW) joined by a
    100 MW tie: the joint dispatch sends 100 MW every hour (4 x 100 x 100 =
    40,000 CNY); a plan of at most 200 MWh over the horizon leaves b 200 MWh
    of its own coal: 200 x 100 + 200 x 300 = 80,000 CNY."""
    tables = {
        "zones": zones("a", "b"),
        "links": [link("ab", "a", "b", 100.0)],
        "thermal": [thermal("coal_a", "a", 400, 100), thermal("coal_b", "b", 400, 300)],
        "channels": [{"name": "plan", "link": "ab", "max_energy_mwh_per_year": 200 * PER_YEAR}],
    }
    path = write_case(tmp_path, tables, {"a": [0.0] * HOURS, "b": [100.0] * HOURS}, reserve=NO_RESERVE)
    res = solve(path)
    assert res.objective_cny == pytest.approx(80000.0, rel=1e-6)
    assert res.tables["channels"]["sent_mw"].sum() == pytest.approx(200.0, rel=1e-6)


def test_bad_channel_rows_are_named(tmp_path):
    path = export_case(
        tmp_path,
        {"link": "nowhere", "profile": "gusty", "min_renewable_share": 0.5},
        [{"name": "s", "channel": "other", "unit_group": "ghost", "share_pu": 1.0}],
    )
    with pytest.raises(InputError) as info:
        load_system(path)
    message = info.value.message()
    for fragment in ("field link", "unknown link 'nowhere'", "field profile", "field min_renewable_share", "unknown channel 'other'", "unknown unit group 'ghost'"):
        assert fragment in message, f"{fragment!r} not in:\n{message}"


@pytest.mark.parametrize("penalty, level_mw, objective", [(None, 0.0, 15000.0), (2000.0, 50.0, 0.0)], ids=["default", "cheap-gap"])
def test_a_schedule_is_lowered_rather_than_broken(tmp_path, solve, penalty, level_mw, objective):
    """A day: zone a's 100 MW of wind blows for 21 h and is calm for 3 (hours
    18-20); load 50 MW, coal at 100 CNY/MWh; the channel (flat, no band, level
    chosen for the day) is fed by the wind alone and earns 300 CNY/MWh. A MW
    of level earns 21 x 300 = 6,300 CNY and breaks the schedule for 3 h (a
    MW above 50 also takes wind from the load: 21 x 200 = 4,200). At the
    default 10,000 CNY/MWh a gap costs 30,000: level 0, the wind serves the
    load, coal runs 3 h: 15,000 CNY. Were a gap 2,000 CNY/MWh (6,000 per MW),
    the first 50 MW would pay: level 50, gap 150 MWh, 15,000 - 315,000 +
    300,000 = 0 CNY."""
    hours = 24
    wind_pu = [0.0 if 18 <= h <= 20 else 1.0 for h in range(hours)]
    tables = {
        "zones": zones("a") + [{"zone": "x", "kind": "external", "export_price_cny_per_mwh": 300.0}],
        "links": [{**link("a_x", "a", "x", 100.0), "kind": "export"}],
        "thermal": [thermal("coal", "a", 400, 100)],
        "renewables": [wind("wind", "a", 100)],
        "channels": [{"name": "uhv", "link": "a_x", "profile": "flat", "band_pu": 0.0}],
        "channel_supply": BUNDLE[:1],
    }
    settings = {"penalties": {"schedule_gap_cny_per_mwh": penalty}} if penalty else {}
    res = solve(write_case(tmp_path, tables, {"a": [50.0] * hours}, availability={"wind": wind_pu}, reserve=NO_RESERVE, **settings))
    ch = res.tables["channels"]
    assert ch["scheduled_mw"].max() == pytest.approx(level_mw, abs=1e-6)
    assert ch["schedule_gap_mw"].sum() == pytest.approx(3 * level_mw, abs=1e-6)
    assert res.objective_cny == pytest.approx(objective, abs=1e-3)
