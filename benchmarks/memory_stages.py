"""Resident memory of one LP's run stage by stage, as `gridmodel run` makes it
(lp.solve_system): the peak of each stage (sampled every 20 ms) and what is
left at its end. Where bench_scaling.py gives one peak per process, this says
which stage sets it.

    .venv/bin/python benchmarks/memory_stages.py --zones 5 --hours 8760    # the synthetic LP of bench_scaling
    .venv/bin/python benchmarks/memory_stages.py data/example/example.yaml

Stages: the imports, reading the scenario, then lp.solve_system's own
(progress.stage): building the LP; HiGHS solving (from the hand-off on: the
model released, HiGHS run, read back and freed); collecting the results.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


class Sampler(threading.Thread):
    """The peak and the last sample of the resident set under each stage name."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stage, self.peak, self.last, self.running = "imports", {}, {}, True

    def enter(self, name: str) -> None:
        self.sample()
        self.stage = name
        self.sample()

    def sample(self) -> None:
        now = rss_mb()
        self.peak[self.stage] = max(self.peak.get(self.stage, 0.0), now)
        self.last[self.stage] = now

    def run(self) -> None:
        while self.running:
            self.sample()
            time.sleep(0.02)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", help="A scenario YAML (one LP: give --hours for a long horizon); default the synthetic system.")
    ap.add_argument("--zones", type=int, default=5)
    ap.add_argument("--hours", type=int, default=8760)
    args = ap.parse_args()
    sampler = Sampler()
    sampler.sample()
    sampler.start()
    from gridmodel import lp, progress
    from gridmodel.inputs import load_system

    stage = progress.stage

    def entered(name: str) -> None:
        sampler.enter(re.split(r" [\d(]", name)[0])  # "HiGHS solving 271,560 rows ..." -> "HiGHS solving"
        stage(name)

    lp.progress.stage = entered
    with tempfile.TemporaryDirectory() as tmp:
        if args.scenario:
            scenario, hours = args.scenario, args.hours
        else:
            sys.path.insert(0, str(HERE))
            from synthetic import write_synthetic

            scenario, hours = write_synthetic(Path(tmp), args.zones, args.hours), None
        sampler.enter("read")
        system = load_system(scenario)
        if hours:
            system = system.window(system.index[:hours])
        result = lp.solve_system(system)
    sampler.enter("done")
    sampler.running = False
    print(f"{'stage':<24} {'peak MB':>8} {'at end':>8}")
    for name, peak in sampler.peak.items():
        if name != "done":
            print(f"{name:<24} {peak:8.0f} {sampler.last[name]:8.0f}")
    print(f"process peak (ru_maxrss) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; objective {result.objective_cny:.10g} CNY; "
          f"{result.timings_s.get('simplex_iterations', 0):,} simplex iterations; {time.process_time():.1f} s of CPU")


if __name__ == "__main__":
    main()
