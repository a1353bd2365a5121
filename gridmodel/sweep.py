"""Scenario sweeps: many variants of one base scenario, solved in parallel on dask.distributed.

A sweep file (`Sweep`) names a base scenario and the axes to vary. Each axis
sets one or more *targets* to factor x value; a target is a dotted path into
the scenario (``capacity_totals_mw.wind``, ``criteria.max_curtailment_share``)
or ``table:TABLE.COLUMN`` (that column on every row of an input table, applied
as an `Edit` after the base scenario's own edits). Axes combine as a cartesian
product or as explicit cases.

Every case is keyed by a hash of what it solves: the resolved scenario, the
contents (not the paths) of its input files and the hours. It lives in
``<out>/cases/<key>/``: a run folder (`export.new_run_dir`/`write_run`) and
``case.json``, written last and atomically. A re-run skips every case that
is done (so a crash loses nothing): solved, or failed on bad input (the key
covers all input, so it would fail again); it tries solver, internal and
worker failures again.
The sweep's folder gets ``sweep_results.csv`` (one row per case) and
``sweep_map.png`` (the verdict over two axes).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import Field, ValidationError, model_validator

from .errors import Collector, InputError, SolverError
from .export import new_run_dir, write_failure
from .files import write_text
from .scenario import load_scenario, read_yaml, resolve_scenario_dict, scenario_paths
from .schema import TABLES, Edit, Scenario, Strict

TABLE_PREFIX = "table:"
PATH_SECTIONS = ("tables.", "series.")  # targets whose values are file paths
Value = float | str


# ------------------------------------------------------------------------- schema
class Range(Strict):
    """Evenly spaced values from start to stop, both included."""

    start: float = Field(description="First value.")
    stop: float = Field(description="Last value (included when the steps reach it).")
    step: float | None = Field(None, gt=0, description="Spacing; give step or num.")
    num: int | None = Field(None, ge=2, description="Number of values; give step or num.")

    @model_validator(mode="after")
    def _one_spacing(self) -> "Range":
        if (self.step is None) == (self.num is None):
            raise ValueError("give exactly one of step or num")
        if self.stop < self.start:
            raise ValueError(f"stop ({self.stop}) must be >= start ({self.start})")
        return self

    def points(self) -> list[float]:
        n = self.num or int(np.floor((self.stop - self.start) / self.step + 1e-9)) + 1
        stop = self.stop if self.num else self.start + (n - 1) * self.step
        return [round(float(x), 9) for x in np.linspace(self.start, stop, n)]


class Axis(Strict):
    """One parameter of the sweep and the scenario settings it drives."""

    description: str = Field("", description="What the axis means, with its unit.")
    values: list[Value] | None = Field(None, description="The values taken (numbers, or text such as file paths).")
    range: Range | None = Field(None, description="The values as a range (instead of `values`).")
    sets: dict[str, float] = Field(
        default_factory=dict,
        description="Targets set to factor x value: a dotted scenario path (capacity_totals_mw.wind) or "
        "table:TABLE.COLUMN (every row of that input table) or table:TABLE[KEY=VALUE].COLUMN (the rows whose KEY is VALUE). Empty: the axis name is the target, factor 1.",
    )

    @model_validator(mode="after")
    def _check(self) -> "Axis":
        if self.values is not None and self.range is not None:
            raise ValueError("give values or range, not both")
        if self.values is not None and not self.values:
            raise ValueError("values must not be empty")
        if any(isinstance(v, str) for v in self.values or []) and any(f != 1 for f in self.sets.values()):
            raise ValueError("text values (e.g. file paths) cannot be multiplied by a factor")
        return self

    def points(self) -> list[Value] | None:
        return self.range.points() if self.range else self.values

    def targets(self, name: str) -> dict[str, float]:
        return self.sets or {name: 1.0}


class Plot(Strict):
    """The feasibility map: verdict per (x, y) cell, one panel per value of `panels`."""

    x: str = Field(description="Axis along the horizontal.")
    y: str = Field(description="Axis along the vertical.")
    panels: str | None = Field(None, description="Axis drawn as side-by-side panels.")
    at: dict[str, Value] = Field(default_factory=dict, description="Values that pin every other axis.")
    label: str = Field("curtailment_share", description="Criterion whose value is printed in each cell.")


class Sweep(Strict):
    """One sweep file. Paths are relative to the sweep file."""

    name: str = Field(description="Sweep name (the default output folder is runs/sweeps/<name>).")
    description: str = Field("", description="What the sweep asks.")
    base: str = Field(description="Base scenario file.")
    hours: int | None = Field(None, gt=0, description="Run only the first N hours of each case's horizon.")
    fixed: dict[str, Any] = Field(default_factory=dict, description="Targets set in every case (same syntax as an axis's `sets`, value as is).")
    axes: dict[str, Axis] = Field(min_length=1, description="The parameters varied, by name (the column names of the results).")
    combine: Literal["product", "cases"] = Field("product", description="product: every combination of the axes' values; cases: the listed `cases`.")
    cases: list[dict[str, Value]] = Field(default_factory=list, description="combine: cases: one value per axis for each case.")
    plot: Plot | None = Field(None, description="The feasibility map (none: no figure).")

    @model_validator(mode="after")
    def _check(self) -> "Sweep":
        targets = [t for name, a in self.axes.items() for t in a.targets(name)] + list(self.fixed)
        twice = sorted({t for t in targets if targets.count(t) > 1})
        if twice:
            raise ValueError(f"target(s) set more than once: {', '.join(twice)}")
        for t in targets:
            _check_target(t)
        if self.combine == "product":
            if self.cases:
                raise ValueError("cases are listed but combine is 'product' (set combine: cases)")
            missing = [n for n, a in self.axes.items() if a.points() is None]
            if missing:
                raise ValueError(f"axes without values or range: {', '.join(missing)}")
        else:
            if not self.cases:
                raise ValueError("combine is 'cases' but no cases are listed")
            for i, case in enumerate(self.cases):
                if set(case) != set(self.axes):
                    raise ValueError(f"cases[{i}] must give exactly the axes {sorted(self.axes)}, got {sorted(case)}")
        if self.plot:
            self._check_plot(self.plot)
        return self

    def _check_plot(self, p: Plot) -> None:
        named = [p.x, p.y] + ([p.panels] if p.panels else [])
        unknown = [a for a in named + list(p.at) if a not in self.axes]
        if unknown or len(set(named)) < len(named):
            raise ValueError(f"plot: x, y, panels must be distinct axes and `at` must name axes (unknown: {unknown})")
        if self.combine == "product":
            loose = [n for n, a in self.axes.items() if n not in named and n not in p.at and len(a.points()) > 1]
            if loose:
                raise ValueError(f"plot: pin the other axes with `at` ({', '.join(loose)})")

    def grid(self) -> list[dict[str, Value]]:
        """Every case's axis values, in order."""
        if self.combine == "cases":
            return [dict(c) for c in self.cases]
        names = list(self.axes)
        return [dict(zip(names, combo)) for combo in itertools.product(*(self.axes[n].points() for n in names))]

    def settings(self, params: dict[str, Value]) -> dict[str, Any]:
        """Target -> value for one case (fixed targets first)."""
        out = dict(self.fixed)
        for name, value in params.items():
            for target, factor in self.axes[name].targets(name).items():
                out[target] = value if isinstance(value, str) else round(float(value) * factor, 9)
        return out


def table_target(target: str) -> tuple[str, dict[str, str], str]:
    """``table:TABLE.COLUMN`` or ``table:TABLE[KEY=VALUE].COLUMN`` (only the
    rows whose KEY column equals VALUE, e.g. one link's capacity_mw)."""
    body = target.removeprefix(TABLE_PREFIX)
    if "[" not in body:
        table, _, column = body.partition(".")
        return table, {}, column
    table, _, rest = body.partition("[")
    cond, _, column = rest.partition("].")
    key, _, value = cond.partition("=")
    return table, {key: value}, column


def _check_target(target: str) -> None:
    if not target.startswith(TABLE_PREFIX):
        return
    table, where, column = table_target(target)
    for key in where:
        if table in TABLES and key not in TABLES[table].model_fields:
            raise ValueError(f"{target}: table {table!r} has no column {key!r} to select rows by")
    if table not in TABLES:
        raise ValueError(f"{target}: unknown table {table!r} (known: {', '.join(TABLES)})")
    if column not in TABLES[table].model_fields:
        raise ValueError(f"{target}: table {table!r} has no column {column!r}")


def load_sweep(path: str | Path) -> Sweep:
    """Read and check a sweep file; bad input raises `InputError` (file, field, rule)."""
    path = Path(path)
    errors = Collector()
    data = read_yaml(path, errors, "sweep")
    errors.raise_if_any()
    try:
        sweep = Sweep.model_validate(data)
    except ValidationError as exc:
        errors.add_validation(path, exc)
        raise InputError(errors.issues) from None
    if not (path.parent / sweep.base).exists():
        errors.add(path, "field base", f"base scenario {sweep.base!r} does not exist ({(path.parent / sweep.base).resolve()})")
    errors.raise_if_any()
    return sweep


# -------------------------------------------------------------------------- cases
@dataclass
class Case:
    """One point of the sweep: its axis values, resolved scenario and key."""

    params: dict[str, Value]
    key: str
    scenario: Scenario | None = None
    error: str = ""  # the base scenario with these settings is invalid


def resolve(base: Path, settings: dict[str, Any], folder: Path) -> Scenario:
    """The base scenario with a case's settings; table targets become edits
    appended after the base scenario's own."""
    overrides = {k: _absolute(k, v, folder) for k, v in settings.items() if not k.startswith(TABLE_PREFIX)}
    edits = [Edit(table=table, where=where, set={column: v}) for k, v in settings.items() if k.startswith(TABLE_PREFIX) for table, where, column in [table_target(k)]]
    if edits:
        errors = Collector()
        inherited = resolve_scenario_dict(base, errors) or {}
        errors.raise_if_any()
        overrides["edits"] = list(inherited.get("edits", [])) + [e.model_dump() for e in edits]
    return load_scenario(base, overrides)


def _absolute(target: str, value: Any, folder: Path) -> Any:
    """File paths given in a sweep are relative to the sweep file."""
    return str((folder / value).resolve()) if target.startswith(PATH_SECTIONS) and isinstance(value, str) else value


def case_key(scenario: Scenario, hours: int | None, input_sha256: dict[str, str]) -> str:
    """What a case solves: settings (without file locations), input contents, hours."""
    settings = scenario.model_dump(mode="json", exclude={"tables", "series", "extends"})
    doc = json.dumps({"scenario": settings, "inputs": input_sha256, "hours": hours}, sort_keys=True)
    return hashlib.sha256(doc.encode()).hexdigest()[:16]


def plan(sweep: Sweep, folder: Path, hours: int | None) -> list[Case]:
    """Resolve every case on the client; invalid settings become failed cases."""
    base = (folder / sweep.base).resolve()
    digests: dict[str, str] = {}
    cases = []
    for params in sweep.grid():
        try:
            scenario = resolve(base, sweep.settings(params), folder)
        except InputError as exc:
            key = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]
            cases.append(Case(params, key, error=exc.message()))
            continue
        files = scenario_paths(scenario)
        for p in files.values():
            if p not in digests:
                digests[p] = hashlib.sha256(Path(p).read_bytes()).hexdigest() if Path(p).exists() else "missing"
        cases.append(Case(params, case_key(scenario, hours, {role: digests[p] for role, p in sorted(files.items())}), scenario))
    return cases


# ------------------------------------------------------------------------ a case
def outcome(doc: dict) -> dict[str, Any]:
    """A run's summary as flat columns: verdict, each criterion's value and margin, KPIs, cost."""
    v = doc["verdict"]
    out: dict[str, Any] = {"feasible": v["feasible"], "failing": " ".join(v["failing"])}
    if doc.get("remedy"):
        out["remedy_feasible"] = doc["remedy"]["feasible"]
    for c in v["criteria"]:
        out[f"{c['name']}_value"] = c["value"]
        out[f"{c['name']}_margin"] = c["margin"]
    out.update(doc["kpis"])
    out["objective_cny"] = doc["objective_cny"]
    return out


def run_case(case: Case, hours: int | None, case_dir: Path) -> dict:
    """Solve one case into its own run folder (runs on a dask worker); never raises."""
    from . import workflow
    from .gate import prepare

    t0 = time.perf_counter()
    case_dir.mkdir(parents=True, exist_ok=True)
    run_dir = None
    try:
        system = prepare(case.scenario, hours=hours)
        run_dir = new_run_dir(case_dir, case.scenario.name)
        run = workflow.solve(system, log_file=str(run_dir / "highs.log"))
        record = {"case": case.key, **case.params, "status": "ok", "failure": "", "error": "", "run_dir": _relative(run_dir), **outcome(workflow.write(run, run_dir))}
        record["time_s"] = time.perf_counter() - t0  # the case's wall time (a windowed run's timings sum its windows' stages and count them)
    except InputError as exc:
        record = failed(case, "input", exc.message())
    except SolverError as exc:
        record = failed(case, "solver", f"solver failure: {exc}")
    except Exception:  # a bug must not stop the other cases; keep its trace
        record = failed(case, "internal", "internal error:\n" + traceback.format_exc())
    if run_dir is not None and record["status"] == "failed":
        write_failure(run_dir, record["error"])
    write_text(case_dir / "case.json", json.dumps(record, indent=2, default=str))
    return record


def _relative(run_dir: Path) -> str:
    """A run folder as seen from the sweep folder (which may move)."""
    return run_dir.relative_to(run_dir.parents[2]).as_posix()


def failed(case: Case, kind: str, error: str) -> dict:
    """The record of a case that did not solve: kind is input, solver, internal or worker."""
    return {"case": case.key, **case.params, "status": "failed", "failure": kind, "error": error}


def finished(case_dir: Path) -> dict | None:
    """The record of a case done before (solved, or failed on its input), if any."""
    try:
        record = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return record if record.get("status") == "ok" or record.get("failure") == "input" else None


# --------------------------------------------------------------------- execution
@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A client of an existing scheduler (its workers must import gridmodel and
    share this file system: each case writes its own run folder), or of a
    LocalCluster on loopback with one single-threaded process per worker. No
    dashboard, and the scheduler's remaining HTTP routes (health, metrics) take
    a free port rather than 8787, so sweeps and CI jobs side by side do not clash."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(
        n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
        host="127.0.0.1", dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.ERROR,
    ) as cluster, Client(cluster) as client:
        yield client


def execute(cases: list[Case], hours: int | None, cases_dir: Path, scheduler: str | None, workers: int | None, progress: bool) -> list[dict]:
    """Run the cases on the cluster; a case whose worker died is recorded as failed."""
    from dask.distributed import as_completed
    from tqdm import tqdm

    records = []
    with dask_client(scheduler, workers) as client:
        futures = {client.submit(run_case, c, hours, cases_dir / c.key, key=f"case-{c.key}", pure=False): c for c in cases}
        for fut in tqdm(as_completed(futures), total=len(futures), desc="cases", unit="case", disable=not progress):
            try:
                records.append(fut.result())
            except Exception as exc:  # the worker itself failed (killed, out of memory)
                records.append(failed(futures[fut], "worker", f"worker failure: {exc!r}"))
    return records


@dataclass
class SweepReport:
    """What a sweep did: the results table and where it wrote things."""

    table: pd.DataFrame
    out: Path
    ran: int
    skipped: int
    figure: Path | None = None

    @property
    def failed(self) -> int:
        return int((self.table["status"] != "ok").sum())


def run_sweep(
    path: str | Path, out: str | Path | None = None, scheduler: str | None = None,
    workers: int | None = None, hours: int | None = None, progress: bool = True,
) -> SweepReport:
    """Plan, skip what is done, solve the rest in parallel, write the table and the map."""
    path = Path(path)
    sweep = load_sweep(path)
    out = Path(out).resolve() if out else Path(__file__).resolve().parents[1] / "runs" / "sweeps" / sweep.name
    hours = hours or sweep.hours
    cases = plan(sweep, path.parent, hours)
    cases_dir = out / "cases"
    done = {c.key: r for c in cases if not c.error and (r := finished(cases_dir / c.key))}
    invalid = {c.key: failed(c, "input", c.error) for c in cases if c.error}
    todo = list({c.key: c for c in cases if c.key not in done and c.key not in invalid}.values())
    records = {**done, **invalid}
    if todo:
        records.update({r["case"]: r for r in execute(todo, hours, cases_dir, scheduler, workers, progress)})
    table = pd.DataFrame([{**records[c.key], **c.params} for c in cases])
    out.mkdir(parents=True, exist_ok=True)
    write_text(out / "sweep_resolved.yaml", yaml.safe_dump(sweep.model_dump(mode="json"), sort_keys=False, allow_unicode=True))
    write_text(out / "sweep_results.csv", table.to_csv(index=False, float_format="%.9g"))
    report = SweepReport(table, out, ran=len(todo), skipped=len(done))
    if sweep.plot:
        report.figure = feasibility_map(table, sweep, out / "sweep_map.png")
    return report


# --------------------------------------------------------------------------- map
CELL_COLOURS = {"no case": "#ffffff", "failed to run": "#b0b0b0", "not feasible": "#e8826f", "feasible": "#7cc47f"}


def _cell(rows: pd.DataFrame, label: str) -> tuple[int, str]:
    """Colour index and text of one map cell (several cases: the worst)."""
    if rows.empty:
        return 0, ""
    if (rows["status"] != "ok").any():
        return 1, "error"
    failing = sorted({name.split("_")[0] for f in rows["failing"].fillna("") for name in f.split()})
    column = f"{label}_value"
    value = f"\n{label.split('_')[0]} {rows[column].max():.3g}" if column in rows else ""
    return (2, "fails: " + ", ".join(failing) + value) if failing else (3, "ok" + value)


def _matches(df: pd.DataFrame, axis: str, value: Value) -> pd.Series:
    col = df[axis]
    return col == value if isinstance(value, str) else np.isclose(pd.to_numeric(col, errors="coerce"), float(value))


def _fmt(value: Value) -> str:
    return value if isinstance(value, str) else f"{value:g}"


def feasibility_map(table: pd.DataFrame, sweep: Sweep, path: Path) -> Path:
    """The verdict over the plot's x and y axes: colour = feasible / not / failed,
    text = failing criteria and the label criterion's value."""
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    p = sweep.plot
    df = table
    for axis, value in p.at.items():
        df = df[_matches(df, axis, value)]
    xs, ys = (list(dict.fromkeys(table[a])) for a in (p.x, p.y))
    panels = list(dict.fromkeys(table[p.panels])) if p.panels else [None]
    fig = Figure(figsize=(1.2 + 0.9 * len(xs) * len(panels) + 0.4 * len(panels), max(3.5, 1.6 + 0.7 * len(ys))), layout="constrained")
    axes = fig.subplots(1, len(panels), squeeze=False, sharey=True)[0]
    for ax, panel in zip(axes, panels):
        sub = df if panel is None else df[_matches(df, p.panels, panel)]
        codes = np.zeros((len(ys), len(xs)), dtype=int)
        for (i, y), (j, x) in itertools.product(enumerate(ys), enumerate(xs)):
            codes[i, j], text = _cell(sub[_matches(sub, p.x, x) & _matches(sub, p.y, y)], p.label)
            ax.text(j, i, text, ha="center", va="center", fontsize=7)
        ax.imshow(codes, cmap=ListedColormap(list(CELL_COLOURS.values())), vmin=0, vmax=len(CELL_COLOURS) - 1, origin="lower", aspect="auto")
        ax.set_xticks(range(len(xs)), [_fmt(x) for x in xs])
        ax.set_yticks(range(len(ys)), [_fmt(y) for y in ys])
        ax.set_xlabel(sweep.axes[p.x].description or p.x)
        ax.set_title("" if panel is None else f"{p.panels} = {_fmt(panel)}", fontsize=9)
    axes[0].set_ylabel(sweep.axes[p.y].description or p.y)
    pinned = ", ".join(f"{k} = {_fmt(v)}" for k, v in p.at.items())
    fig.suptitle(f"{sweep.name}: verdict" + (f" ({pinned})" if pinned else ""), fontsize=10)
    fig.legend(handles=[Patch(color=c, label=k) for k, c in CELL_COLOURS.items()], loc="outside lower center", ncol=4, fontsize=8)
    fig.savefig(path, dpi=120)
    return path
