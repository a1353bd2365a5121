"""The back-cast: run the historical Northeast-grid scenarios and set the
model's Jilin results against what was reported, then switch the operating
rules off one at a time to show what each does to the 2016 result.

Why: a 2030 verdict is only worth something if the same model, given a past
year's fleet, shows what happened (DESIGN.md, "Trust before verdict"). No
number here feeds the model: the reported values are only compared with.

Jilin is the five zones of data/jilin/zones.csv; its exports are the energy
sent over every link from a Jilin zone to a zone outside Jilin (each hour's
positive flow, at the sending end), its curtailment that of its own wind
(and wind + solar for utilisation). Neighbours' curtailment is reported beside.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .workflow import solve_scenario_system
from .inputs import load_system
from .paths import ROOT, SCENARIOS
from .scenario import load_scenario
from .results import border_exchange
from .schema import Edit
from . import regime

JILIN_ZONES = tuple(pd.read_csv(ROOT / "data" / "jilin" / "zones.csv").query("kind == 'internal'")["zone"])
REFERENCE_2016 = ROOT / "data" / "northeast" / "source" / "jilin_2016_monthly.csv"
"""Jilin's 2016 monthly balance as reported (NBS/CEC monthly series, via the reference file): only compared with."""
THERMAL = ("coal", "chp", "biomass")  # 火电 as the statistics count it
NEIGHBOURS = ("liaoning", "heilongjiang", "mengdong")
WINTER_MONTHS = (11, 12, 1, 2, 3)  # the heating season's full months
NEA = "NEA 2016 Q1 wind table (S-NEA16Q1); CEC Q1-Q3 2017 table, change vs 2016 (S-CEC17Q3)"


@dataclass(frozen=True)
class Reported:
    """A reported figure and the issue's acceptance range for the model."""

    year: int
    metric: str
    period: str
    reported: float
    low: float
    high: float
    source: str

    def passed(self, value: float) -> bool:
        return self.low <= value <= self.high


REPORTED = (
    Reported(2016, "jilin_wind_curtailment", "year", 0.30, 0.24, 0.36, NEA),
    Reported(2016, "jilin_wind_curtailment", "Q1", 0.53, 0.40, 1.0, NEA),
    *(Reported(2016, "jilin_wind_curtailment", f"Q{q}", math.nan, 0.10, 0.30, "about 20 %: (30 % year, 53 % Q1), issue 10") for q in (2, 3, 4)),
    Reported(2016, "jilin_thermal_twh", "year", 57.84, 57.84 * 0.9, 57.84 * 1.1, "NBS/CEC monthly series (jilin_2016_operation.md)"),
    Reported(2016, "jilin_wind_twh", "year", 6.69, 6.69 * 0.9, 6.69 * 1.1, "NBS/CEC monthly series; NEA 1,333 h (jilin_2016_operation.md)"),
    Reported(2016, "jilin_net_export_twh", "year", 5.7, 5.7 * 0.9, 5.7 * 1.1, "generation - consumption, NBS/CEC (jilin_2016_operation.md, EST)"),
    Reported(2016, "jilin_thermal_months_within_10pct", "periods", 11, 9, 11, "the 11 periods of the monthly table (Jan+Feb, Mar ... Dec), NBS/CEC"),
    Reported(2023, "jilin_utilisation", "year", math.nan, 0.95, 1.0, "NEA: new-energy utilisation >= 95 % each year 2019-2023 (facts file)"),
    Reported(2023, "jilin_curtailment", "winter", math.nan, 0.005, 1.0, "issue 10: some winter curtailment remains"),
    Reported(2023, "jilin_exports_twh", "year", 21.65, 21.65 * 0.75, 21.65 * 1.25, "State Grid Jilin 2023 CSR report (China News, 28 Apr 2024)"),
)
YEAR_SCENARIOS = {2016: SCENARIOS / "northeast_2016.yaml", 2023: SCENARIOS / "northeast_2023.yaml"}
REGIMES_2030 = {"market": SCENARIOS / "jilin_2030.yaml", "planned": SCENARIOS / "jilin_2030_planned.yaml"}
"""Jilin 2030's targets run as today (market) and as in 2016 (planned): how much of the verdict is institutional."""
REGIME_KPIS = ("curtailment_share", "curtailment_mwh", "coal_mwh", "chp_mwh", "biomass_mwh", "export_mwh", "coal_tce", "co2_t", "pumped_hydro_discharge_mwh", "unserved_mwh")


@dataclass(frozen=True)
class Rule:
    """An operating rule and how to switch it off: edits and reserve settings,
    or a rule of the scenario's regime (gridmodel/regime.py) switched off."""

    name: str
    description: str
    edits: tuple[dict, ...] = ()
    settings: tuple[tuple[str, object], ...] = ()
    regime_off: str | None = None


RULES = (
    *(Rule(r.name, r.description, regime_off=r.name) for r in regime.RULES),
    Rule("chp_commitment", "CHP committed for the month's heat load (all zones)", ({"table": "thermal", "where": {"technology": "chp"}, "set": {"heat_commitment_pu": 0}},)),
    Rule("neighbour_chp_commitment", "the neighbours' CHP commitment only", ({"table": "thermal", "where": {"technology": "chp", "zone": list(NEIGHBOURS)}, "set": {"heat_commitment_pu": 0}},)),
    Rule("neighbour_wind_solar", "the neighbours' own wind and solar (same weather)", ({"table": "renewables", "where": {"zone": list(NEIGHBOURS)}, "set": {"capacity_mw": 0}},)),
    Rule("min_online_thermal", "minimum online thermal per zone (security)", ({"table": "zones", "set": {"min_online_thermal_mw": 0}},)),
    Rule("down_reserve", "3 % downward reserve", settings=(("down_load_share", 0.0),)),
    Rule("pre_retrofit_min_load", "pre-retrofit minimum loads (CHP 0.6, coal 0.5) -> Jilin-only defaults (0.5, 0.45)",
         ({"table": "thermal", "where": {"technology": "chp"}, "set": {"min_load_pu": 0.5}}, {"table": "thermal", "where": {"technology": "coal"}, "set": {"min_load_pu": 0.45}})),
    Rule("channel_schedules", "daily schedules of the channels (energy limits kept)", ({"table": "channels", "set": {"profile": ""}},)),
)


def scenario_without(path: Path, rule: Rule | None = None):
    """The scenario with one rule switched off (None: as shipped)."""
    sc = load_scenario(path)
    update: dict = {}
    if rule is not None:
        update["edits"] = [*sc.edits, *(Edit.model_validate(e) for e in rule.edits)]
        if rule.settings:
            update["reserve"] = sc.reserve.model_copy(update=dict(rule.settings))
        if rule.regime_off is not None:
            update["regime"] = sc.regime.model_copy(update={"off": [*sc.regime.off, rule.regime_off]})
    return sc.model_copy(update=update)


def applies(rule: Rule, sc) -> bool:
    """Whether switching `rule` off changes scenario `sc` (a regime rule the regime holds, or any other rule)."""
    return rule.regime_off is None or rule.regime_off in regime.held(sc.regime)


def province(zone: pd.Series) -> pd.Series:
    return zone.where(~zone.isin(JILIN_ZONES), "jilin")


def curtailment(ren: pd.DataFrame, by) -> pd.Series:
    g = ren.groupby(by)[["available_mw", "curtailment_mw"]].sum()
    return g["curtailment_mw"] / g["available_mw"].where(g["available_mw"] > 0)


def jilin_exports_mwh(flows: pd.DataFrame) -> float:
    """Energy sent out of Jilin: each hour's positive flow from a Jilin zone
    to a zone outside, at the sending end (hourly rows, chronological runs)."""
    return float(border_exchange(flows, set(JILIN_ZONES))["export_mw"].sum())


def measures(result) -> dict[str, float]:
    """Jilin's back-cast quantities (and the neighbours' wind curtailment) of one run.
    Each result row is one hour (chronological runs)."""
    ren = result.tables["renewables"]
    ren = ren.assign(province=province(ren["zone"]), quarter=ren["timestamp"].dt.quarter, winter=ren["timestamp"].dt.month.isin(WINTER_MONTHS))
    wind = ren[ren["technology"] == "wind"]
    jilin = ren[ren["province"] == "jilin"]
    out = {"jilin_wind_curtailment/year": float(curtailment(wind[wind["province"] == "jilin"], "province").iloc[0])}
    for q, v in curtailment(wind[wind["province"] == "jilin"], "quarter").items():
        out[f"jilin_wind_curtailment/Q{q}"] = float(v)
    both = curtailment(jilin, "winter")
    out["jilin_utilisation/year"] = 1.0 - float(curtailment(jilin, "province").iloc[0])
    out["jilin_curtailment/winter"] = float(both.get(True, math.nan))
    out["jilin_exports_twh/year"] = jilin_exports_mwh(result.tables["flows"]) / 1e6
    for p, v in curtailment(wind, "province").items():
        out[f"{p}_wind_curtailment/year"] = float(v)
    balance = jilin_balance(result).sum()
    for key in ("thermal", "wind", "net_export"):
        out[f"jilin_{key}_twh/year"] = float(balance[f"{key}_twh"])
    if result.system.scenario.year == 2016 and len(result.system.index) >= 8760:
        ratio = monthly_check(jilin_balance(result))["thermal_ratio"]
        out["jilin_thermal_months_within_10pct/periods"] = float(((ratio - 1).abs() <= 0.10).sum())
    return out


def jilin_balance(result) -> pd.DataFrame:
    """Jilin's energy balance by calendar month, TWh: thermal (coal, CHP,
    biomass), wind and solar dispatched, hydro, consumption (the load) and
    net export (sent out of Jilin less received, at the border)."""
    t, provinces = result.tables, result.system.provinces
    zones = provinces[provinces == "jilin"].index
    in_jilin = lambda df: df[df["zone"].isin(zones)]  # noqa: E731
    by_month = lambda df, col: df.groupby(df["timestamp"].dt.month)[col].sum() / 1e6  # noqa: E731  MWh of hourly rows -> TWh
    ren, th = in_jilin(t["renewables"]), in_jilin(t["thermal"])
    load = result.system.load_mw.loc[result.system.index, zones].sum(axis=1)
    border = border_exchange(t["flows"], set(zones)).assign(net_mw=lambda d: d["export_mw"] - d["import_mw"])
    out = pd.DataFrame({
        "thermal_twh": by_month(th[th["technology"].isin(THERMAL)], "p_mw"),
        "wind_twh": by_month(ren[ren["technology"] == "wind"], "p_mw"),
        "solar_twh": by_month(ren[ren["technology"] == "solar"], "p_mw"),
        "hydro_twh": by_month(in_jilin(t["hydro"]), "p_mw"),
        "consumption_twh": load.groupby(load.index.month).sum() / 1e6,
        "net_export_twh": by_month(border, "net_mw"),
        "wind_curtailed_twh": by_month(ren[ren["technology"] == "wind"], "curtailment_mw"),
    })
    out.index.name = "month"
    return out.fillna(0.0)


def reference_2016() -> pd.DataFrame:
    """The reported monthly table (periods Jan+Feb, Mar ... Dec)."""
    return pd.read_csv(REFERENCE_2016)


def period_months(months) -> list[int]:
    """The calendar months of a reported period ("1;2" for Jan+Feb)."""
    return [int(m) for m in str(months).split(";")]


def monthly_check(balance: pd.DataFrame) -> pd.DataFrame:
    """The model's Jilin balance over the reference table's periods, beside
    the reported figures: thermal, hydro, wind, consumption (TWh) and the
    thermal ratio model/reported."""
    ref = reference_2016()
    rows = []
    for r in ref.itertuples(index=False):
        months = period_months(r.months)
        got = balance.reindex(months).sum()
        rows.append({"period": r.period, **{f"{k}_model": got[f"{k}_twh"] for k in ("thermal", "hydro", "wind", "consumption", "net_export")},
                     "thermal_reported": r.thermal_twh, "hydro_reported": r.hydro_twh, "wind_reported": r.wind_twh, "consumption_reported": r.consumption_twh,
                     "net_export_reported": r.thermal_twh + r.hydro_twh + r.wind_twh - r.consumption_twh})
    df = pd.DataFrame(rows)
    df["thermal_ratio"] = df["thermal_model"] / df["thermal_reported"]
    return df


REPORTED_RATE = {"H1": 0.39, "year": 0.30}
"""Jilin's 2016 wind curtailment rate of the first half (NEA, jilin_2016_operation.md) and the year (CEC)."""
Q1_REPORTED_TWH = {"dispatched": 1.05, "curtailed": 1.20}
"""NEA's Q1 2016 table for Jilin (northeast_grid_facts.md 4a)."""
GAP_PERIODS = {"Q1": (1, 2, 3), "Q2": (4, 5, 6), "H2": (7, 8, 9, 10, 11, 12)}


def reported_available_twh() -> dict[str, float]:
    """Jilin's available wind of 2016 by period as its statistics give it,
    dispatched + curtailed (TWh): Q1 from NEA's table; the first half and
    the year from NBS's dispatched wind over (1 - the reported rate)."""
    wind = reference_2016().set_index("period")["wind_twh"]
    first_half = wind[["Jan+Feb", "Mar", "Apr", "May", "Jun"]].sum() / (1 - REPORTED_RATE["H1"])
    q1 = sum(Q1_REPORTED_TWH.values())
    return {"Q1": q1, "Q2": first_half - q1, "H2": wind.sum() / (1 - REPORTED_RATE["year"]) - first_half}


def gap(balance: pd.DataFrame) -> pd.DataFrame:
    """Jilin's wind by period, model against reported (TWh): available
    (dispatched + curtailed) and dispatched, and the curtailment rate.
    Where dispatched agrees and available does not, the rate's gap is the
    available wind, an input (2020's hourly weather), not the dispatch."""
    ref = reference_2016()
    ref_months = [period_months(m) for m in ref["months"]]
    available = reported_available_twh()
    rows = []
    for period, months in GAP_PERIODS.items():
        got = balance.reindex(list(months)).sum()
        dispatched = ref["wind_twh"][[set(m) <= set(months) for m in ref_months]].sum()
        rows.append({"period": period, "available_model_twh": got["wind_twh"] + got["wind_curtailed_twh"], "available_reported_twh": available[period],
                     "dispatched_model_twh": got["wind_twh"], "dispatched_reported_twh": dispatched})
    df = pd.DataFrame(rows).set_index("period")
    df["curtailment_model"] = 1 - df["dispatched_model_twh"] / df["available_model_twh"]
    df["curtailment_reported"] = 1 - df["dispatched_reported_twh"] / df["available_reported_twh"]
    return df


def gap_words(df: pd.DataFrame) -> str:
    """The remaining gap in words, from the gap table."""
    lines = [f"{p}: curtailment {r.curtailment_model:.0%} (reported {r.curtailment_reported:.0%}); wind dispatched {r.dispatched_model_twh:.2f} TWh "
             f"(reported {r.dispatched_reported_twh:.2f}); available {r.available_model_twh:.2f} TWh (reported {r.available_reported_twh:.2f}, {r.available_model_twh / r.available_reported_twh - 1:+.0%})"
             for p, r in df.iterrows()]
    off_dispatch = (df["dispatched_model_twh"] / df["dispatched_reported_twh"] - 1).abs().max()
    off_available = (df["available_model_twh"] / df["available_reported_twh"] - 1).abs().max()
    cause = "available wind (an input: 2020's hours at the fleet's mean seasons and 2016's level, data/README.md)" if off_available > off_dispatch else "the dispatch (the room thermal, exchanges and hydro leave wind)"
    lines.append(f"Dispatched wind is within {off_dispatch:.0%} of the reported in every period, available wind within {off_available:.0%}: the larger gap is {cause}.")
    return "\n".join(lines)


def winter_nights(result) -> pd.Series:
    """Jilin's wind curtailment share by hour of day over the heating season's full months."""
    ren = result.tables["renewables"]
    wind = ren[ren["zone"].isin(JILIN_ZONES) & (ren["technology"] == "wind") & ren["timestamp"].dt.month.isin(WINTER_MONTHS)]
    return curtailment(wind, wind["timestamp"].dt.hour).rename("jilin_wind_curtailment")


def run_year(year: int, rule: Rule | None = None):
    return solve_scenario_system(load_system(scenario_without(YEAR_SCENARIOS[year], rule)))


def compare(results: dict[int, dict[str, float]]) -> pd.DataFrame:
    """Modelled against reported, one row per reported figure."""
    rows = []
    for r in REPORTED:
        if r.year not in results:
            continue
        value = results[r.year].get(f"{r.metric}/{r.period}", math.nan)
        rows.append(dict(year=r.year, metric=r.metric, period=r.period, modelled=value, reported=r.reported, low=r.low, high=r.high,
                         passed=r.passed(value), source=r.source))
    return pd.DataFrame(rows)


def neighbours(results: dict[int, dict[str, float]]) -> pd.DataFrame:
    """Wind curtailment per province, modelled (reported 2016 beside where published)."""
    reported_2016 = {"jilin": 0.30, "liaoning": 0.13, "heilongjiang": 0.19, "mengdong": math.nan}  # S-CEC17Q3 (IM 21 % is whole IM)
    rows = [dict(year=y, province=p, modelled=m.get(f"{p}_wind_curtailment/year", math.nan), reported=reported_2016[p] if y == 2016 else math.nan)
            for y, m in results.items() for p in ("jilin", *NEIGHBOURS)]
    return pd.DataFrame(rows)


def rule_table(base: dict[str, float], year: int = 2016) -> pd.DataFrame:
    """Switch each rule off in turn (those the year's scenario holds): Jilin's
    wind curtailment for the year and Q1, its thermal output and net export."""
    keys = {"year_share": "jilin_wind_curtailment/year", "q1_share": "jilin_wind_curtailment/Q1", "thermal_twh": "jilin_thermal_twh/year", "net_export_twh": "jilin_net_export_twh/year"}
    rows = [dict(rule="(none: as shipped)", description="every rule on", **{k: base[v] for k, v in keys.items()})]
    sc = load_scenario(YEAR_SCENARIOS[year])
    for rule in (r for r in RULES if applies(r, sc)):
        m = measures(run_year(year, rule))
        rows.append(dict(rule=rule.name, description=rule.description, **{k: m[v] for k, v in keys.items()}))
    df = pd.DataFrame(rows)
    df["change_pp"] = 100 * (df["year_share"] - df["year_share"].iloc[0])
    return df


def regimes_2030() -> pd.DataFrame:
    """Jilin 2030's verdict and KPIs under each regime, side by side (one column a regime)."""
    columns = {}
    for name, path in REGIMES_2030.items():
        result = solve_scenario_system(load_system(path))
        col = {"verdict": "FEASIBLE" if result.verdict.feasible else "NOT FEASIBLE", "failing": ", ".join(c.name for c in result.verdict.criteria if not c.passed)}
        col.update({k: result.kpis.get(k, math.nan) for k in REGIME_KPIS})
        columns[name] = col
    return pd.DataFrame(columns)


def balance_figure(check: pd.DataFrame, path: Path) -> Path:
    """Jilin 2016 by period: modelled thermal, hydro, wind against reported."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3.6))
    ax = fig.subplots()
    x = range(len(check))
    for k, (key, colour) in enumerate((("thermal", "#4d4d4d"), ("hydro", "#1f77b4"), ("wind", "#2ca02c"), ("consumption", "#d62728"))):
        ax.plot(x, check[f"{key}_model"], color=colour, marker="o", label=f"{key}, model")
        ax.plot(x, check[f"{key}_reported"], color=colour, ls="--", marker="x", label=f"{key}, reported")
    ax.set_xticks(list(x), check.index.tolist())
    ax.set_ylabel("TWh")
    ax.set_title("Jilin 2016 by month: model (solid) vs reported (dashed)")
    ax.legend(fontsize=7, ncol=4)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return path


def figure(table: pd.DataFrame, path: Path) -> Path:
    """Jilin 2016 wind curtailment by period: modelled bars, reported marks, target ranges."""
    from matplotlib.figure import Figure

    t = table[(table["year"] == 2016) & (table["metric"] == "jilin_wind_curtailment")]
    fig = Figure(figsize=(6, 3.2))
    ax = fig.subplots()
    x = range(len(t))
    ax.bar(x, 100 * t["modelled"], color="#17becf", label="model")
    ax.scatter(x, 100 * t["reported"], color="black", zorder=3, label="reported")
    ax.vlines(x, 100 * t["low"], 100 * t["high"].clip(upper=0.6), color="grey", lw=6, alpha=0.35, label="target range")
    ax.set_xticks(list(x), t["period"].tolist())
    ax.set_ylabel("Jilin wind curtailment, %")
    ax.set_title("Back-cast 2016: model vs reported")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return path


def write(out: Path, table: pd.DataFrame, provinces: pd.DataFrame, rules: pd.DataFrame | None, extras: dict[str, pd.DataFrame] | None = None) -> list[Path]:
    """The back-cast's tables and figures in folder `out`; `extras`: more
    tables by file stem (the balance by month, the monthly check, winter nights)."""
    out.mkdir(parents=True, exist_ok=True)
    files = [out / "backcast.csv", out / "provinces.csv"]
    table.to_csv(files[0], index=False, float_format="%.6g")
    provinces.to_csv(files[1], index=False, float_format="%.6g")
    if rules is not None:
        files.append(out / "rules_off.csv")
        rules.to_csv(files[-1], index=False, float_format="%.6g")
    for stem, df in (extras or {}).items():
        files.append(out / f"{stem}.csv")
        df.to_csv(files[-1], float_format="%.6g")
    if (table["year"] == 2016).any():
        files.append(figure(table, out / "backcast_2016.png"))
    if extras and "jilin_2016_monthly_check" in extras:
        files.append(balance_figure(extras["jilin_2016_monthly_check"], out / "jilin_2016_balance.png"))
    return files


def extras(results: dict) -> dict[str, pd.DataFrame]:
    """Per year: Jilin's balance by month and winter curtailment by hour;
    2016's monthly check against the reported table."""
    out = {}
    for year, result in results.items():
        balance = jilin_balance(result)
        out[f"jilin_{year}_balance"] = balance
        out[f"jilin_{year}_winter_hours"] = winter_nights(result).to_frame()
        if year == 2016 and len(result.system.index) >= 8760:
            out["jilin_2016_monthly_check"] = monthly_check(balance).set_index("period")
            out["jilin_2016_gap"] = gap(balance)
    return out
