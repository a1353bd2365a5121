"""How far the one LP's own storage throughput can move at its optimal cost.

    python benchmarks/throughput_range.py --hours 2160            # Jilin 2030's first quarter
    python benchmarks/throughput_range.py --hours 2160 --tol 1e-5
    python benchmarks/throughput_range.py --hours 2160 --at 26321.2  # the cheapest year discharging exactly that

Solves the one LP over the first `hours` of Jilin 2030, then, among the
solutions costing at most the optimum plus `tol` times the gross cost
(the objective's positive terms), the least and the most storage discharge
(the throughput windows_vs_exact.py compares). A range wider than the
windows' miss means the one LP does not pin the throughput down: there are
optima that cycle more or less. With `--at`, instead: the least cost of
a solution discharging exactly each given throughput (a windowed run's),
above the optimum as a fraction of the gross cost: at or below the
windows' own gap, the one LP reaches their throughput for no more than
they pay, and the throughput's miss says nothing the objective's does not.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import highspy
import numpy as np

SCENARIO = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "jilin_2030.yaml"


def main() -> None:
    from gridmodel import load_system, select_hours
    from gridmodel.model.build import build_model
    from gridmodel.periods import system_and_horizon
    from gridmodel.solve import compile_matrix, highs_options, to_highs

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hours", type=int, default=2160)
    ap.add_argument("--tol", type=float, default=1e-6, help="cost allowed above the optimum, fraction of the gross cost")
    ap.add_argument("--at", type=float, nargs="*", help="throughputs (MWh) to hold the one LP to, one at a time")
    a = ap.parse_args()
    system, horizon = system_and_horizon(select_hours(load_system(SCENARIO), a.hours))
    ctx = build_model(system, horizon)
    matrix = compile_matrix(ctx)
    h = to_highs(matrix, highs_options(ctx))
    discharge = matrix.position[ctx.vars["Storage_Discharge_MW"].columns.ravel()]
    discharge = discharge[discharge >= 0]
    t = time.perf_counter()
    h.run()
    optimum = h.getInfo().objective_function_value
    x = np.asarray(h.getSolution().col_value)
    gross = float(np.sum(np.maximum(matrix.c * x, 0.0)))
    print(f"one LP ({a.hours} h): {time.perf_counter() - t:.1f} s, objective {optimum:.9g} CNY, gross cost {gross:.6g}, throughput {x[discharge].sum():.6g} MWh", flush=True)
    if a.at:
        cost_at(h, discharge, a.at, optimum, gross)
        return
    cost_cols = np.flatnonzero(matrix.c)
    h.addRow(-highspy.kHighsInf, optimum - matrix.offset + a.tol * gross, len(cost_cols), cost_cols, matrix.c[cost_cols])
    h.changeColsCost(len(cost_cols), cost_cols, np.zeros(len(cost_cols)))
    for sense, label in ((1.0, "least"), (-1.0, "most")):
        h.changeColsCost(len(discharge), discharge, np.full(len(discharge), sense))
        t = time.perf_counter()
        h.run()
        y = np.asarray(h.getSolution().col_value)
        print(f"{label} throughput within +{a.tol:g} of the gross cost: {y[discharge].sum():.6g} MWh ({h.modelStatusToString(h.getModelStatus())}, {time.perf_counter() - t:.1f} s)", flush=True)


def cost_at(h: highspy.Highs, discharge: np.ndarray, throughputs: list[float], optimum: float, gross: float) -> None:
    """The one LP held to each throughput in turn (a row sum of discharge = value, removed after): its cost above the optimum."""
    row = h.getNumRow()
    for value in throughputs:
        h.addRow(value, value, len(discharge), discharge, np.ones(len(discharge)))
        t = time.perf_counter()
        h.run()
        cost = h.getInfo().objective_function_value
        print(f"throughput {value:.6g} MWh: least cost {cost:.9g} CNY, +{cost - optimum:.6g} CNY = {(cost - optimum) / gross:+.3e} of the gross cost ({h.modelStatusToString(h.getModelStatus())}, {time.perf_counter() - t:.1f} s)", flush=True)
        h.deleteRows(1, np.array([row]))


if __name__ == "__main__":
    main()
