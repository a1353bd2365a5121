"""Read a scenario's CSV tables and hourly series into one checked `System`.

Every problem found is collected and reported together (file, row/field, rule).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import ValidationError

from . import network, plausibility, regime
from .errors import Collector, InputError, closest, did_you_mean
from .scenario import PATH_SECTIONS, read_scenario
from .schema import MAX_ABS, TABLES, Edit, Scenario
from .technologies import TECHNOLOGIES

TECHNOLOGY_TABLES = {key: (t.table.name, t) for t in TECHNOLOGIES if t.table is not None for key in t.capacity_totals}
"""Technology -> (table, its declaration) for `capacity_totals_mw`."""

log = logging.getLogger("gridmodel")
KEY_COLUMNS = {"zones": ("zone",), "heat_areas": ("heat_area",), "plans": ("province",), "interchange": ("province", "month"), "plan_expectations": ("province", "month"), "must_run": ("province", "technology", "start")}
"""Columns that identify a table's rows (`name` unless given here): unique, named in messages."""
MIN_AVAILABILITY = 1e-6  # smaller values are zeroed: HiGHS warns about tiny bounds


@dataclass
class System:
    """Everything the model needs, checked. Series cover the whole scenario
    year (budgets and the peak load are annual facts); `index` is the hours
    the model runs over."""

    scenario: Scenario
    tables: dict[str, pd.DataFrame]
    load_mw: pd.DataFrame
    availability: pd.DataFrame
    heat_demand_mw_th: pd.DataFrame
    files: dict[str, str] = field(default_factory=dict)
    index: pd.DatetimeIndex | None = None
    warnings: list = field(default_factory=list)
    """Likely mistakes in valid input (plausibility.py): errors.Issue each."""

    def __post_init__(self) -> None:
        if self.index is None:
            self.index = self.load_mw.index

    @cached_property  # read by every module of every window; the zones table is never changed in place
    def internal_zones(self) -> list[str]:
        z = self.tables["zones"]
        return z.loc[z["kind"] == "internal", "zone"].tolist()

    @cached_property
    def external_zones(self) -> list[str]:
        z = self.tables["zones"]
        return z.loc[z["kind"] == "external", "zone"].tolist()

    @cached_property
    def provinces(self) -> pd.Series:
        """Each internal zone's province (its own name where none is given)."""
        z = self.tables["zones"].query("kind == 'internal'")
        return pd.Series(z["province"].where(z["province"] != "", z["zone"]).to_numpy(), index=z["zone"].to_numpy(), name="province")

    @cached_property
    def judged_zones(self) -> list[str]:
        """The zones the verdict is about: criteria.province's, or every internal zone."""
        province = self.scenario.criteria.province
        return self.internal_zones if province is None else self.provinces[self.provinces == province].index.tolist()

    @property
    def hours_in_year(self) -> int:
        return len(expected_index(self.scenario.year))

    @property
    def year_fraction(self) -> float:
        """Share of the scenario year that the series cover (1 for a full year);
        annual budgets and limits are pro-rated by it."""
        return len(self.load_mw) / self.hours_in_year

    @property
    def peak_load_mw(self) -> float:
        """The judged zones' own (annual, coincident) peak load."""
        return float(self.load_mw[self.judged_zones].sum(axis=1).max())

    @property
    def dr_capacity_mw(self) -> pd.Series:
        """Each programme's share of its zone's load at the judged zones' peak
        hour (the plan's "5 % of peak load" is the province's coincident peak)."""
        dr = self.tables["demand_response"]
        at_peak = self.load_mw.loc[self.load_mw[self.judged_zones].sum(axis=1).idxmax()]
        return pd.Series(dr["share_of_peak"].to_numpy() * at_peak[dr["zone"]].to_numpy(), index=dr["name"].to_numpy(), name="capacity_mw")

    def window(self, index: pd.DatetimeIndex) -> "System":
        """The same system, run over a sub-range of hours."""
        return replace(self, index=index)


# --------------------------------------------------------------------------- tables
def empty_table(name: str) -> pd.DataFrame:
    return pd.DataFrame({col: pd.Series(dtype=_dtype(info.annotation)) for col, info in TABLES[name].model_fields.items()})


def _dtype(annotation) -> str:
    return "float64" if annotation is float else "object"


def _key_columns(name: str) -> list[str]:
    return list(KEY_COLUMNS.get(name, ("name",)))


def _row_label(name: str, i: int, row: dict) -> str:
    return f"row {i + 1} (" + ", ".join(f"{key}={row.get(key, '?')}" for key in _key_columns(name)) + ")"


def validate_rows(name: str, df: pd.DataFrame, file: str, errors: Collector) -> pd.DataFrame:
    """Check every row against its schema; return the table with defaults filled."""
    model = TABLES[name]
    unknown = [c for c in df.columns if c not in model.model_fields]
    for c in unknown:
        missing = [k for k in model.model_fields if k not in df.columns]
        errors.add(file, f"column {c}", f"unknown column for table {name!r} (known: {', '.join(model.model_fields)}){did_you_mean(c, missing)}")
        if meant := closest(c, missing):  # each row's "field required" would repeat it
            errors.blame(file, meant)
    rows = []
    for i, raw in enumerate(df.to_dict("records")):
        raw = {k: v for k, v in raw.items() if k not in unknown and not _is_blank(v)}
        try:
            rows.append(model.model_validate(raw).model_dump())
        except ValidationError as exc:
            keys = tuple(raw.get(key) for key in _key_columns(name))
            errors.dropped.setdefault(name, set()).add(keys[0] if len(keys) == 1 else keys)
            errors.rejected.setdefault(name, []).append(raw)
            errors.add_validation(file, exc, f"{_row_label(name, i, raw)}, ")
    out = pd.DataFrame(rows, columns=list(model.model_fields)) if rows else empty_table(name)
    keys = _key_columns(name)
    for dup in out.loc[out.duplicated(subset=keys), keys].to_dict("records"):
        errors.add(file, ", ".join(f"{key} {value}" for key, value in dup.items()), f"duplicate {' and '.join(keys)}: each must be unique")
    return out


def _is_blank(v) -> bool:
    """Only an empty cell means 'use the default' (a literal NaN is an error)."""
    return v is None or (isinstance(v, str) and not v.strip())


def read_csv(path: str, what: str, errors: Collector, **options) -> pd.DataFrame | None:
    """A CSV file as UTF-8 (a byte-order mark from Excel is dropped, CRLF is
    fine); None with the reason collected if it cannot be read."""
    try:
        return pd.read_csv(path, encoding="utf-8-sig", **options)
    except FileNotFoundError:
        errors.add(path, "", f"{what} file does not exist")
    except IsADirectoryError:
        errors.add(path, "", f"{what}: is a folder, not a file")
    except UnicodeDecodeError as exc:
        errors.add(path, "", f"{what}: not UTF-8 text ({exc.reason} at byte {exc.start}; files saved as GBK/ANSI by Excel must be saved as 'CSV UTF-8')")
    except pd.errors.EmptyDataError:
        errors.add(path, "", f"{what}: empty file (needs at least the header row)")
    except (pd.errors.ParserError, ValueError, OSError) as exc:
        errors.add(path, "", f"cannot read {what}: {exc}")
    return None


def read_table(name: str, path: str | None, errors: Collector) -> pd.DataFrame:
    """Every cell read as text (so identifiers like '01' survive and 'NaN' stays
    what the user wrote); the schema turns numbers into numbers."""
    if path is None:
        return empty_table(name)
    df = read_csv(path, f"table {name!r}", errors, dtype=str, keep_default_na=False, skipinitialspace=True)
    return empty_table(name) if df is None else validate_rows(name, df, path, errors)


# ------------------------------------------------------------------------- edits
def _mask(df: pd.DataFrame, where: dict, file: str, i: int, errors: Collector) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for col, val in where.items():
        if col not in df.columns:
            errors.add(file, f"field edits[{i}].where.{col}", f"table has no column {col!r}{did_you_mean(col, df.columns)}")
            continue
        values = val if isinstance(val, list) else [val]
        mask &= df[col].isin(values)
    return mask


def _is_number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def apply_edits(tables: dict[str, pd.DataFrame], edits: list[Edit], file: str, errors: Collector) -> None:
    for i, edit in enumerate(edits):
        df = tables[edit.table].copy()
        mask = _mask(df, edit.where, file, i, errors)
        if not mask.any() and edit.table not in errors.dropped:  # else the row may be a rejected one
            errors.add(file, f"field edits[{i}]", f"no row of table {edit.table!r} matches {edit.where}")
            continue
        for col, value in edit.set.items():
            if col not in df.columns:
                errors.add(file, f"field edits[{i}].set.{col}", f"table {edit.table!r} has no column {col!r}")
            elif df[col].dtype.kind == "f" and not _is_number(value):
                errors.add(file, f"field edits[{i}].set.{col}", f"column {col!r} of table {edit.table!r} must be a number, got {value!r}")
            else:
                df.loc[mask, col] = float(value) if df[col].dtype.kind == "f" else str(value)
        for col, factor in edit.scale.items():
            if col not in df.columns or df[col].dtype.kind != "f":
                errors.add(file, f"field edits[{i}].scale.{col}", f"table {edit.table!r} has no numeric column {col!r}")
            else:
                df.loc[mask, col] = df.loc[mask, col] * factor
        tables[edit.table] = validate_rows(edit.table, infinite_defaults_blank(edit.table, df), f"{file} (after edits[{i}])", errors)


def infinite_defaults_blank(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """A validated table with the cells that hold their field's infinite
    default (channels' max_energy_mwh_per_year) blank again: validating it
    once more after an edit fills the default, where the literal inf would
    be refused as input."""
    for col, f in TABLES[name].model_fields.items():
        if isinstance(f.default, float) and math.isinf(f.default) and col in df:
            df[col] = df[col].astype(object).where(df[col] != f.default, None)  # None: a blank cell (_is_blank)
    return df


def apply_capacity_totals(tables: dict[str, pd.DataFrame], totals: dict[str, float], file: str, errors: Collector) -> None:
    for tech, total in totals.items():
        if tech not in TECHNOLOGY_TABLES:
            errors.add(file, f"field capacity_totals_mw.{tech}", f"unknown technology (known: {', '.join(TECHNOLOGY_TABLES)})")
            continue
        table, declared = TECHNOLOGY_TABLES[tech]
        col = declared.capacity_column
        df = tables[table]
        mask = df["technology"] == tech if "technology" in df.columns else pd.Series(True, index=df.index)
        current = df.loc[mask, col].sum()
        plausibility.capacity_total(tech, total, current, table, file, errors)
        if current <= 0 and total > 0 and table not in errors.dropped:  # else its rows may be the rejected ones
            errors.add(file, f"field capacity_totals_mw.{tech}", f"no {tech} capacity in table {table!r} to scale to {total} MW")
            continue
        df = df.copy()
        factor = total / current if current > 0 else 0.0
        for scaled in (col, *declared.scaled_with):  # a store keeps its duration, a hydro plant its full-load hours
            df.loc[mask, scaled] *= factor
        tables[table] = df


# -------------------------------------------------------------------------- series
def expected_index(year: int) -> pd.DatetimeIndex:
    return pd.date_range(f"{year}-01-01 00:00", f"{year}-12-31 23:00", freq="h")


def read_series(path: str | None, role: str, year: int, errors: Collector, lo: float = 0.0, hi: float | None = None, scenario_file: str = "") -> pd.DataFrame | None:
    """An hourly table from `year`-01-01 00:00: the whole year (8760 or 8784
    rows) or a shorter test horizon; checked for gaps, NaN, infinity and range."""
    if path is None:
        return None
    index = expected_index(year)
    df = read_csv(path, f"{role} series", errors, keep_default_na=False)  # 'n/a' is shown as written
    if df is None:
        return None
    if "timestamp" not in df.columns:
        errors.add(path, "column timestamp", "missing: the first column must be 'timestamp' (YYYY-MM-DD HH:MM, local time)")
        return None
    if not 0 < len(df) <= len(index):
        errors.add(path, "rows", f"{role} series must have 1 to {len(index)} hourly rows for {year} ({len(index)} = the whole year), got {len(df)}")
        return None
    index = index[: len(df)]
    stamps = pd.to_datetime(df.pop("timestamp"), errors="coerce", format="mixed")
    if stamps.iloc[0] is not pd.NaT and stamps.iloc[0].year != year and stamps.iloc[0] == pd.Timestamp(stamps.iloc[0].year, 1, 1):
        errors.add(scenario_file, "field year", f"is {year} but the series start in {stamps.iloc[0].year}: set year: {stamps.iloc[0].year} or use series of {year}")
        return None
    bad = np.flatnonzero(stamps.to_numpy() != index.to_numpy())
    if len(bad):
        errors.add(path, f"row {bad[0] + 1}, field timestamp", f"expected {index[bad[0]]:%Y-%m-%d %H:%M} (hourly from {year}-01-01 00:00)")
        return None
    df.index = index
    return _check_values(df, path, role, errors, lo, hi)


def _same_hours(series: dict[str, pd.DataFrame | None], files: dict, errors: Collector) -> bool:
    """Every series must cover the same hours: the shorter ones are blamed.
    True if some did not."""
    lengths = {role: len(df) for role, df in series.items() if df is not None}
    longest = max(lengths.values(), default=0)
    for role, n in lengths.items():
        if n < longest:
            errors.add(files.get(f"series.{role}", role), "rows", f"has {n} hourly rows but the other series have {longest}: all series must cover the same hours")
    return any(n < longest for n in lengths.values())


def _check_values(df: pd.DataFrame, path: str, role: str, errors: Collector, lo: float, hi: float | None) -> pd.DataFrame:
    hi = MAX_ABS if hi is None else hi
    for col in df.columns:
        values = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)
        problems = [
            (np.isnan(values), "must be a number (empty, NaN or text found)"),
            (np.isinf(values), "must be finite (inf found)"),
            (values < lo, f"must be >= {lo}"),
            (np.isfinite(values) & (values > hi), f"must be <= {hi}" if hi != MAX_ABS else f"must be at most {MAX_ABS:g}"),
        ]
        for mask, rule in problems:
            if mask.any():
                i = int(np.flatnonzero(mask)[0])
                errors.add(path, f"row {i + 1}, column {col}", f"{role} {rule}, got {df[col].tolist()[i]!r} ({int(mask.sum())} such rows)")
        df[col] = values
    return df.astype(float)


# ---------------------------------------------------------------------- references
def check_references(s: System, errors: Collector, failed_series: set[str] = frozenset()) -> None:
    """Every zone, profile, heat area named by a row must exist. Rows and
    series already rejected are not checked again (no follow-on errors)."""
    t, f = s.tables, s.files
    if not s.internal_zones and not errors.dropped.get("zones"):
        errors.add(f["zones"], "", "no rows with kind internal: the system needs at least one internal zone")
        return  # every other reference would be blamed for it
    dropped_zones = errors.dropped.get("zones", set())
    zones, internal = set(t["zones"]["zone"]) | dropped_zones, set(s.internal_zones) | dropped_zones
    heat_areas = set(t["heat_areas"]["heat_area"]) | errors.dropped.get("heat_areas", set())

    def refs(table: str, col: str, allowed: set, what: str, only=lambda row: True) -> None:
        for i, row in enumerate(t[table].to_dict("records")):
            if only(row) and row[col] not in allowed:
                name, _, why = what.partition(" (")
                errors.add(f.get(table, table), f"{_row_label(table, i, row)}, field {col}", f"unknown {name} {row[col]!r}" + (f" ({why}" if why else "") + did_you_mean(row[col], allowed))

    for table in ("renewables", "thermal", "hydro", "storage", "demand_response", "heat_areas"):
        refs(table, "zone", internal, "internal zone")
    refs("interchange", "province", set(s.provinces), "province (a value of the zones table's column province, or an internal zone without one)")
    refs("thermal", "heat_area", heat_areas, "heat area (a CHP unit needs one of the heat_areas table)", lambda row: row["technology"] == "chp")
    for table in (name for name, row in TABLES.items() if name != "zones" and "province" in row.model_fields and not dropped_zones):  # a rejected zone row may hold the province
        refs(table, "province", set(s.provinces), "province (a province of the zones table's internal zones)")
    if "availability" not in failed_series:
        refs("renewables", "profile", set(s.availability.columns), "profile (not a column of the availability series)")
        refs("hydro", "inflow_profile", set(s.availability.columns) | {""}, "inflow profile (not a column of the availability series)")
    if "heat_demand" not in failed_series:
        for col in sorted(set(t["heat_areas"]["heat_area"]) - set(s.heat_demand_mw_th.columns)):
            errors.add(f.get("series.heat_demand", "heat demand series"), f"column {col}", "heat area has no heat demand column")
    if "load" not in failed_series:
        for col in sorted((set(s.load_mw.columns) - dropped_zones) ^ set(s.internal_zones)):
            rule = "not an internal zone" if col in set(s.load_mw.columns) else "internal zone has no load column"
            errors.add(f.get("series.load", "load series"), f"column {col}", rule)
    province = s.scenario.criteria.province
    if province is not None and not s.judged_zones and not dropped_zones:
        known = ", ".join(sorted(set(s.provinces))) or "none"
        errors.add(f["scenario"], "field criteria.province", f"no internal zone of the zones table has province {province!r} (known: {known})")
    network.check(t["zones"], t["links"], f.get("links", "links"), errors, zones)
    check_candidates(s, errors)
    check_channels(s, errors, "availability" in failed_series)
    for tech in TECHNOLOGIES:
        if tech.check is not None:
            tech.check(s, errors)


CANDIDATE_PLACES = {
    "battery": ("zone", None),
    "pumped_hydro": ("zone", None),
    "demand_response": ("zone", None),
    "electrolyser": ("zone", None),
    "link": ("target", ("links", "name")),
    "retrofit": ("target", ("thermal", "name")),
    "electric_boiler": ("target", ("heat_areas", "heat_area")),
    "heat_storage": ("target", ("heat_areas", "heat_area")),
}
"""Candidate kind -> (column naming its place, (table, key) it must exist in; None = internal zone)."""


def check_candidates(s: System, errors: Collector) -> None:
    t, file = s.tables, s.files.get("candidates", "candidates")
    if s.scenario.expansion.enabled and t["candidates"].empty and "candidates" not in errors.dropped:
        where = (file, "") if "candidates" in s.files else (s.files["scenario"], "field tables.candidates")
        errors.add(*where, "remedy mode (expansion.enabled / --expand) needs a candidates table with at least one row")
    for i, row in enumerate(t["candidates"].to_dict("records")):
        col, ref = CANDIDATE_PLACES[row["kind"]]
        allowed = set(s.internal_zones) | errors.dropped_values("zones", "zone") if ref is None else set(t[ref[0]][ref[1]]) | errors.dropped_values(*ref)
        if row[col] not in allowed:
            what = "internal zone" if ref is None else f"{ref[1]} of table {ref[0]!r}"
            errors.add(file, f"{_row_label('candidates', i, row)}, field {col}", f"a {row['kind']} candidate needs an existing {what}, got {row[col]!r}{did_you_mean(row[col], allowed)}")


def check_channels(s: System, errors: Collector, no_profiles: bool) -> None:
    """A channel names an existing link and profile; a bundle member an
    existing channel and unit group, whose dedicated shares add up to at most 1;
    a renewable-share rule needs a bundle."""
    t, f = s.tables, s.files
    file, supply_file = f.get("channels", "channels"), f.get("channel_supply", "channel_supply")
    profiles = {"", "flat"} | (set() if no_profiles else set(s.availability.columns))
    for i, row in enumerate(t["channels"].to_dict("records")):
        where = _row_label("channels", i, row)
        if row["link"] not in set(t["links"]["name"]) | errors.dropped_values("links", "name"):
            errors.add(file, f"{where}, field link", f"unknown link {row['link']!r} (not a name of the links table)")
        if not no_profiles and row["profile"] not in profiles:
            errors.add(file, f"{where}, field profile", f"unknown profile {row['profile']!r} (a column of the availability series, 'flat' or empty)")
        if row["min_renewable_share"] > 0 and row["name"] not in set(t["channel_supply"]["channel"]) and "channel_supply" not in errors.dropped:
            errors.add(file, f"{where}, field min_renewable_share", "a renewable-share rule needs the channel's supply bundle (rows of table channel_supply)")
    units = set().union(*(set(t[u]["name"]) | errors.dropped_values(u, "name") for u in ("renewables", "thermal", "hydro")))
    for i, row in enumerate(t["channel_supply"].to_dict("records")):
        where = _row_label("channel_supply", i, row)
        if row["channel"] not in set(t["channels"]["name"]) | errors.dropped_values("channels", "name"):
            errors.add(supply_file, f"{where}, field channel", f"unknown channel {row['channel']!r}")
        if row["unit_group"] not in units:
            errors.add(supply_file, f"{where}, field unit_group", f"unknown unit group {row['unit_group']!r} (not in the renewables, thermal or hydro table)")
    shares = t["channel_supply"].groupby("unit_group")["share_pu"].sum()
    for unit, total in shares[shares > 1 + 1e-9].items():
        errors.add(supply_file, f"unit {unit}", f"dedicated shares add up to {total:g} > 1")


# --------------------------------------------------------------------------- entry
def load_system(source: str | Path | Scenario, overrides: dict | None = None, errors: Collector | None = None) -> System:
    """Load a scenario and all its data; raise `InputError` listing every
    problem: of the scenario file, its tables and its series together (with
    `errors` given, they are collected there, and raised only where nothing
    more can be checked)."""
    own, errors = errors is None, errors or Collector()
    scenario = source if isinstance(source, Scenario) else read_scenario(source, errors, overrides)
    if scenario is None:
        raise InputError(errors.issues, errors.warnings)
    file = scenario.name if isinstance(source, Scenario) else str(source)
    scenario = regime.settle(scenario)
    files = {name: p for name, p in scenario.tables.model_dump().items() if p}
    tables = {name: read_table(name, files.get(name), errors) for name in TABLES}
    apply_capacity_totals(tables, scenario.capacity_totals_mw, file, errors)
    apply_edits(tables, scenario.edits, file, errors)
    for rule in regime.apply(scenario.regime, tables):
        log.info("regime %s: the data of rule %r is given but not used (%s)", scenario.regime.name, rule, file)
    paths = scenario.series
    files.update({f"series.{k}": v for k, v in paths.model_dump().items() if v})
    read = dict(scenario_file=file)
    series = {
        "load": read_series(paths.load, "load", scenario.year, errors, **read),
        "availability": read_series(paths.availability, "availability", scenario.year, errors, 0.0, 1.0, **read),
        "heat_demand": read_series(paths.heat_demand, "heat demand", scenario.year, errors, **read),
    }
    failed = {role for role, df in series.items() if df is None and getattr(paths, role)}
    if _same_hours(series, files, errors):
        errors.raise_if_any()  # other checks would blame correct files
    load = series["load"] if series["load"] is not None else pd.DataFrame(index=expected_index(scenario.year))
    empty = pd.DataFrame(index=load.index)
    avail, heat = (series[role] if series[role] is not None else empty for role in ("availability", "heat_demand"))
    system = System(scenario, tables, load * scenario.load_scale, avail.where(avail >= MIN_AVAILABILITY, 0.0), heat, {"scenario": file, **files})
    if not any(errors.follows(file, f"field {section}") for section in PATH_SECTIONS):  # else a table or series may be missing
        check_references(system, errors, failed)
    plausibility.check(system, errors)
    system.warnings = errors.warnings
    if own:
        errors.raise_if_any()
    return system


def select_hours(system: System, hours: int | None = None, errors: Collector | None = None) -> System:
    """Restrict to the first N hours and/or the scenario's date window (a
    window that is not one, with `errors` given: collected, every hour kept)."""
    h, file = system.scenario.horizon, system.files.get("scenario", system.scenario.name)
    index = system.index
    own, errors = errors is None, errors or Collector()
    bounds = {}
    for key, value, shift in (("start", h.start, 0), ("end", h.end, 23)):
        try:
            bounds[key] = pd.Timestamp(value) + pd.Timedelta(hours=shift) if value else None
        except ValueError as exc:
            errors.add(file, f"field horizon.{key}", f"not a date (YYYY-MM-DD): {exc}")
    if len(bounds) < 2:
        bounds = {"start": None, "end": None}
    if bounds["start"] is not None or bounds["end"] is not None:
        start, end = bounds["start"] or index[0], bounds["end"] or index[-1]
        index = index[(index >= start) & (index <= end)]
        if len(index) == 0:
            errors.add(file, "field horizon", f"date window {h.start}..{h.end} holds no hour of the series ({system.index[0]:%Y-%m-%d %H:%M} to {system.index[-1]:%Y-%m-%d %H:%M})")
            index = system.index
    n = hours or h.hours
    if n is not None:
        index = index[:n]
    if own:
        errors.raise_if_any()
    return system.window(index)
