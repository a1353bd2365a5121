"""The shipped Northeast-grid data (data/northeast, scripts/make_northeast_data.py):
every scenario loads and validates; the fleets hold the sourced totals the
README names; the plan's 2025 milestones hold in jilin_2025; profiles keep
the ERA5 statistics they were built from."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gridmodel.backcast import JILIN_ZONES, NEIGHBOURS
from gridmodel.inputs import load_system

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "data" / "scenarios"
NAMES = ("northeast_2016", "northeast_2023", "jilin_2025", "northeast_2030")


@pytest.fixture(scope="module", params=NAMES)
def system(request):
    return load_system(SCENARIOS / f"{request.param}.yaml")


def jilin_mw(system, table: str, technology: str, column: str = "capacity_mw") -> float:
    df = system.tables[table]
    return float(df.loc[df["zone"].isin(JILIN_ZONES) & (df["technology"] == technology), column].sum())


def test_scenario_validates_with_neighbours_as_zones(system):
    assert set(system.internal_zones) == {*JILIN_ZONES, *NEIGHBOURS}
    assert len(system.index) == (8784 if system.scenario.year % 4 == 0 else 8760)
    assert system.load_mw[list(NEIGHBOURS)].min().min() > 0  # Liaoning's net load (after nuclear) stays positive


def test_the_verdict_is_jilins_and_each_neighbour_a_province(system):
    """Jilin's five zones are province jilin, judged; each neighbour its own province."""
    assert system.scenario.criteria.province == "jilin"
    assert sorted(system.judged_zones) == sorted(JILIN_ZONES)
    assert system.provinces[list(NEIGHBOURS)].tolist() == list(NEIGHBOURS)


def test_jilin_fleet_holds_the_sourced_totals():
    expected = {"northeast_2016": (5050, 66.9, 300), "northeast_2023": (12679, 4539, 1700), "jilin_2025": (22000, 8000, 1700), "northeast_2030": (45000, 15000, 12100)}
    for name, (wind, solar, phs) in expected.items():
        s = load_system(SCENARIOS / f"{name}.yaml")
        assert (jilin_mw(s, "renewables", "wind"), jilin_mw(s, "renewables", "solar"), jilin_mw(s, "storage", "pumped_hydro", "power_mw")) == pytest.approx((wind, solar, phs), abs=0.5)


def test_jilin_2025_meets_the_plan_milestones():
    """Non-fossil > 50 % of Jilin's installed capacity, new-type storage >= 0.25 GW."""
    s = load_system(SCENARIOS / "jilin_2025.yaml")
    fossil = jilin_mw(s, "thermal", "coal") + jilin_mw(s, "thermal", "chp")
    hydro = float(s.tables["hydro"].loc[s.tables["hydro"]["zone"].isin(JILIN_ZONES), "capacity_mw"].sum())
    non_fossil = sum(jilin_mw(s, "renewables", t) for t in ("wind", "solar")) + jilin_mw(s, "thermal", "biomass") + hydro
    non_fossil += sum(jilin_mw(s, "storage", t, "power_mw") for t in ("pumped_hydro", "battery"))
    assert non_fossil / (non_fossil + fossil) > 0.5
    assert jilin_mw(s, "storage", "battery", "power_mw") >= 250


def test_wind_keeps_the_era5_statistics():
    """2023 wind is the ERA5 file (29 Feb dropped): Jilin 2,332 full-load hours,
    and the Jilin-Heilongjiang hourly correlation 0.79 of the data README."""
    av = load_system(SCENARIOS / "northeast_2023.yaml").availability
    assert av["wind_west"].sum() == pytest.approx(2332, abs=1)
    assert np.corrcoef(av["wind_west"], av["wind_heilongjiang"])[0, 1] == pytest.approx(0.79, abs=0.01)
    assert (av["wind_west"] == av["wind_yanbian"]).all()  # Jilin's zones share the province's shape


def test_2016_wind_is_the_fleets_seasons_and_2017_hours_in_2016s_weather():
    """Jilin's 2016 wind: each reported period's share of Jan-Nov is the fleet's mean share over 2019-2023 (NBS output
    over the month's capacity, full-load hours; by hand from source/nbs_2019_2023_monthly_wind.csv: Jan+Feb 0.1713 ...
    Nov 0.1060), and its 1 Jan - 30 Sep hours, moved to 2017's weather by ERA5's annual means over western Jilin
    (0.2101 in 2017 against 0.1957 in 2016), are the CEC's Q1-Q3 2017 available hours, (63 + 14.8) / 505 x 1e4."""
    w = load_system(SCENARIOS / "northeast_2016.yaml").availability["wind_west"]
    mean_shares = np.array([0.1713, 0.1177, 0.1231, 0.1160, 0.0718, 0.0532, 0.0564, 0.0820, 0.1026, 0.1060])
    period = np.where(w.index.month <= 2, 1, w.index.month)
    shares = w.groupby(period).sum().loc[1:11]
    np.testing.assert_allclose(shares / shares.sum(), mean_shares / mean_shares.sum(), atol=2e-4)
    q1_q3 = w[(w.index.month <= 9) & ~((w.index.month == 2) & (w.index.day == 29))].sum()  # 2017 has no 29 February
    assert q1_q3 * 0.2101 / 0.1957 == pytest.approx((63 + 14.8) / 505 * 1e4, rel=2e-3)
    assert w.max() <= 1.0


def test_corridor_sweep_sets_one_link_only(tmp_path):
    """The shipped corridor sweep's row target (table:links[name=...].capacity_mw)
    edits that link and leaves the others."""
    from gridmodel.sweep import load_sweep, resolve

    sweep_file = ROOT / "data" / "sweeps" / "northeast_2030_corridors.yaml"
    sweep = load_sweep(sweep_file)
    sc = resolve((sweep_file.parent / sweep.base).resolve(), {"table:links[name=west_central].capacity_mw": 11000.0}, sweep_file.parent)
    links = load_system(sc).tables["links"].set_index("name")["capacity_mw"]
    assert links["west_central"] == 11000.0
    assert links["west_south_uhv"] == 8000.0 and links["central_liaoning"] == 5000.0


def nbs_2016(name: str) -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / "northeast" / "source" / name, dtype={"period": str})


def test_2016_inputs_in_the_residual_are_what_2016_reported():
    """Loads, Liaoning's nuclear (Liaoning's load is net of it), hydro energy by
    month, Jilin's and Liaoning's solar output, Jilin's thermal fleet and the
    Russian import hold the NBS / sourced 2016 figures: each sits directly in
    the Northeast's energy residual."""
    s = load_system(SCENARIOS / "northeast_2016.yaml")
    nbs = nbs_2016("nbs_2016_monthly.csv").set_index(["province", "period"])
    load, av = s.load_mw, s.availability
    for p, zones in (("jilin", list(JILIN_ZONES)), ("heilongjiang", ["heilongjiang"])):
        assert load[zones].to_numpy().sum() / 1e3 == pytest.approx(nbs.loc[(p, "year"), "consumption_gwh"], abs=10)
    nuclear_gwh = nbs.loc[("liaoning", "year"), "consumption_gwh"] - load["liaoning"].sum() / 1e3
    assert nuclear_gwh == pytest.approx(nbs.loc[("liaoning", "year"), "nuclear_gwh"], abs=10)  # 19.98 TWh, not 0.82 x 4.44 GW
    hydro = s.tables["hydro"].assign(province=lambda h: np.where(h["zone"].isin(JILIN_ZONES), "jilin", h["zone"]))
    for p, groups in hydro.groupby("province"):
        assert groups["annual_energy_mwh"].sum() / 1e3 == pytest.approx(nbs.loc[(p, "year"), "hydro_gwh"], abs=1)
        profile = av[groups["inflow_profile"].iloc[0]]
        june_gwh = profile[profile.index.month == 6].sum() / profile.sum() * groups["annual_energy_mwh"].sum() / 1e3
        assert june_gwh == pytest.approx(nbs.loc[(p, "06"), "hydro_gwh"], rel=1e-3)
    cap = nbs_2016("nbs_2016_capacity.csv").set_index("province")
    jilin_thermal = sum(jilin_mw(s, "thermal", t) for t in ("coal", "chp", "biomass"))
    assert jilin_thermal == pytest.approx(cap.loc["jilin", "thermal_mw"], abs=1)
    assert jilin_mw(s, "thermal", "chp") / (jilin_thermal - jilin_mw(s, "thermal", "biomass")) == pytest.approx(13360 / 18520, abs=1e-4)
    solar = s.tables["renewables"].query("technology == 'solar'").assign(province=lambda r: r["zone"].map(s.provinces))
    for p in ("jilin", "liaoning"):  # the balance's solar, as its load and hydro (not the 0.56 / 0.52 GW installed by the end of the year)
        mine = solar[solar["province"] == p]
        made_gwh = sum(av[r.profile].sum() * r.capacity_mw for r in mine.itertuples(index=False)) / 1e3
        assert made_gwh == pytest.approx(nbs.loc[(p, "year"), "solar_gwh"], rel=2e-3)
    russia = s.tables["zones"].set_index("zone").loc["russia", "max_import_mw"]
    assert russia * len(s.index) / 1e6 == pytest.approx(3.32, abs=0.001)


def script(name: str, monkeypatch):
    """scripts/<name>.py as a module, registered while the test runs (its
    dataclasses look their module up)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_the_shipped_2016_files(tmp_path, monkeypatch):
    """scripts/make_northeast_data.py rebuilds data/northeast/2016 byte for byte."""
    gen = script("make_northeast_data", monkeypatch)
    gen.write(2016, gen.build_year(2016), tmp_path)
    written = sorted(p.name for p in (tmp_path / "2016").iterdir())
    assert written and all((tmp_path / "2016" / n).read_bytes() == (ROOT / "data" / "northeast" / "2016" / n).read_bytes() for n in written)


def test_2016_plans_expect_the_five_years_mean_seasons_at_last_years_level(monkeypatch):
    """plan_expectations (scripts/make_plan_expectations.py) is each
    province's mean seasons of 2011-2015 at its 2015 output: its months sum
    to the 2015 output, and Jilin's July is the mean of its five July shares
    (NBS: 2011 222.55 of 3,987.00 GWh ... 2015 369.54 of 6,027.81) times
    6,027.81 GWh. Over 2015 alone (the back-cast sweep's case) they are
    2015's months as reported (Jan+Feb split by January's 744 and February's
    696 hours of 2016). A year without figures is an error, not a shorter
    mean. Mengdong (no series of its own) expects none and keeps
    load_less_hydro."""
    gen = script("make_plan_expectations", monkeypatch)
    shipped = pd.read_csv(ROOT / "data" / "northeast" / "2016" / "plan_expectations.csv")
    pd.testing.assert_frame_equal(gen.expectations(), shipped)
    five = shipped.set_index(["province", "month"])["wind_solar_mwh"] / 1e3
    last = gen.expectations((2015,)).set_index(["province", "month"])["wind_solar_mwh"] / 1e3
    wind_2015 = nbs_2016("nbs_2015_monthly_wind.csv").set_index(["province", "period"])["wind_gwh"]
    earlier = nbs_2016("nbs_2011_2014_monthly_wind.csv").set_index(["province", "year", "period"])["wind_gwh"]
    for p in ("jilin", "liaoning", "heilongjiang"):
        assert five[p].sum() == pytest.approx(wind_2015[(p, "year")], abs=0.01)
        assert last[p].sum() == pytest.approx(wind_2015[(p, "year")], abs=0.01)
        assert last[(p, 1)] == pytest.approx(wind_2015[(p, "01-02")] * 744 / 1440, abs=0.001)
        assert last[(p, 7)] == pytest.approx(wind_2015[(p, "07")], abs=0.001)
    july = [earlier[("jilin", y, "07")] / earlier[("jilin", y, "year")] for y in range(2011, 2015)] + [369.54 / 6027.81]
    assert five[("jilin", 7)] == pytest.approx(np.mean(july) * 6027.81, abs=0.001)
    with pytest.raises(ValueError, match="2010"):
        gen.expectations((2010, 2015))
    plans = pd.read_csv(ROOT / "data" / "northeast" / "2016" / "plans.csv").set_index("province")["monthly_shares"]
    assert plans.to_dict() == {"jilin": "load_less_expected", "liaoning": "load_less_expected", "heilongjiang": "load_less_expected", "mengdong": "load_less_hydro"}


def test_the_gap_sets_the_model_s_wind_by_period_against_the_reported():
    """A balance whose wind dispatched is the reported wind of every period
    (Jan+Feb halved into January and February) and whose curtailment equals
    it (available twice the dispatched): every period curtails 50 % in the
    model; the reported available wind is Q1 1.05 + 1.20 = 2.25 TWh (NEA),
    Q2 = (0.62 + 0.50 + 0.79 + 0.99 + 0.49) / 0.61 - 2.25 = 3.307 TWh,
    H2 = 6.69 / 0.70 - 3.39 / 0.61 = 4.000 TWh (NBS over NEA's and CEC's rates)."""
    from gridmodel import backcast

    reported = backcast.reference_2016().set_index("period")["wind_twh"]
    wind = pd.Series({1: reported["Jan+Feb"] / 2, 2: reported["Jan+Feb"] / 2, **{m: v for m, v in zip(range(3, 13), reported.iloc[1:])}})
    gap = backcast.gap(pd.DataFrame({"wind_twh": wind, "wind_curtailed_twh": wind}))
    assert gap["curtailment_model"].tolist() == pytest.approx([0.5, 0.5, 0.5])
    assert gap["dispatched_model_twh"].tolist() == pytest.approx(gap["dispatched_reported_twh"].tolist())
    assert gap["available_reported_twh"].tolist() == pytest.approx([2.25, 3.39 / 0.61 - 2.25, 6.69 / 0.70 - 3.39 / 0.61], abs=1e-3)
    assert gap.loc["Q1", "curtailment_reported"] == pytest.approx(1 - 1.12 / 2.25, abs=1e-3)
    assert "the larger gap is the dispatch" in backcast.gap_words(gap.assign(available_model_twh=gap["available_reported_twh"]))
    assert "the larger gap is available wind" in backcast.gap_words(gap)
