"""Result tables, KPIs and the verdict, from a solved model.

Statistics live here, apart from the formulation: every number is computed from
the exported tables (and the step weights), so what an analyst reads in the
CSVs adds up to what the summary says.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from .inputs import System
from .model.modules import MODULES
from .model.core import Context
from .solve import Solution
from .technologies import TECHNOLOGIES
from .technologies.technology import carrying, stored_kinds, supply_parts

TCE_PER_T_RAW_COAL = 0.7143  # 1 t raw coal = 5,000 kcal/kg / 7,000 kcal/kg (GB/T 2589 standard coal)
GENERATION = [part for part in supply_parts(TECHNOLOGIES) if part.generation]
"""The generators' declared outputs (technologies/): a KPI `<label>_mwh` each."""


STORED = stored_kinds(TECHNOLOGIES)
"""Every declared store's kinds: KPIs `<kind>_discharge_mwh` and `<kind>_charge_mwh` each."""


@dataclass
class Criterion:
    """One feasibility criterion: value against limit, margin (>= 0 passes)."""

    name: str
    description: str
    value: float
    limit: float
    unit: str
    sense: str  # "max" (value <= limit) or "min" (value >= limit)
    where: Where | None = None

    @property
    def margin(self) -> float:
        return self.limit - self.value if self.sense == "max" else self.value - self.limit

    @property
    def passed(self) -> bool:
        return bool(self.margin >= -1e-9 * max(1.0, abs(self.limit)))

    def as_dict(self) -> dict:
        return {**asdict(self), "margin": self.margin, "passed": self.passed, "where_text": self.where_text}

    @property
    def where_text(self) -> str:
        return self.where.text() if self.where else ""


@dataclass
class Verdict:
    criteria: list[Criterion]

    @property
    def feasible(self) -> bool:
        return all(c.passed for c in self.criteria)

    @property
    def failing(self) -> list[str]:
        return [c.name for c in self.criteria if not c.passed]

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([c.as_dict() for c in self.criteria])


@dataclass
class Result:
    """What a run returns: tables, KPIs, the verdict, and how it went."""

    system: System
    tables: dict[str, pd.DataFrame]
    kpis: dict[str, float]
    verdict: Verdict
    objective_cny: float
    solver_status: str
    timings_s: dict = field(default_factory=dict)
    kept: object = None  # what solve_system's `keep` took from the solution (gridmodel/windows)


# ----------------------------------------------------------------------- helpers
class Weighted:
    """Sums over steps weighted by the hours each step stands for."""

    def __init__(self, ctx: Context):
        self.w = pd.Series(ctx.horizon.weight_h, index=ctx.horizon.index)

    def total(self, df: pd.DataFrame, col: str, mask=None) -> float:
        d = df if mask is None else df[mask]
        return float((d[col].to_numpy() * d["timestamp"].map(self.w).to_numpy()).sum()) if len(d) else 0.0

    def by(self, df: pd.DataFrame, col: str, key) -> pd.Series:
        if not len(df):
            return pd.Series(dtype=float)
        return (df[col] * df["timestamp"].map(self.w)).groupby(key(df) if callable(key) else df[key]).sum()


@dataclass
class Where:
    """Where and when a quantity (a slack, curtailment, coal burned) binds:
    amounts per zone (largest first) and per month in `energy_unit`, the
    hours it is nonzero, and the worst hours (system total, `power_unit`)."""

    energy_unit: str
    power_unit: str
    zones: list[dict] = field(default_factory=list)  # [{"zone", "amount"}]
    months: list[dict] = field(default_factory=list)  # [{"month", "amount"}] in calendar order
    hours: float = 0.0
    worst_hours: list[dict] = field(default_factory=list)  # [{"timestamp", "amount"}]

    def zones_text(self, n: int = 3, label=str) -> str:
        return ", ".join(f"{label(z['zone'])} {z['amount']:,.0f}" for z in self.zones[:n]) + f" {self.energy_unit}"

    def months_text(self, n: int = 12) -> str:
        largest = sorted(self.months, key=lambda m: -m["amount"])[:n]
        return ", ".join(f"{m['month']}: {m['amount']:,.0f}" for m in largest) + f" {self.energy_unit}; nonzero in {self.hours:,.0f} h"

    def worst_text(self, n: int = 5) -> str:
        return ", ".join(f"{h['timestamp']} ({h['amount']:,.0f})" for h in self.worst_hours[:n]) + f" {self.power_unit}"

    def text(self, n: int = 3) -> str:
        return f"zones {self.zones_text(n)}; months {self.months_text(n)}; worst hours {self.worst_text(n)}"


UNITS = {"_mw_th": ("MWth h", "MWth"), "_mw": ("MWh", "MW"), "_tce": ("tce", "tce/h"), "_t": ("t", "t/h")}
"""Column suffix -> (energy unit of its weighted sum, unit of one hour's value)."""


def where_when(W: Weighted, df: pd.DataFrame, col: str, label: str = "zone", n_hours: int = 5) -> Where | None:
    """Where and when `col` is largest; None if it is zero everywhere."""
    d = df[df[col] > 1e-6]
    if d.empty:
        return None
    energy_unit, power_unit = next(u for suffix, u in UNITS.items() if col.endswith(suffix))
    zones = W.by(d, col, label).sort_values(ascending=False)
    months = W.by(d, col, lambda x: x["timestamp"].dt.month)
    hourly = d.groupby("timestamp")[col].sum()
    return Where(
        energy_unit,
        power_unit,
        zones=[{"zone": str(z), "amount": float(v)} for z, v in zones.items()],
        months=[{"month": int(m), "amount": float(v)} for m, v in months.items()],
        hours=float(W.w.reindex(hourly.index).sum()),
        worst_hours=[{"timestamp": f"{ts:%Y-%m-%d %H:%M}", "amount": float(v)} for ts, v in hourly.nlargest(n_hours).items()],
    )


# -------------------------------------------------------------------------- KPIs
def kpis(ctx: Context, tables: dict[str, pd.DataFrame]) -> dict[str, float]:
    W = Weighted(ctx)
    r = tables["renewables"]
    zones, ex, dr = tables["zones"], tables["exchange"], tables["demand_response"]
    k: dict[str, float] = {}
    k["load_mwh"] = W.total(zones, "load_mw")
    k["peak_load_mw"] = float(ctx.system.peak_load_mw)
    generators = generation(tables)
    for part in generators:
        df = tables[part.table]
        k[f"{part.label}_mwh"] = W.total(df, "p_mw", None if part.technology is None else df["technology"] == part.technology)
    for level, kind in STORED:
        df = tables.get(level.table)
        if df is not None:
            mine = None if level.kind is None else df[level.kind] == kind
            k[f"{kind}_discharge_mwh"] = W.total(df, level.discharge, mine)
            k[f"{kind}_charge_mwh"] = W.total(df, level.charge, mine)
    k["available_wind_solar_mwh"] = W.total(r, "available_mw")
    k["curtailment_mwh"] = W.total(r, "curtailment_mw")
    k["curtailment_share"] = k["curtailment_mwh"] / k["available_wind_solar_mwh"] if k["available_wind_solar_mwh"] else 0.0
    total = sum(k[f"{part.label}_mwh"] for part in generators)
    k["generation_mwh"] = total
    k["renewable_share_of_generation"] = sum(k[f"{part.label}_mwh"] for part in generators if part.renewable) / total if total else 0.0
    k["coal_tce"] = declared_total(W, tables, "coal_tce")
    k["coal_t_raw"] = k["coal_tce"] / TCE_PER_T_RAW_COAL
    k["co2_t"] = declared_total(W, tables, "co2_t")
    k["heat_chp_mwh_th"] = W.total(tables["heat"], "chp_mw_th")
    k["demand_response_mwh"] = W.total(dr, "dr_mw")
    k["demand_response_hours"] = float(W.w[dr.groupby("timestamp")["dr_mw"].sum().gt(1e-6).reindex(W.w.index, fill_value=False)].sum()) if len(dr) else 0.0
    k["unserved_mwh"] = W.total(zones, "unserved_mw")
    k["reserve_shortfall_mwh"] = W.total(tables["reserve"], "shortfall_mw")
    k["heat_shortfall_mwh_th"] = W.total(tables["heat"], "shortfall_mw_th")
    k["export_mwh"] = W.total(ex, "export_mw")
    k["import_mwh"] = W.total(ex, "import_mw")
    k["export_renewable_share"] = export_renewable_share(W, tables)
    cost = zones.assign(cost=zones["price_cny_per_mwh"] * zones["load_mw"])
    k["load_weighted_price_cny_per_mwh"] = W.total(cost, "cost") / k["load_mwh"] if k["load_mwh"] else 0.0
    return k


def export_renewable_share(W: Weighted, tables: dict[str, pd.DataFrame]) -> float:
    """Renewable share of exported energy, each export hour taking the
    province's generation mix of that hour (a transport model cannot trace
    electrons; this is the usual pro-rata attribution)."""
    ex = tables["exchange"]
    if not len(ex) or W.total(ex, "export_mw") <= 0:
        return float("nan")
    res, total = pd.Series(dtype=float), pd.Series(dtype=float)
    for part in generation(tables):
        df = tables[part.table]
        hourly = (df if part.technology is None else df[df["technology"] == part.technology]).groupby("timestamp")["p_mw"].sum()
        total = total.add(hourly, fill_value=0)
        res = res.add(hourly, fill_value=0) if part.renewable else res
    share = (res.reindex(total.index, fill_value=0) / total.where(total > 0)).fillna(0.0)
    exports = ex.groupby("timestamp")["export_mw"].sum()
    w = W.w.reindex(exports.index)
    return float((exports * share.reindex(exports.index, fill_value=0) * w).sum() / (exports * w).sum())


def declared_total(W: Weighted, tables: dict[str, pd.DataFrame], column: str) -> float:
    """Weighted sum of `column` over every result table declared to have it (coal_tce, co2_t)."""
    return sum(W.total(tables[name], column) for name in carrying(TECHNOLOGIES, column) if name in tables)


def declared_rows(tables: dict[str, pd.DataFrame], column: str) -> pd.DataFrame:
    """Zone, timestamp and `column` of every result table declared to have
    it, stacked: where and when it is, whichever technology it comes from."""
    parts = [tables[name][["zone", "timestamp", column]] for name in carrying(TECHNOLOGIES, column) if name in tables]
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def generation(tables: dict[str, pd.DataFrame]) -> list:
    """The declared generators whose result table the run has."""
    return [part for part in GENERATION if part.table in tables]


# ------------------------------------------------------------------------ verdict
def verdict(ctx: Context, tables: dict[str, pd.DataFrame], k: dict[str, float]) -> Verdict:
    crit = ctx.system.scenario.criteria
    year = 1 / max(ctx.year_share, 1e-12)
    W = Weighted(ctx)
    r = tables["renewables"]
    c = [
        Criterion("unserved_energy", "adequacy: load not served", k["unserved_mwh"], crit.max_unserved_mwh, "MWh", "max", where_when(W, tables["zones"], "unserved_mw")),
        Criterion("reserve_shortfall", "adequacy: operating reserve not held", k["reserve_shortfall_mwh"], crit.max_reserve_shortfall_mwh, "MWh", "max", where_when(W, tables["reserve"], "shortfall_mw", label="area")),
        Criterion("curtailment_share", "renewable utilisation: wind+solar curtailed / available", k["curtailment_share"], crit.max_curtailment_share, "p.u.", "max", where_when(W, r, "curtailment_mw")),
        Criterion("heat_shortfall", "heat: CHP heat demand not met", k["heat_shortfall_mwh_th"], crit.max_heat_shortfall_mwh_th, "MWth h", "max", where_when(W, tables["heat"], "shortfall_mw_th", label="heat_area")),
    ]
    if crit.min_export_renewable_share is not None and not np.isnan(k["export_renewable_share"]):
        c.append(Criterion("export_renewable_share", "network: renewable share of exported energy", k["export_renewable_share"], crit.min_export_renewable_share, "p.u.", "min"))
    c += rule_criteria(W, tables, crit.max_rule_shortfall_mwh)
    if crit.max_coal_tce is not None:
        c.append(Criterion("coal_tce", "policy: coal burned (cap pro-rated to the horizon)", k["coal_tce"], crit.max_coal_tce / year, "tce", "max", where_when(W, declared_rows(tables, "coal_tce"), "coal_tce")))
    if crit.max_co2_t is not None:
        c.append(Criterion("co2_t", "policy: CO2 emitted (cap pro-rated to the horizon)", k["co2_t"], crit.max_co2_t / year, "t", "max", where_when(W, declared_rows(tables, "co2_t"), "co2_t")))
    return Verdict(c)


WEIGHT = "weight_h"


def with_weights(ctx: Context, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Typical-day runs: every hourly table gets `weight_h`, the hours of the
    year each row stands for, so that sum(column x weight_h) is the annual
    total the summary reports. Chronological runs (every row one hour) are
    left as they are."""
    if ctx.horizon.sequence is None:
        return tables
    w = pd.Series(ctx.horizon.weight_h, index=ctx.horizon.index)
    return {name: df.assign(**{WEIGHT: df["timestamp"].map(w).to_numpy()}) if "timestamp" in df else df for name, df in tables.items()}


def horizon_text(system: System, tables: dict[str, pd.DataFrame]) -> str:
    """What the result's rows stand for: "168 hours", or "42 typical days
    standing for 8760 h" in a typical-day run, with how far its months are
    from the full year on the shipped scenarios (periods.accuracy), so that
    every monthly table printed under it says its accuracy."""
    from .periods import accuracy

    zones = tables["zones"]
    if WEIGHT not in zones:
        return f"{len(system.index)} hours"
    steps = zones.drop_duplicates("timestamp")
    return f"{steps['timestamp'].dt.normalize().nunique()} typical days standing for {steps[WEIGHT].sum():.0f} h; {accuracy(system)}"


RULES = tuple(rule for t in TECHNOLOGIES for rule in t.rules)
"""Operating rules whose slack the verdict judges, as the technologies declare them (technologies/technology.Rule)."""


def rule_criteria(W: Weighted, tables: dict[str, pd.DataFrame], limit_mwh: float) -> list[Criterion]:
    """A criterion per operating rule in use: its slack over the horizon,
    MWh (a deviation either way counts)."""
    out = []
    for rule in RULES:
        df = tables.get(rule.table)
        if df is None or not len(df) or (rule.used is not None and not df[rule.used].fillna(0).gt(0).any()):
            continue
        if rule.hourly:
            df = df.assign(**{rule.column: df[rule.column].abs()})
            out.append(Criterion(rule.name, rule.description, W.total(df, rule.column), limit_mwh, "MWh", "max", where_when(W, df, rule.column, label=rule.label)))
        else:
            out.append(Criterion(rule.name, rule.description, float(df[rule.column].sum()), limit_mwh, "MWh", "max"))
    return out


# ------------------------------------------------------------ the province judged
PROVINCE_KPIS = ("load_mwh", "generation_mwh", "available_wind_solar_mwh", "curtailment_mwh", "curtailment_share",
                 "unserved_mwh", "heat_shortfall_mwh_th", "coal_tce", "export_mwh", "import_mwh")
"""The figures provinces.csv gives for every province."""


def within(system: System, tables: dict[str, pd.DataFrame], zones: list[str]) -> dict[str, pd.DataFrame]:
    """The result tables cut to `zones`: rows of those zones, links and
    channels that touch them, and as `exchange` what crosses their border.
    Reserve tables keep the whole system's rows (a reserve held region-wide)
    and their provinces' (reserve.by_province)."""
    inside = set(zones)
    links = system.tables["links"]
    touching = set(links.loc[links["from_zone"].isin(inside) | links["to_zone"].isin(inside), "name"])
    channels = system.tables["channels"]
    ours = set(channels.loc[channels["link"].isin(touching), "name"])
    out = {}
    for name, df in tables.items():
        if name == "exchange":
            out[name] = border_exchange(tables["flows"], inside)
        elif name == "flows":
            out[name] = df[df["link"].isin(touching)]
        elif "channel" in df:
            out[name] = df[df["channel"].isin(ours)]
        elif "zone" in df:
            out[name] = df[df["zone"].isin(inside)]
        elif "area" in df:
            out[name] = df[df["area"].isin({"system", *system.provinces[system.provinces.index.isin(inside)]})]
        else:
            out[name] = df
    return out


def border_exchange(flows: pd.DataFrame, inside: set[str]) -> pd.DataFrame:
    """Each hour's exchange of `inside` with each zone outside: export_mw sent
    out (at the sending end, as a province counts its exports), import_mw
    received (after the link's losses)."""
    out_from, out_to = flows["from_zone"].isin(inside), flows["to_zone"].isin(inside)
    forward, backward = flows["flow_mw"].clip(lower=0), (-flows["flow_mw"]).clip(lower=0)
    received = lambda sent: (sent - flows["loss_mw"]).clip(lower=0).where(sent > 0, 0.0)  # noqa: E731
    rows = pd.concat([
        pd.DataFrame({"timestamp": flows["timestamp"], "zone": flows["to_zone"], "export_mw": forward, "import_mw": received(backward)})[out_from & ~out_to],
        pd.DataFrame({"timestamp": flows["timestamp"], "zone": flows["from_zone"], "export_mw": backward, "import_mw": received(forward)})[out_to & ~out_from],
    ])
    return rows.groupby(["timestamp", "zone"], as_index=False, sort=True)[["export_mw", "import_mw"]].sum()


def judged_tables(system: System, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables the verdict reads: the judged province's (criteria.province), or all of them."""
    return tables if system.scenario.criteria.province is None else within(system, tables, system.judged_zones)


def summary(ctx: Context, tables: dict[str, pd.DataFrame]) -> tuple[dict[str, float], Verdict]:
    """KPIs and verdict of the judged province (criteria.province; the whole
    system when none is named), and with a province named, every province's
    figures as the table `provinces`."""
    s = ctx.system
    if s.scenario.criteria.province is not None:
        tables["provinces"] = pd.DataFrame([provinces_row(ctx, p, within(s, tables, zones)) for p, zones in s.provinces.groupby(s.provinces).groups.items()])
    mine = judged_tables(s, tables)
    k = kpis(ctx, mine)
    return k, verdict(ctx, mine, k)


def provinces_row(ctx: Context, province: str, tables: dict[str, pd.DataFrame]) -> dict:
    k = kpis(ctx, tables)
    ren = tables["renewables"]
    wind = ren[ren["technology"] == "wind"]
    W = Weighted(ctx)
    available = W.total(wind, "available_mw")
    return {"province": province, "judged": province == ctx.system.scenario.criteria.province, **{key: k[key] for key in PROVINCE_KPIS},
            "wind_curtailment_share": W.total(wind, "curtailment_mw") / available if available else 0.0}


def collect(ctx: Context, sol: Solution, summarise: bool = True) -> Result:
    """The result tables; with `summarise`, also the KPIs and the verdict (a
    window of a year skips them: they are computed once for the joined year)."""
    tables: dict[str, pd.DataFrame] = {}
    for module in MODULES:
        if hasattr(module, "extract"):
            with ctx.within(module):
                tables.update(module.extract(ctx, sol))
    tables = with_weights(ctx, tables)
    k, v = summary(ctx, tables) if summarise else ({}, Verdict([]))
    return Result(ctx.system, tables, k, v, sol.objective_cny, sol.status, dict(sol.timings_s))
