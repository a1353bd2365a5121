"""The run folder: a new folder per run, never over an old one.

Holds the resolved scenario, summary.json / summary.csv (verdict, criteria,
KPIs, objective, timings, versions, input hashes), one CSV per result table and
the log. A failed run leaves FAILED.txt with the reason.
"""

from __future__ import annotations

import hashlib
import json
import math
import platform
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import yaml

from . import dictionary
from .results import Result, horizon_text

INPUTS_DIR = "inputs"
PACKAGES = ("gridmodel", "pyomo", "highspy", "pandas", "numpy", "networkx", "pydantic")
TIME_FORMAT = "%Y-%m-%d %H:%M"  # as in the input series


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """A table as CSV through pyarrow's writer, about ten times faster than
    pandas' on a year's tables (floats in shortest exact form); timestamps
    formatted as the input series are, each distinct one once."""
    out = df.copy(deep=False)
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            codes, distinct = pd.factorize(out[col])
            out[col] = distinct.strftime(TIME_FORMAT).to_numpy()[codes]
    pacsv.write_csv(pa.Table.from_pandas(out, preserve_index=False), path, pacsv.WriteOptions(quoting_style="needed"))


def new_run_dir(parent: str | Path, scenario_name: str) -> Path:
    """Create a fresh folder `<parent>/<scenario>-<time>[-k]`; never reuse one."""
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    stem = f"{scenario_name}-{datetime.now():%Y%m%d-%H%M%S}"
    for k in range(1, 1000):
        path = parent / (stem if k == 1 else f"{stem}-{k}")
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free run folder name under {parent}")


def file_hashes(files: dict[str, str]) -> dict[str, str]:
    """SHA-256 of every input file, so a run can be traced to its exact data."""
    return {role: hashlib.sha256(Path(p).read_bytes()).hexdigest() for role, p in sorted(files.items()) if Path(p).exists()}


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def summary(result: Result, scenario_file: str | None = None) -> dict:
    s = result.system
    return {
        "scenario": s.scenario.name,
        "scenario_file": scenario_file,
        "created": datetime.now().isoformat(timespec="seconds"),
        "hours": len(s.index),
        "horizon": horizon_text(s, result.tables),
        "first_hour": f"{s.index[0]:%Y-%m-%d %H:%M}",
        "last_hour": f"{s.index[-1]:%Y-%m-%d %H:%M}",
        "verdict": {
            "feasible": result.verdict.feasible,
            "failing": result.verdict.failing,
            "criteria": [c.as_dict() for c in result.verdict.criteria],
        },
        "expansion": result.tables["expansion"].to_dict("records") if "expansion" in result.tables else None,
        "kpis": {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in result.kpis.items()},
        "objective_cny": result.objective_cny,
        "solver_status": result.solver_status,
        "timings_s": result.timings_s,
        "versions": versions(),
        "input_sha256": file_hashes(s.files),
    }


def summary_rows(doc: dict) -> pd.DataFrame:
    """The summary flattened for spreadsheets: section, name, value, unit, limit, margin, passed."""
    rows = [{"section": "verdict", "name": "feasible", "value": doc["verdict"]["feasible"]}]
    rows += [
        {"section": "criterion", "name": c["name"], "value": c["value"], "unit": c["unit"], "limit": c["limit"], "margin": c["margin"], "passed": c["passed"], "where": c["where_text"]}
        for c in doc["verdict"]["criteria"]
    ]
    rows += [{"section": "kpi", "name": k, "value": v} for k, v in doc["kpis"].items()]
    rows += [{"section": "run", "name": "horizon", "value": doc["horizon"]}, {"section": "run", "name": "objective_cny", "value": doc["objective_cny"]}]
    rows += [{"section": "timing", "name": k, "value": v, "unit": "s"} for k, v in doc["timings_s"].items()]
    return pd.DataFrame(rows, columns=["section", "name", "value", "unit", "limit", "margin", "passed", "where"])


def write_run(result: Result, run_dir: Path, scenario_file: str | None = None) -> dict:
    """Write every table, then the summary (which records the write time)."""
    run_dir = Path(run_dir)
    t0 = time.perf_counter()
    (run_dir / "scenario_resolved.yaml").write_text(yaml.safe_dump(result.system.scenario.model_dump(mode="json"), sort_keys=False, allow_unicode=True))
    for name, df in result.tables.items():
        write_csv(df, run_dir / f"{name}.csv")
    write_inputs(result.system, run_dir / INPUTS_DIR)
    result.timings_s["write_s"] = time.perf_counter() - t0
    doc = summary(result, scenario_file)
    summary_rows(doc).to_csv(run_dir / "summary.csv", index=False)
    (run_dir / "summary.json").write_text(json.dumps(doc, indent=2, default=_json_default))
    dictionary.write(run_dir)
    return doc


def write_inputs(system, folder: Path) -> None:
    """The input tables as the model saw them (after capacity totals and
    edits), so a run folder explains itself and the report can draw the map."""
    folder.mkdir(exist_ok=True)
    for name, df in system.tables.items():
        write_csv(df, folder / f"{name}.csv")


def _json_default(x):
    if hasattr(x, "item"):
        return x.item()
    return str(x)


def write_failure(run_dir: Path, reason: str) -> None:
    (Path(run_dir) / "FAILED.txt").write_text(reason.rstrip() + "\n")
