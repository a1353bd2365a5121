"""Run folders as the page shows them: the list of earlier runs, a run's
verdict, criteria, KPIs and remedy in people's units, its figures, and zips of
the folder or its CSVs. Everything is read from the folder alone."""

from __future__ import annotations

import json
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import yaml

from ..dictionary import unit_of
from ..finding import where_lists
from ..headline import Headline, headline, mode_text
from ..i18n import name
from ..units import difference, quantity, shown

EXCEL = "results.xlsx"


@dataclass(frozen=True)
class RunFolder:
    name: str
    path: Path
    state: str  # solved, failed or running (neither summary.json nor FAILED.txt yet)
    created: str
    feasible: bool | None
    headline: Headline | None = None
    mode: str = ""
    edits: str = ""


def inside(out: Path, name: str) -> Path | None:
    """`out/name` if it is a folder directly inside `out` (never a path out of it)."""
    path = (out / name).resolve()
    return path if path.parent == out.resolve() and path.is_dir() else None


def summary(run_dir: Path) -> dict | None:
    path = run_dir / "summary.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def describe(run_dir: Path) -> RunFolder | None:
    """A run folder (a folder with run.log), or None for anything else in runs/."""
    if not (run_dir / "run.log").exists():
        return None
    doc = summary(run_dir)
    state = "solved" if doc else ("failed" if (run_dir / "FAILED.txt").exists() else "running")
    created = doc["created"] if doc else datetime.fromtimestamp(run_dir.stat().st_mtime).isoformat(timespec="seconds")
    if not doc:
        return RunFolder(run_dir.name, run_dir, state, created, None)
    return RunFolder(run_dir.name, run_dir, state, created, doc["verdict"]["feasible"], headline(doc), mode_text(doc.get("mode"))[0], edited(doc))


def edited(doc: dict) -> str:
    """What the run's scenario file changes in the one it extends (the
    page's edits): 'wind 6,000 MW; links[name=west_central] capacity_mw 2500'."""
    path = Path(doc.get("scenario_file") or "")
    own = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    if not isinstance(own, dict) or not own.get("extends"):
        return ""
    parts = [f"{name(tech)} {quantity(mw, 'MW')}" for tech, mw in (own.get("capacity_totals_mw") or {}).items()]
    for e in own.get("edits") or []:
        where = ",".join(f"{k}={v}" for k, v in (e.get("where") or {}).items())
        parts += [f"{e['table']}[{where}] {col} {value}" for col, value in {**(e.get("set") or {}), **{f"{c} ×": v for c, v in (e.get("scale") or {}).items()}}.items()]
    if (own.get("expansion") or {}).get("enabled"):
        parts.append("remedy")
    return "; ".join(parts)


def runs(out: Path) -> list[RunFolder]:
    """Every run folder in `out`, newest first."""
    found = [describe(p) for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")] if out.exists() else []
    return sorted((r for r in found if r), key=lambda r: r.path.stat().st_mtime, reverse=True)


def answer(run_dir: Path, doc: dict) -> dict:
    """The run page's first screen: headline, mode, why it fails, the remedy's latitude."""
    from ..finding import why_sentences
    from ..headline import latitude, mode_line

    return {"headline": headline(doc), "mode_line": mode_line(doc), "why": why_sentences(doc["why"]) if doc.get("why") else [], "latitude": latitude(run_dir) if doc.get("remedy") else ""}


def criteria_rows(doc: dict) -> list[dict]:
    """Each criterion with value, limit and margin on one scale (TWh, GW, %...)."""
    rows = []
    for c in doc["verdict"]["criteria"]:
        (value, limit, margin), label = shown([c["value"], c["limit"], c["margin"]], c["unit"])
        rows.append({**c, "value_text": value, "limit_text": limit, "margin_text": difference(margin, label), "unit_text": label, "where_lists": where_lists(c.get("where"))})
    return rows


def kpi_rows(doc: dict) -> list[tuple[str, str]]:
    return [(name(k), quantity(v, unit_of(k)) if isinstance(v, (int, float)) else str(v)) for k, v in doc["kpis"].items()]


def remedy_rows(run_dir: Path) -> list[dict]:
    """The additions of a remedy run (expansion.csv rows that add something)."""
    path = run_dir / "expansion.csv"
    if not path.exists():
        return []
    from ..remedy import built

    used = built(pd.read_csv(path, encoding="utf-8-sig"))
    return [{**r, "added_text": quantity(float(r["added"]), r["unit"]), "cost_text": quantity(r["annualised_cost_cny"], "CNY") + "/a"} for r in used.to_dict("records")]


def in_language(run_dir: Path, filename: str, lang: str) -> str | None:
    """The run's file (report.html, results.xlsx, figures) in `lang` if it
    was written in it, else in the run's own language; None if neither is."""
    from ..report import localised

    found = [p for p in (localised(run_dir, filename, lang), run_dir / filename) if p.exists()]
    return found[0].name if found else None


def figures(run_dir: Path, lang: str = "en") -> list[str]:
    """The run's PNG figures, as paths inside the folder: those drawn in
    `lang` if there are any, else the run's own, and the other PNGs."""
    shown = in_language(run_dir, "figures", lang)
    return sorted(str(p.relative_to(run_dir)) for p in run_dir.rglob("*.png") if not p.parent.name.startswith("figures") or p.parent.name == shown)


def zip_of(run_dir: Path, only_csv: bool = False) -> Path:
    """A temporary zip of the folder (or of its CSVs), paths under the folder's name."""
    files = sorted(p for p in run_dir.rglob("*.csv" if only_csv else "*") if p.is_file() and not p.name.endswith(".partial"))
    handle = tempfile.NamedTemporaryFile(prefix=f"{run_dir.name}-", suffix=".zip", delete=False)
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as z:
        for p in files:
            z.write(p, Path(run_dir.name) / p.relative_to(run_dir))
    handle.close()
    return Path(handle.name)
