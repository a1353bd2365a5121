"""results.xlsx: the run's main tables in one workbook ready for a report (the
CSVs stay the primary export, in base units; this is built from them).

Sheets: verdict and criteria, KPIs, capacities, monthly energy by zone and
technology, monthly curtailment with its rate, additions (remedy runs),
curtailment by cause (attributed runs), the inputs and assumptions (value,
unit, source kind) and the data dictionary. Numbers are in the unit their
size calls for (TWh/GWh, GW, Mt, %, M CNY; 亿元/万元 in Chinese) with about
three significant digits shown, one unit per column or a unit column where
units differ row by row. Every sheet opens with a provenance block (scenario,
mode, horizon, version, date, run folder); the table's header row below it is
bold and frozen. Sheet names, headers and names are in the run's language
(`write(run_dir, lang)` for another: results_zh.xlsx beside results.xlsx).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import dictionary, i18n
from .files import atomic
from .headline import headline, mode_line, months_caveat
from .i18n import name, t
from .units import points, scale

XLSX = "results.xlsx"
GWH = 1e3  # MWh per GWh
MAX_WIDTH = 60
PROVENANCE = ("scenario", "mode", "horizon", "version", "date", "run folder")
HEADER_ROW = len(PROVENANCE) + 2
"""The table's header row: below the provenance block and a blank row."""
ALL_ZONES = "all zones"
GWH_FORMAT = "#,##0.0"


def number_format(largest: float) -> str:
    """Excel format showing about three significant digits of numbers up to `largest`."""
    digits = 0 if not largest or not math.isfinite(largest) else max(0, 2 - math.floor(math.log10(abs(largest))))
    return "#,##0" + ("." + "0" * min(digits, 4) if digits else "")


def scaled(values, unit: str) -> tuple[list[float | None], str, str]:
    """`values` (in base `unit`) in the unit their size calls for, that unit
    (in the current language) and a number format."""
    numbers = [None if v is None or pd.isna(v) else float(v) for v in values]
    largest = max((abs(v) for v in numbers if v is not None and math.isfinite(v)), default=0.0)
    factor, label = scale(unit, largest)
    return [None if v is None else v / factor for v in numbers], t(label), number_format(largest / factor)


# ----------------------------------------------------------------------- tables
Table = tuple[pd.DataFrame, dict[str, str]]
"""A sheet's table and its columns' number formats (a mixed-unit sheet gives each row's in a column `_format`, not written)."""


def verdict_table(doc: dict) -> Table:
    """The headline (the verdict as it is, then a remedy's), then each
    criterion: value, limit and margin on one scale per row (a margin of a
    share in percentage points), where and when."""
    from .finding import where_lists

    rows = []
    for c in doc["verdict"]["criteria"]:
        (value, limit, margin), unit, fmt = scaled([c["value"], c["limit"], c["margin"]], c["unit"])
        rows.append(
            {
                t("criterion"): name(c["name"]), t("what"): t(c["description"]), t("value"): value, t("limit"): limit, t("margin"): margin,
                t("unit"): unit, t("margin unit"): points(unit), "_format": fmt, t("result"): t("pass") if c["passed"] else t("FAIL"), t("where and when"): "; ".join(f"{k}: {v}" for k, v in where_lists(c.get("where")).items()),
            }
        )
    verdict = {t("criterion"): t("feasible (all criteria pass)"), t("what"): headline(doc).text, t("result"): t("FEASIBLE") if doc["verdict"]["feasible"] else t("NOT FEASIBLE")}
    return pd.DataFrame([verdict, *rows], columns=list(rows[0]) if rows else list(verdict)), {}


def kpi_table(doc: dict) -> Table:
    rows = []
    for k, v in doc["kpis"].items():
        (value,), unit, fmt = scaled([v], dictionary.unit_of(k) or "-")
        rows.append({t("KPI"): name(k), t("value"): value, t("unit"): unit or "-", "_format": fmt, t("meaning"): t(dictionary.KPIS.get(k, "")), "id": k})
    return pd.DataFrame(rows), {}


def capacity_table(run_dir: Path) -> Table:
    """Installed capacity by table and technology (else by name), MW, and
    storage energy, MWh, from the input tables the model saw."""
    from .compare import capacities

    cap = capacities(run_dir)
    storage = run_dir / "inputs" / "storage.csv"
    energy = pd.read_csv(storage).groupby("technology")["energy_mwh"].sum() if storage.exists() else {}
    out = pd.DataFrame(
        {
            t("table"): cap["table"].map(t), t("name"): cap["name"].map(name), f"{t('capacity')} (MW)": cap["mw"],
            f"{t('storage energy')} (MWh)": [float(energy[n]) if tb == "storage" and n in energy else None for tb, n in zip(cap["table"], cap["name"])],
        }
    )
    return out, {f"{t('capacity')} (MW)": "#,##0", f"{t('storage energy')} (MWh)": "#,##0"}


def month_header(m: int) -> str:
    return f"{m}月 (GWh)" if i18n.current() == "zh" else f"month {m} (GWh)"


def monthly(df: pd.DataFrame, col: str, by: list[str]) -> pd.DataFrame:
    """GWh of `col` (MW per row, weighted by weight_h) by `by` and month: one
    column per month, then the total; names as shown."""
    from .report import energy

    if df.empty:
        return pd.DataFrame(columns=by)
    gwh = df.assign(_gwh=energy(df, col) / GWH, _month=df["timestamp"].dt.month)
    wide = gwh.pivot_table(index=by, columns="_month", values="_gwh", aggfunc="sum", fill_value=0.0)
    wide.columns = [month_header(m) for m in wide.columns]
    wide[f"{t('total')} (GWh)"] = wide.sum(axis=1)
    wide = wide.reset_index()
    for c in by:
        wide[c] = wide[c].map(name)
    return wide.rename(columns={c: t(c) for c in by})


def energy_table(run) -> Table:
    """Electricity generated (storage: discharged) by zone and technology, per month."""
    parts = [run.table(tb)[["timestamp", "zone", "technology", "p_mw", *_weight(run.table(tb))]] for tb in ("renewables", "thermal") if not run.table(tb).empty]
    hydro = run.table("hydro")
    if not hydro.empty:
        parts.append(hydro.assign(technology="hydro")[["timestamp", "zone", "technology", "p_mw", *_weight(hydro)]])
    storage = run.table("storage")
    if not storage.empty:
        parts.append(storage.rename(columns={"discharge_mw": "p_mw"}).assign(technology=storage["technology"] + " (discharge)")[["timestamp", "zone", "technology", "p_mw", *_weight(storage)]])
    return monthly(pd.concat(parts, ignore_index=True), "p_mw", ["zone", "technology"]), {}


def _weight(df: pd.DataFrame) -> list[str]:
    return ["weight_h"] if "weight_h" in df else []


def curtailment_table(run) -> Table:
    """Wind and solar available and curtailed by zone and month, GWh, and the
    curtailment rate (curtailed / available); the zones together last."""
    from .report import energy

    r = run.table("renewables")
    if r.empty:
        return pd.DataFrame(), {}
    gwh = r.assign(available=energy(r, "available_mw") / GWH, curtailed=energy(r, "curtailment_mw") / GWH, month=r["timestamp"].dt.month)
    by_zone = gwh.groupby(["zone", "month"])[["available", "curtailed"]].sum().reset_index()
    system = gwh.groupby("month")[["available", "curtailed"]].sum().reset_index().assign(zone=ALL_ZONES)
    total = pd.DataFrame([{"zone": ALL_ZONES, "month": t("year") if len(system) == 12 else t("horizon"), "available": system["available"].sum(), "curtailed": system["curtailed"].sum()}])
    out = pd.concat([by_zone, system, total], ignore_index=True)
    rate = (out["curtailed"] / out["available"].where(out["available"] > 0)) * 100
    cols = {"available": f"{t('available')} (GWh)", "curtailed": f"{t('curtailed')} (GWh)"}
    table = pd.DataFrame({t("zone"): out["zone"].map(name), t("month"): out["month"], cols["available"]: out["available"], cols["curtailed"]: out["curtailed"], f"{t('curtailment rate')} (%)": rate})
    return table, {cols["available"]: "#,##0.0", cols["curtailed"]: "#,##0.0", f"{t('curtailment rate')} (%)": "0.0"}


def additions_table(run) -> Table:
    from .runfolder import built

    added = run.table("expansion")
    if added.empty:
        return added, {}
    used = built(added)
    cost, money, fmt = scaled(used["annualised_cost_cny"], "CNY/a")
    per_unit, money_unit, fmt_unit = scaled(used["annualised_cost_cny_per_unit"], "CNY/a")
    out = pd.DataFrame(
        {
            t("candidate"): used["candidate"], t("kind"): used["kind"].map(t), t("where"): used["where"].map(name), t("unit"): used["unit"], t("added"): used["added"],
            f"{t('annualised cost')} ({money_unit} {t('per unit')})": per_unit, f"{t('annualised cost')} ({money})": cost,
        }
    )
    return out, {t("added"): "#,##0.0", f"{t('annualised cost')} ({money_unit} {t('per unit')})": fmt_unit, f"{t('annualised cost')} ({money})": fmt}


def causes_table(run) -> Table:
    from .runfolder import CAUSES_CSV

    c = run.table(CAUSES_CSV.removesuffix(".csv"))
    if c.empty:
        return c, {}
    gwh, share = f"{t('curtailed')} (GWh)", f"{t('share')} (%)"
    return pd.DataFrame({t("cause"): c["description"].map(t), gwh: c["curtailment_mwh"] / GWH, share: 100 * c["share"]}), {gwh: "#,##0.0", share: "0.0"}


def inputs_table(run, doc: dict) -> Table:
    """The key inputs (finding.input_rows) and the scenario's criteria limits:
    value, unit and source kind (target, sourced or estimate; see data/README.md)."""
    from .finding import input_rows

    rows = []
    for r in input_rows(run, doc).itertuples(index=False):
        (value,), unit, fmt = scaled([r.value], r.unit)
        rows.append({t("input"): r.input, t("value"): value, t("unit"): unit, "_format": fmt, t("source kind"): t(r.source)})
    for c in doc["verdict"]["criteria"]:
        (value,), unit, fmt = scaled([c["limit"]], c["unit"])
        rows.append({t("input"): f"{t('limit')}: {name(c['name'])}", t("value"): value, t("unit"): unit, "_format": fmt, t("source kind"): t("target")})
    return pd.DataFrame(rows), {}


def dictionary_table(run) -> Table:
    d = run.table(dictionary.CSV.removesuffix(".csv"))
    return d.rename(columns={c: t(c) for c in d.columns}), {}


SHEETS = ("verdict", "KPIs", "capacities", "energy by month", "curtailment by month", "additions", "curtailment by cause", "inputs and assumptions", "data dictionary")
"""The sheets in order, by their English names (i18n.ZH has the Chinese)."""


def sheets(run_dir: Path) -> dict[str, Table]:
    """Sheet name (in the current language) -> table; empty tables are left out."""
    from .report import Run

    run = Run(run_dir)
    doc = run.summary
    out = dict(
        zip(
            SHEETS,
            (
                verdict_table(doc), kpi_table(doc), capacity_table(run_dir), energy_table(run), curtailment_table(run),
                additions_table(run), causes_table(run), inputs_table(run, doc), dictionary_table(run),
            ),
        )
    )
    return {t(sheet): table for sheet, table in out.items() if not table[0].empty}


# ------------------------------------------------------------------- provenance
def provenance(run_dir: Path, doc: dict) -> list[tuple[str, str]]:
    """What every sheet's tables come from (the mode: how they were solved, what that is good for)."""
    return list(
        zip(
            map(t, PROVENANCE),
            (
                doc["scenario"], mode_line(doc) + months_caveat(doc), i18n.horizon(doc.get("horizon") or f"{doc['hours']} hours"),
                f"gridmodel {doc.get('versions', {}).get('gridmodel', '?')}", doc["created"][:19], str(run_dir.resolve()),
            ),
        )
    )


# ------------------------------------------------------------------------ write
def fill(ws, df: pd.DataFrame, formats: dict[str, str], block: list[tuple[str, str]]) -> None:
    """Provenance block, header (bold, frozen), rows, number formats (by
    column, or by the row's `_format` for the value columns of mixed-unit
    sheets), column widths."""
    for label, text in block:
        ws.append([label, text])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.append([])
    per_row = df.pop("_format") if "_format" in df.columns else None
    ws.append(list(df.columns))
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    numeric = {t("value"), t("limit"), t("margin")}
    for i, values in enumerate(df.itertuples(index=False)):
        ws.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in values])
        for j, header in enumerate(df.columns, start=1):
            fmt = formats.get(header) or (per_row.iloc[i] if per_row is not None and header in numeric and isinstance(per_row.iloc[i], str) else None) or (GWH_FORMAT if header.endswith("(GWh)") else None)
            if fmt:
                ws.cell(ws.max_row, j).number_format = fmt
    for j, header in enumerate(df.columns, start=1):
        longest = max([len(str(header))] + [len(str(v)) for v in df.iloc[:, j - 1].head(500) if not pd.isna(v)])
        ws.column_dimensions[get_column_letter(j)].width = min(MAX_WIDTH, max(longest + 2, 12 if j <= 2 else 0))


def write(run_dir: str | Path, lang: str | None = None) -> Path:
    """(Re)write RUN_DIR/results.xlsx from the run folder's files, in `lang`
    (default: the run's language; another goes beside it, results_<lang>.xlsx)."""
    from .report import Run, localised, run_language

    run_dir = Path(run_dir)
    lang = lang or run_language(run_dir)
    doc = Run(run_dir).summary
    with i18n.language(lang):
        block = provenance(run_dir, doc)
        wb = Workbook()
        wb.remove(wb.active)
        for sheet, (df, formats) in sheets(run_dir).items():
            fill(wb.create_sheet(sheet[:31]), df, formats, block)
        wb.worksheets[0].cell(HEADER_ROW + 1, 2).font = Font(bold=True, color=headline(doc).colour)
    path = localised(run_dir, XLSX, lang)
    with atomic(path) as tmp:
        wb.save(tmp)
    return path
