"""Runs side by side: criteria, KPIs, capacities and additions of several run
folders with their differences to the first, from the folders alone (summary.json,
inputs/*.csv, expansion.csv), without solving anything again.

One long table: section, name, unit, one column per run, earliest first (by
the time each run was written, whatever order they are given in), then
`change` (the latest run minus the earliest) for numbers; the verdict's
`feasible` row shows a verdict change. `shown` puts it in people's units, one
unit per row, a change of a share in percentage points, in the current language.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import dictionary
from .headline import mode_text
from .files import CSV_ENCODING, round_number
from .i18n import name, t
from .units import points, shown

CSV = "comparison.csv"
FIGURE = "comparison.png"
CAPACITY_TABLES = {"renewables": "capacity_mw", "thermal": "capacity_mw", "hydro": "capacity_mw", "storage": "power_mw", "links": "capacity_mw"}
"""Input table -> its capacity column (MW), summed by technology (else by name)."""


def _rows(run_dir: Path) -> list[dict]:
    """section, name, unit, value of one run folder."""
    doc = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    rows = [{"section": "verdict", "name": "feasible", "unit": "true/false", "value": doc["verdict"]["feasible"]}]
    if doc.get("remedy"):
        rows.append({"section": "verdict", "name": "feasible with the remedy (hour by hour)", "unit": "true/false", "value": doc["remedy"]["feasible"]})
    rows.append({"section": "run", "name": "mode", "unit": "text", "value": mode_key(doc)})
    rows += [{"section": "criterion", "name": c["name"], "unit": c["unit"], "value": c["value"]} for c in doc["verdict"]["criteria"]]
    rows += [{"section": "criterion margin", "name": c["name"], "unit": c["unit"], "value": c["margin"]} for c in doc["verdict"]["criteria"]]
    rows += [{"section": "kpi", "name": k, "unit": dictionary.unit_of(k) or "-", "value": v} for k, v in doc["kpis"].items()]
    rows.append({"section": "run", "name": "objective_cny", "unit": "CNY", "value": doc["objective_cny"]})
    rows += [{"section": f"capacity ({r.table})", "name": r.name, "unit": "MW", "value": r.mw} for r in capacities(run_dir).itertuples(index=False)]
    added = run_dir / "expansion.csv"
    if added.exists():
        for r in pd.read_csv(added).itertuples(index=False):
            rows.append({"section": "addition", "name": f"{r.candidate} ({r.where})", "unit": r.unit, "value": float(r.added)})
    return rows


def mode_key(doc: dict) -> str:
    m = doc.get("mode")
    return "not recorded" if not m else m["key"] + (f" ({m['days']} days)" if m.get("days") else "")


def mode_warning(run_dirs: list[str | Path]) -> str | None:
    """A warning when the runs were solved in different modes (typical days
    against every hour: their months, storage use and verdict differ by the
    mode as well as by the inputs); None when they agree."""
    docs = [json.loads((Path(d) / "summary.json").read_text(encoding="utf-8")) for d in run_dirs]
    keys = [mode_key(doc) for doc in docs]
    if len(set(keys)) < 2:
        return None
    listed = "; ".join(f"{Path(d).name}: {mode_text(doc.get('mode'))[0]}" for d, doc in zip(run_dirs, docs))
    return t(
        "WARNING: the runs were solved in different modes ({listed}); part of every difference below is the mode's, not the inputs'. "
        "Compare runs of one mode, or check a typical-day run with a full-year one.",
        listed=listed,
    )


def capacities(run_dir: Path) -> pd.DataFrame:
    """table, name (technology, else unit name), mw: the input tables' capacities summed."""
    rows = []
    for table, col in CAPACITY_TABLES.items():
        path = Path(run_dir) / "inputs" / f"{table}.csv"
        if path.exists():
            df = pd.read_csv(path)
            key = "technology" if "technology" in df.columns else "name"
            rows += [{"table": table, "name": str(name), "mw": float(mw)} for name, mw in df.groupby(key)[col].sum().items()]
    return pd.DataFrame(rows, columns=["table", "name", "mw"])


def created(run_dir: str | Path) -> str:
    return json.loads((Path(run_dir) / "summary.json").read_text(encoding="utf-8"))["created"]


def compare(run_dirs: list[str | Path]) -> pd.DataFrame:
    """The comparison table of `run_dirs` (columns named by folder, earliest first)."""
    run_dirs = sorted(run_dirs, key=created)  # ISO times to the microsecond sort as text
    names = [Path(d).name for d in run_dirs]
    if len(set(names)) < len(names):
        names = [str(d) for d in run_dirs]
    long = pd.concat([pd.DataFrame(_rows(Path(d))).assign(run=n) for d, n in zip(run_dirs, names)])
    wide = long.pivot_table(index=["section", "name", "unit"], columns="run", values="value", aggfunc="first", sort=False)[names].reset_index()
    wide.columns.name = None
    first, last = wide[names[0]], wide[names[-1]]
    numeric = first.map(_is_number) & last.map(_is_number)
    wide["change"] = np.where(numeric, pd.to_numeric(last.where(numeric), errors="coerce") - pd.to_numeric(first.where(numeric), errors="coerce"), np.nan)
    wide.loc[wide["section"] == "verdict", "change"] = np.nan
    return wide


def _is_number(v) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))


def runs_of(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if c not in ("section", "name", "unit", "change")]


def shown_rows(table: pd.DataFrame) -> list[dict]:
    """Each row for people: section and name as shown, the values of every
    run and the change on one scale (TWh, GW, %…) with its unit, the change
    signed and, for a share, in percentage points."""
    runs = runs_of(table)
    out = []
    for r in table.to_dict("records"):
        values = [r[n] for n in runs]
        if r["section"] == "verdict":
            texts, unit, change, change_unit = [(t("FEASIBLE") if v else t("NOT FEASIBLE")) if isinstance(v, (bool, np.bool_)) else "–" for v in values], "", "", ""
        elif r["unit"] == "text":
            texts, unit, change, change_unit = [t(str(v)) if isinstance(v, str) else "–" for v in values], "", "", ""
        else:
            numbers = [float(v) if _is_number(v) else None for v in [*values, r["change"]]]
            (*texts, change), unit = shown(numbers, r["unit"])
            change = "" if numbers[-1] is None or np.isnan(numbers[-1]) else ("+" + change if numbers[-1] > 0 and change != "0" else change)
            change_unit = points(unit) if change else ""
        section, _, table_name = r["section"].partition(" (")
        out.append({"section": t(section) + (f" ({t(table_name.rstrip(')'))})" if table_name else ""), "name": name(r["name"]), "unit": unit, "values": texts, "change": change, "change_unit": change_unit})
    return out


def console(table: pd.DataFrame) -> str:
    """The table for a terminal, numbers scaled (TWh, GW, %) row by row."""
    runs = runs_of(table)
    w = max(12, *map(len, runs))
    lines = [f"{r['section']:<22} {r['name']:<34} " + " ".join(f"{v:>{w}}" for v in r["values"]) + f" {r['change']:>{w}}  {r['unit']}" + (f" ({t('change')}: {r['change_unit']})" if r["change"] not in ("", "0") and r["change_unit"] != r["unit"] else "") for r in shown_rows(table)]
    header = f"{t('section'):<22} {t('name'):<34} " + " ".join(f"{n:>{w}}" for n in runs) + f" {t('change'):>{w}}"
    return "\n".join([header, *lines])


def figure(table: pd.DataFrame) -> Figure:
    """Criterion margins of every run (>= 0 passes), one bar group per criterion."""
    runs = runs_of(table)
    m = table[table["section"] == "criterion margin"]
    fig = Figure(figsize=(9, 1 + 0.6 * len(m) * max(1, len(runs) / 2)), layout="constrained")
    ax = fig.subplots()
    height = 0.8 / len(runs)
    margins = m[runs].astype(float).to_numpy()
    rel = margins / np.maximum(np.abs(margins).max(axis=1, keepdims=True), 1e-12)  # each criterion on its own scale
    for i, run in enumerate(runs):
        ax.barh(np.arange(len(m)) + i * height, rel[:, i], height=height, label=run)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(np.arange(len(m)) + 0.4 - height / 2, [f"{n} ({u})" for n, u in zip(m["name"], m["unit"])])
    ax.set_xlabel("criterion margin, each scaled to its largest (>= 0 passes)")
    ax.set_title("Criteria compared")
    ax.legend(fontsize=8)
    return fig


def write(table: pd.DataFrame, folder: Path) -> tuple[Path, Path]:
    """comparison.csv and comparison.png into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    table.map(round_number).to_csv(folder / CSV, index=False, encoding=CSV_ENCODING)
    fig = figure(table)
    fig.savefig(folder / FIGURE, dpi=110)
    return folder / CSV, folder / FIGURE
