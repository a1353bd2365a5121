"""Build + solve time of one LP (Jilin 2030, two weeks in January, one LP, no
windows) with the Northeast model features off (the default) and switched on
one at a time and all together, so their cost can be read off. Prints
median seconds.

    nice -n 10 .venv/bin/python benchmarks/bench_northeast_features.py --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pandas as pd

from gridmodel.api import solve_system
from gridmodel.errors import Collector
from gridmodel.inputs import load_system, select_hours, validate_rows

SCENARIO = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "jilin_2030.yaml"
WINDOW = {"horizon.start": "2030-01-01", "horizon.end": "2030-01-14", "solver.window_days": None}
def commitment(system) -> None:
    """CHP committed at 0.8 of capacity x the month's heat level."""
    t = system.tables["thermal"]
    t.loc[t["technology"] == "chp", "heat_commitment_pu"] = 0.8


def security(system) -> None:
    """1 GW online thermal in each internal zone, 3 % downward reserve."""
    z = system.tables["zones"]
    z.loc[z["kind"] == "internal", "min_online_thermal_mw"] = 1000.0
    system.scenario.reserve.down_load_share = 0.03


def channels(system) -> None:
    """Lu-Gu and the southward UHV as channels on a flat daily schedule
    (level chosen day by day, +-10 %) with 5,500 h of energy a year, fed by
    half of western wind, solar and coal, >= 50 % renewable."""
    t, errors = system.tables, Collector()
    links = t["links"].set_index("name")["capacity_mw"]
    rows = [
        {"name": name, "link": name, "profile": "flat", "band_pu": 0.1, "min_energy_mwh_per_year": 5500 * links[name], "min_renewable_share": 0.5}
        for name in ("west_lugu_dc", "west_south_uhv")
    ]
    supply = [{"name": f"{c['name']}/{u}", "channel": c["name"], "unit_group": u, "share_pu": 0.5} for c in rows for u in ("wind_west", "solar_west", "coal_west")]
    t["channels"] = validate_rows("channels", pd.DataFrame(rows), "bench", errors)
    t["channel_supply"] = validate_rows("channel_supply", pd.DataFrame(supply), "bench", errors)
    errors.raise_if_any()


FEATURES = {"channels": (channels,), "commitment": (commitment,), "security": (security,), "all": (channels, commitment, security)}
"""Illustrative (not sourced) numbers switching each feature on."""


def switch_on(system, features=FEATURES["all"]):
    """The system with `features` switched on (tables and scenario edited in place)."""
    for on in features:
        on(system)
    return system


def timed(features: tuple) -> tuple[float, float, float, float]:
    """Wall and process (CPU) seconds of build + solve + extract, build seconds, objective."""
    system = switch_on(select_hours(load_system(SCENARIO, WINDOW)), features)
    t0, c0 = time.perf_counter(), time.process_time()
    result = solve_system(system)
    return time.perf_counter() - t0, time.process_time() - c0, result.timings_s["build_s"], result.objective_cny


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for label, features in {"off": (), **FEATURES}.items():
        runs = [timed(features) for _ in range(args.repeat)]
        wall, cpu, build = (statistics.median(r[i] for r in runs) for i in range(3))
        print(f"{label:13s} build+solve wall {wall:6.2f} s, CPU {cpu:6.2f} s (build {build:5.2f} s), objective {runs[0][3]:.6e} CNY")


if __name__ == "__main__":
    main()
