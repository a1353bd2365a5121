"""The data dictionary covers every column of every CSV a run writes, with a
unit taken from the schema (inputs) or the column's name (results)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cases import example_run
from gridmodel import dictionary
from gridmodel.schema import TABLES

DOCS = Path(__file__).resolve().parents[1] / "docs" / "data_dictionary.md"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return example_run(tmp_path_factory.mktemp("runs"))


@pytest.fixture(scope="module")
def entries(run_dir):
    return pd.read_csv(run_dir / dictionary.CSV, keep_default_na=False)


def csv_columns(run_dir: Path) -> set[tuple[str, str]]:
    return {(p.relative_to(run_dir).as_posix(), c) for p in run_dir.rglob("*.csv") for c in pd.read_csv(p, nrows=0).columns}


def test_every_column_of_every_csv_has_a_meaning(run_dir, entries):
    described = set(zip(entries["file"], entries["column"]))
    missing = csv_columns(run_dir) - described
    assert not missing, f"columns without a dictionary entry: {sorted(missing)}"
    blank = entries[entries["meaning"].str.strip() == ""]
    assert blank.empty, f"no meaning (add it to dictionary.MEANINGS or KPIS): {blank[['file', 'column']].values.tolist()}"


def test_every_kpi_of_the_summary_is_described(run_dir, entries):
    summary = pd.read_csv(run_dir / "summary.csv")
    kpis = {f"kpi:{name}" for name in summary.loc[summary["section"] == "kpi", "name"]}
    assert kpis <= set(entries.loc[entries["file"] == "summary.csv", "column"])


def test_units_come_from_the_column_names(entries):
    unit = dict(zip(zip(entries["file"], entries["column"]), entries["unit"]))
    assert unit[("thermal.csv", "p_mw")] == "MW"
    assert unit[("heat.csv", "demand_mw_th")] == "MWth"
    assert unit[("thermal.csv", "coal_tce")] == "tce"
    assert unit[("thermal.csv", "co2_t")] == "t"
    assert unit[("zones.csv", "price_cny_per_mwh")] == "CNY/MWh"
    assert unit[("flows.csv", "loading_pu")] == "p.u."
    assert unit[("summary.csv", "kpi:curtailment_mwh")] == "MWh"


def test_input_columns_reuse_the_schema(entries):
    inputs = entries[entries["file"].str.startswith("inputs/")]
    assert not inputs.empty
    for row in inputs.itertuples(index=False):
        field = TABLES[Path(row.file).stem].model_fields[row.column]
        assert row.meaning == field.description
        assert row.unit == (field.json_schema_extra or {}).get("unit", dictionary.unit_of(row.column))


def test_shipped_markdown_lists_every_column_of_the_example_run(run_dir):
    doc = DOCS.read_text(encoding="utf-8")
    sections = {s.split("\n", 1)[0].strip(): s for s in doc.split("\n## ")[1:]}
    for file, column in sorted(csv_columns(run_dir)):
        assert file in sections and f"| `{column}` |" in sections[file], f"{file}:{column} missing from {DOCS.name}; {dictionary.REGENERATE}"
