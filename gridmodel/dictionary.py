"""The data dictionary: every column of every CSV in a run folder, with its
unit and meaning.

Input tables (`inputs/*.csv`) reuse the schema's field descriptions and units
(schema.py states them once). Result columns carry their unit in their name
(`p_mw`, `coal_tce`, ...); `MEANINGS` says what each one is. The KPIs of
summary.csv (its `kpi` rows) are listed as `kpi:NAME`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .files import write_csv
from .schema import TABLES
from .technologies import TECHNOLOGIES
from .technologies.technology import stored_kinds, supply_parts

CSV = "data_dictionary.csv"
REGENERATE = (
    "Regenerate with `gridmodel run data/example/example.yaml --expand --attribute --out /tmp/runs` "
    "then `gridmodel dictionary /tmp/runs/<run> --markdown docs/data_dictionary.md`."
)
COLUMNS = ["file", "column", "unit", "meaning"]

SUFFIX_UNITS = (
    ("_share_of_generation", "p.u."),
    ("_cny_per_mwh_th", "CNY/MWth h"),
    ("_cny_per_mwh", "CNY/MWh"),
    ("_cny_per_mw", "CNY/MW"),
    ("_cny_per_tce", "CNY/tce"),
    ("_cny_per_unit", "CNY/unit"),
    ("_cny_per_year", "CNY/a"),
    ("_cny", "CNY"),
    ("_mwh_th", "MWth h"),
    ("_mw_th", "MWth"),
    ("_mwh", "MWh"),
    ("_mw", "MW"),
    ("_tce", "tce"),
    ("_t_raw", "t (raw coal)"),
    ("_t", "t"),
    ("_pu", "p.u."),
    ("share", "p.u."),
    ("_hours", "h"),
    ("_h", "h"),
    ("_s", "s"),
)
"""Column-name suffix -> unit, most specific first."""

MEANINGS = {
    # identifiers shared by many tables
    "timestamp": "Hour (local time, start of the hour).",
    "weight_h": "Typical-day runs: hours of the year this row stands for (its day's hour x the days it represents); sum column x weight_h for annual totals.",
    "zone": "Zone.",
    "unit": "Unit group (thermal: commitment cluster; '/retrofit' marks the retrofitted share).",
    "group": "Unit group the cluster belongs to.",
    "technology": "Technology.",
    "programme": "Demand response programme.",
    "link": "Link (line or export channel).",
    "from_zone": "Sending end of positive flow.",
    "to_zone": "Receiving end of positive flow.",
    "kind": "line (intra-provincial) or export (channel to a neighbour).",
    "heat_area": "CHP heat area.",
    "area": "Reserve area: the whole system (system), or a province with reserve.by_province.",
    # result tables
    "heat.demand_mw_th": "Heat demand.",
    "heat.chp_mw_th": "Heat supplied by CHP units.",
    "heat.boiler_mw_th": "Heat supplied by peak boilers.",
    "heat.shortfall_mw_th": "Heat demand not met (slack).",
    "heat.electric_boiler_mw_th": "Heat supplied by electric boilers (remedy mode).",
    "heat.storage_net_mw_th": "Heat drawn from heat storage, net of charging (remedy mode).",
    "expansion.candidate": "Candidate addition (candidates table).",
    "expansion.kind": "Kind of addition.",
    "expansion.where": "Zone, link or heat area of the addition.",
    "expansion.unit": "Unit of `added`.",
    "expansion.added": "Capacity the optimiser adds, in `unit`.",
    "expansion.annualised_cost_cny_per_unit": "Annualised investment and fixed O&M cost per unit added.",
    "expansion.annualised_cost_cny": "Annualised cost of the addition.",
    "provinces.province": "Province (zones table, column province; a zone without one stands for itself).",
    "provinces.judged": "Whether the verdict and the summary are about this province (criteria.province).",
    "provinces.load_mwh": "Load of the province's zones over the horizon.",
    "provinces.generation_mwh": "Electricity generated in the province.",
    "provinces.available_wind_solar_mwh": "Wind and solar energy available in the province.",
    "provinces.curtailment_mwh": "Wind and solar energy curtailed in the province.",
    "provinces.curtailment_share": "The province's curtailed over available wind and solar energy.",
    "provinces.wind_curtailment_share": "The province's curtailed over available wind energy.",
    "provinces.unserved_mwh": "Load not served in the province.",
    "provinces.heat_shortfall_mwh_th": "CHP heat demand not met in the province.",
    "provinces.coal_tce": "Coal burned in the province's units.",
    "provinces.export_mwh": "Energy sent out of the province over its border links (at the sending end).",
    "provinces.import_mwh": "Energy received over its border links (after losses).",
    "two_way.kind": "link, store or heat_store used in both directions in one step (remedy mode; should be empty).",
    "two_way.name": "The link or store.",
    "two_way.hours": "Hours in which it was used both ways at once.",
    "two_way.both_ways_mwh": "Energy sent both ways at once (the smaller direction), MWh (MWh_th for heat stores).",
    "remedy_rounds.round": "Plan -> hourly check round (gridmodel/remedy.py).",
    "remedy_rounds.periods": "Representative days planned on (typical, extreme and repair days).",
    "remedy_rounds.planning_curtailment_limit": "Curtailment limit the plan enforced (tightened by repair when the hourly check exceeded the criterion), p.u.",
    "remedy_rounds.added_mw": "Capacity the round's plan adds, MW (battery energy not included).",
    "remedy_rounds.annualised_cost_cny": "Annualised cost of the round's additions.",
    "remedy_rounds.plan_curtailment_share": "Curtailment share of the plan (its own horizon), p.u.",
    "remedy_rounds.check_curtailment_share": "Curtailment share of the hourly check, p.u.",
    "remedy_rounds.check_passes": "Whether the hourly check meets every criterion.",
    "remedy_rounds.check_failing": "Criteria the hourly check fails.",
    "remedy_effects.candidate": "An addition of the remedy.",
    "remedy_effects.criterion": "A criterion of the verdict.",
    "remedy_effects.margin_without": "The criterion's margin with every other addition but not this one (plan horizon, plain dispatch).",
    "remedy_effects.margin_with": "The criterion's margin with every addition.",
    "remedy_effects.moves": "Margin this addition adds (margin_with - margin_without), in `unit`.",
    "remedy_effects.unit": "Unit of the margins.",
    "remedy_cost.remedy": "feasibility (cost of meeting the criteria) or economic (every revenue counted).",
    "remedy_cost.check_feasible": "Whether the hourly check meets every criterion.",
    "remedy_cost.annualised_additions_cny": "Annualised cost of the additions, CNY per year.",
    "remedy_cost.operating_change_cny": "Change in operating cost, base -> hourly check, without slack penalties, CNY per year.",
    "remedy_cost.total_cny": "Cost of the remedy: additions plus change in operating cost, CNY per year.",
    "binding.link": "A link (corridor or export channel), while the system as it is fails its first hourly criterion (binding.py).",
    "binding.kind": "line (corridor inside the grid) or export (channel to a neighbour).",
    "binding.from_zone": "Zone the link's positive flow leaves.",
    "binding.to_zone": "Zone the link's positive flow enters.",
    "binding.direction": "Direction in which it is mostly at its limit during the failing hours: forward (from_zone -> to_zone) or backward.",
    "binding.capacity_mw": "Transfer limit, each direction.",
    "binding.limit_hours": "Hours over the horizon at its limit (loading within 0.1 % of 1), h.",
    "binding.failing_limit_hours": "Of those, hours in which the criterion fails (e.g. curtailment hours), h.",
    "binding.failing_hours_share": "failing_limit_hours over all failing hours, p.u.",
    "flexibility_use.part": "storage (one row per technology) or demand_response.",
    "flexibility_use.name": "Storage technology, or demand_response.",
    "flexibility_use.zones": "Zones it sits in.",
    "flexibility_use.power_mw": "Power (storage) or load reduction available (demand response).",
    "flexibility_use.energy_mwh": "Energy discharged (storage) or load reduced (demand response) over the horizon.",
    "flexibility_use.full_load_hours": "energy_mwh / power_mw, h.",
    "flexibility_use.used_hours": "Hours in which it charged or discharged (storage) or was called (demand response), h.",
    "flexibility_use.failing_used_hours": "Of the failing hours, those in which it relieved the criterion (storage: charged while curtailing, discharged while short; demand response: called), h.",
    "flexibility_use.failing_hours_mwh": "Energy it took in (curtailment) or gave (shortfalls) during the failing hours.",
    "flexibility_use.failing_full_power_hours": "Failing hours in which it did so at full power, h.",
    "flexibility_use.beyond_binding_limits": "Whether the links binding in most failing hours cut it off from the zones where the criterion fails.",
    "commitment.required_online_mw": "Online capacity the heat-led commitment rule asks of the CHP group (heat_commitment_pu x capacity x the month's heat level).",
    "commitment.online_mw": "Online capacity of the CHP group (all its clusters).",
    "commitment.shortfall_mw": "Online capacity short of the rule (penalised slack).",
    "security.min_online_mw": "Least thermal capacity to keep online in the zone (zones table).",
    "security.thermal_online_mw": "Thermal capacity online in the zone.",
    "security.online_shortfall_mw": "Online thermal capacity short of the zone's minimum (penalised slack).",
    "down_reserve.requirement_mw": "Downward reserve required (reserve.down_load_share x load).",
    "down_reserve.shortfall_mw": "Downward reserve not held (penalised slack).",
    "contracts.contract_mwh": "Planned (contracted) generation of the group, pro-rated to the horizon (a solver window: its share).",
    "contracts.made_mwh": "Generation of the group over the horizon.",
    "contracts.shortfall_mwh": "Generation short of the contract (penalised slack).",
    "channel_energy.target_mwh": "Channel's energy target pro-rated to the horizon (a solver window: its share).",
    "channel_energy.sent_mwh": "Energy sent over the horizon.",
    "channel_energy.renewable_mwh": "Energy of the bundle's renewable members sent (the renewable share is this over sent_mwh).",
    "channel_energy.shortfall_mwh": "Energy short of the target (penalised slack).",
    "channel": "Scheduled exchange (channels table).",
    "channels.sent_mw": "Net flow sent along the channel's link (from its from_zone).",
    "channels.scheduled_mw": "Scheduled delivery: the day's level x the profile (empty without a daily schedule).",
    "channels.schedule_gap_mw": "Delivery short of the schedule's lower band (penalised slack).",
    "channels.bundle_mw": "Dedicated output of the channel's supply bundle.",
    "channels.renewable_mw": "Dedicated output of the bundle's renewable members.",
    "reserve.load_requirement_mw": "Reserve required as a share of load (the renewable share comes on top).",
    "reserve.shortfall_mw": "Reserve not held (slack).",
    "reserve.price_cny_per_mw": "Reserve price per MW held for an hour (dual of the reserve row).",
    # summary.csv
    "summary.section": "verdict, criterion, kpi, run or timing.",
    "summary.name": "Name of the criterion, KPI or timing.",
    "summary.value": "Value, in `unit` (KPIs: unit given by the KPI's name).",
    "summary.unit": "Unit of value, limit and margin.",
    "summary.limit": "Criterion threshold.",
    "summary.margin": "Criterion margin: >= 0 passes, < 0 fails by that much.",
    "summary.passed": "Whether the criterion passes.",
    "summary.where": "Where and when the criterion's quantity is largest: zones and months (energy), hours it is nonzero, worst hours (power).",
    # attribution
    "curtailment_by_cause.cause": "Family of limits (network, thermal, storage, export) or plain surplus.",
    "curtailment_by_cause.description": "What the family relaxes.",
    "curtailment_by_cause.curtailment_mwh": "Curtailment attributed to the cause (Shapley value; surplus: what remains with all relaxed).",
    "curtailment_by_cause.share": "Share of the base run's curtailment.",
    "curtailment_counterfactuals.network": "Line capacities relaxed in this solve.",
    "curtailment_counterfactuals.thermal": "Thermal minimum load, ramps and CHP back-pressure relaxed in this solve.",
    "curtailment_counterfactuals.storage": "Storage power and energy relaxed in this solve.",
    "curtailment_counterfactuals.export": "Export channel capacities relaxed in this solve.",
    "curtailment_counterfactuals.curtailment_mwh": "Wind and solar curtailment of this solve.",
    # this file
    "data_dictionary.file": "CSV file in the run folder.",
    "data_dictionary.column": "Column of that file (kpi:NAME for a KPI row of summary.csv).",
    "data_dictionary.unit": "Unit of the column.",
    "data_dictionary.meaning": "What the column holds.",
}
MEANINGS.update({f"{table}.{col}": meaning for t in TECHNOLOGIES for table, cols in t.outputs.items() for col, meaning in cols.items()})
"""`table.column` (or a bare column shared by many tables) -> meaning; the
technologies' result tables are described by their declarations."""

KPIS = {
    "load_mwh": "Load over the horizon.",
    "peak_load_mw": "The scenario year's coincident peak load (of the judged province's zones, criteria.province).",
    "wind_mwh": "Wind energy used.",
    "solar_mwh": "Solar energy used.",
    "coal_mwh": "Electricity from condensing coal units.",
    "chp_mwh": "Electricity from CHP units.",
    "biomass_mwh": "Electricity from biomass units.",
    "hydro_mwh": "Electricity from conventional hydro.",
    "pumped_hydro_discharge_mwh": "Energy discharged by pumped hydro.",
    "pumped_hydro_charge_mwh": "Energy drawn by pumped hydro.",
    "battery_discharge_mwh": "Energy discharged by batteries.",
    "battery_charge_mwh": "Energy drawn by batteries.",
    "available_wind_solar_mwh": "Wind and solar energy available.",
    "curtailment_mwh": "Wind and solar energy curtailed.",
    "curtailment_share": "Curtailed over available wind and solar energy.",
    "generation_mwh": "Electricity generated (wind, solar, coal, CHP, biomass, hydro).",
    "renewable_share_of_generation": "Wind, solar, hydro and biomass share of generation.",
    "coal_tce": "Coal burned for power and heat (standard coal equivalent).",
    "coal_t_raw": "Coal burned in physical tonnes (5,000 kcal/kg).",
    "co2_t": "CO2 emitted.",
    "heat_chp_mwh_th": "Heat supplied by CHP units.",
    "demand_response_mwh": "Load reduced by demand response.",
    "demand_response_hours": "Hours with any demand response.",
    "unserved_mwh": "Load not served.",
    "reserve_shortfall_mwh": "Reserve not held, MW x h.",
    "heat_shortfall_mwh_th": "Heat demand not met.",
    "export_mwh": "Energy sold to neighbours (with criteria.province: sent over the province's border links, at the sending end).",
    "import_mwh": "Energy bought from neighbours (with criteria.province: received over its border links, after losses).",
    "export_renewable_share": "Renewable share of exported energy (pro-rata to each hour's generation mix).",
    "load_weighted_price_cny_per_mwh": "Load-weighted average zonal price.",
    "remedy_total_cny_per_year": "Remedy mode: cost of the remedy, additions plus change in operating cost (hour by hour).",
    "remedy_annualised_additions_cny_per_year": "Remedy mode: annualised cost of the additions.",
    "remedy_operating_change_cny_per_year": "Remedy mode: change in operating cost, base -> hourly check.",
    "remedy_rounds": "Remedy mode: plan -> hourly check rounds.",
    "remedy_check_feasible": "Remedy mode: 1 if the hourly check meets every criterion.",
    "remedy_two_way_mwh": "Remedy mode: energy the plan sent both ways at once through links and stores (should be 0).",
}
KPIS.update({f"{p.label}_mwh": f"Electricity from {p.label} ({p.table} table)." for p in supply_parts(TECHNOLOGIES) if p.generation and f"{p.label}_mwh" not in KPIS})
KPIS.update({f"{kind}_{way}_mwh": f"Energy {verb} by {kind} ({level.table} table)." for level, kind in stored_kinds(TECHNOLOGIES) for way, verb in (("discharge", "discharged"), ("charge", "drawn")) if f"{kind}_{way}_mwh" not in KPIS})
"""KPI name (summary.csv rows of section kpi) -> meaning; a declared
generator's energy KPI is described from its declaration unless said here."""


def unit_of(column: str) -> str:
    """The unit a column's name carries ('' for text and counts)."""
    return next((u for suffix, u in SUFFIX_UNITS if column.endswith(suffix)), "")


def input_entries(table: str, columns) -> list[dict]:
    """Rows for an input table, from the schema's fields."""
    fields = TABLES[table].model_fields if table in TABLES else {}
    rows = []
    for col in columns:
        info = fields.get(col)
        extra = (info.json_schema_extra or {}) if info else {}
        rows.append({"column": col, "unit": extra.get("unit", unit_of(col)), "meaning": info.description if info else ""})
    return rows


def result_entries(table: str, columns) -> list[dict]:
    return [{"column": c, "unit": unit_of(c), "meaning": MEANINGS.get(f"{table}.{c}", MEANINGS.get(c, ""))} for c in columns]


def kpi_entries(run_dir: Path) -> list[dict]:
    path = run_dir / "summary.json"
    names = json.loads(path.read_text())["kpis"] if path.exists() else {}
    return [{"column": f"kpi:{k}", "unit": unit_of(k), "meaning": KPIS.get(k, "")} for k in names]


def describe(run_dir: str | Path) -> pd.DataFrame:
    """One row per column of every CSV in `run_dir` (and its inputs/)."""
    run_dir = Path(run_dir)
    rows = []
    for path in sorted(run_dir.rglob("*.csv")):
        rel = path.relative_to(run_dir).as_posix()
        columns = list(pd.read_csv(path, nrows=0).columns) if path.name != CSV else COLUMNS
        entries = input_entries(path.stem, columns) if path.parent.name == "inputs" else result_entries(path.stem, columns)  # also hourly_check/inputs/
        if path.name == "summary.csv":
            entries += kpi_entries(run_dir)
        rows += [{"file": rel, **e} for e in entries]
    if not (run_dir / CSV).exists():
        rows += [{"file": CSV, **e} for e in result_entries("data_dictionary", COLUMNS)]
    return pd.DataFrame(rows, columns=COLUMNS)


def write(run_dir: str | Path) -> pd.DataFrame:
    """(Re)write data_dictionary.csv for everything now in the run folder."""
    df = describe(run_dir)
    write_csv(df, Path(run_dir) / CSV)
    return df


def markdown(df: pd.DataFrame) -> str:
    """The dictionary as Markdown: one table per file."""
    out = ["# Data dictionary", "", "Every column of every CSV in a run folder: unit and meaning.", "", REGENERATE, ""]
    for file, part in df.groupby("file", sort=False):
        out += [f"## {file}", "", "| column | unit | meaning |", "|---|---|---|"]
        out += [f"| `{r.column}` | {r.unit} | {r.meaning} |" for r in part.itertuples(index=False)]
        out.append("")
    return "\n".join(out)
