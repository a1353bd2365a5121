"""The shipped Jilin data: plan targets, profile calibration, reproducibility.

(a) the 2030 scenario, after its capacity totals and edits, holds the carbon
peak plan's numbers; (b) every shipped profile hits its calibration target;
(c) the generator rewrites the shipped series byte for byte (into a tmp dir).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gridmodel.inputs import load_system

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))  # the data generators (scripts/profiles.py) are not part of the package
import profiles  # noqa: E402
SCENARIOS = ROOT / "data" / "scenarios"
SERIES = ROOT / "data" / "jilin" / "series"
YEARS = (2023, 2030)


def capacity(system, table: str, technology: str, column: str = "capacity_mw") -> float:
    df = system.tables[table]
    return float(df.loc[df["technology"] == technology, column].sum())


@pytest.fixture(scope="module")
def jilin_2030():
    return load_system(SCENARIOS / "jilin_2030.yaml")


@pytest.fixture(scope="module")
def calibration() -> pd.DataFrame:
    return pd.read_csv(SERIES / "calibration.csv")


def read_series(year: int, name: str) -> pd.DataFrame:
    return pd.read_csv(SERIES / str(year) / f"{name}.csv", index_col="timestamp", parse_dates=True)


# ----------------------------------------------------------------- (a) the plan
def test_2030_wind_and_solar_total_60_gw(jilin_2030):
    total = capacity(jilin_2030, "renewables", "wind") + capacity(jilin_2030, "renewables", "solar")
    assert total == pytest.approx(60_000, rel=0.01)
    assert capacity(jilin_2030, "renewables", "wind") >= 45_000  # western base special plan
    assert capacity(jilin_2030, "renewables", "solar") >= 15_000


def test_2030_storage_and_biomass_targets(jilin_2030):
    assert capacity(jilin_2030, "storage", "pumped_hydro", "power_mw") == pytest.approx(12_100, rel=0.01)
    assert capacity(jilin_2030, "thermal", "biomass") == pytest.approx(1_600, rel=0.01)
    assert capacity(jilin_2030, "storage", "battery", "power_mw") >= 250


def test_2030_demand_response_is_5_percent_of_own_peak(jilin_2030):
    load = jilin_2030.load_mw
    at_peak = load.loc[load.sum(axis=1).idxmax()]
    dr = jilin_2030.tables["demand_response"]
    share = float((dr["share_of_peak"].to_numpy() * at_peak[dr["zone"]].to_numpy()).sum() / load.sum(axis=1).max())
    assert share == pytest.approx(0.05, abs=1e-6)
    assert jilin_2030.dr_capacity_mw.sum() / jilin_2030.peak_load_mw == pytest.approx(0.05, abs=1e-6)


def test_2030_pumped_hydro_sits_in_the_east(jilin_2030):
    st = jilin_2030.tables["storage"]
    zones = set(st.loc[st["technology"] == "pumped_hydro", "zone"])
    assert zones <= {"jilin_city", "southeast", "yanbian"}


def test_2023_capacities_match_end_2023_statistics():
    s = load_system(SCENARIOS / "jilin_2023.yaml")
    assert capacity(s, "renewables", "wind") == pytest.approx(12_679, rel=1e-6)
    assert capacity(s, "renewables", "solar") == pytest.approx(4_539, rel=1e-6)
    assert capacity(s, "thermal", "biomass") == pytest.approx(1_343, rel=1e-6)
    assert capacity(s, "storage", "pumped_hydro", "power_mw") == pytest.approx(1_700, rel=1e-6)  # Baishan + Dunhua


# ---------------------------------------------------------- (b) calibration
@pytest.mark.parametrize("year", YEARS)
def test_availability_hits_capacity_factor_targets(year, calibration):
    avail = read_series(year, "availability")
    targets = calibration[(calibration["year"] == year) & calibration["target_cf"].notna() & (calibration["kind"] != "load")]
    assert set(targets["profile"]) == {c for c in avail.columns if c.startswith(("wind_", "solar_"))}
    for row in targets.itertuples():
        assert avail[row.profile].mean() == pytest.approx(row.target_cf, rel=0.01), row.profile
    values = avail.to_numpy()
    assert values.min() >= 0 and values.max() <= 1
    assert not ((values > 0) & (values < 1e-6)).any()


@pytest.mark.parametrize("year", YEARS)
def test_load_hits_energy_and_peak(year, calibration):
    total = read_series(year, "load_mw").sum(axis=1)
    row = calibration[(calibration["year"] == year) & (calibration["profile"] == "load_total")].iloc[0]
    assert total.sum() / 1e6 == pytest.approx(row.target_energy, rel=1e-3)
    assert total.max() == pytest.approx(row.target_peak, rel=1e-3)


@pytest.mark.parametrize("year", YEARS)
def test_series_cover_the_year_hourly(year):
    expected = pd.date_range(f"{year}-01-01 00:00", f"{year}-12-31 23:00", freq="h")
    for name in ("load_mw", "availability", "heat_demand_mw_th"):
        df = read_series(year, name)
        assert df.index.equals(pd.DatetimeIndex(expected, name="timestamp")), name


def test_heat_demand_only_in_heating_season():
    heat = read_series(2030, "heat_demand_mw_th")
    summer = heat[(heat.index.month >= 5) & (heat.index.month <= 9)]
    assert (summer.to_numpy() == 0).all()
    assert (heat.loc["2030-01"].to_numpy() > 0).all()


# ------------------------------------------------------- (c) reproducibility
def test_generator_reproduces_shipped_files(tmp_path, monkeypatch):
    pytest.importorskip("pvlib", reason="the data generators need the data extra (pip install -e .[data])")
    spec = importlib.util.spec_from_file_location("make_jilin_data", ROOT / "scripts" / "make_jilin_data.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_jilin_data", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    module.main(tmp_path)
    shipped = sorted(p.relative_to(SERIES) for p in SERIES.rglob("*.csv"))
    regenerated = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.csv"))
    assert regenerated == shipped
    for rel in shipped:
        assert (tmp_path / rel).read_bytes() == (SERIES / rel).read_bytes(), rel
    assert np.isfinite(pd.read_csv(tmp_path / "calibration.csv")["achieved_cf"]).all()


# ------------------------------------------------------- generator helpers
@pytest.mark.parametrize("year", (2023, 2024, 2030))
def test_map_days_aligns_weekdays_and_covers_leap_years(year):
    days = profiles.map_days(2018, year)
    target = pd.date_range(f"{year}-01-01", f"{year}-12-31")
    source = pd.date_range("2018-01-01", "2018-12-31")
    assert len(days) == len(target)
    assert (source[days].day_of_week == target.day_of_week).all()


def test_power_transform_hits_energy_and_peak():
    shape = 1 + 0.3 * np.sin(np.linspace(0, 20, 8784)) ** 2
    out = profiles.scale_energy_and_peak(shape, energy_mwh=100e6, peak_mw=15_000)
    assert out.max() == pytest.approx(15_000)
    assert out.sum() == pytest.approx(100e6, rel=1e-6)
