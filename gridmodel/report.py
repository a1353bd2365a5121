"""Figures and a one-file HTML report for people, from a run folder.

Reads only the run folder (summary.json and the CSV tables, the input tables
in inputs/ for the map), so it works on any past run. Figures go to
RUN_DIR/figures/*.png; RUN_DIR/report.html embeds them as base64 PNG.
Each row of a result table stands for one hour (chronological runs) or
`weight_h` hours (typical-day runs; energy sums are weighted by it).
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import yaml
from matplotlib.figure import Figure

from . import dictionary, finding, headline, i18n, network
from .i18n import name, t
from .technologies import TECHNOLOGIES
from .technologies.technology import supply_parts
from .units import difference, money, number, quantity, shown
from .runfolder import BINDING_CSV, CAUSES_CSV, built

WEEK_H = 168
SUPPLY = supply_parts(TECHNOLOGIES)
"""The supply stack's parts as the technologies declare them."""
COLORS = {part.label: part.colour for part in SUPPLY}

CAUSE_COLORS = {"network": COLORS["hydro"], "thermal": COLORS["chp"], "storage": COLORS["storage"], "export": COLORS["unserved"]}


# ------------------------------------------------------------------------ reading
class Run:
    """A run folder's summary and tables, read on demand."""

    def __init__(self, run_dir: str | Path):
        self.dir = Path(run_dir)
        self.summary = json.loads((self.dir / "summary.json").read_text())
        self._tables: dict[str, pd.DataFrame] = {}

    def table(self, name: str) -> pd.DataFrame:
        """A result table (or inputs/<name>); empty if the run has none."""
        if name not in self._tables:
            path = self.dir / f"{name}.csv"
            df = pd.read_csv(path) if path.exists() else pd.DataFrame()
            if "timestamp" in df.columns:
                df["timestamp"] = pd.to_datetime(df["timestamp"])
            self._tables[name] = df
        return self._tables[name]

    def hourly(self, name: str, col: str, by: str | None = None) -> pd.DataFrame | pd.Series:
        """System total of `col` per hour (a column per `by` value if given)."""
        df = self.table(name)
        if df.empty or col not in df.columns:
            return pd.Series(0.0, index=self.hours) if by is None else pd.DataFrame(index=self.hours)
        if by is None:
            return df.groupby("timestamp")[col].sum().reindex(self.hours, fill_value=0.0)
        return df.pivot_table(index="timestamp", columns=by, values=col, aggfunc="sum").reindex(self.hours, fill_value=0.0)

    @property
    def hours(self) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(sorted(self.table("zones")["timestamp"].unique()))

    def load(self) -> pd.Series:
        return self.hourly("zones", "load_mw")

    def net_load(self) -> pd.Series:
        """Load less available wind and solar (before curtailment)."""
        return self.load() - self.hourly("renewables", "available_mw")


def energy(df: pd.DataFrame, col: str) -> pd.Series:
    """MWh of each row: MW x the hours the row stands for (weight_h in typical-day runs)."""
    return df[col] * df["weight_h"] if "weight_h" in df else df[col]


def supply(run: Run) -> pd.DataFrame:
    """Hourly system supply by kind (MW): positive sources, negative sinks."""
    parts = {}
    for part in SUPPLY:
        if part.technology is None:
            parts[part.label] = part.sign * run.hourly(part.table, part.column)
        elif part.technology in (by := run.hourly(part.table, part.column, by="technology")):
            parts[part.label] = part.sign * by[part.technology]
    out = pd.DataFrame(parts)
    return out.loc[:, out.abs().sum() > 1e-6]


# ------------------------------------------------------------------------ windows
def week_around(hours: pd.DatetimeIndex, centre: int) -> slice:
    """A window of up to a week around step `centre`, inside the horizon."""
    n = min(WEEK_H, len(hours))
    start = int(np.clip(centre - n // 2, 0, len(hours) - n))
    return slice(start, start + n)


def lowest_week(net_load: pd.Series) -> slice:
    """The window of up to a week with the lowest mean net load."""
    n = min(WEEK_H, len(net_load))
    means = net_load.rolling(n).mean().to_numpy()[n - 1 :]
    start = int(np.argmin(means))
    return slice(start, start + n)


# ------------------------------------------------------------------------ figures
def _figure(width: float = 10, height: float = 4.5, rows: int = 1):
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    return fig, axes


def time_axis(ax, hours: pd.DatetimeIndex):
    """x positions for `hours`: the timestamps when they are consecutive; else
    (representative days) one position per step, labelled by day, so that
    lines are not drawn across the gaps between the days."""
    if len(hours) < 2 or ((hours[1:] - hours[:-1]) == pd.Timedelta(hours=1)).all():  # any resolution (ns, us…)
        return hours
    starts = np.flatnonzero(hours.hour == 0)
    ax.set_xticks(starts, [f"{h:%m-%d}" for h in hours[starts]], rotation=90, fontsize=7)
    for x in starts:
        ax.axvline(x - 0.5, color="grey", lw=0.3)
    ax.set_xlabel(t("representative days (each stands for several days of the year)"))
    return np.arange(len(hours))


def dispatch_figure(run: Run, window: slice, title: str) -> Figure:
    s = supply(run).iloc[window] / 1e3
    load = run.load().iloc[window] / 1e3
    fig, (ax,) = _figure()
    x = time_axis(ax, s.index)
    for part in (s.clip(lower=0), s.clip(upper=0)):
        part = part.loc[:, part.abs().max() > 1e-3]  # > 1 MW somewhere: not solver noise
        if not part.empty:
            ax.stackplot(x, part.T.to_numpy(), labels=[name(c) for c in part.columns], colors=[COLORS[c] for c in part.columns], alpha=0.9)
    ax.plot(x, load.to_numpy(), color="black", lw=1.5, label=t("load"))
    ax.axhline(0, color="black", lw=0.5)
    ax.set_ylabel("GW")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    if x is s.index:
        fig.autofmt_xdate()
    return fig


def storage_figure(run: Run) -> Figure | None:
    soc = run.hourly("storage", "soc_mwh", by="technology")
    if soc.empty:
        return None
    fig, axes = _figure(height=2.2 * len(soc.columns) + 1, rows=len(soc.columns))
    x = time_axis(axes[-1], soc.index)
    for ax, tech in zip(axes, soc.columns):
        ax.fill_between(x, soc[tech].to_numpy() / 1e3, color=COLORS["storage"], alpha=0.7, step="mid")
        ax.set_ylabel("GWh")
        ax.set_title(t("{tech} state of charge", tech=name(tech).replace("_", " ")))
    if x is soc.index:
        fig.autofmt_xdate()
    return fig


def curtailment_figure(run: Run) -> Figure:
    r = run.table("renewables")
    monthly = r.assign(mwh=energy(r, "curtailment_mw")).pivot_table(index=r["timestamp"].dt.month, columns="zone", values="mwh", aggfunc="sum") / 1e3
    fig, (ax,) = _figure(height=4)
    bottom = np.zeros(len(monthly))
    x = monthly.index.to_numpy()
    for zone in monthly.columns:
        ax.bar(x, monthly[zone].to_numpy(), bottom=bottom, label=name(zone))
        bottom += monthly[zone].to_numpy()
    ax.set_xticks(x)
    ax.set_xlabel(t("month"))
    ax.set_ylabel(t("GWh curtailed"))
    ax.set_title(t("Wind and solar curtailment by month and zone"))
    ax.legend(fontsize=8)
    return fig


def duration_figure(run: Run) -> Figure:
    curves = {
        t("load"): run.load(),
        t("load - available wind & solar"): run.net_load(),
        t("load - used wind & solar"): run.load() - run.hourly("renewables", "p_mw"),
    }
    fig, (ax,) = _figure(height=4)
    for label, series in curves.items():
        ax.plot(np.arange(1, len(series) + 1), np.sort(series.to_numpy())[::-1] / 1e3, label=label)
    ax.axhline(0, color="black", lw=0.5)
    ax.set_xlabel(t("hours (sorted)"))
    ax.set_ylabel("GW")
    ax.set_title(t("Load and net-load duration curves"))
    ax.legend(fontsize=8)
    return fig


def network_figure(run: Run) -> Figure | None:
    zones, links, flows = run.table("inputs/zones"), run.table("inputs/links"), run.table("flows")
    if zones.empty or links.empty or flows.empty:
        return None
    g = network.graph(zones, links)
    flows = flows.assign(mwh=energy(flows, "flow_mw"))
    carried = flows.groupby("link")["mwh"].agg(lambda f: f.abs().sum()) / 1e6  # TWh
    net = flows.groupby("link")["mwh"].sum() / 1e6
    widest = max(float(carried.max()), 1e-9)
    fig, (ax,) = _figure(width=8, height=6)
    for _, _, e in g.edges(data=True):
        (x0, y0), (x1, y1) = ((g.nodes[z]["lon"], g.nodes[z]["lat"]) for z in (e["from_zone"], e["to_zone"]))
        twh, color = float(carried.get(e["name"], 0.0)), "#1f77b4" if e["kind"] == "line" else "#d62728"
        ax.plot([x0, x1], [y0, y1], color=color, lw=0.5 + 8 * twh / widest, alpha=0.6, solid_capstyle="round")
        sign = 1.0 if net.get(e["name"], 0.0) >= 0 else -1.0  # arrow along the net flow
        mid, step = np.array([(x0 + x1) / 2, (y0 + y1) / 2]), sign * 0.04 * np.array([x1 - x0, y1 - y0])
        ax.annotate("", xy=tuple(mid + step), xytext=tuple(mid - step), arrowprops={"arrowstyle": "-|>", "color": color})
        ax.annotate(f"{twh:.2f} TWh", tuple(mid), xytext=(4, -10), textcoords="offset points", fontsize=7, color=color)
    for z, d in g.nodes(data=True):
        ax.scatter(d["lon"], d["lat"], s=120, color="#2ca02c" if d["kind"] == "internal" else "#7f7f7f", zorder=3)
        ax.annotate(name(z), (d["lon"], d["lat"]), xytext=(6, 6), textcoords="offset points", fontsize=9, bbox={"fc": "white", "ec": "none", "alpha": 0.7})
    ax.set_xlabel(t("longitude (deg)"))
    ax.set_ylabel(t("latitude (deg)"))
    ax.set_title(t("Energy carried over the horizon (width, TWh; arrow: net direction)\nblue: lines, red: export channels"))
    ax.set_aspect(1 / np.cos(np.deg2rad(float(zones["lat"].mean()))))
    ax.margins(0.15)
    return fig


def causes_figure(run: Run) -> Figure | None:
    c = run.table(CAUSES_CSV.removesuffix(".csv"))
    if c.empty:
        return None
    fig, (ax,) = _figure(height=3.5)
    gwh = c["curtailment_mwh"].to_numpy() / 1e3
    ax.barh([t(d) for d in c["description"]], gwh, color=[CAUSE_COLORS.get(x, "#7f7f7f") for x in c["cause"]])
    for y, (v, share) in enumerate(zip(gwh, c["share"])):
        ax.annotate(f"{v:,.1f} GWh ({100 * share:.0f}%)", (max(v, 0), y), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(t("GWh curtailed"))
    ax.set_title(t("Curtailment by cause (Shapley values; total {total} GWh)", total=f"{gwh.sum():,.1f}"))
    ax.margins(x=0.25)
    return fig


def figures(run: Run) -> dict[str, tuple[str, Callable[[], Figure | None]]]:
    """File stem -> (caption, figure maker)."""
    load, net = run.load(), run.net_load()
    return {
        "dispatch_peak_week": (t("Dispatch in the week around the peak load hour"), lambda: dispatch_figure(run, week_around(run.hours, int(np.argmax(load.to_numpy()))), t("Dispatch, peak-load week"))),
        "dispatch_low_net_load_week": (t("Dispatch in the week of lowest net load (load less available wind and solar)"), lambda: dispatch_figure(run, lowest_week(net), t("Dispatch, lowest net-load week"))),
        "storage_soc": (t("Pumped hydro and battery state of charge"), lambda: storage_figure(run)),
        "curtailment_by_month_zone": (t("Monthly curtailment by zone") + headline.months_caveat(run.summary), lambda: curtailment_figure(run)),
        "net_load_duration": (t("Load and net-load duration curves"), lambda: duration_figure(run)),
        "network_map": (t("Network map with the energy each link carried"), lambda: network_figure(run)),
        "curtailment_by_cause": (t("Curtailment by cause"), lambda: causes_figure(run)),
    }


def write_figures(run: Run) -> dict[str, tuple[str, Path]]:
    """Draw every figure the run's data allow; stem -> (caption, PNG path)
    (figures/, or figures_<lang>/ in a language not the run's)."""
    folder = localised(run.dir, "figures", i18n.current())
    folder.mkdir(exist_ok=True)
    out = {}
    for stem, (caption, make) in figures(run).items():
        fig = make()
        if fig is None:
            continue
        path = folder / f"{stem}.png"
        fig.savefig(path, dpi=110)
        out[stem] = (caption, path)
    return out


# --------------------------------------------------------------------------- HTML
STYLE = """body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}
table{border-collapse:collapse;font-size:0.9em;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
.pass{color:#2a7d2a;font-weight:bold}.fail{color:#c0392b;font-weight:bold}.fixed{color:#b9770e;font-weight:bold}img{max-width:100%}figure{margin:1.5em 0}"""


def _table(df: pd.DataFrame) -> str:
    """A table with its headers in the current language (ids where i18n has none)."""
    return df.rename(columns=lambda c: t(str(c))).to_html(index=False, escape=True, float_format=number, na_rep="")


REMEDY_TABLES = (
    ("remedy_effects", "What each addition fixes (margin it moves)"),
    ("remedy_rounds", "Plan &rarr; hourly check rounds"),
    ("two_way", "Two-way use in the plan (should be empty)"),
)


def remedy_html(run_dir: Path) -> str:
    """A remedy run's section ('' otherwise): the cost of the feasibility
    remedy and of the economic one beside it (`--remedy both` writes it into
    economic/), the additions of each side by side, what each addition
    fixes, the plan -> check rounds, cost curves if present."""
    folders = [f for f in (run_dir, run_dir / "economic") if (f / "remedy_cost.csv").exists()]
    if not folders:
        return ""
    costs = pd.concat([pd.read_csv(f / "remedy_cost.csv") for f in folders], ignore_index=True)
    parts = [f"<h2>{t('Remedy: what meeting the criteria costs')}</h2>", _table(costs)]
    mixes = []
    for f, mode in zip(folders, costs["remedy"]):
        if (f / "expansion.csv").exists():
            used = built(pd.read_csv(f / "expansion.csv"))
            mixes.append(used.set_index(["candidate", "kind", "where", "unit"])["added"].rename(f"{mode} added"))
    if mixes:
        parts += [f"<h3>{t('Additions of each remedy')}</h3>", _table(pd.concat(mixes, axis=1).fillna(0.0).reset_index())]
    for stem, title in REMEDY_TABLES:
        path = run_dir / f"{stem}.csv"
        if path.exists():
            df = pd.read_csv(path)
            if stem == "remedy_effects":
                df = df[df["moves"].abs() > 1e-9]
            parts += [f"<h3>{t(title)}</h3>", _table(df)]
    curve = run_dir / "cost_curve.png"
    if curve.exists():
        data = base64.b64encode(curve.read_bytes()).decode("ascii")
        parts += [f"<h3>{t('Cost curves')}</h3>", _table(pd.read_csv(run_dir / "cost_curve.csv")), f"<img alt='cost curves' src='data:image/png;base64,{data}'>"]
    return "\n".join(parts)


def criteria_html(doc: dict) -> str:
    rows = []
    for c in doc["verdict"]["criteria"]:
        (value, limit, margin), unit = shown([c["value"], c["limit"], c["margin"]], c["unit"])
        rows.append({t("criterion"): name(c["name"]), t("what"): t(c["description"]), t("value"): value, t("limit"): limit, t("margin"): difference(margin, unit), t("unit"): unit, t("result"): t("pass") if c["passed"] else t("FAIL")})
    return _table(pd.DataFrame(rows))


def kpi_html(doc: dict) -> str:
    rows = [{t("KPI"): name(k), t("value"): quantity(v, dictionary.unit_of(k)), t("meaning"): t(dictionary.KPIS.get(k, "")) if k == name(k) else k} for k, v in doc["kpis"].items()]
    return _table(pd.DataFrame(rows))


OBJECTIVE = (
    "The objective is the operating cost over the horizon (fuel, start-ups, imports, demand response, "
    "penalties on unserved energy and shortfalls, and the annualised cost of any remedy additions) "
    "net of the revenue from exports and hydrogen; it can therefore be negative."
)


def write_html(run: Run, figs: dict[str, tuple[str, Path]]) -> Path:
    doc = run.summary
    answer = headline.headline(doc)
    parts = [
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>gridmodel: {html.escape(doc['scenario'])}</title><style>{STYLE}{finding.STYLE}</style></head><body>",
        f"<h1>{html.escape(t('gridmodel run: {name}', name=doc['scenario']))}</h1>",
        f"<p>{html.escape(run_line(doc))}</p>",
        f"<h2 id='headline'>{t('Verdict')}: <span class=\"{answer.css}\">{html.escape(answer.text)}</span></h2>",
        f"<p id='mode'>{html.escape(headline.mode_line(doc))}</p>",
        f"<p id='latitude'>{html.escape(headline.latitude(run.dir))}</p>" if doc.get("remedy") and doc["remedy"]["additions"] else "",
        why_html(run),
        finding.finding_html(doc, run.table("expansion"), i18n.horizon(doc.get("horizon") or f"{doc['hours']} hours")),
        finding.inputs_html(run, doc),
        f"<h3>{t('Criteria (margin &ge; 0 passes)')}</h3>",
        criteria_html(doc),
        finding.where_html(doc),
        f"<p>{t(OBJECTIVE)}</p>",
    ]
    added = run.table("expansion")
    if not added.empty:
        used = built(added)
        cost = f"{used['annualised_cost_cny'].sum() / 1e6:,.1f}"
        parts += [f"<h3>{t('Remedy: {used} of {total} candidates, {cost} M CNY a year', used=len(used), total=len(added), cost=cost)}</h3>", _table(used)]
    parts.append(remedy_html(run.dir))
    causes = run.table(CAUSES_CSV.removesuffix(".csv"))
    if not causes.empty:
        parts += [f"<h3>{t('Curtailment by cause')}</h3>", _table(causes)]
    key_figures = t("Key figures of the remedy's plan ({mode})", mode=headline.mode_text(doc["remedy"].get("planned_on"))[0]) if doc.get("remedy") else t("Key figures")
    parts += [f"<h3>{html.escape(key_figures)}</h3>", kpi_html(doc)]
    provinces = run.table("provinces")
    if not provinces.empty:
        parts += [f"<h3>{t('Every province (the verdict and the key figures are those of the judged one)')}</h3>", _table(provinces)]
    parts.append(f"<h2>{t('Figures')}</h2>")
    for stem, (caption, path) in figs.items():
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        parts.append(f"<figure id='{stem}'><img alt='{html.escape(caption)}' src='data:image/png;base64,{data}'><figcaption>{html.escape(caption)}</figcaption></figure>")
    parts.append("</body></html>")
    out = localised(run.dir, "report.html", i18n.current())
    out.write_text(with_font("\n".join(parts)), encoding="utf-8")
    return out


def why_html(run: Run) -> str:
    """Why it fails (summary.json `why`, binding.csv; written by binding.py): the sentences and the links at their limit in the failing hours."""
    why = run.summary.get("why")
    if not why:
        return ""
    limits = run.table(BINDING_CSV.removesuffix(".csv"))
    parts = [f"<h3>{html.escape(t('Why it fails'))}</h3><div class='finding'>", *(f"<p>{html.escape(s)}</p>" for s in finding.why_sentences(why)), "</div>"]
    if not limits.empty:
        shown_limits = limits[limits["limit_hours"] > 0]
        table = pd.DataFrame({
            t("link"): [name(x) for x in shown_limits["link"]],
            t("limit"): [quantity(x, "MW") for x in shown_limits["capacity_mw"]],
            t("hours at limit"): [f"{x:,.0f}" for x in shown_limits["limit_hours"]],
            t("failing hours at limit"): [f"{x:,.0f}" for x in shown_limits["failing_limit_hours"]],
            t("share of failing hours"): [f"{100 * x:.0f} %" for x in shown_limits["failing_hours_share"]],
        })
        parts.append(_table(table))
    return "".join(parts)


def write_report(run_dir: str | Path, lang: str | None = None) -> Path:
    """Figures and report.html for a run folder, in `lang` (default: the
    scenario's `language`; another language is written beside it, as
    report_<lang>.html and figures_<lang>/); returns the HTML path."""
    run = Run(run_dir)
    with i18n.language(lang or run_language(run.dir)):
        return write_html(run, write_figures(run))


# ------------------------------------------------------------------- language
def run_language(run_dir: Path) -> str:
    """The `language` the run's scenario asks for ('en' for older runs)."""
    path = Path(run_dir) / "scenario_resolved.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return (doc or {}).get("language", "en")


def localised(run_dir: Path, filename: str, lang: str) -> Path:
    """`filename` in the run folder for `lang`: as named in the run's own
    language, with _<lang> before the suffix in another (written beside it,
    never over it)."""
    if lang == run_language(run_dir):
        return run_dir / filename
    stem, dot, suffix = filename.rpartition(".")
    return run_dir / (f"{stem}_{lang}.{suffix}" if dot else f"{filename}_{lang}")


def run_line(doc: dict) -> str:
    """Horizon, first and last hour, solver status and objective, in words."""
    return t(
        "{horizon}, {first} to {last}; solver {status}; objective {objective}.",
        horizon=i18n.horizon(doc.get("horizon") or f"{doc['hours']} hours"),
        first=doc["first_hour"],
        last=doc["last_hour"],
        status=doc["solver_status"],
        objective=money(doc["objective_cny"]),
    )


def with_font(page: str) -> str:
    """A Chinese page embeds the CJK font (cut to its characters) in its style."""
    if i18n.current() != "zh":
        return page
    return page.replace("</style>", i18n.font_face_css(page) + "</style>", 1)
