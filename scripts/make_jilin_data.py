"""Regenerate the Jilin hourly series and their calibration table.

    .venv/bin/python scripts/make_jilin_data.py            # into data/jilin/series/
    .venv/bin/python scripts/make_jilin_data.py --out DIR  # somewhere else

Inputs: the 2018 load shape in data/jilin/source/, zone coordinates from
data/jilin/zones.csv, CHP capacities from data/jilin/thermal.csv, and the
targets below. Seeds are fixed and the files are rounded, so a rerun writes the
shipped files byte for byte (tests/test_jilin_data.py checks it). Every number
here is explained in data/README.md.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "scripts") not in sys.path:  # profiles.py beside this script, also when loaded from elsewhere (tests)
    sys.path.insert(0, str(ROOT / "scripts"))

import profiles  # noqa: E402

DATA = ROOT / "data" / "jilin"
SOURCE_CSV = DATA / "source" / "northeast_load_2018_hourly_mw.csv"
SOURCE_YEAR = 2018


@dataclass(frozen=True)
class LoadTarget:
    energy_twh: float
    peak_mw: float


LOAD_TARGETS = {
    2023: LoadTarget(energy_twh=90.0, peak_mw=14330.0),  # estimate; 2018 load factor 0.717 kept
    2030: LoadTarget(energy_twh=115.0, peak_mw=18750.0),  # estimate; load factor 0.70
}
"""Annual consumption and coincident peak per scenario year (data/README.md)."""

ZONE_LOAD_SHARES = {"west": 0.15, "central": 0.45, "jilin_city": 0.18, "southeast": 0.12, "yanbian": 0.10}
"""Share of provincial consumption by zone (estimate from population, GDP and heavy industry)."""

WIND_CF = {"west": 0.29, "central": 0.27, "jilin_city": 0.24, "southeast": 0.22, "yanbian": 0.25}
SOLAR_CF = {"west": 0.17, "central": 0.165, "jilin_city": 0.155, "southeast": 0.155, "yanbian": 0.155}
"""Target annual capacity factors per zone (estimates, data/README.md)."""

HEAT_DESIGN_MW_TH_PER_MW_CHP = 1.0
"""Heat demand at the design temperature per MW of CHP in the heat area."""

SEEDS = {"temperature": 20231, "solar": 20230, "wind": 20236}
"""Weather seeds; the same weather is used for every year. Wind and solar
seeds were picked once among 20230-20269 as the draw whose monthly capacity
factors lie closest to the 40-draw mean (a "typical year" choice, so the
seasonal shape is not hidden by one draw's weather)."""

DECIMALS = {"load_mw": 1, "availability": 4, "heat_demand_mw_th": 1}


def internal_coords() -> dict[str, tuple[float, float]]:
    """(lat, lon) of each internal zone, from zones.csv."""
    zones = pd.read_csv(DATA / "zones.csv")
    internal = zones[zones["kind"] == "internal"]
    return {str(r.zone): (float(r.lat), float(r.lon)) for r in internal.itertuples()}


def heat_design_peaks() -> dict[str, float]:
    """Design heat demand per heat area: the factor times the area's CHP capacity."""
    thermal = pd.read_csv(DATA / "thermal.csv", keep_default_na=False)
    chp = thermal[thermal["technology"] == "chp"]
    return {area: HEAT_DESIGN_MW_TH_PER_MW_CHP * float(cap) for area, cap in chp.groupby("heat_area")["capacity_mw"].sum().items()}


def build_year(year: int) -> dict[str, pd.DataFrame]:
    """All series of one year, rounded as written."""
    index = profiles.hourly_index(year)
    coords = internal_coords()
    source = pd.read_csv(SOURCE_CSV)["jilin_mw"].to_numpy()
    target = LOAD_TARGETS[year]
    load = profiles.load_profile(source, SOURCE_YEAR, year, target.energy_twh, target.peak_mw, ZONE_LOAD_SHARES)
    temperature = profiles.synthetic_temperature_c(index, SEEDS["temperature"])
    heat = profiles.heat_demand(index, temperature, heat_design_peaks())
    availability = pd.concat(
        [
            profiles.wind_availability(index, coords, WIND_CF, SEEDS["wind"]),
            profiles.solar_availability(index, coords, SOLAR_CF, SEEDS["solar"]),
            profiles.hydro_inflow(index).to_frame(),
        ],
        axis=1,
    )
    series = {"load_mw": load, "availability": availability, "heat_demand_mw_th": heat}
    return {name: profiles.clean(df, DECIMALS[name]) for name, df in series.items()}


def cf_targets() -> dict[str, float]:
    return {**{f"wind_{z}": v for z, v in WIND_CF.items()}, **{f"solar_{z}": v for z, v in SOLAR_CF.items()}}


def write_series(df: pd.DataFrame, path: Path) -> None:
    """The loader's format: `timestamp` (YYYY-MM-DD HH:MM, local), then one column per item."""
    out = df.copy()
    out.insert(0, "timestamp", df.index.strftime("%Y-%m-%d %H:%M"))
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False, lineterminator="\n")


def main(out_dir: str | Path | None = None) -> pd.DataFrame:
    """Write every year's series and calibration.csv into `out_dir`; return the calibration table."""
    out = Path(out_dir) if out_dir is not None else DATA / "series"
    tables = []
    for year in sorted(LOAD_TARGETS):
        series = build_year(year)
        for name, df in series.items():
            write_series(df, out / str(year) / f"{name}.csv")
        target = LOAD_TARGETS[year]
        tables.append(profiles.calibration_rows(year, series["load_mw"], series["availability"], series["heat_demand_mw_th"],
                                                (target.energy_twh, target.peak_mw), cf_targets(), heat_design_peaks()))
    calibration = pd.concat(tables, ignore_index=True)
    calibration.to_csv(out / "calibration.csv", index=False, float_format="%.6g", lineterminator="\n")
    return calibration


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=None, help="output folder (default: data/jilin/series)")
    args = parser.parse_args()
    table = main(args.out)
    with pd.option_context("display.width", 200, "display.max_rows", 100):
        print(table.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
