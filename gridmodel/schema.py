"""The scenario file and its tables, declared once.

Every field carries a description and (for numbers) a unit; the same
declarations drive validation, defaults and the data dictionary. Unknown keys
and unknown CSV columns are rejected (``extra="forbid"``).
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Annotated, Literal

from pydantic import Field, create_model, field_validator

from .fields import MAX_ABS, Row, Strict, unit  # noqa: F401  (MAX_ABS, Strict, unit re-exported for inputs, sweep, remedy)
from .regime import PRESETS, RULES
from .technologies import TECHNOLOGIES


NAME_PATTERN = re.compile(r"^\w[\w.-]*$")
"""A scenario name is used as a folder name: letters (any script), digits, _ - ."""


# --------------------------------------------------------------------------- rows
class ZoneRow(Row):
    zone: str = Field(description="Zone identifier, referenced by every other table.")
    name: str = Field("", description="Human-readable name.")
    kind: Literal["internal", "external"] = Field(
        "internal", description="internal: part of the modelled province (has load); external: a neighbour reached by export channels."
    )
    lat: float = Field(0.0, ge=-90, le=90, description="Latitude of the zone's centre.", json_schema_extra=unit("deg"))
    lon: float = Field(0.0, ge=-180, le=180, description="Longitude of the zone's centre.", json_schema_extra=unit("deg"))
    export_price_cny_per_mwh: float = Field(
        0.0, ge=0, description="External zones: value of energy sold to this neighbour.", json_schema_extra=unit("CNY/MWh")
    )
    import_price_cny_per_mwh: float = Field(
        1.0e4, ge=0, description="External zones: cost of energy bought from this neighbour.", json_schema_extra=unit("CNY/MWh")
    )
    max_import_mw: float = Field(
        0.0, ge=0, description="External zones: most power the neighbour can supply (0 = none).", json_schema_extra=unit("MW")
    )
    province: str = Field(
        "", description="Internal zones: the province (or provincial grid) the zone belongs to; the verdict judges criteria.province's zones and provinces.csv reports every province. Empty: the zone stands for itself."
    )
    min_online_thermal_mw: float = Field(
        0.0, ge=0, description="Internal zones: least thermal (coal, CHP, biomass) capacity kept online every hour for system security (inertia, short-circuit power, voltage); 0 = no rule. See model/security.py.", json_schema_extra=unit("MW")
    )


class LinkRow(Row):
    name: str = Field(description="Link identifier.")
    from_zone: str = Field(description="One end (positive flow runs from here).")
    to_zone: str = Field(description="Other end.")
    capacity_mw: float = Field(ge=0, description="Transfer limit, each direction.", json_schema_extra=unit("MW"))
    loss_pu: float = Field(0.0, ge=0, lt=1, description="Share of the sent power lost in transit.", json_schema_extra=unit("p.u."))
    kind: Literal["line", "export"] = Field("line", description="line: intra-provincial corridor; export: channel to a neighbour.")
    cost_cny_per_mwh: float = Field(
        0.1, ge=0, description="Wheeling cost per MWh sent. A small positive value makes flows both ways at once strictly unprofitable, so flows and curtailment are unique.", json_schema_extra=unit("CNY/MWh")
    )


class HeatAreaRow(Row):
    heat_area: str = Field(description="Heat area identifier (a column of the heat demand series).")
    zone: str = Field(description="Zone of the heat area.")
    boiler_mw_th: float = Field(0.0, ge=0, description="Heat-only peak boilers available.", json_schema_extra=unit("MWth"))
    boiler_cost_cny_per_mwh_th: float = Field(300.0, ge=0, description="Cost of boiler heat.", json_schema_extra=unit("CNY/MWth h"))


class ChannelRow(Row):
    """A scheduled exchange on a link: a DC channel run on an agreed daily
    profile from a dedicated supply bundle, or an inter-provincial trading
    plan (annual or hourly quantities). See model/channels.py."""

    name: str = Field(description="Channel (or trading plan) identifier.")
    link: str = Field(description="Link that carries it; the schedule is the link's net flow from its from_zone to its to_zone.")
    profile: str = Field(
        "", description="Shape of the delivery within each day, p.u. of the day's level: a column of the availability series, 'flat' (constant), or empty (no daily schedule, only the energy limits)."
    )
    level_mw: float = Field(0.0, ge=0, description="Scheduled level (the hourly plan is level x profile); 0 = the level is chosen day by day, up to the link's rating.", json_schema_extra=unit("MW"))
    band_pu: float = Field(0.0, ge=0, le=1, description="Tolerance around the schedule: level x profile x (1 +- band).", json_schema_extra=unit("p.u."))
    min_energy_mwh_per_year: float = Field(
        0.0, ge=0, description="Energy to deliver in a year (plan or design quantity), pro-rated to the horizon; a shortfall is penalised (penalties.plan_shortfall_cny_per_mwh).", json_schema_extra=unit("MWh")
    )
    max_energy_mwh_per_year: float = Field(math.inf, ge=0, description="Most energy a year (plan quantity), pro-rated to the horizon.", json_schema_extra=unit("MWh"))
    min_renewable_share: float = Field(
        0.0, ge=0, le=1, description="Least share of the channel's energy from the renewable members (wind, solar, hydro, biomass) of its supply bundle; needs a bundle (table channel_supply).", json_schema_extra=unit("p.u.")
    )


class ChannelSupplyRow(Row):
    """A member of a channel's dedicated supply bundle. A channel with members
    carries only their energy: each hour, delivery = sum of members' dedicated output."""

    name: str = Field(description="Identifier of this dedicated share.")
    channel: str = Field(description="Channel supplied (table channels).")
    unit_group: str = Field(description="Unit group dedicated: a name in the renewables, thermal or hydro table.")
    share_pu: float = Field(1.0, gt=0, le=1, description="Most of the unit group's output (each hour) that may go to the channel.", json_schema_extra=unit("p.u."))


CANDIDATE_KINDS = ("battery", "pumped_hydro", "link", "retrofit", "electric_boiler", "heat_storage", "demand_response", "electrolyser")


class CandidateRow(Row):
    """An investment option of remedy mode (`expansion.enabled`)."""

    name: str = Field(description="Candidate identifier.")
    kind: Literal[CANDIDATE_KINDS] = Field(description="battery, pumped_hydro, link (more capacity on a named link), retrofit (of a named thermal group), electric_boiler or heat_storage (at a named heat area), demand_response, electrolyser.")
    zone: str = Field("", description="Zone of a battery, pumped_hydro, demand_response or electrolyser candidate.")
    target: str = Field("", description="Link name (link), thermal group name (retrofit) or heat area (electric_boiler, heat_storage).")
    max_mw: float = Field(ge=0, description="Most capacity that may be added (MW, or MWth for heat storage discharge).", json_schema_extra=unit("MW"))
    capex_cny_per_kw: float = Field(0.0, ge=0, description="Investment per kW of power capacity.", json_schema_extra=unit("CNY/kW"))
    capex_cny_per_kwh: float = Field(0.0, ge=0, description="Battery and heat storage: investment per kWh of energy capacity.", json_schema_extra=unit("CNY/kWh"))
    duration_h: float = Field(4.0, gt=0, description="Pumped hydro and heat storage: energy over power; battery: the most energy per power.", json_schema_extra=unit("h"))
    efficiency: float = Field(0.9, gt=0, le=1, description="Storage: efficiency each way; electric boiler: heat per MWh of electricity.", json_schema_extra=unit("p.u."))
    lifetime_years: float = Field(25.0, gt=0, description="Economic lifetime for annualising the investment.", json_schema_extra=unit("a"))
    fom_pu_per_year: float = Field(0.02, ge=0, description="Fixed O&M per year as a share of the investment.", json_schema_extra=unit("p.u./a"))
    cost_cny_per_mwh: float = Field(0.0, ge=0, description="Demand response: cost per MWh reduced.", json_schema_extra=unit("CNY/MWh"))
    max_hours_per_year: float = Field(8760.0, ge=0, description="Demand response: energy limit as full-capacity hours a year.", json_schema_extra=unit("h"))
    value_cny_per_mwh: float = Field(0.0, ge=0, description="Electrolyser: value of the hydrogen made per MWh of electricity.", json_schema_extra=unit("CNY/MWh"))


SYSTEM_TABLES: dict[str, tuple[type[Row], str]] = {
    "zones": (ZoneRow, "Zones table (zones.csv)."),
    "links": (LinkRow, "Links and export channels."),
    "heat_areas": (HeatAreaRow, "CHP heat areas."),
    "candidates": (CandidateRow, "Investment options for remedy mode."),
    "channels": (ChannelRow, "Scheduled exchanges: DC channels with their profiles, trading plans on ties."),
    "channel_supply": (ChannelSupplyRow, "Dedicated supply bundles of channels."),
}
"""Tables of the system's structure: name -> (row schema, what it holds).
The technologies' tables are declared in technologies/ (technologies/technology.py)."""

DESCRIBED_TABLES: dict[str, tuple[type[Row], str]] = {
    **SYSTEM_TABLES,
    **{table.name: (table.row, table.description) for t in TECHNOLOGIES for table in ((t.table,) if t.table else ()) + t.more_tables},
}

TABLES: dict[str, type[Row]] = {name: row for name, (row, _) in DESCRIBED_TABLES.items()}
"""Input table name -> row schema."""


# ----------------------------------------------------------------------- scenario
TablePaths = create_model(
    "TablePaths",
    __base__=Strict,
    __doc__="CSV files of the system, relative to the scenario file that names them.",
    **{name: (str, Field(description=d)) if name == "zones" else (str | None, Field(None, description=d)) for name, (_, d) in DESCRIBED_TABLES.items()},
)


class SeriesPaths(Strict):
    """Hourly series: a `timestamp` column (local time) and one column per item."""

    load: str = Field(description="Load per internal zone, MW (one column per zone).")
    availability: str | None = Field(None, description="Availability profiles in p.u. (wind, solar, hydro inflow).")
    heat_demand: str | None = Field(None, description="Heat demand per heat area, MWth.")


class HorizonSettings(Strict):
    hours: int | None = Field(None, gt=0, description="Use only the first N hours of the series.")
    start: str | None = Field(None, description="First day of a date window (YYYY-MM-DD), inclusive.")
    end: str | None = Field(None, description="Last day of a date window (YYYY-MM-DD), inclusive.")

    @field_validator("start", "end", mode="before")
    @classmethod
    def _date_as_text(cls, v):
        """YAML reads an unquoted 2030-01-08 as a date: the same day as text."""
        return v.isoformat() if isinstance(v, datetime.date) else v


class RepresentativePeriods(Strict):
    """Run the year as typical days chosen by clustering each month, long-duration
    storage linked across the year; much faster, approximate (see
    gridmodel/periods.py and benchmarks/bench_periods.py)."""

    days: int = Field(
        48, gt=0, description="Number of typical days (clusters), shared over the months by their days. Jilin 2030 at 48: curtailment +0.6 % on the year and every month within 8 % of the full year (docs/typical_days_accuracy.md)."
    )
    extreme: bool = Field(True, description="Also keep the days of highest and lowest net load as periods of their own.")
    scale_to_year: bool = Field(True, description="Scale load and heat on the typical days so each month's energy is the month's (wind and solar are matched by the days each typical day stands for).")
    link_storage_min_h: float = Field(
        24.0,
        ge=0,
        description="Only stores with more hours of energy (E/P) than this carry energy across days; shorter ones are cyclic within the day (the cross-day rows slow HiGHS ~10x). A candidate counts at full size (its duration_h).",
        json_schema_extra=unit("h"),
    )
    startups_between_days: bool = Field(
        False,
        description=(
            "Charge the thermal start-ups between consecutive days of the year (online capacity at the first hour of a day's typical day "
            "against the last hour of the day before's) instead of within each cyclic typical day, where a unit starts for free between days "
            "(model/thermal.py). Closer storage use, more CPU (docs/typical_days_accuracy.md)."
        ),
    )


class ReserveSettings(Strict):
    load_share: float = Field(0.05, ge=0, le=1, description="Upward operating reserve as a share of load.", json_schema_extra=unit("p.u."))
    renewable_share: float = Field(0.05, ge=0, le=1, description="Extra reserve as a share of wind and solar output.", json_schema_extra=unit("p.u."))
    down_load_share: float = Field(
        0.0, ge=0, le=1, description="Downward reserve as a share of load, held by online thermal above its minimum, hydro output and storage charging room; 0 = none. See model/security.py.", json_schema_extra=unit("p.u.")
    )
    by_province: bool = Field(
        False,
        description=(
            "Hold the upward and downward reserve within each province (zones table, column province; a zone without one stands for itself), "
            "as the Northeast's provincial dispatch centres did before 2017: each province's requirement from its own load (and wind and solar "
            "output), met by its own units, with a shortfall per province. false: one requirement for the whole system. See model/reserve.py."
        ),
    )


class RegimeSettings(Strict):
    """How the grid is operated (gridmodel/regime.py): `market`, least-cost
    dispatch over the modelled grid (the Northeast since its peak-regulation
    market, 2017); `planned`, the rules of the Northeast before it, each read
    from its data (a table or column) and each switchable off alone."""

    name: Literal[tuple(PRESETS)] = Field("market", description="Regime preset: market (least-cost) or planned (2016's practice: " + "; ".join(r.description for r in RULES) + ").")
    off: list[Literal[tuple(r.name for r in RULES)]] = Field(default_factory=list, description="Rules of the preset switched off (e.g. to see what one rule does).")


class Criteria(Strict):
    """Thresholds of the verdict (DESIGN.md section 1)."""

    province: str | None = Field(
        None,
        description=(
            "The province the verdict is about: only its zones (zones table, column province) count towards the criteria and the summary's "
            "figures, its exports and imports are what crosses its border, and every province's figures go to provinces.csv beside it. "
            "Null: the whole modelled system."
        ),
    )

    max_curtailment_share: float = Field(0.05, ge=0, le=1, description="Annual wind+solar curtailment over available energy.", json_schema_extra=unit("p.u."))
    max_unserved_mwh: float = Field(1.0, ge=0, description="Unserved energy tolerated (numerical tolerance).", json_schema_extra=unit("MWh"))
    max_reserve_shortfall_mwh: float = Field(1.0, ge=0, description="Reserve shortfall tolerated.", json_schema_extra=unit("MWh"))
    max_heat_shortfall_mwh_th: float = Field(1.0, ge=0, description="Heat shortfall tolerated.", json_schema_extra=unit("MWth h"))
    min_export_renewable_share: float | None = Field(
        None, ge=0, le=1, description="Least renewable share of exported energy (channel rule), checked when set.", json_schema_extra=unit("p.u.")
    )
    max_rule_shortfall_mwh: float = Field(
        1.0, ge=0, description="Shortfall tolerated on each operating rule in use (CHP commitment, minimum online thermal, downward reserve, channel schedules and targets, thermal contracts, planned province interchange, staged must-run).", json_schema_extra=unit("MWh")
    )
    max_coal_tce: float | None = Field(None, ge=0, description="Cap on coal burned for power and heat in the horizon (enforced with a penalised slack).", json_schema_extra=unit("tce"))
    max_co2_t: float | None = Field(None, ge=0, description="Cap on CO2 emitted in the horizon (enforced with a penalised slack).", json_schema_extra=unit("t"))


class Penalties(Strict):
    """Costs of the slacks that keep the LP solvable; their order sets priorities."""

    unserved_cny_per_mwh: float = Field(30000.0, gt=0, description="Value of lost load.", json_schema_extra=unit("CNY/MWh"))
    heat_shortfall_cny_per_mwh_th: float = Field(20000.0, gt=0, description="Heat not supplied.", json_schema_extra=unit("CNY/MWth h"))
    reserve_shortfall_cny_per_mwh: float = Field(5000.0, gt=0, description="Reserve not held.", json_schema_extra=unit("CNY/MWh"))
    excess_curtailment_cny_per_mwh: float = Field(
        1000.0, gt=0, description="Remedy mode: wind and solar curtailed beyond the criterion's limit; see model/utilisation.py.", json_schema_extra=unit("CNY/MWh")
    )
    cap_excess_cny_per_t: float = Field(5000.0, gt=0, description="Coal (per tce) or CO2 (per t) beyond a cap.", json_schema_extra=unit("CNY/t"))
    plan_shortfall_cny_per_mwh: float = Field(
        2000.0, gt=0, description="Energy short of a plan: a channel's min_energy_mwh_per_year, a thermal group's contract_mwh_per_year.", json_schema_extra=unit("CNY/MWh")
    )
    schedule_gap_cny_per_mwh: float = Field(
        10000.0,
        gt=0,
        description=(
            "A channel's delivery below its daily schedule, per MWh. A schedule is agreed the day before; a dispatcher sets a lower one rather "
            "than break it: above what a MW of higher schedule earns over the day (24 h x 300 CNY/MWh = 7,200 CNY), so that breaking even one "
            "hour costs more than a lower level; below the heat-shortfall and unserved-energy penalties."
        ),
        json_schema_extra=unit("CNY/MWh"),
    )
    level_aim_miss_cny_per_mwh: float = Field(
        5000.0,
        gt=0,
        description=(
            "A solver window's store level above or below the coarse year's at the end of its look-ahead, per MWh (MWh_th for heat): a guide "
            "the window may miss where that level cannot be reached, never a cost of the year. Above fuel and demand-response costs, below "
            "the unserved-energy and heat-shortfall penalties, so that nothing is shed to reach it."
        ),
        json_schema_extra=unit("CNY/MWh"),
    )
    interchange_deviation_cny_per_mwh: float = Field(
        10000.0,
        gt=0,
        description=(
            "A province's net export outside its planned interchange band (table interchange), per MWh: a tie-line plan is broken only "
            "where it cannot be met, never to save fuel or spill less wind (above any fuel cost and export price); below the heat-shortfall "
            "and unserved-energy penalties, so no load is shed to keep a schedule. See model/interchange.py."
        ),
        json_schema_extra=unit("CNY/MWh"),
    )
    commitment_shortfall_cny_per_mwh: float = Field(
        5000.0, gt=0, description="Online capacity short of a commitment rule (CHP heat commitment, minimum online thermal), per MW and hour.", json_schema_extra=unit("CNY/MWh")
    )
    must_run_shortfall_cny_per_mwh: float = Field(
        5000.0,
        gt=0,
        description=(
            "A thermal group's output short of its staged must-run (table must_run), per MWh. Above fuel, export and curtailment values, so "
            "that the stage's output is held whenever it can be; below the heat-shortfall and unserved-energy penalties, so that no heat or "
            "load is given up to hold it."
        ),
        json_schema_extra=unit("CNY/MWh"),
    )


class SolverSettings(Strict):
    time_limit_s: float = Field(3600.0, gt=0, description="HiGHS time limit.", json_schema_extra=unit("s"))
    threads: int | None = Field(
        None,
        gt=0,
        description=(
            "HiGHS threads. Default: a solve with the machine to itself (a quick look, one LP, a windowed run's coarse year) runs "
            "HiGHS's parallel dual simplex on every core (Northeast 2030's quick look -20 % on 2 cores, the serial dual's answer "
            "to the byte); windows solved side by side, sweep cases and a scenario held to one worker run the serial dual (solve.py)."
        ),
    )
    options: dict[str, float | int | str | bool] = Field(default_factory=dict, description="Further HiGHS options by name.")
    window_days: Annotated[int, Field(gt=0)] | Literal["month"] | None = Field(
        7,
        description=(
            "Solve a chronological horizon longer than this as consecutive windows of this many days, or of calendar months ('month'), "
            "in parallel (null: one LP). Months hold each month's hydro budget whole: Jilin 2030's year 0.010 % of the one LP's gross cost "
            "above it in ~165 s (with lookahead_days 3), weeks 0.117 % in ~46 s (2 cores; gridmodel/windows/)."
        ),
    )
    workers: int | None = Field(None, gt=0, description="Processes for windowed solves (default: one per core).")
    lookahead_days: int = Field(
        1,
        ge=0,
        description=(
            "Days each window solves beyond its own and then drops (the rolling horizon's look-ahead). Jilin 2030's first quarter "
            "against its one LP by weeks: 1 day +0.28 % objective, 2 days +0.16 % for about 15 % more time (benchmarks/results/windows_jilin.md)."
        ),
    )
    warm_start: bool = Field(
        True,
        description=(
            "Start each window of a chain from the optimal basis of the window before (gridmodel/basis.py; HiGHS then skips presolve). "
            "Jilin 2030's weeks: about a third less HiGHS time; the Northeast's: 20-50 % more (each iteration from such a start costs more)."
        ),
    )
    coarse_days: int = Field(
        RepresentativePeriods().days,
        gt=0,
        description=(
            "Typical days of the coarse year a windowed run solves first for its stores' levels at each day's start and its annual limits' "
            "shares (gridmodel/windows/coarse.py); it runs alone before the windows, so fewer days shorten a large system's year."
        ),
    )
    passes: int = Field(
        0,
        ge=0,
        description=(
            "Block-coordinate passes over the joined year after the windows, each re-solving windows half a window off the seams with the "
            "year's state fixed at both ends: each can only lower the objective and costs about as much as the windows again (Jilin 2030's "
            "first quarter, 2 passes: +0.068 % against the one LP)."
        ),
    )


class ExpansionSettings(Strict):
    """Remedy mode: choose the least-cost additions from the candidates table."""

    enabled: bool = Field(False, description="Optimise the candidates' capacities together with the dispatch.")
    fixed: bool = Field(
        False, description="The candidates' capacities are given (max_mw; a battery's energy is max_mw x duration_h), not chosen: a remedy checked hour by hour as plain dispatch."
    )
    discount_rate: float = Field(0.06, ge=0, lt=1, description="Real discount rate for annualising investments.", json_schema_extra=unit("p.u./a"))
    typical_days: int = Field(
        24, gt=0, description="Remedy mode needs one LP for the whole horizon; a horizon longer than a solver window is planned on this many typical days (unless representative_periods is set), then checked hour by hour and repaired (gridmodel/remedy.py)."
    )
    penalty_factor: float = Field(
        100.0, ge=1, description="Multiplier on every slack penalty in remedy mode, so that meeting the criteria is preferred to any affordable violation."
    )
    remedy: Literal["feasibility", "economic"] = Field(
        "feasibility",
        description="feasibility: the cost of meeting the criteria - exports earn their price only up to the base dispatch's, step by step, and hydrogen earns nothing; economic: every revenue counts, so additions that pay for themselves are built too (gridmodel/remedy.py).",
    )


class Edit(Strict):
    """Change rows of an input table, e.g. drop the coal retrofits."""

    table: Literal[tuple(TABLES)] = Field(description="Table to edit.")
    where: dict[str, str | float | list[str]] = Field(default_factory=dict, description="Rows whose columns equal these values (a list means any of them); empty = all rows.")
    set: dict[str, float | str] = Field(default_factory=dict, description="Columns to set on those rows.")
    scale: dict[str, float] = Field(default_factory=dict, description="Numeric columns to multiply on those rows.")


class Scenario(Strict):
    """One scenario file. Paths are relative to the file that states them."""

    name: str = Field(description="Scenario name, used in run folder names: letters, digits, '_', '-', '.'.")
    description: str = Field("", description="What the scenario represents.")
    extends: str | None = Field(None, description="Parent scenario file; this file states only what differs.")
    year: int = Field(description="Calendar year modelled (sets the timestamps and leap-year length).")
    timezone: str = Field("Asia/Shanghai", description="Time zone of the timestamps.")
    tables: TablePaths
    series: SeriesPaths
    horizon: HorizonSettings = Field(default_factory=HorizonSettings)
    representative_periods: RepresentativePeriods | None = Field(None, description="Typical days instead of every hour (null: every hour).")
    load_scale: float = Field(1.0, gt=0, description="Multiplier on the load series.", json_schema_extra=unit("p.u."))
    capacity_totals_mw: dict[str, float] = Field(
        default_factory=dict,
        description="Scale every unit of a technology (wind, solar, coal, chp, biomass, pumped_hydro, battery, hydro) so that they sum to this total.",
    )
    edits: list[Edit] = Field(default_factory=list, description="Row edits applied after loading, in order (parent's first).")
    reserve: ReserveSettings = Field(default_factory=ReserveSettings)
    regime: RegimeSettings = Field(default_factory=RegimeSettings)
    criteria: Criteria = Field(default_factory=Criteria)
    penalties: Penalties = Field(default_factory=Penalties)
    solver: SolverSettings = Field(default_factory=SolverSettings)
    expansion: ExpansionSettings = Field(default_factory=ExpansionSettings)
    language: Literal["en", "zh"] = Field("en", description="Language of the report, its figures and the console verdict (en or zh; `gridmodel run --lang` overrides).")

    @field_validator("name")
    @classmethod
    def _file_safe(cls, v: str) -> str:
        if not NAME_PATTERN.match(v) or ".." in v:
            raise ValueError(f"must be a file-name-safe token of letters, digits, '_', '-' and '.' (not starting with '.', no '..'), got {v!r}")
        return v

    @field_validator("capacity_totals_mw")
    @classmethod
    def _non_negative(cls, v: dict[str, float]) -> dict[str, float]:
        for k, x in v.items():
            if x < 0:
                raise ValueError(f"total for {k!r} must be >= 0, got {x}")
        return v
