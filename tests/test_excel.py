"""results.xlsx: every sheet's numbers are the run folder's CSVs and summary
(summed and scaled by hand here), in the unit their size calls for with the
unit in the header or a unit column, a provenance block on every sheet and a
frozen header row; in Chinese for a Chinese run, beside the English one when
asked for another language."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest
import yaml

from cases import curtailed_run
from gridmodel import excel

GWH = 1e3
SHEETS_EN = ["verdict", "KPIs", "capacities", "energy by month", "curtailment by month", "additions", "inputs and assumptions", "data dictionary"]
SHEETS_ZH = ["结论", "主要指标", "装机容量", "逐月发电量", "逐月弃风弃光", "新增设施", "输入与假设", "数据字典"]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    run_dir = curtailed_run(tmp_path_factory.mktemp("xlsx"))
    pd.DataFrame(  # as a remedy run writes it: one candidate used, one not
        {"candidate": ["line_ab", "battery_a"], "kind": ["link", "storage"], "where": ["a_b", "a"], "unit": ["MW", "MW"], "added": [150.0, 0.0], "annualised_cost_cny_per_unit": [1e5, 2e5], "annualised_cost_cny": [1.5e7, 0.0]}
    ).to_csv(run_dir / "expansion.csv", index=False)
    excel.write(run_dir)
    return run_dir


def frame(ws) -> pd.DataFrame:
    rows = list(ws.iter_rows(values_only=True))[excel.HEADER_ROW - 1 :]
    return pd.DataFrame(rows[1:], columns=rows[0])


def block(ws) -> dict:
    return {r[0]: r[1] for r in ws.iter_rows(max_row=len(excel.PROVENANCE), values_only=True)}


@pytest.fixture(scope="module")
def book(run_dir):
    return openpyxl.load_workbook(run_dir / excel.XLSX)


def csv(run_dir, name):
    df = pd.read_csv(run_dir / f"{name}.csv", encoding="utf-8-sig")
    if "timestamp" in df:
        df["timestamp"] = pd.to_datetime(df["timestamp"])
    return df


def test_every_sheet_has_the_provenance_block_and_a_frozen_bold_header(run_dir, book):
    doc = json.loads((run_dir / "summary.json").read_text())
    assert book.sheetnames == SHEETS_EN
    for ws in book:
        assert block(ws) == {"scenario": doc["scenario"], "mode": "Solved as one LP over the horizon: good for everything: the exact optimum, hour by hour.", "horizon": doc["horizon"], "version": f"gridmodel {doc['versions']['gridmodel']}", "date": doc["created"][:19], "run folder": str(run_dir.resolve())}, ws.title
        assert ws.freeze_panes == f"A{excel.HEADER_ROW + 1}", ws.title
        assert all(c.font.bold for c in ws[excel.HEADER_ROW]), ws.title
        assert ws.column_dimensions["A"].width > 5
    assert not list(run_dir.glob("*.partial"))


def test_verdict_sheet_is_the_summary_in_percent_with_the_margin_in_points(run_dir, book):
    doc = json.loads((run_dir / "summary.json").read_text())
    ws = book["verdict"]
    sheet = frame(ws).set_index("criterion")
    assert sheet.iloc[0]["result"] == "NOT FEASIBLE"
    for c in doc["verdict"]["criteria"]:
        row = sheet.loc[c["name"]]
        factor = 100 if c["unit"] == "p.u." else 1
        assert (row["value"], row["limit"], row["margin"]) == pytest.approx((factor * c["value"], factor * c["limit"], factor * c["margin"]), rel=1e-9, abs=1e-9)
        assert row["result"] == ("pass" if c["passed"] else "FAIL")
    share = sheet.loc["curtailment_share"]
    curtailed_gwh = csv(run_dir, "renewables")["curtailment_mw"].sum() / GWH  # 51.5
    assert (share["unit"], share["margin unit"], share["result"]) == ("%", "percentage points", "FAIL") and f"zones: a {curtailed_gwh:.1f} GWh" in share["where and when"]
    assert ws.cell(excel.HEADER_ROW + 1 + list(sheet.index).index("curtailment_share"), 4).number_format == "#,##0.0"  # 59.1


def test_energy_kpis_are_in_gwh_or_twh_with_the_csvs_value(run_dir, book):
    summary = csv(run_dir, "summary")
    kpis = summary[summary["section"] == "kpi"].set_index("name")
    sheet = frame(book["KPIs"]).set_index("id")
    assert list(sheet.index) == list(kpis.index)
    factors = {"GWh": 1e3, "TWh": 1e6, "MWh": 1.0, "GW": 1e3, "MW": 1.0, "%": 0.01}
    load = sheet.loc["load_mwh"]
    assert load["unit"] == "GWh" and load["value"] * 1e3 == pytest.approx(float(kpis.loc["load_mwh", "value"]), rel=1e-9)  # 74 GWh, not 74,400 MWh
    for k, row in sheet.iterrows():
        if row["unit"] in factors and pd.notna(row["value"]):
            assert row["value"] * factors[row["unit"]] == pytest.approx(float(kpis.loc[k, "value"]), rel=1e-6, abs=1e-6), k
    assert {"GWh", "%"} <= set(sheet["unit"]) and "MWh" not in set(sheet.loc[sheet["value"].abs() >= 1e3, "unit"])


def test_capacities_sum_the_input_tables(run_dir, book):
    sheet = frame(book["capacities"]).set_index(["table", "name"])["capacity (MW)"]
    assert sheet[("renewables", "wind")] == pytest.approx(csv(run_dir, "inputs/renewables")["capacity_mw"].sum())
    assert sheet[("thermal", "coal")] == 400 and sheet[("links", "a_b")] == 50


def test_monthly_energy_and_curtailment_with_its_rate_sum_the_hourly_csvs(run_dir, book):
    energy = frame(book["energy by month"]).set_index(["zone", "technology"])
    assert list(energy.columns) == ["month 1 (GWh)", "month 2 (GWh)", "total (GWh)"]
    for table, zone, tech in (("renewables", "a", "wind"), ("thermal", "b", "coal")):
        df = csv(run_dir, table)
        df = df[(df["zone"] == zone) & (df["technology"] == tech)]
        by_month = df.groupby(df["timestamp"].dt.month)["p_mw"].sum() / GWH
        assert energy.loc[(zone, tech)].to_numpy(dtype=float) == pytest.approx([by_month[1], by_month[2], by_month.sum()], rel=1e-9)
    kpis = json.loads((run_dir / "summary.json").read_text())["kpis"]
    assert energy["total (GWh)"].sum() * GWH == pytest.approx(kpis["generation_mwh"], rel=1e-6)
    curtailed = frame(book["curtailment by month"]).set_index(["zone", "month"])
    r = csv(run_dir, "renewables")
    feb = r[r["timestamp"].dt.month == 2]
    assert curtailed.loc[("a", 2), "curtailed (GWh)"] == pytest.approx(feb["curtailment_mw"].sum() / GWH, rel=1e-9)
    assert curtailed.loc[("a", 2), "curtailment rate (%)"] == pytest.approx(100 * feb["curtailment_mw"].sum() / feb["available_mw"].sum(), rel=1e-9)
    assert curtailed.loc[("all zones", "horizon"), "curtailed (GWh)"] * GWH == pytest.approx(kpis["curtailment_mwh"], rel=1e-6)
    assert curtailed.loc[("all zones", "horizon"), "curtailment rate (%)"] == pytest.approx(100 * kpis["curtailment_share"], rel=1e-6)


def test_additions_are_the_used_candidates_in_m_cny(book):
    sheet = frame(book["additions"])
    assert list(sheet["candidate"]) == ["line_ab"]
    assert sheet.loc[0, "annualised cost (M CNY/a)"] == 15 and sheet.loc[0, "added"] == 150


def test_inputs_sheet_gives_value_unit_and_source_kind(run_dir, book):
    sheet = frame(book["inputs and assumptions"]).set_index("input")
    assert (sheet.loc["corridor a_b", "value"], sheet.loc["corridor a_b", "unit"], sheet.loc["corridor a_b", "source kind"]) == (50, "MW", "sourced")
    assert sheet.loc["limit: curtailment_share", "value"] == pytest.approx(5) and sheet.loc["limit: curtailment_share", "source kind"] == "target"


def test_data_dictionary_sheet_is_the_csv(run_dir, book):
    sheet = frame(book["data dictionary"])
    assert len(sheet) == len(csv(run_dir, "data_dictionary"))
    assert {"file", "column", "unit", "meaning"} <= set(sheet.columns)


def test_a_chinese_run_has_a_chinese_workbook_and_english_is_written_beside_it(run_dir, tmp_path):
    import shutil

    zh_dir = tmp_path / run_dir.name
    shutil.copytree(run_dir, zh_dir)
    resolved = yaml.safe_load((zh_dir / "scenario_resolved.yaml").read_text())
    (zh_dir / "scenario_resolved.yaml").write_text(yaml.safe_dump({**resolved, "language": "zh"}, allow_unicode=True))
    assert excel.write(zh_dir) == zh_dir / excel.XLSX
    book = openpyxl.load_workbook(zh_dir / excel.XLSX)
    assert book.sheetnames == SHEETS_ZH
    assert list(block(book["结论"])) == ["情景", "计算方式", "计算时段", "版本", "日期", "结果文件夹"]
    verdict = frame(book["结论"]).set_index("判据")
    assert verdict.iloc[0]["结果"] == "不可行" and verdict.loc["弃风弃光率", "结果"] == "不满足" and verdict.loc["弃风弃光率", "裕度单位"] == "个百分点"
    assert verdict.loc["弃风弃光率", "发生地点与时间"].startswith("分区: a ") and "1月" in verdict.loc["弃风弃光率", "发生地点与时间"]
    assert frame(book["新增设施"]).loc[0, "年化成本 (万元/年)"] == 1500  # 1.5e7 CNY
    assert "用电量" in set(frame(book["主要指标"])["指标"])
    english = zh_dir / excel.XLSX.replace(".xlsx", "_en.xlsx")
    assert excel.write(zh_dir, "en") == english and openpyxl.load_workbook(english).sheetnames == SHEETS_EN
    assert openpyxl.load_workbook(zh_dir / excel.XLSX).sheetnames == SHEETS_ZH  # not written over
