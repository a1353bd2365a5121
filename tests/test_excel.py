"""results.xlsx: every sheet's numbers are the run folder's CSVs and summary
(summed by hand here), with units in the headers, number formats and a
frozen header row."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from cases import curtailed_run
from gridmodel import excel

GWH = 1e3


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    run_dir = curtailed_run(tmp_path_factory.mktemp("xlsx"))
    pd.DataFrame(  # as a remedy run writes it: one candidate used, one not
        {"candidate": ["line_ab", "battery_a"], "kind": ["link", "storage"], "where": ["a_b", "a"], "unit": ["MW", "MW"], "added": [150.0, 0.0], "annualised_cost_cny_per_unit": [1e5, 2e5], "annualised_cost_cny": [1.5e7, 0.0]}
    ).to_csv(run_dir / "expansion.csv", index=False)
    excel.write(run_dir)
    return run_dir


def frame(ws) -> pd.DataFrame:
    rows = list(ws.iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


@pytest.fixture(scope="module")
def book(run_dir):
    return openpyxl.load_workbook(run_dir / excel.XLSX)


def csv(run_dir, name):
    df = pd.read_csv(run_dir / f"{name}.csv", encoding="utf-8-sig")
    if "timestamp" in df:
        df["timestamp"] = pd.to_datetime(df["timestamp"])
    return df


def test_every_sheet_has_a_frozen_bold_header_and_no_partial_file_is_left(run_dir, book):
    assert book.sheetnames == ["verdict", "KPIs", "capacities", "energy by month", "curtailment by month", "additions", "data dictionary"]
    for ws in book:
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.font.bold for c in ws[1]), ws.title
        assert ws.column_dimensions["A"].width > 5
    assert not list(run_dir.glob("*.partial"))


def test_verdict_sheet_is_the_summary_with_percent_formats(run_dir, book):
    doc = json.loads((run_dir / "summary.json").read_text())
    ws = book["verdict"]
    sheet = frame(ws).set_index("criterion")
    assert sheet.iloc[0]["result"] == "NOT FEASIBLE"
    for c in doc["verdict"]["criteria"]:
        row = sheet.loc[c["name"]]
        assert (row["value"], row["limit"], row["margin"]) == pytest.approx((c["value"], c["limit"], c["margin"]), rel=1e-9, abs=1e-9)
        assert row["unit"] == c["unit"] and row["result"] == ("pass" if c["passed"] else "FAIL")
    curtailment = 2 + list(sheet.index[1:]).index("curtailment_share") + 1
    assert ws.cell(curtailment, 3).number_format == "0.00%"
    assert sheet.loc["curtailment_share", "result"] == "FAIL" and "51,480" in sheet.loc["curtailment_share", "where and when"]


def test_kpis_match_summary_csv(run_dir, book):
    summary = csv(run_dir, "summary")
    kpis = summary[summary["section"] == "kpi"].set_index("name")
    sheet = frame(book["KPIs"]).set_index("KPI")
    assert list(sheet.index) == list(kpis.index)
    assert sheet["value"].astype(float).to_numpy() == pytest.approx(kpis["value"].astype(float).to_numpy(), rel=1e-6, abs=1e-6, nan_ok=True)  # NaN: an empty cell
    assert (sheet["unit"] == kpis["unit"]).all()


def test_capacities_sum_the_input_tables(run_dir, book):
    sheet = frame(book["capacities"]).set_index(["table", "name"])["capacity (MW)"]
    assert sheet[("renewables", "wind")] == pytest.approx(csv(run_dir, "inputs/renewables")["capacity_mw"].sum())
    assert sheet[("thermal", "coal")] == 400 and sheet[("links", "a_b")] == 50


def test_monthly_energy_and_curtailment_sum_the_hourly_csvs(run_dir, book):
    energy = frame(book["energy by month"]).set_index(["zone", "technology"])
    assert list(energy.columns) == ["month 1 (GWh)", "month 2 (GWh)", "total (GWh)"]
    for table, zone, tech in (("renewables", "a", "wind"), ("thermal", "b", "coal")):
        df = csv(run_dir, table)
        df = df[(df["zone"] == zone) & (df["technology"] == tech)]
        by_month = df.groupby(df["timestamp"].dt.month)["p_mw"].sum() / GWH
        assert energy.loc[(zone, tech)].to_numpy(dtype=float) == pytest.approx([by_month[1], by_month[2], by_month.sum()], rel=1e-9)
    kpis = json.loads((run_dir / "summary.json").read_text())["kpis"]
    assert energy["total (GWh)"].sum() * GWH == pytest.approx(kpis["generation_mwh"], rel=1e-6)
    curtailed = frame(book["curtailment by month"]).set_index("zone")
    r = csv(run_dir, "renewables")
    assert curtailed.loc["a", "month 2 (GWh)"] == pytest.approx(r[r["timestamp"].dt.month == 2]["curtailment_mw"].sum() / GWH, rel=1e-9)
    assert curtailed["total (GWh)"].sum() * GWH == pytest.approx(kpis["curtailment_mwh"], rel=1e-6)
    assert book["curtailment by month"].cell(2, 2).number_format == "#,##0.0"


def test_additions_are_the_used_candidates(book):
    sheet = frame(book["additions"])
    assert list(sheet["candidate"]) == ["line_ab"]
    assert sheet.loc[0, "annualised cost (CNY/a)"] == 1.5e7 and sheet.loc[0, "added (in unit)"] == 150


def test_data_dictionary_sheet_is_the_csv(run_dir, book):
    sheet = frame(book["data dictionary"])
    assert len(sheet) == len(csv(run_dir, "data_dictionary"))
    assert {"file", "column", "unit", "meaning"} <= set(sheet.columns)
