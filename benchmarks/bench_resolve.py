"""A capacity sweep solved two ways: rebuild every case (build, hand-off, cold
HiGHS) or keep the model in HiGHS and change bounds in place (gridmodel.resolve,
warm start). Checks that both give the same objectives.

    .venv/bin/python benchmarks/bench_resolve.py --zones 5 --hours 2190 --cases 5
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zones", type=int, default=5)
    ap.add_argument("--hours", type=int, default=2190)
    ap.add_argument("--cases", type=int, default=5, help="Wind capacities of zone z0 swept from 50% to 150%.")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from synthetic import write_synthetic

    from gridmodel.api import solve_system
    from gridmodel.inputs import load_system
    from gridmodel.resolve import Resolver

    with tempfile.TemporaryDirectory() as tmp:
        system = load_system(write_synthetic(Path(tmp), args.zones, args.hours))
    ren = system.tables["renewables"]
    base_mw = float(ren.loc[ren["name"] == "z0_wind", "capacity_mw"].item())
    values = np.linspace(0.5, 1.5, args.cases) * base_mw

    t0 = time.perf_counter()
    rebuilt = []
    for mw in values:
        df = ren.copy()
        df.loc[df["name"] == "z0_wind", "capacity_mw"] = mw
        rebuilt.append(solve_system(replace(system, tables={**system.tables, "renewables": df})).objective_cny)
    rebuild_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    r = Resolver(system)
    setup_s = time.perf_counter() - t0
    resolved, solve_s = [], []
    for mw in values:
        r.set_capacity("renewables", "z0_wind", float(mw))
        res = r.solve()
        resolved.append(res.objective_cny)
        solve_s.append(res.timings_s["solve_s"])
    resolve_s = time.perf_counter() - t0

    worst = max(abs(a - b) / abs(b) for a, b in zip(resolved, rebuilt))
    print(f"{args.zones} zones x {args.hours} h, {args.cases} wind capacities of z0 ({values[0]:.0f}..{values[-1]:.0f} MW)")
    print(f"rebuild each case : {rebuild_s:7.2f} s total, {rebuild_s / args.cases:6.2f} s per case")
    print(f"re-solve in place : {resolve_s:7.2f} s total ({setup_s:.2f} s to build and pass once), {(resolve_s - setup_s) / args.cases:6.2f} s per case; "
          f"HiGHS per case {', '.join(f'{s:.2f}' for s in solve_s)} s")
    print(f"speed-up {rebuild_s / resolve_s:.2f}x; objectives agree to {worst:.1e} (relative)")


if __name__ == "__main__":
    main()
