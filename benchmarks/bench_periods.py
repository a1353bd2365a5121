"""Representative days against the full year: end-to-end time and the error of
every verdict KPI.

The full-year reference is slow (Jilin: many minutes), so it can be read from
a run folder's summary.json (`gridmodel run` writes one):

    .venv/bin/python benchmarks/bench_periods.py --days 8 12 24 --reference runs/jilin_2030-.../summary.json
    .venv/bin/python benchmarks/bench_periods.py --days 12           # solves the full year too

Errors are relative to the full year (%); a KPI whose full-year value is zero
is compared in its own unit instead.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
JILIN = HERE.parent / "data" / "scenarios" / "jilin_2030.yaml"
KPIS = {
    "curtailment_share": "curtailment share",
    "export_renewable_share": "export renewable share",
    "unserved_mwh": "unserved MWh",
    "reserve_shortfall_mwh": "reserve shortfall MWh",
    "heat_shortfall_mwh_th": "heat shortfall MWth h",
    "coal_tce": "coal tce",
    "co2_t": "CO2 t",
    "renewable_share_of_generation": "renewable share",
    "export_mwh": "export MWh",
    "chp_mwh": "CHP MWh",
    "cost_cny": "cost CNY (objective)",
}


def run(scenario: Path, days: int | None) -> tuple[dict, dict, float]:
    """KPIs (with the objective as cost_cny), timings and end-to-end seconds of
    one run, end to end as a CLI run is."""
    from gridmodel.api import solve_system
    from gridmodel.export import write_run
    from gridmodel.inputs import load_system

    t0 = time.perf_counter()
    system = load_system(scenario, {"representative_periods.days": days} if days else None)
    read_s = time.perf_counter() - t0
    result = solve_system(system)
    with tempfile.TemporaryDirectory() as folder:
        write_run(result, Path(folder), str(scenario))
    total = time.perf_counter() - t0
    return {**result.kpis, "cost_cny": result.objective_cny}, {"read_s": read_s, **result.timings_s}, total


def reference(path: Path | None, scenario: Path) -> dict:
    if path is None:
        kpis, timings, total = run(scenario, None)
        print(f"full year: {total:.1f} s end to end ({', '.join(f'{k} {v:.1f}' for k, v in timings.items())})")
        return kpis
    doc = json.loads(path.read_text())
    return {**doc["kpis"], "cost_cny": doc["objective_cny"]}


def error(value: float, ref: float) -> str:
    if abs(ref) > 1e-9:
        return f"{100 * (value - ref) / abs(ref):+7.2f}%"
    return f"{value - ref:+8.3g} abs"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", type=Path, default=JILIN)
    ap.add_argument("--days", type=int, nargs="+", default=[40])
    ap.add_argument("--repeat", type=int, default=1, help="Runs per day count; the median time is shown (the machine is shared).")
    ap.add_argument("--reference", type=Path, help="summary.json of a full-year run of the same scenario")
    ap.add_argument("--json", type=Path, help="Also write the figures here.")
    args = ap.parse_args()
    full = reference(args.reference, args.scenario)
    rows, out = [], {"full_year": full}
    for days in args.days:
        runs = [run(args.scenario, days) for _ in range(args.repeat)]
        kpis, timings, _ = runs[0]
        total = float(np.median([r[2] for r in runs]))
        rows.append((days, kpis, total))
        out[f"{days}_days"] = {"kpis": kpis, "timings_s": timings, "end_to_end_s": total}
        print(f"{days} typical days: {total:.1f} s end to end ({', '.join(f'{k} {v:.2f}' for k, v in timings.items())})")
    print(f"\n{'KPI':<24} {'full year':>14} " + " ".join(f"{f'{d} days':>14} {'error':>9}" for d, _, _ in rows))
    for key, label in KPIS.items():
        cells = " ".join(f"{k[key]:14.6g} {error(k[key], full[key]):>9}" for _, k, _ in rows)
        print(f"{label:<24} {full[key]:14.6g} {cells}")
    print(f"{'end-to-end s':<24} {'':>14} " + " ".join(f"{t:14.1f} {'':>9}" for _, _, t in rows))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2, default=float))


if __name__ == "__main__":
    main()
