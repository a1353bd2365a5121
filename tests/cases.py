"""Tiny scenarios built in code and written to files, so tests exercise the
same reading and checking path as users' scenarios."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

YEAR = 2030


def stamps(n: int, year: int = YEAR) -> list[str]:
    return pd.date_range(f"{year}-01-01", periods=n, freq="h").strftime("%Y-%m-%d %H:%M").tolist()


def series(values: dict[str, list[float]], year: int = YEAR) -> pd.DataFrame:
    """A short hourly series from the year's first hour."""
    n = len(next(iter(values.values())))
    return pd.DataFrame({"timestamp": stamps(n, year), **values})


def write_case(
    folder: Path,
    tables: dict[str, list[dict]],
    load: dict[str, list[float]],
    availability: dict[str, list[float]] | None = None,
    heat: dict[str, list[float]] | None = None,
    hours: int | None = None,
    **settings,
) -> Path:
    """Write a scenario (YAML + CSVs) into `folder`; return the YAML path."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, rows in tables.items():
        pd.DataFrame(rows).to_csv(folder / f"{name}.csv", index=False)
        paths[name] = f"{name}.csv"
    series_paths = {"load": "load_mw.csv"}
    series(load).to_csv(folder / "load_mw.csv", index=False)
    if availability:
        series(availability).to_csv(folder / "availability.csv", index=False)
        series_paths["availability"] = "availability.csv"
    if heat:
        series(heat).to_csv(folder / "heat_demand_mw_th.csv", index=False)
        series_paths["heat_demand"] = "heat_demand_mw_th.csv"
    doc = {"name": folder.name, "year": YEAR, "tables": paths, "series": series_paths}
    if hours:
        doc["horizon"] = {"hours": hours}
    doc.update(settings)
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


ZONE = [{"zone": "a", "kind": "internal"}]

# ------------------------------------------------------------ rows for fixtures
NO_RESERVE = {"load_share": 0.0, "renewable_share": 0.0}
"""Reserve settings that leave the reserve row slack (tests of other parts)."""


def zones(*names: str) -> list[dict]:
    return [{"zone": z, "kind": "internal"} for z in names]


def thermal(name: str, zone: str, capacity_mw: float, cost_cny_per_mwh: float, technology: str = "coal", **kw) -> dict:
    """A thermal unit group whose marginal cost is exactly `cost_cny_per_mwh`
    (0.5 tce/MWh at twice the cost per tce; no O&M)."""
    return {
        "name": name, "zone": zone, "technology": technology, "capacity_mw": capacity_mw,
        "heat_rate_tce_per_mwh": 0.5, "fuel_price_cny_per_tce": 2 * cost_cny_per_mwh, **kw,
    }


def wind(name: str, zone: str, capacity_mw: float, profile: str | None = None) -> dict:
    return {"name": name, "zone": zone, "technology": "wind", "capacity_mw": capacity_mw, "profile": profile or name}


def link(name: str, a: str, b: str, capacity_mw: float, loss_pu: float = 0.0, cost_cny_per_mwh: float = 0.0) -> dict:
    """A link; no wheeling cost unless given, so hand-computed optima stay round."""
    return {"name": name, "from_zone": a, "to_zone": b, "capacity_mw": capacity_mw, "loss_pu": loss_pu, "cost_cny_per_mwh": cost_cny_per_mwh}


EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "example" / "example.yaml"


def two_months_of_hydro(folder: Path) -> Path:
    """30 January to 2 February, two zones with a tie of 0 MW, each with load
    800 MW, 1000 MW on its peak day (zone a: 30 Jan and 1 Feb; zone b: 31 Jan
    and 2 Feb), 850 MW of coal at 100 CNY/MWh, 400 MW at 300, and 200 MW of
    free hydro with 3600 MWh in each month's two days (657,000 MWh a year,
    flat inflow). One LP: each zone's hydro takes the 150 MW above 850 on
    its peak day of each month (3600 MWh), coal costs 2 x (2 x 2,040,000 +
    2 x 1,920,000) = 15,840,000 CNY. The series run from 1 January, the
    horizon is the last 4 days."""
    peak, base, before = [1000.0] * 24, [800.0] * 24, [800.0] * 24 * 29
    load = {"a": before + peak + base + peak + base, "b": before + base + peak + base + peak}
    tables = {"zones": zones("a", "b"), "links": [link("ab", "a", "b", 0.0)], "thermal": [], "hydro": []}
    for z in "ab":
        tables["thermal"] += [thermal(f"cheap_{z}", z, 850, 100, min_load_pu=0.0), thermal(f"dear_{z}", z, 400, 300, min_load_pu=0.0)]
        tables["hydro"].append({"name": f"hydro_{z}", "zone": z, "capacity_mw": 200, "annual_energy_mwh": 3600 * 8760 / 48})
    return write_case(folder, tables, load, reserve=NO_RESERVE, horizon={"start": "2030-01-30", "end": "2030-02-02"})


def example_run(parent: Path, hours: int | None = None) -> Path:
    """Solve the example scenario and write its run folder under `parent`."""
    from gridmodel.api import run_scenario
    from gridmodel.export import new_run_dir, write_run

    result = run_scenario(EXAMPLE, hours)
    run_dir = new_run_dir(parent, result.system.scenario.name)
    write_run(result, run_dir, str(EXAMPLE))
    return run_dir


CURTAILED_HOURS = 31 * 24 + 48
"""January and the first two days of February: a month boundary."""


def curtailed_case(folder: Path) -> Path:
    """Wind in zone a (200 MW) behind a 50 MW link to the load in b: in the
    windy hours (every other hour, full output) a uses 20 MW, sends 50 and
    curtails 130 MW, so the curtailment criterion fails in both months."""
    wind_pu = [1.0 if h % 2 == 0 else 0.1 for h in range(CURTAILED_HOURS)]
    tables = {
        "zones": zones("a", "b"),
        "links": [link("a_b", "a", "b", 50.0)],
        "thermal": [thermal("coal_b", "b", 400, 100)],
        "renewables": [wind("wind_a", "a", 200)],
    }
    load = {"a": [20.0] * CURTAILED_HOURS, "b": [100.0] * CURTAILED_HOURS}
    return write_case(folder, tables, load, availability={"wind_a": wind_pu}, reserve=NO_RESERVE, solver={"window_days": None})


def curtailed_run(parent: Path) -> Path:
    """The curtailed case solved and written as a run folder under `parent`."""
    from gridmodel.api import run_scenario
    from gridmodel.export import new_run_dir, write_run

    scenario = curtailed_case(parent / "curtailed")
    result = run_scenario(scenario)
    run_dir = new_run_dir(parent / "runs", result.system.scenario.name)
    write_run(result, run_dir, str(scenario))
    return run_dir
