"""Build the Northeast-grid data: Jilin's five zones plus Liaoning, Heilongjiang
and eastern Inner Mongolia (Mengdong) as zones, for 2016, 2023, 2025 and 2030.

    .venv/bin/python scripts/make_northeast_data.py            # into data/northeast/
    .venv/bin/python scripts/make_northeast_data.py --out DIR  # somewhere else

Inputs: the 2018 hourly loads of the four provinces (data/jilin/source/,
Zenodo 10.5281/zenodo.8322210, CC-BY-4.0), the 2020 ERA5 wind and solar
capacity factors per province (data/northeast/source/, CC0; PyPSA-China), the
Jilin zonal tables (data/jilin/*.csv) for the split inside Jilin, the NBS/CEC
2016 monthly statistics (data/northeast/source/nbs_2016_monthly.csv) for what
2016 reported of loads, nuclear and hydro, and the fleet figures below. Every number is explained in data/README.md ("Northeast grid");
each is a sourced value or a flagged estimate. Nothing here is set to hit a
historical curtailment: the back-cast (gridmodel backcast) only reads results.
Seeds are fixed and files rounded, so a rerun reproduces the shipped files.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "scripts") not in sys.path:  # profiles.py beside this script, also when loaded from elsewhere (tests)
    sys.path.insert(0, str(ROOT / "scripts"))

import profiles  # noqa: E402

JILIN = ROOT / "data" / "jilin"
OUT = ROOT / "data" / "northeast"
LOAD_CSV = JILIN / "source" / "northeast_load_2018_hourly_mw.csv"
CF_CSV = OUT / "source" / "northeast_wind_solar_cf_2020_hourly.csv"
NBS_2016_CSV = OUT / "source" / "nbs_2016_monthly.csv"  # NBS/CEC 2016 by province and period, GWh (README "2016 as it was run")
NBS_WIND_CSV = OUT / "source" / "nbs_2019_2023_monthly_wind.csv"  # the fleets' wind output and capacity by period (README "ERA5's seasons")
ERA5_ANNUAL_CSV = OUT / "source" / "era5_annual_cf_2015_2020.csv"  # ERA5 annual mean CF per box and year (README "Weather of 2016")
LOAD_YEAR, WEATHER_YEAR = 2018, 2020
YEARS = (2016, 2023, 2025, 2030)
JILIN_ZONES = ("west", "central", "jilin_city", "southeast", "yanbian")
NEIGHBOURS = ("liaoning", "heilongjiang", "mengdong")
WEATHER_COLUMN = {"liaoning": "liaoning", "heilongjiang": "heilongjiang", "mengdong": "inner_mongolia", **{z: "jilin" for z in JILIN_ZONES}}
"""Zone -> province column of the ERA5 file (Mengdong takes the whole-IM shape; Jilin's zones share Jilin's)."""
LOAD_COLUMN = {"jilin": "jilin_mw", "liaoning": "liaoning_mw", "heilongjiang": "heilongjiang_mw", "mengdong": "inner_mongolia_mw"}
MENGDONG_SHARE_OF_IM_LOAD = 0.15  # estimate (README): Mengxi holds IM's energy-intensive industry

LOAD_TWH = {  # annual consumption by province and year (README: sources and estimates; 2016 JL/LN/HL = NBS_2016_CSV)
    "jilin": {2016: 66.76, 2023: 90.0, 2025: 100.0, 2030: 115.0},
    "liaoning": {2016: 203.74, 2023: 270.0, 2025: 285.0, 2030: 320.0},
    "heilongjiang": {2016: 89.66, 2023: 115.0, 2025: 125.0, 2030: 145.0},
    "mengdong": {2016: 45.0, 2023: 62.0, 2025: 68.0, 2030: 80.0},
}
JILIN_LOAD_SHARES = {"west": 0.15, "central": 0.45, "jilin_city": 0.18, "southeast": 0.12, "yanbian": 0.10}  # as make_jilin_data.py

WIND_FLEET_FACTOR_2016 = {  # CEC Q1-Q3 2017 table: (generation + curtailment) / capacity, over ERA5's Q1-Q3 full-load hours of 2017
    "jilin": (63 + 14.8) / 505, "liaoning": (107 + 7.5) / 700, "heilongjiang": (76 + 10.5) / 568, "inner_mongolia": (377 + 59.1) / 2633,
}  # 1e8 kWh / 1e4 kW = 1e4 h; divided by the ERA5 hours in fleet_factors
ERA5_BOX = {"jilin": "jilin_west", "liaoning": "liaoning", "heilongjiang": "heilongjiang", "inner_mongolia": "mengdong"}
"""Province column of the hourly file -> box of ERA5_ANNUAL_CSV where its wind fleet stands (90 % of Jilin's in the west)."""

NUCLEAR_LIAONING_MW = {2023: 6710, 2025: 6710, 2030: 11840}  # 2016: the reported output by month (NBS_2016_CSV, 19.98 TWh)
NUCLEAR_CF = 48e6 / (6710 * 8760)  # Hongyanhe ~48 TWh/yr on 6.71 GW (CGN) = 0.82, run flat as must-run

HEAT = {  # offset to the Changchun normals (degC), design outdoor temperature (degC), heating season
    "jilin": (0.0, -21.1, ((10, 20), (4, 6))),
    "liaoning": (3.5, -16.9, ((11, 1), (3, 31))),
    "heilongjiang": (-2.5, -24.2, ((10, 20), (4, 20))),
    "mengdong": (1.5, -19.0, ((10, 15), (4, 15))),
}
TEMPERATURE_SEED = 20231  # as make_jilin_data.py: one weather for the whole region
HEAT_DESIGN_MW_TH_PER_MW_CHP = 1.0


@dataclass(frozen=True)
class Province:
    """A neighbour's fleet in one year (MW)."""

    wind: float
    solar: float
    thermal: float  # coal, all units incl. CHP
    chp_share: float
    hydro: float = 0.0
    biomass: float = 0.0
    pumped_hydro: float = 0.0
    battery: float = 0.0


FLEET = {
    2016: {
        "liaoning": Province(wind=7000, solar=520, thermal=30740, chp_share=0.54, hydro=2930, biomass=300, pumped_hydro=1200),
        "heilongjiang": Province(wind=5610, solar=150, thermal=19900, chp_share=0.71, hydro=1016, biomass=700),
        "mengdong": Province(wind=9940, solar=650, thermal=18300, chp_share=0.50),
    },
    2023: {
        "liaoning": Province(wind=10469, solar=13295, thermal=37790, chp_share=0.76, hydro=3050, biomass=1000, pumped_hydro=1200),
        "heilongjiang": Province(wind=8540, solar=9690, thermal=24630, chp_share=0.71, hydro=1090, biomass=1500, pumped_hydro=1200),
        "mengdong": Province(wind=12984, solar=3000, thermal=24192, chp_share=0.50),
    },
    2025: {
        "liaoning": Province(wind=13000, solar=17000, thermal=38550, chp_share=0.76, hydro=3050, biomass=1000, pumped_hydro=3000),
        "heilongjiang": Province(wind=15000, solar=15000, thermal=24730, chp_share=0.71, hydro=1090, biomass=1500, pumped_hydro=1200, battery=2000),
        "mengdong": Province(wind=31400, solar=7800, thermal=29300, chp_share=0.50),
    },
}
FLEET[2030] = dict(FLEET[2025])  # estimate: the neighbours' latest sourced targets (2025) held to 2030; LN nuclear grows (above)


@dataclass(frozen=True)
class JilinYear:
    wind: float
    solar: float
    biomass: float
    pumped_hydro_stations: tuple[str, ...]
    battery: float
    retrofit_share: float
    dr_share: float
    coal_chp: float | None = None  # coal + CHP MW, split by zone and kind as data/jilin/thermal.csv (None: that table's 18,520 MW)


PHS_2023 = ("phs_baishan", "phs_dunhua")
JILIN_THERMAL_2016_MW = 17773.9  # NBS end-2016 thermal (火电, biomass included) of 6 MW+ plants (source/nbs_2016_capacity.csv)
JILIN_BIOMASS_2016_MW = 600  # estimate (README)
JILIN_FLEET = {
    2016: JilinYear(wind=5050, solar=560, biomass=JILIN_BIOMASS_2016_MW, pumped_hydro_stations=("phs_baishan",), battery=0, retrofit_share=0.0, dr_share=0.0,
                    coal_chp=JILIN_THERMAL_2016_MW - JILIN_BIOMASS_2016_MW),
    2023: JilinYear(wind=12679, solar=4539, biomass=1343, pumped_hydro_stations=PHS_2023, battery=100, retrofit_share=0.35, dr_share=0.02),
    2025: JilinYear(wind=22000, solar=8000, biomass=1500, pumped_hydro_stations=PHS_2023, battery=250, retrofit_share=0.5, dr_share=0.03),
    2030: JilinYear(wind=45000, solar=15000, biomass=1600, pumped_hydro_stations=(), battery=250, retrofit_share=0.6, dr_share=0.05),
}
"""Jilin by year; pumped_hydro_stations () = every station of data/jilin/storage.csv (the plan's 12.1 GW)."""

UNIT_CLASS = {  # min load before / after a flexibility retrofit (NEA 2016 pilots, README)
    "chp": dict(min_load_pu=0.6, retrofit_min_load_pu=0.45, heat_commitment_pu=1.0),
    "coal": dict(min_load_pu=0.5, retrofit_min_load_pu=0.35, heat_commitment_pu=0.0),
    "biomass": dict(min_load_pu=0.5, retrofit_min_load_pu=0.3, heat_commitment_pu=0.0),
}
MIN_ONLINE_SHARE_OF_MEAN_LOAD = 0.3  # estimate (README): synchronous units kept online for security
HYDRO_FULL_LOAD_H = 1700  # as Jilin (README)


@dataclass
class Link:
    name: str
    a: str
    b: str
    mw: dict  # year -> MW (missing year = 0)
    loss: float
    kind: str = "export"



def every(mw: float, since: int = 0) -> dict:
    return {y: mw for y in YEARS if y >= since}


LINKS = [
    Link("central_liaoning", "central", "liaoning", every(5000), 0.02),
    Link("central_heilongjiang", "central", "heilongjiang", {2016: 3200, 2023: 3200, 2025: 4600, 2030: 4600}, 0.02),
    Link("mengdong_liaoning", "mengdong", "liaoning", {2016: 8000, 2023: 8000, 2025: 10000, 2030: 10000}, 0.02),
    Link("west_jarud", "west", "mengdong", every(3000, 2018), 0.02),
    Link("lugu_dc", "mengdong", "shandong", every(10000, 2018), 0.06),
    Link("gaoling_btb", "liaoning", "north_china", every(3000), 0.02),
    Link("heihe_btb", "russia", "heilongjiang", every(750), 0.02),
    Link("west_south_uhv", "west", "south_uhv", {2030: 8000}, 0.06),
]
"""Ties inside the Northeast grid and channels out of it (README: ratings and sources)."""

EXTERNAL = {  # zone: (name, lat, lon, export price CNY/MWh, import price, max import MW)
    "north_china": ("North China grid via Gaoling back-to-back", 40.0, 119.8, 300, 10000, 0),
    "shandong": ("Shandong, receiving end of the Lu-Gu +-800 kV DC (Qingzhou)", 36.7, 118.5, 300, 10000, 0),
    "south_uhv": ("Planned Jilin southward UHV (Jilin-Beijing DC), receiving end", 39.9, 116.4, 300, 10000, 0),
    "russia": ("Russian Far East via the Heihe back-to-back", 50.2, 127.5, 0, 300, 750),
}
MAX_IMPORT_MW_BY_YEAR = {"russia": {2016: round(3.32e6 / 8784, 1)}}
"""Imports as delivered that year, flat (the import, cheaper than coal, runs at its maximum): Russia -> China
2016 3.32 TWh (Interfax, 20 Sep 2017, quoting Deputy PM Dvorkovich) over 8,784 h = 378 MW; other years the Heihe rating."""
COORDS = {"liaoning": ("Liaoning grid", 41.8, 123.4), "heilongjiang": ("Heilongjiang grid", 45.8, 126.6), "mengdong": ("Mengdong grid (Hulunbuir, Hinggan, Tongliao, Chifeng)", 43.6, 122.3)}

LUGU_ENERGY_MWH = 55e6  # SGCC design: 55 TWh a year
TONGLIAO_SHARE = {"coal": 9252 / 24192, "wind": 5101 / 12984}  # GEM 2023: Jarud's area (Tongliao) in Mengdong's coal and wind
JILIN_LUGU_WIND_MW = 3000  # Jilin wind tied to Lu-Gu (facts file)


# ------------------------------------------------------------------------ series
def weather_cf(year: int) -> pd.DataFrame:
    """The 2020 ERA5 capacity factors laid on `year`: 29 Feb dropped for a common year."""
    cf = pd.read_csv(CF_CSV, parse_dates=["timestamp_local"])
    if len(profiles.hourly_index(year)) == 8760:
        cf = cf[~((cf["timestamp_local"].dt.month == 2) & (cf["timestamp_local"].dt.day == 29))]
    return cf.drop(columns=["hour_of_year", "timestamp_local"]).reset_index(drop=True)


def era5_year_ratio(year: int) -> dict[str, float]:
    """Each province's ERA5 wind capacity factor in `year` over 2020's (annual means over its box): the
    reanalysis's own change of weather from the profiles' year."""
    cf = pd.read_csv(ERA5_ANNUAL_CSV).set_index(["area", "year"])["wind_cf"]
    return {p: cf[box, year] / cf[box, WEATHER_YEAR] for p, box in ERA5_BOX.items()}


SEASON_YEARS = (2019, 2020, 2021, 2022, 2023)
"""The years whose reported wind is the fleet's available wind (Jilin used >= 95 % of it each year; README "ERA5's
seasons"): their mean is the seasons of a year whose own are unpublished (2016's)."""


def fleet_seasons(cf: pd.DataFrame, index: pd.DatetimeIndex, years: tuple[int, ...] = SEASON_YEARS) -> pd.DataFrame:
    """The 2016 fleet's wind shapes: ERA5 2020's, each month scaled to the fleet's mean share of Jan-Nov over `years`
    (full-load hours, output over that month's capacity, so the fleet's growth does not lean the shares) over ERA5
    2020's share, the year's energy kept. Jan+Feb is one reported period; December (unpublished) and Inner Mongolia
    (no series) keep ERA5's seasons."""
    nbs = pd.read_csv(NBS_WIND_CSV, dtype={"period": str})
    nbs = nbs[nbs["year"].isin(years)].assign(hours=lambda d: d["wind_gwh"] * 1e3 / d["capacity_mw"])
    hours = nbs.pivot_table(index="period", columns=["province", "year"], values="hours")
    shares = (hours / hours.sum()).T.groupby(level="province").mean().T
    shares.index = shares.index.str[:2].astype(int)  # "01-02" -> 1: Jan+Feb
    period = np.where(index.month <= 2, 1, index.month)
    out = cf.copy()
    for p in shares.columns:
        era5 = cf[f"wind_cf_{p}"].groupby(period).sum().loc[shares.index]
        factor = shares[p] / (era5 / era5.sum())
        scaled = cf[f"wind_cf_{p}"].to_numpy() * factor.reindex(period).fillna(1.0).to_numpy()
        out[f"wind_cf_{p}"] = scaled * cf[f"wind_cf_{p}"].sum() / scaled.sum()
    return out


def fleet_factors(cf: pd.DataFrame) -> dict[str, float]:
    """2016 fleet's available wind over its shapes' (`cf`, a common year): the reported Q1-Q3 2017 available
    full-load hours over the shapes' Q1-Q3 hours in 2017's weather, times 2016's weather (era5_year_ratio: 2017's and
    2016's against 2020's, the shapes' year)."""
    q1_q3 = slice(0, 273 * 24)  # 1 Jan - 30 Sep of a common year
    in_2017, in_2016 = era5_year_ratio(2017), era5_year_ratio(2016)
    return {p: v * 1e4 / (cf[f"wind_cf_{p}"].iloc[q1_q3].sum() * in_2017[p]) * in_2016[p] for p, v in WIND_FLEET_FACTOR_2016.items()}


def nbs_2016(column: str) -> pd.DataFrame:
    """One NBS 2016 quantity (GWh), province x period (01-02, 03 ... 12, year)."""
    nbs = pd.read_csv(NBS_2016_CSV, dtype={"period": str})
    return nbs.pivot(index="province", columns="period", values=column)


def nbs_2016_mw(column: str, province: str, index: pd.DatetimeIndex) -> np.ndarray:
    """A province's reported 2016 energy by period as MW, flat over each period's
    hours (January and February are one period: January's generation is not published)."""
    period = np.where(index.month <= 2, "01-02", index.strftime("%m"))
    hours = pd.Series(period).value_counts()
    by_period = nbs_2016(column).loc[province]
    return (by_period[period].to_numpy() * 1e3 / hours[period].to_numpy()).astype(float)


HYDRO_2016_PROVINCES = ("jilin", "liaoning", "heilongjiang")  # Mengdong has no hydro in the model
SOLAR_2016_PROVINCES = ("jilin", "liaoning")  # NBS's solar series: Heilongjiang has none, Mengdong's is inside Inner Mongolia's
NBS_LOAD_PROVINCES = ("jilin", "liaoning", "heilongjiang")  # NBS's Inner Mongolia is Mengxi and Mengdong together


def build_availability(year: int, index: pd.DatetimeIndex, season_years: tuple[int, ...] = SEASON_YEARS) -> pd.DataFrame:
    cf = weather_cf(year)
    factor = {}
    if year == 2016:  # the 2016 fleet's seasons and level (README "Weather of 2016")
        factor = fleet_factors(fleet_seasons(weather_cf(2023), profiles.hourly_index(2023), season_years))
        cf = fleet_seasons(cf, index, season_years)
    out = {}
    for zone, prov in WEATHER_COLUMN.items():
        wind = cf[f"wind_cf_{prov}"].to_numpy()
        k = factor.get(prov, 1.0)
        out[f"wind_{zone}"] = profiles.calibrate_clipped(wind, k * wind.mean()) if k != 1.0 else wind
        out[f"solar_{zone}"] = cf[f"solar_cf_{prov}"].to_numpy()
    if year == 2016:  # each province's reported months as its inflow shape, max 1
        for p in HYDRO_2016_PROVINCES:
            mw = nbs_2016_mw("hydro_gwh", p, index)
            out[f"hydro_inflow_{p}"] = mw / mw.max()
    else:
        out["hydro_inflow"] = profiles.hydro_inflow(index).to_numpy()
    return pd.DataFrame(out, index=index)


def reported_hydro(hydro: pd.DataFrame) -> pd.DataFrame:
    """2016: each province's hydro energy as reported (NBS), shared over its groups
    by their modelled energy, and shaped by the province's reported months."""
    province = hydro["zone"].map(province_of)
    reported_mwh = province.map(nbs_2016("hydro_gwh")["year"] * 1e3)
    share = hydro["annual_energy_mwh"] / hydro.groupby(province)["annual_energy_mwh"].transform("sum")
    return hydro.assign(annual_energy_mwh=(reported_mwh * share).round(0), inflow_profile="hydro_inflow_" + province)


def province_load(province: str, year: int, index: pd.DatetimeIndex) -> np.ndarray:
    """The province's 2018 shape laid on `year` (weekdays aligned), scaled to the
    year's energy at the 2018 load factor; 2016 where NBS reports the province's
    consumption by month: each reported period (Jan+Feb, March ... December)
    scaled to its own energy, so the seasons are 2016's, not 2018's."""
    shape = profiles.map_hours(pd.read_csv(LOAD_CSV)[LOAD_COLUMN[province]].to_numpy(), LOAD_YEAR, year)
    if year == 2016 and province in NBS_LOAD_PROVINCES:
        reported = nbs_2016_mw("consumption_gwh", province, index)  # flat over each period, its energy
        period = np.where(index.month <= 2, 0, index.month)
        mean_shape = pd.Series(shape).groupby(period).transform("mean").to_numpy()
        return shape / mean_shape * reported
    energy = LOAD_TWH[province][year] * 1e6
    return shape * energy / shape.sum()


def build_load(year: int, index: pd.DatetimeIndex) -> pd.DataFrame:
    jilin = province_load("jilin", year, index)
    df = pd.DataFrame({z: s * jilin for z, s in JILIN_LOAD_SHARES.items()}, index=index)
    for p in NEIGHBOURS:
        df[p] = province_load(p, year, index)
    df["liaoning"] -= nuclear_mw(year, index)  # Hongyanhe as must-run: net load
    return df


def nuclear_mw(year: int, index: pd.DatetimeIndex) -> np.ndarray:
    """Liaoning's nuclear output: 2016 as reported by month (NBS; units held back in
    the surplus, unit 4 from September), later years flat at the CGN capacity factor."""
    if year == 2016:
        return nbs_2016_mw("nuclear_gwh", "liaoning", index)
    return np.full(len(index), NUCLEAR_LIAONING_MW[year] * NUCLEAR_CF)


def province_of(zone: str) -> str:
    return "jilin" if zone in JILIN_ZONES else zone


def build_heat(index: pd.DatetimeIndex, chp_mw: dict[str, float]) -> pd.DataFrame:
    base = profiles.synthetic_temperature_c(index, TEMPERATURE_SEED)
    parts = []
    for zone, mw in chp_mw.items():
        offset, design, season = HEAT[province_of(zone)]
        parts.append(profiles.heat_demand(index, base + offset, {f"heat_{zone}": HEAT_DESIGN_MW_TH_PER_MW_CHP * mw}, design_c=design, season=season))
    return pd.concat(parts, axis=1)


# ------------------------------------------------------------------------ tables
def read(name: str) -> pd.DataFrame:
    """A Jilin table with every number as float (capacities are rescaled)."""
    df = pd.read_csv(JILIN / f"{name}.csv", keep_default_na=False)
    return df.astype({c: float for c in df.columns if pd.api.types.is_integer_dtype(df[c])})


def scale_to(df: pd.DataFrame, rows: pd.Series, total: float) -> None:
    """Scale the capacity of `rows` to `total`, their split kept (0.1 MW)."""
    df.loc[rows, "capacity_mw"] = (df.loc[rows, "capacity_mw"] * total / df.loc[rows, "capacity_mw"].sum()).round(1)


def jilin_tables(year: int) -> dict[str, pd.DataFrame]:
    j = JILIN_FLEET[year]
    ren = read("renewables")
    for tech, total in (("wind", j.wind), ("solar", j.solar)):
        scale_to(ren, ren["technology"] == tech, total)
    th = read("thermal")
    bio = th["technology"] == "biomass"
    scale_to(th, bio, j.biomass)
    if j.coal_chp is not None:
        scale_to(th, ~bio, j.coal_chp)
    th.loc[~bio, "retrofit_share"] = j.retrofit_share
    st = read("storage")
    phs = st["technology"] == "pumped_hydro"
    if j.pumped_hydro_stations:
        st = st[~phs | st["name"].isin(j.pumped_hydro_stations)]
    bat = st["technology"] == "battery"
    st.loc[bat, "power_mw"], st.loc[bat, "energy_mwh"] = j.battery, 2 * j.battery
    return {"renewables": ren, "thermal": th, "hydro": read("hydro"), "storage": st[st["power_mw"] > 0]}


def thermal_row(template: pd.Series, zone: str, tech: str, mw: float, year: int) -> dict:
    return {**template.to_dict(), "name": f"{tech}_{zone}", "zone": zone, "capacity_mw": mw, "retrofit_share": JILIN_FLEET[year].retrofit_share if tech != "biomass" else 0.0,
            "heat_area": f"heat_{zone}" if tech == "chp" else ""}


def neighbour_tables(year: int, jilin_thermal: pd.DataFrame) -> dict[str, list[dict]]:
    template = {t: jilin_thermal[jilin_thermal["technology"] == t].iloc[0] for t in ("coal", "chp", "biomass")}
    out: dict[str, list[dict]] = {"renewables": [], "thermal": [], "hydro": [], "storage": []}
    for zone, f in FLEET[year].items():
        for tech, mw in (("wind", f.wind), ("solar", f.solar)):
            out["renewables"].append(dict(name=f"{tech}_{zone}", zone=zone, technology=tech, capacity_mw=mw, profile=f"{tech}_{zone}", cost_cny_per_mwh=0))
        for tech, mw in (("coal", f.thermal * (1 - f.chp_share)), ("chp", f.thermal * f.chp_share), ("biomass", f.biomass)):
            if mw > 0:
                out["thermal"].append(thermal_row(template[tech], zone, tech, round(mw, 1), year))
        if f.hydro:
            out["hydro"].append(dict(name=f"hydro_{zone}", zone=zone, capacity_mw=f.hydro, annual_energy_mwh=f.hydro * HYDRO_FULL_LOAD_H, inflow_profile="hydro_inflow"))
        for tech, mw, hours, eta, sd, vom in (("pumped_hydro", f.pumped_hydro, 6, 0.87, 0, 5), ("battery", f.battery, 2, 0.93, 0.0001, 10)):
            if mw:
                out["storage"].append(dict(name=f"{tech}_{zone}", zone=zone, technology=tech, power_mw=mw, energy_mwh=hours * mw, eta_charge=eta,
                                           eta_discharge=eta, self_discharge_pu_per_h=sd, vom_cny_per_mwh=vom))
    return out


def unit_classes(th: pd.DataFrame) -> pd.DataFrame:
    for tech, cols in UNIT_CLASS.items():
        for col, v in cols.items():
            th.loc[th["technology"] == tech, col] = v
    return th


def zones_table(load: pd.DataFrame, year: int) -> pd.DataFrame:
    jz = read("zones")
    rows = jz[jz["kind"] == "internal"].to_dict("records")
    rows += [dict(zone=z, name=n, kind="internal", lat=la, lon=lo, export_price_cny_per_mwh=0, import_price_cny_per_mwh=10000, max_import_mw=0) for z, (n, la, lo) in COORDS.items()]
    rows += [dict(zone=z, name=n, kind="external", lat=la, lon=lo, export_price_cny_per_mwh=e, import_price_cny_per_mwh=i,
                  max_import_mw=MAX_IMPORT_MW_BY_YEAR.get(z, {}).get(year, m)) for z, (n, la, lo, e, i, m) in EXTERNAL.items()]
    df = pd.DataFrame(rows).drop(columns="province")  # Jilin's zones say jilin; Liaoning and Heilongjiang are external neighbours in its data
    jilin = set(jz.loc[jz["kind"] == "internal", "zone"])
    df.insert(3, "province", ["jilin" if z in jilin else z if k == "internal" else "" for z, k in zip(df["zone"], df["kind"])])
    mean = load.mean()
    df["min_online_thermal_mw"] = [round(MIN_ONLINE_SHARE_OF_MEAN_LOAD * mean.get(z, 0.0), -1) if k == "internal" else 0.0 for z, k in zip(df["zone"], df["kind"])]
    return df


def links_table(year: int) -> pd.DataFrame:
    rows = [dict(name=r.name, from_zone=r.from_zone, to_zone=r.to_zone, capacity_mw=r.capacity_mw, loss_pu=r.loss_pu, kind="line") for r in read("links").itertuples() if r.kind == "line"]
    rows += [dict(name=l.name, from_zone=l.a, to_zone=l.b, capacity_mw=l.mw.get(year, 0), loss_pu=l.loss, kind=l.kind) for l in LINKS]
    return pd.DataFrame(rows)


def channel_tables(year: int, renewables: pd.DataFrame, thermal: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Lu-Gu (from 2018) and the 2030 southward UHV as scheduled bundles; Gaoling as a daily-flat schedule."""
    ch = [dict(name="gaoling", link="gaoling_btb", profile="flat", level_mw=0, band_pu=0.1, min_energy_mwh_per_year=0, min_renewable_share=0)]
    sup = []
    if year >= 2018:
        ch.append(dict(name="lugu", link="lugu_dc", profile="flat", level_mw=0, band_pu=0.1, min_energy_mwh_per_year=LUGU_ENERGY_MWH, min_renewable_share=0))
        west_wind = float(renewables.loc[renewables["name"] == "wind_west", "capacity_mw"].iloc[0])
        sup += [dict(name="lugu_wind_west", channel="lugu", unit_group="wind_west", share_pu=round(min(1.0, JILIN_LUGU_WIND_MW / west_wind), 4)),
                dict(name="lugu_wind_mengdong", channel="lugu", unit_group="wind_mengdong", share_pu=round(TONGLIAO_SHARE["wind"], 4))]
        sup += [dict(name=f"lugu_{g}_mengdong", channel="lugu", unit_group=f"{g}_mengdong", share_pu=round(TONGLIAO_SHARE["coal"], 4)) for g in ("coal", "chp")]
    if year >= 2030:
        ch.append(dict(name="south_uhv", link="west_south_uhv", profile="flat", level_mw=0, band_pu=0.1, min_energy_mwh_per_year=0, min_renewable_share=0.5))
        rest = lambda unit: 1.0 - sum(s["share_pu"] for s in sup if s["unit_group"] == unit)  # noqa: E731  what Lu-Gu leaves
        sup += [dict(name=f"uhv_{u}", channel="south_uhv", unit_group=u, share_pu=round(rest(u), 4)) for u in ("wind_west", "solar_west", "coal_west", "chp_west")]
    return pd.DataFrame(ch), pd.DataFrame(sup, columns=["name", "channel", "unit_group", "share_pu"])


def reported_solar(ren: pd.DataFrame, cf: pd.DataFrame) -> None:
    """2016: each province's solar capacity such that its weather gives NBS's
    reported output for the year, the solar of the balance its load, hydro
    and tie-line plans are taken from (README "2016 as it was run")."""
    nbs = nbs_2016("solar_gwh")["year"]
    for p in SOLAR_2016_PROVINCES:
        scale_to(ren, (ren["technology"] == "solar") & (ren["zone"].map(province_of) == p), nbs[p] * 1e3 / cf[f"solar_cf_{p}"].sum())


def build_year(year: int) -> dict[str, pd.DataFrame]:
    index = profiles.hourly_index(year)
    jt = jilin_tables(year)
    nt = neighbour_tables(year, jt["thermal"])
    tables = {k: pd.concat([jt[k], pd.DataFrame(nt[k])], ignore_index=True) if nt[k] else jt[k] for k in jt}
    tables["thermal"] = unit_classes(tables["thermal"])
    if year == 2016:
        tables["hydro"] = reported_hydro(tables["hydro"])
        reported_solar(tables["renewables"], weather_cf(year))
    load = build_load(year, index)
    chp = tables["thermal"][tables["thermal"]["technology"] == "chp"].groupby("zone")["capacity_mw"].sum()
    tables["zones"] = zones_table(load, year)
    tables["links"] = links_table(year)
    tables["channels"], tables["channel_supply"] = channel_tables(year, tables["renewables"], tables["thermal"])
    tables["heat_areas"] = pd.DataFrame({"heat_area": [f"heat_{z}" for z in chp.index], "zone": chp.index, "boiler_mw_th": 0.0, "boiler_cost_cny_per_mwh_th": 200})
    tables["demand_response"] = pd.DataFrame({"name": [f"dr_{z}" for z in JILIN_ZONES], "zone": JILIN_ZONES, "share_of_peak": JILIN_FLEET[year].dr_share,
                                              "cost_cny_per_mwh": 3000, "max_hours_per_year": 100})
    series = {"load_mw": profiles.clean(load, 1), "availability": profiles.clean(build_availability(year, index), 4),
              "heat_demand_mw_th": profiles.clean(build_heat(index, chp.to_dict()), 1)}
    return {**tables, **series}


SERIES = ("load_mw", "availability", "heat_demand_mw_th")


def write(year: int, frames: dict[str, pd.DataFrame], out: Path) -> None:
    folder = out / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in frames.items():
        if name in SERIES:
            df = df.copy()
            df.insert(0, "timestamp", df.index.strftime("%Y-%m-%d %H:%M"))
        df.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")


def summary(year: int, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per province: energy, capacity and available full-load hours (README table)."""
    load, av = frames["load_mw"], frames["availability"]
    ren, th = frames["renewables"], frames["thermal"]
    rows = []
    for p in ("jilin", *NEIGHBOURS):
        zones = list(JILIN_ZONES) if p == "jilin" else [p]
        r = ren[ren["zone"].isin(zones)]
        row = {"year": year, "province": p, "load_twh": load[zones].to_numpy().sum() / 1e6, "peak_mw": load[zones].sum(axis=1).max()}
        for tech in ("wind", "solar"):
            rt = r[r["technology"] == tech]
            row[f"{tech}_mw"] = rt["capacity_mw"].sum()
            row[f"{tech}_flh"] = float((av[rt["profile"]].to_numpy() * rt["capacity_mw"].to_numpy()).sum() / max(rt["capacity_mw"].sum(), 1e-9))
        for tech in ("coal", "chp", "biomass"):
            row[f"{tech}_mw"] = th.loc[th["zone"].isin(zones) & (th["technology"] == tech), "capacity_mw"].sum()
        rows.append(row)
    return pd.DataFrame(rows)


def main(out_dir: str | Path | None = None) -> pd.DataFrame:
    out = Path(out_dir) if out_dir is not None else OUT
    tables = []
    for year in YEARS:
        frames = build_year(year)
        write(year, frames, out)
        tables.append(summary(year, frames))
    table = pd.concat(tables, ignore_index=True)
    table.to_csv(out / "summary.csv", index=False, float_format="%.6g", lineterminator="\n")
    return table


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=None, help="output folder (default: data/northeast)")
    args = parser.parse_args()
    with pd.option_context("display.width", 220, "display.max_columns", 30):
        print(main(args.out).to_string(index=False, float_format=lambda x: f"{x:.4g}"))
