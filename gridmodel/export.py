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
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import yaml

from . import dictionary
from .files import CSV_ENCODING, atomic, remove_partial, round_number, write_csv, write_text

if TYPE_CHECKING:
    from .results import Result

INPUTS_DIR = "inputs"
PACKAGES = ("gridmodel", "pyomo", "highspy", "pandas", "numpy", "networkx", "pydantic")
def new_run_dir(parent: str | Path, scenario_name: str) -> Path:
    """Create a fresh folder `<parent>/<scenario>-<time>[-k]`; never reuse one,
    never one outside `parent` (the schema makes names file-safe; this is the
    last guard)."""
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    stem = f"{scenario_name}-{datetime.now():%Y%m%d-%H%M%S}"
    for k in range(1, 1000):
        path = parent / (stem if k == 1 else f"{stem}-{k}")
        if path.resolve().parent != parent.resolve():
            raise ValueError(f"scenario name {scenario_name!r} would put the run folder outside {parent}")
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
    from .headline import mode
    from .results import horizon_text  # writing a run needs the results; reading one (excel, report) does not

    s = result.system
    return {
        "scenario": s.scenario.name,
        "scenario_file": scenario_file,
        "created": datetime.now().isoformat(timespec="microseconds"),  # orders runs written in one second
        "hours": len(s.index),
        "horizon": horizon_text(s, result.tables),
        "first_hour": f"{s.index[0]:%Y-%m-%d %H:%M}",
        "last_hour": f"{s.index[-1]:%Y-%m-%d %H:%M}",
        "mode": mode(result),
        "verdict": verdict(result),
        "expansion": result.tables["expansion"].to_dict("records") if "expansion" in result.tables else None,
        "kpis": result.kpis,
        "objective_cny": result.objective_cny,
        "solver_status": result.solver_status,
        "timings_s": result.timings_s,
        "versions": versions(),
        "input_sha256": file_hashes(s.files),
        "warnings": [str(w) for w in s.warnings],  # plausibility.py: likely unit slips in the input
    }


def verdict(result: Result) -> dict:
    return {"feasible": result.verdict.feasible, "failing": result.verdict.failing, "criteria": [c.as_dict() for c in result.verdict.criteria]}


COUNTS = {"windows", "workers", "simplex_iterations", "cold_retries"}  # timing entries that are counts, not seconds


def summary_rows(doc: dict) -> pd.DataFrame:
    """The summary flattened for spreadsheets: section, name, value, unit,
    limit, margin, passed, where; every row has a unit."""
    rows = [{"section": "verdict", "name": "feasible", "value": doc["verdict"]["feasible"], "unit": "true/false"}]
    if doc.get("remedy"):
        rows.append({"section": "remedy", "name": "feasible (checked hour by hour)", "value": doc["remedy"]["feasible"], "unit": "true/false"})
    rows += [
        {"section": "criterion", "name": c["name"], "value": c["value"], "unit": c["unit"], "limit": c["limit"], "margin": c["margin"], "passed": c["passed"], "where": c["where_text"]}
        for c in doc["verdict"]["criteria"]
    ]
    rows += [{"section": "kpi", "name": k, "value": v, "unit": dictionary.unit_of(k) or "-"} for k, v in doc["kpis"].items()]
    rows += [{"section": "run", "name": k, "value": doc[k], "unit": unit} for k, unit in RUN_FIELDS.items()]
    rows.append({"section": "run", "name": "mode", "value": doc["mode"]["key"], "unit": "text"})
    rows += [{"section": "timing", "name": k, "value": v, "unit": "count" if k in COUNTS else "s"} for k, v in doc["timings_s"].items()]
    rows += [{"section": "version", "name": k, "value": v, "unit": "version"} for k, v in doc["versions"].items()]
    rows += [{"section": "input", "name": k, "value": v, "unit": "sha256"} for k, v in doc["input_sha256"].items()]
    rows += [{"section": "warning", "name": f"input {i + 1}", "value": w, "unit": "text"} for i, w in enumerate(doc.get("warnings", []))]
    return pd.DataFrame(rows, columns=["section", "name", "value", "unit", "limit", "margin", "passed", "where"])


RUN_FIELDS = {"scenario": "name", "hours": "h", "horizon": "text", "first_hour": "timestamp", "last_hour": "timestamp", "objective_cny": "CNY", "solver_status": "HiGHS status"}
"""summary.json's top-level facts of a run that summary.csv repeats, with their units."""


def finite_json(doc, path: str = "", flagged: list | None = None):
    """A copy of `doc` with every NaN or infinity replaced by null, and the
    dotted paths of those values in `flagged`: JSON has no NaN."""
    if isinstance(doc, dict):
        return {k: finite_json(v, f"{path}.{k}" if path else str(k), flagged) for k, v in doc.items()}
    if isinstance(doc, (list, tuple)):
        return [finite_json(v, f"{path}[{i}]", flagged) for i, v in enumerate(doc)]
    if isinstance(doc, (float, np.floating)) and not math.isfinite(doc):
        flagged.append(path)
        return None
    return doc.item() if isinstance(doc, np.generic) else doc


def json_text(doc: dict) -> str:
    """summary.json: valid JSON (non-finite numbers as null, listed under `non_finite`)."""
    flagged: list[str] = []
    clean = finite_json(doc, flagged=flagged)
    clean["non_finite"] = flagged
    return json.dumps(clean, indent=2, default=str, allow_nan=False)


def write_run(result: Result, run_dir: Path, scenario_file: str | None = None, extra: dict | None = None) -> dict:
    """Write every table, then the summary (which records the write time);
    `extra`: summary entries that replace or add to the result's own (a
    remedy run's verdict as it is, its remedy, why it fails)."""
    run_dir = Path(run_dir)
    t0 = time.perf_counter()
    write_text(run_dir / "scenario_resolved.yaml", yaml.safe_dump(result.system.scenario.model_dump(mode="json"), sort_keys=False, allow_unicode=True))
    for name, df in result.tables.items():
        write_csv(df, run_dir / f"{name}.csv")
    write_inputs(result.system, run_dir / INPUTS_DIR)
    result.timings_s["write_s"] = time.perf_counter() - t0
    doc = {**summary(result, scenario_file), **(extra or {})}
    with atomic(run_dir / "summary.csv") as tmp:  # mixed types per column: pandas' writer
        summary_rows(doc).map(round_number).to_csv(tmp, index=False, encoding=CSV_ENCODING)
    write_text(run_dir / "summary.json", json_text(doc))
    dictionary.write(run_dir)
    from . import excel  # it reads the files just written

    excel.write(run_dir)
    return doc


def write_inputs(system, folder: Path) -> None:
    """The input tables as the model saw them (after capacity totals and
    edits), so a run folder explains itself and the report can draw the map."""
    folder.mkdir(exist_ok=True)
    for name, df in system.tables.items():
        write_csv(df, folder / f"{name}.csv")


def write_failure(run_dir: Path, reason: str) -> None:
    """FAILED.txt with the reason; half-written files of the run are removed."""
    remove_partial(run_dir)
    write_text(Path(run_dir) / "FAILED.txt", reason.rstrip() + "\n")
