"""results.xlsx: the run's main tables in one workbook for analysts who work in
Excel (the CSVs stay the primary export; this is built from them).

Sheets: verdict and criteria, KPIs, capacities, monthly energy by zone and
technology, curtailment by zone and month, additions (remedy runs),
curtailment by cause (attributed runs) and the data dictionary. Every header
names its unit (or the sheet has a unit column where units differ row by
row); numbers carry a number format; the header row is frozen.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import dictionary
from .files import atomic
from .headline import headline, mode_line, months_caveat

XLSX = "results.xlsx"
GWH = 1e3  # MWh per GWh
MAX_WIDTH = 60
FORMATS = {"MWh": "#,##0.00", "MW": "#,##0.0", "p.u.": "0.00%", "CNY": "#,##0", "GWh": "#,##0.0"}
DEFAULT_FORMAT = "#,##0.00"
MONTH = "month"


def unit_format(unit: str) -> str:
    """Excel number format for a value in `unit` (p.u. as a percentage: the
    cell keeps the fraction, as the CSV does)."""
    return FORMATS.get(unit, DEFAULT_FORMAT)


# ----------------------------------------------------------------------- tables
def verdict_table(doc: dict) -> pd.DataFrame:
    """The headline first (the verdict as it is, then a remedy's), the mode
    (with the caveat of monthly sheets from typical days), then each criterion."""
    rows = [
        {"criterion": "feasible (all criteria pass)", "description": headline(doc).text, "value": None, "limit": None, "margin": None, "unit": "", "result": "FEASIBLE" if doc["verdict"]["feasible"] else "NOT FEASIBLE", "where and when": ""},
        {"criterion": "mode", "description": mode_line(doc) + months_caveat(doc), "value": None, "limit": None, "margin": None, "unit": "", "result": "", "where and when": ""},
    ]
    rows += [
        {"criterion": c["name"], "description": c["description"], "value": c["value"], "limit": c["limit"], "margin": c["margin"], "unit": c["unit"], "result": "pass" if c["passed"] else "FAIL", "where and when": c["where_text"]}
        for c in doc["verdict"]["criteria"]
    ]
    return pd.DataFrame(rows)


def kpi_table(doc: dict) -> pd.DataFrame:
    return pd.DataFrame([{"KPI": k, "value": v, "unit": dictionary.unit_of(k) or "-", "meaning": dictionary.KPIS.get(k, "")} for k, v in doc["kpis"].items()])


def capacity_table(run_dir: Path) -> pd.DataFrame:
    """Installed capacity by table and technology (else by name), MW, and
    storage energy, MWh, from the input tables the model saw."""
    from .compare import capacities

    cap = capacities(run_dir).rename(columns={"mw": "capacity (MW)"})
    storage = run_dir / "inputs" / "storage.csv"
    if storage.exists():
        energy = pd.read_csv(storage).groupby("technology")["energy_mwh"].sum()
        cap["energy (MWh)"] = [float(energy[n]) if t == "storage" and n in energy else None for t, n in zip(cap["table"], cap["name"])]
    return cap


def monthly(df: pd.DataFrame, col: str, by: list[str]) -> pd.DataFrame:
    """GWh of `col` (MW per row, weighted by weight_h) by `by` and month: one
    column per month, then the total."""
    from .report import energy

    if df.empty:
        return pd.DataFrame(columns=by)
    gwh = df.assign(_gwh=energy(df, col) / GWH, _month=df["timestamp"].dt.month)
    wide = gwh.pivot_table(index=by, columns="_month", values="_gwh", aggfunc="sum", fill_value=0.0)
    wide.columns = [f"{MONTH} {m} (GWh)" for m in wide.columns]
    wide["total (GWh)"] = wide.sum(axis=1)
    return wide.reset_index()


def energy_table(run) -> pd.DataFrame:
    """Electricity generated (storage: discharged) by zone and technology, per month."""
    parts = [run.table(t)[["timestamp", "zone", "technology", "p_mw", *_weight(run.table(t))]] for t in ("renewables", "thermal") if not run.table(t).empty]
    hydro = run.table("hydro")
    if not hydro.empty:
        parts.append(hydro.assign(technology="hydro")[["timestamp", "zone", "technology", "p_mw", *_weight(hydro)]])
    storage = run.table("storage")
    if not storage.empty:
        parts.append(storage.rename(columns={"discharge_mw": "p_mw"}).assign(technology=storage["technology"] + " (discharge)")[["timestamp", "zone", "technology", "p_mw", *_weight(storage)]])
    return monthly(pd.concat(parts, ignore_index=True), "p_mw", ["zone", "technology"])


def _weight(df: pd.DataFrame) -> list[str]:
    return ["weight_h"] if "weight_h" in df else []


def curtailment_table(run) -> pd.DataFrame:
    return monthly(run.table("renewables"), "curtailment_mw", ["zone"])


def additions_table(run) -> pd.DataFrame:
    from .runfolder import built

    added = run.table("expansion")
    if added.empty:
        return added
    used = built(added)
    return used.rename(columns={"annualised_cost_cny_per_unit": "annualised cost (CNY/a per unit)", "annualised_cost_cny": "annualised cost (CNY/a)", "added": "added (in unit)"})


def sheets(run_dir: Path) -> dict[str, tuple[pd.DataFrame, dict[str, str]]]:
    """Sheet name -> (table, column -> number format); empty tables are left out."""
    from .runfolder import CAUSES_CSV
    from .report import Run

    run = Run(run_dir)
    doc = run.summary
    out = {
        "verdict": (verdict_table(doc), {}),
        "KPIs": (kpi_table(doc), {}),
        "capacities": (capacity_table(run_dir), {"capacity (MW)": "#,##0", "energy (MWh)": "#,##0"}),
        "energy by month": (energy_table(run), {}),
        "curtailment by month": (curtailment_table(run), {}),
        "additions": (additions_table(run), {"added (in unit)": "#,##0.0", "annualised cost (CNY/a per unit)": "#,##0", "annualised cost (CNY/a)": "#,##0"}),
        "curtailment by cause": (run.table(CAUSES_CSV.removesuffix(".csv")).rename(columns={"curtailment_mwh": "curtailment (MWh)", "share": "share (%)"}), {"curtailment (MWh)": "#,##0", "share (%)": "0.0%"}),
        "data dictionary": (run.table(dictionary.CSV.removesuffix(".csv")), {}),
    }
    return {name: table for name, table in out.items() if not table[0].empty}


# ------------------------------------------------------------------------ write
def column_format(header: str, explicit: dict[str, str]) -> str | None:
    """A column's number format: given, or from the unit in its header."""
    if header in explicit:
        return explicit[header]
    if header.endswith("(GWh)"):
        return FORMATS["GWh"]
    return None


def fill(ws, df: pd.DataFrame, formats: dict[str, str]) -> None:
    """Header (bold, frozen), rows, number formats (by column, or by the row's
    `unit` for the value columns of mixed-unit sheets), column widths."""
    ws.append(list(df.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    per_row = "unit" in df.columns
    for values in df.itertuples(index=False):
        ws.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in values])
        row = ws.max_row
        for j, header in enumerate(df.columns, start=1):
            fmt = column_format(header, formats)
            if fmt is None and per_row and header in ("value", "limit", "margin"):
                fmt = unit_format(values.unit)
            if fmt:
                ws.cell(row, j).number_format = fmt
    for j, header in enumerate(df.columns, start=1):
        longest = max([len(str(header))] + [len(str(v)) for v in df.iloc[:, j - 1].head(500) if not pd.isna(v)])
        ws.column_dimensions[get_column_letter(j)].width = min(MAX_WIDTH, longest + 2)


def write(run_dir: str | Path) -> Path:
    """(Re)write RUN_DIR/results.xlsx from the run folder's files."""
    run_dir = Path(run_dir)
    wb = Workbook()
    wb.remove(wb.active)
    for name, (df, formats) in sheets(run_dir).items():
        fill(wb.create_sheet(name), df, formats)
    wb["verdict"]["B2"].font = Font(bold=True, color=headline(json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))).colour)
    path = run_dir / XLSX
    with atomic(path) as tmp:
        wb.save(tmp)
    return path
