"""Typical days (the quick look) against the full year, month by month.

Reads the full year from a run folder (`gridmodel run SCENARIO`, default
mode, written once: Northeast 2030 takes minutes) and runs the quick look
(`gridmodel run SCENARIO --typical-days N`, default N = the schema's) into a
temporary folder, timing it end to end as the CLI does; or reads both from
run folders:

    .venv/bin/python benchmarks/typical_days_accuracy.py data/scenarios/jilin_2030.yaml --year runs/jilin_2030-...
    .venv/bin/python benchmarks/typical_days_accuracy.py --year runs/northeast_2030-... --quick runs/northeast_2030-...

Prints, per month and for the year: curtailment (TWh), storage discharge
(GWh) and coal (Mtce), quick look against full year (%), and the checks of
issue 33: annual curtailment within 1 %, every month with more than 0.2 TWh
of curtailment within 20 %, storage throughput within 20 %, coal within 1 %.
Timings on a shared machine are noisy: the CPU seconds are printed too.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
JILIN = HERE.parent / "data" / "scenarios" / "jilin_2030.yaml"
QUANTITIES = {  # name: (CSV, column, divisor to the unit, unit)
    "curtailment": ("renewables.csv", "curtailment_mw", 1e6, "TWh"),
    "storage discharge": ("storage.csv", "discharge_mw", 1e3, "GWh"),
    "coal": ("thermal.csv", "coal_tce", 1e6, "Mtce"),
}
MONTH_MIN_TWH = 0.2  # months with less curtailment are not held to the month bound
BOUNDS = {"year curtailment": 1.0, "month curtailment": 20.0, "storage discharge": 20.0, "coal": 1.0}  # %, issue 33


def monthly(folder: Path) -> pd.DataFrame:
    """Months x quantities of a run folder, each hour weighted by the hours it
    stands for (weight_h in a typical-day run, 1 otherwise)."""
    out = {}
    for name, (csv, col, divisor, _) in QUANTITIES.items():
        df = pd.read_csv(folder / csv, encoding="utf-8-sig", usecols=lambda c: c in ("timestamp", col, "weight_h"), parse_dates=["timestamp"])
        w = df["weight_h"] if "weight_h" in df else 1.0
        out[name] = (df[col] * w).groupby(df["timestamp"].dt.month).sum() / divisor
    return pd.DataFrame(out).fillna(0.0)


def quick_look(scenario: Path, days: int | None, out: Path) -> tuple[Path, float, float]:
    """Run the quick look with the CLI; its folder, end-to-end wall seconds
    and CPU seconds (user + system of the process: on a shared machine the
    wall time is mostly waiting)."""
    cmd = [sys.executable, "-c", "from gridmodel.cli import main; main()", "run", str(scenario), "--out", str(out), "--typical-days", str(days or default_days())]
    t0, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return next(out.iterdir()), time.perf_counter() - t0, cpu


def default_days() -> int:
    from gridmodel.schema import RepresentativePeriods

    return RepresentativePeriods().days


def relative(quick: float, year: float) -> float:
    return 100 * (quick - year) / year if year else 0.0


def table(year: pd.DataFrame, quick: pd.DataFrame) -> tuple[str, dict[str, float]]:
    """The month-by-month table (markdown) and the worst errors (%) checked by issue 33."""
    units = {name: q[3] for name, q in QUANTITIES.items()}
    head = "| month | " + " | ".join(f"{n} year {units[n]} | quick | error" for n in QUANTITIES) + " |"
    lines = [head, "|" + "---|" * (1 + 3 * len(QUANTITIES))]
    for m in year.index:
        cells = " | ".join(f"{year.at[m, n]:.3f} | {quick.at[m, n] if m in quick.index else 0:.3f} | {relative(quick.at[m, n] if m in quick.index else 0, year.at[m, n]):+.1f} %" for n in QUANTITIES)
        lines.append(f"| {m} | {cells} |")
    ys, qs = year.sum(), quick.sum()
    lines.append("| year | " + " | ".join(f"{ys[n]:.3f} | {qs[n]:.3f} | {relative(qs[n], ys[n]):+.2f} %" for n in QUANTITIES) + " |")
    big = year.index[year["curtailment"] > MONTH_MIN_TWH]
    month_errors = [abs(relative(quick["curtailment"].get(m, 0.0), year.at[m, "curtailment"])) for m in big]
    worst = {
        "year curtailment": abs(relative(qs["curtailment"], ys["curtailment"])),
        "month curtailment": max(month_errors, default=0.0),
        "storage discharge": abs(relative(qs["storage discharge"], ys["storage discharge"])),
        "coal": abs(relative(qs["coal"], ys["coal"])),
    }
    return "\n".join(lines), worst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", type=Path, default=JILIN)
    ap.add_argument("--year", type=Path, required=True, help="run folder of the full year (default mode)")
    ap.add_argument("--quick", type=Path, help="run folder of the quick look (else it is run here)")
    ap.add_argument("--days", type=int, help="typical days of the quick look (default: the schema's)")
    args = ap.parse_args()
    year = monthly(args.year)
    with tempfile.TemporaryDirectory() as tmp:
        folder, seconds, cpu = (args.quick, None, None) if args.quick else quick_look(args.scenario, args.days, Path(tmp))
        quick = monthly(folder)
        text, worst = table(year, quick)
    print(f"full year: {args.year}\nquick look: {args.quick or f'{args.days or default_days()} typical days'}" + (f", {seconds:.1f} s end to end, {cpu:.1f} s of CPU (shared machine: the wall time is noisy)" if seconds else ""))
    print(text)
    print(f"\nchecks (months with more than {MONTH_MIN_TWH} TWh of curtailment):")
    for name, err in worst.items():
        print(f"  {name:<20} worst {err:6.2f} %  bound {BOUNDS[name]:g} %  {'ok' if err <= BOUNDS[name] else 'MISSED'}")


if __name__ == "__main__":
    main()
