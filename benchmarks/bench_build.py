"""Time the model build alone (every module's arrays and rows, then the Pyomo
components; no HiGHS) on Jilin 2030 horizons: the cost of the expression
arrays' bookkeeping, e.g. Lin's shape checks (model/arrays.py).

Prints the median and the fastest of --repeat builds per horizon, wall and
process time (s); the machine is shared, so the minimum is the steadier figure.

    .venv/bin/python benchmarks/bench_build.py --hours 168 672 --repeat 9
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

JILIN = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "jilin_2030.yaml"


def build_times_s(hours: int, repeat: int) -> list[float]:
    """Process time of each of `repeat` builds of the first `hours` of Jilin 2030."""
    from gridmodel.gate import prepare
    from gridmodel.model.build import build_model
    from gridmodel.model.pyomo_layer import release

    system = prepare(JILIN, hours=hours)
    out = []
    for _ in range(repeat):
        t0 = time.process_time()
        ctx = build_model(system)
        out.append(time.process_time() - t0)
        release(ctx)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hours", type=int, nargs="+", default=[168, 672])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    print(f"{'hours':>6} {'median s':>9} {'min s':>7}  (process time of one build, {args.repeat} builds)")
    for hours in args.hours:
        times = build_times_s(hours, args.repeat)
        print(f"{hours:>6} {statistics.median(times):>9.3f} {min(times):>7.3f}")


if __name__ == "__main__":
    main()
