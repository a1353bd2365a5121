"""Write the small example scenario's hourly series (one winter week, 3 zones).

Deterministic shapes plus seeded noise; regenerating gives identical files.
Usage: python scripts/make_example_data.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HOURS = 168
YEAR = 2030
SEED = 20300101


def series(out: Path) -> None:
    rng = np.random.default_rng(SEED)
    t = np.arange(HOURS)
    hod = t % 24
    stamps = pd.date_range(f"{YEAR}-01-01", periods=HOURS, freq="h").strftime("%Y-%m-%d %H:%M")
    daily = 1 + 0.15 * np.sin(2 * np.pi * (hod - 9) / 24)
    load = pd.DataFrame({"timestamp": stamps, "west": 900 * daily, "central": 2600 * daily, "east": 700 * daily})
    wind = np.clip(0.45 + 0.25 * np.sin(2 * np.pi * t / 70) + 0.08 * rng.standard_normal(HOURS), 0, 1)
    sun = np.clip(np.sin(np.pi * (hod - 7) / 10), 0, None) * (hod >= 7) * (hod <= 17)
    solar = np.clip(0.7 * sun * (0.8 + 0.2 * rng.random(HOURS)), 0, 1)
    inflow = np.full(HOURS, 0.5)
    avail = pd.DataFrame({"timestamp": stamps, "wind_west": wind, "solar_west": solar, "hydro_east": inflow})
    heat = pd.DataFrame({"timestamp": stamps, "central_heat": 1500 * (1 + 0.2 * np.cos(2 * np.pi * (hod - 3) / 24))})
    for name, df in (("load_mw.csv", load), ("availability.csv", avail), ("heat_demand_mw_th.csv", heat)):
        df.round(4).to_csv(out / name, index=False)


if __name__ == "__main__":
    series(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "data" / "example")
