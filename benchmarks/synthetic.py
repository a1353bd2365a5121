"""A synthetic zonal system of N zones x H hours, written as a normal scenario
folder (CSV tables + YAML) so that the benchmark goes through the user's input
path.

Each zone has load, wind, solar, one coal unit group with a minimum load, one
pumped-hydro store, and unserved energy; zones form a chain of lossy links.
Kept this small on purpose: `linopy_twin.py` restates the same LP in a page.
Fixed seed: the same arguments always give the same files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

YEAR = 2030


def _profiles(rng: np.random.Generator, hours: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Load (p.u. of peak), wind and solar availability (p.u.) for one zone."""
    t = np.arange(hours)
    day, year = 2 * np.pi * (t % 24) / 24, 2 * np.pi * t / 8760
    load = 0.75 + 0.1 * np.cos(year) - 0.1 * np.cos(day) + 0.03 * rng.standard_normal(hours)
    wind = np.empty(hours)
    x = 0.0
    for k, e in enumerate(rng.standard_normal(hours)):  # AR(1) weather
        x = 0.97 * x + 0.25 * e
        wind[k] = x
    wind = np.clip(0.35 + 0.1 * np.cos(year) + 0.3 * np.tanh(wind), 0.0, 1.0)
    clear = np.clip(0.7 + 0.3 * rng.standard_normal(hours // 24 + 1).repeat(24)[:hours], 0.0, 1.0)
    solar = np.clip(-np.cos(day), 0.0, None) * (0.8 - 0.2 * np.cos(year)) * clear
    return load / load.max(), wind, solar


def tables(zones: int) -> dict[str, pd.DataFrame]:
    names = [f"z{i}" for i in range(zones)]
    return {
        "zones": pd.DataFrame({"zone": names, "kind": "internal"}),
        "links": pd.DataFrame(
            {"name": [f"{a}_{b}" for a, b in zip(names, names[1:])], "from_zone": names[:-1], "to_zone": names[1:], "capacity_mw": 1500.0, "loss_pu": 0.02}
        ),
        "renewables": pd.DataFrame(
            {
                "name": [f"{z}_{tech}" for z in names for tech in ("wind", "solar")],
                "zone": np.repeat(names, 2),
                "technology": ["wind", "solar"] * zones,
                "capacity_mw": [3000.0, 1500.0] * zones,
                "profile": [f"{z}_{tech}" for z in names for tech in ("wind", "solar")],
                "cost_cny_per_mwh": 0.0,
            }
        ),
        "thermal": pd.DataFrame(
            {"name": [f"{z}_coal" for z in names], "zone": names, "technology": "coal", "capacity_mw": 3500.0, "min_load_pu": 0.4, "vom_cny_per_mwh": 15.0}
        ),
        "storage": pd.DataFrame(
            {
                "name": [f"{z}_phs" for z in names],
                "zone": names,
                "technology": "pumped_hydro",
                "power_mw": 800.0,
                "energy_mwh": 4800.0,
                "eta_charge": 0.87,
                "eta_discharge": 0.87,
                "vom_cny_per_mwh": 5.0,
            }
        ),
    }


def write_synthetic(folder: Path, zones: int, hours: int = 8760, seed: int = 0) -> Path:
    """Write the scenario into `folder`; return the YAML path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    stamps = pd.date_range(f"{YEAR}-01-01", periods=hours, freq="h").strftime("%Y-%m-%d %H:%M")
    load, avail = {}, {}
    for i in range(zones):
        lo, wi, so = _profiles(rng, hours)
        z = f"z{i}"
        load[z] = np.round(5000.0 * lo * (0.8 + 0.4 * rng.random()), 3)
        avail[f"{z}_wind"], avail[f"{z}_solar"] = np.round(wi, 4), np.round(so, 4)
    paths = {}
    for name, df in tables(zones).items():
        df.to_csv(folder / f"{name}.csv", index=False)
        paths[name] = f"{name}.csv"
    pd.DataFrame({"timestamp": stamps, **load}).to_csv(folder / "load_mw.csv", index=False)
    pd.DataFrame({"timestamp": stamps, **avail}).to_csv(folder / "availability.csv", index=False)
    doc = {
        "name": f"synthetic_{zones}z_{hours}h",
        "description": f"Synthetic benchmark system, {zones} zones x {hours} h, seed {seed}.",
        "year": YEAR,
        "tables": paths,
        "series": {"load": "load_mw.csv", "availability": "availability.csv"},
        "solver": {"window_days": None},  # the year as one LP: the reference case, and linopy_twin's
    }
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--zones", type=int, default=5)
    ap.add_argument("--hours", type=int, default=8760)
    ap.add_argument("--seed", type=int, default=0)
    print(write_synthetic(**vars(ap.parse_args())))


if __name__ == "__main__":
    main()
