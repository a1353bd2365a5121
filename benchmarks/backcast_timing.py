"""Full-year run times of the Northeast grid against the Jilin-only model, the
2030 verdict on the Northeast grid (Jilin's own KPIs and the neighbours'
curtailment), and 40 typical days against the full year on the verdict KPIs.

    nice -n 10 .venv/bin/python benchmarks/backcast_timing.py   # ~5 min on 2 cores

Prints figures; asserts nothing (timings are no tests). Each full year is
solved the way `gridmodel run` does (weekly windows on every core).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gridmodel import backcast  # noqa: E402
from gridmodel.api import run_scenario  # noqa: E402

SCENARIOS = ROOT / "data" / "scenarios"
PAIRS = (("jilin_2023", "northeast_2023"), ("jilin_2030", "northeast_2030"))
VERDICT_KPIS = ("curtailment_share", "unserved_mwh", "heat_shortfall_mwh_th", "coal_tce", "export_mwh")


def timed(name: str, **overrides):
    t0 = time.perf_counter()
    result = run_scenario(SCENARIOS / f"{name}.yaml", overrides=overrides or None)
    return result, time.perf_counter() - t0


def main() -> dict:
    out: dict = {}
    for jilin, northeast in PAIRS:
        _, t_jilin = timed(jilin)
        result, t_ne = timed(northeast)
        out[northeast] = {"jilin_only_s": t_jilin, "northeast_s": t_ne, "ratio": t_ne / t_jilin, "measures": backcast.measures(result),
                          "verdict": {c.name: (c.value, c.passed) for c in result.verdict.criteria}}
        print(f"{jilin}: {t_jilin:.1f} s | {northeast}: {t_ne:.1f} s (x {t_ne / t_jilin:.2f})")
        print("  Jilin and neighbours:", {k: round(v, 4) for k, v in out[northeast]["measures"].items()})
        if northeast == "northeast_2030":
            typical, t_typ = timed(northeast, **{"representative_periods.days": 40})
            gaps = {k: (typical.kpis[k] / result.kpis[k] - 1 if result.kpis[k] else typical.kpis[k]) for k in VERDICT_KPIS}
            out[northeast]["typical_days_40"] = {"s": t_typ, "relative_gap": gaps}
            print(f"  40 typical days: {t_typ:.1f} s; relative gap to the full year:", {k: round(v, 4) for k, v in gaps.items()})
    path = ROOT / "benchmarks" / "results" / "backcast_timing.json"
    path.write_text(json.dumps(out, indent=2, default=float))
    print(f"wrote {path}")
    return out


if __name__ == "__main__":
    main()
