"""One workflow (gridmodel/workflow.py) for the command line and Python: what
`gridmodel run --expand --attribute` writes, `gridmodel.run` computes and
`workflow.write` writes too, the remedy's hourly check and curtailment by
cause among it."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import gridmodel
from cases import EXAMPLE
from gridmodel import workflow
from gridmodel.cli import app
from gridmodel.export import new_run_dir

HOURS = 48


def csv_files(run_dir: Path) -> set[str]:
    return {p.relative_to(run_dir).as_posix() for p in run_dir.rglob("*.csv")}


def numbers(doc: dict) -> dict:
    """summary.json's KPIs, a non-finite one (null) as NaN."""
    return {k: math.nan if v is None else v for k, v in doc["kpis"].items()}


def test_python_gets_and_writes_what_the_cli_does(tmp_path):
    run = gridmodel.run(EXAMPLE, HOURS, remedy="feasibility", attribute=True)
    assert run.remedies[0].check.verdict.criteria and len(run.attribution.causes)
    py_dir = new_run_dir(tmp_path / "python", "example")
    workflow.write(run, py_dir, str(EXAMPLE))

    done = CliRunner().invoke(app, ["run", str(EXAMPLE), "--hours", str(HOURS), "--expand", "--attribute", "--out", str(tmp_path / "cli")])
    assert done.exit_code == 0, done.output
    cli_dir = next((tmp_path / "cli").iterdir())

    assert {"hourly_check/summary.csv", "remedy_cost.csv", "remedy_rounds.csv", "curtailment_by_cause.csv"} <= csv_files(py_dir)
    assert csv_files(py_dir) == csv_files(cli_dir)
    for folder in (".", "hourly_check"):
        python, cli = (json.loads((d / folder / "summary.json").read_text(encoding="utf-8")) for d in (py_dir, cli_dir))
        assert python["verdict"] == cli["verdict"] and python["objective_cny"] == pytest.approx(cli["objective_cny"], rel=1e-9)
        assert numbers(python) == pytest.approx(numbers(cli), rel=1e-9, nan_ok=True)
    for name in ("remedy_cost.csv", "curtailment_by_cause.csv"):
        pd.testing.assert_frame_equal(*(pd.read_csv(d / name, encoding="utf-8-sig") for d in (py_dir, cli_dir)), rtol=1e-9)
