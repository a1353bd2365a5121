"""The report's first screen, in words: the finding (verdict, what fails, where,
when, by how much, the cheapest fix and its cost), the where and when of each
failing criterion as small tables, and the scenario's key inputs with the
ones its data marks as estimates. From the run folder alone, in the language
set by i18n.language.
"""

from __future__ import annotations

import calendar
import html
import re
from pathlib import Path

import pandas as pd
import yaml

from .i18n import current, name, t
from .units import money, number, points, quantity, shown

TOP_ZONES, TOP_MONTHS = 2, 3
STYLE = ".finding{background:#f6f6f2;border-left:4px solid #c0392b;padding:0.3em 1em}.where{display:flex;gap:2em;flex-wrap:wrap}.where h4{margin:0.5em 0 0}"


def month(m: int) -> str:
    return f"{m}月" if current() == "zh" else calendar.month_abbr[m]


def share(part: float, total: float) -> str:
    return f"{100 * part / total:.0f} %" if total else "–"


# ------------------------------------------------------------------ finding
def failing_sentence(c: dict) -> str:
    """'curtailment_share fails: 59.1 % against a limit of 5.00 %, 54.1 % over. Mostly in …'"""
    (value, limit, over), unit = shown([c["value"], c["limit"], -c["margin"]], c["unit"])
    text = t("{name} fails: {value} {unit} against a limit of {limit} {unit}, {over} {over_unit} over.", name=name(c["name"]), value=value, limit=limit, over=over, unit=unit, over_unit=points(unit))
    w = c.get("where")
    if w and w["zones"]:
        total = sum(z["amount"] for z in w["zones"])
        zones = ", ".join(f"{name(z['zone'])} ({share(z['amount'], total)})" for z in w["zones"][:TOP_ZONES])
        months = ", ".join(f"{month(m['month'])} ({share(m['amount'], total)})" for m in sorted(w["months"], key=lambda m: -m["amount"])[:TOP_MONTHS])
        worst = w["worst_hours"][0]
        text += " " + t(
            "Mostly in {zones}; worst months {months}; worst hour {hour} ({amount}).",
            zones=zones, months=months, hour=worst["timestamp"], amount=quantity(worst["amount"], w["power_unit"]),
        )
    return text


def remedy_sentence(doc: dict, added: pd.DataFrame) -> str:
    """The additions (largest cost first) and what they cost a year."""
    from .runfolder import built

    used = built(added).sort_values("annualised_cost_cny", ascending=False)
    if used.empty:
        return t("Remedy mode added nothing: the plan meets the criteria as it is.")
    items = ", ".join(f"{r.candidate} +{quantity(r.added, r.unit)}" for r in used.itertuples(index=False))
    k = doc["kpis"]
    cost = k.get("remedy_total_cny_per_year", used["annualised_cost_cny"].sum())
    built_in = "the criteria below are the system's as it is, without it" if doc.get("remedy") else "the verdict above is with it built"  # runs written before summary.json's `remedy`
    text = t("Cheapest fix found (remedy mode; " + built_in + "): {items}, costing {cost} a year (annualised additions and change in operating cost).", items=items, cost=money(cost))
    if "remedy_check_feasible" in k:
        text += " " + (t("Checked hour by hour, it meets every criterion.") if k["remedy_check_feasible"] else t("Checked hour by hour, it still fails a criterion (hourly_check/)."))
    return text


def finding(doc: dict, added: pd.DataFrame, horizon: str) -> list[str]:
    """The finding as sentences: the verdict first, then each failing
    criterion, then the remedy (or how to get one)."""
    criteria = doc["verdict"]["criteria"]
    failing = [c for c in criteria if not c["passed"]]
    if failing:
        out = [t("Over {horizon} the plan is NOT FEASIBLE: {k} of {n} criteria fail.", horizon=horizon, k=len(failing), n=len(criteria))]
        out += [failing_sentence(c) for c in failing]
    else:
        tight = min(criteria, key=lambda c: c["margin"] / max(abs(c["limit"]), 1e-12))
        (value, limit), unit = shown([tight["value"], tight["limit"]], tight["unit"])
        out = [t("Over {horizon} the plan is FEASIBLE: all {n} criteria pass; the tightest is {name}, {value} {unit} against a limit of {limit} {unit}.", horizon=horizon, n=len(criteria), name=name(tight["name"]), value=value, limit=limit, unit=unit)]
    if not added.empty:
        out.append(remedy_sentence(doc, added))
    elif failing:
        out.append(t("No remedy was computed in this run: `gridmodel run --expand` finds the cheapest fix."))
    return out


def finding_html(doc: dict, added: pd.DataFrame, horizon: str) -> str:
    return "<div class='finding'>" + "".join(f"<p>{html.escape(s)}</p>" for s in finding(doc, added, horizon)) + "</div>"


# ------------------------------------------------------------- where / when
def where_tables(w: dict) -> dict[str, pd.DataFrame]:
    """By zone, by month (calendar order) and the worst hours, scaled to their size."""
    total = sum(z["amount"] for z in w["zones"])
    (_, *zone_amounts), energy_unit = shown([total, *[z["amount"] for z in w["zones"]]], w["energy_unit"])
    month_amounts, _ = shown([total, *[m["amount"] for m in w["months"]]], w["energy_unit"])
    hour_amounts, power_unit = shown([h["amount"] for h in w["worst_hours"]], w["power_unit"])
    amount, pct = f"{t('amount')} ({energy_unit})", t("share")
    return {
        t("by zone"): pd.DataFrame({t("zone"): [name(z["zone"]) for z in w["zones"]], amount: zone_amounts, pct: [share(z["amount"], total) for z in w["zones"]]}),
        t("by month"): pd.DataFrame({t("month"): [month(m["month"]) for m in w["months"]], amount: month_amounts[1:], pct: [share(m["amount"], total) for m in w["months"]]}),
        t("worst hours"): pd.DataFrame({t("hour"): [h["timestamp"] for h in w["worst_hours"]], f"{t('amount')} ({power_unit})": hour_amounts}),
    }


def where_html(doc: dict) -> str:
    """A heading and three small tables side by side per failing criterion."""
    parts = []
    for c in doc["verdict"]["criteria"]:
        w = c.get("where")
        if c["passed"] or not w or not w["zones"]:
            continue
        parts.append(f"<h3>{html.escape(t('{name}: where and when', name=name(c['name'])))}</h3><div class='where'>")
        for title, df in where_tables(w).items():
            parts.append(f"<div><h4>{html.escape(title)}</h4>{df.to_html(index=False, escape=True)}</div>")
        parts.append(f"</div><p>{html.escape(t('nonzero in {hours} h', hours=number(w['hours'])))}</p>")
    return "".join(parts)


def where_lists(where: dict | None, n: int = 3) -> dict[str, str]:
    """Where and when a criterion's quantity binds: the largest zones, months
    and hours, in people's units."""
    if not where:
        return {}
    energy, power = where["energy_unit"], where["power_unit"]
    months = sorted(where["months"], key=lambda m: -m["amount"])[:n]
    hours = t("nonzero in {hours} h", hours=f"{where['hours']:,.0f}")
    return {
        t("zones"): ", ".join(f"{name(z['zone'])} {quantity(z['amount'], energy)}" for z in where["zones"][:n]),
        t("months"): ", ".join(f"{month(m['month'])} {quantity(m['amount'], energy)}" for m in months) + f" ({hours})",
        t("worst hours"): ", ".join(f"{h['timestamp']} {quantity(h['amount'], power)}" for h in where["worst_hours"][:n]),
    }


# -------------------------------------------------------------- key inputs
def estimates(text: str) -> set[str]:
    """First cells of the Markdown table rows (data/README.md) that say 'estimate'."""
    return {m.group(1).strip().strip("`*") for m in re.finditer(r"^\|([^|\n]+)\|[^\n]*estimate", text, re.I | re.M)}


def scenario_estimates(text: str) -> set[str]:
    """Names (`name: X`, as in an edit's `where`) with a comment saying
    'estimate' within a few lines around them in a scenario file."""
    lines = text.splitlines()
    out = set()
    for i, line in enumerate(lines):
        m = re.search(r"name:\s*([\w.-]+)", line)
        if m and any("#" in near and "estimate" in near.lower() for near in lines[max(0, i - 4) : i + 3]):
            out.add(m.group(1))
    return out


def data_readme(paths: list[Path]) -> Path | None:
    """data/README.md above any of `paths` (the scenario file, the input tables)."""
    for path in paths:
        for folder in path.resolve().parents:
            if folder.name == "data" and (folder / "README.md").is_file():
                return folder / "README.md"
    return None


def resolved(run) -> dict:
    path = run.dir / "scenario_resolved.yaml"
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}


def flagged(run, doc: dict) -> set[str]:
    """What the scenario file and the data/README.md of its tables mark as estimates."""
    tables = resolved(run).get("tables") or {}
    return flagged_files(Path(doc.get("scenario_file") or ""), [Path(p) for p in tables.values() if p])


def flagged_files(scenario: Path, tables: list[Path]) -> set[str]:
    """What `scenario`'s comments and the data/README.md above its `tables` mark as estimates."""
    out = scenario_estimates(scenario.read_text(encoding="utf-8")) if scenario.is_file() else set()
    readme = data_readme(tables + ([scenario] if scenario.is_file() else []))
    return out | (estimates(readme.read_text(encoding="utf-8")) if readme else set())


def demand_response_mw(run) -> float | None:
    """Demand response available: each programme's share_of_peak x its zone's
    load at the system peak hour (as model/demand_response.py sizes it)."""
    dr, zones = run.table("inputs/demand_response"), run.table("zones")
    if dr.empty or zones.empty:
        return None
    load = zones.pivot_table(index="timestamp", columns="zone", values="load_mw", aggfunc="sum")
    at_peak = load.loc[load.sum(axis=1).idxmax()]
    return float((dr["share_of_peak"] * dr["zone"].map(at_peak).fillna(0.0)).sum())


def input_rows(run, doc: dict) -> pd.DataFrame:
    """Load, wind and solar, storage, demand response, retrofit share, corridor
    and channel ratings: what an analyst changes between runs, each with its
    value in its base unit, the text shown and its source kind: `target` (the
    scenario's capacity_totals_mw), `estimate` (the load and the ratings that
    data/README.md's rows for them, or the scenario's comments on an edit,
    call estimates) or `sourced`."""
    marks = flagged(run, doc)
    year = doc["first_hour"][:4]
    k = doc["kpis"]
    rows = [(t("load over the horizon"), k["load_mwh"], "MWh", f"{year} annual energy"), (t("peak load"), k["peak_load_mw"], "MW", f"{year} peak load")]
    re_cap = run.table("inputs/renewables").groupby("technology")["capacity_mw"].sum() if not run.table("inputs/renewables").empty else pd.Series(dtype=float)
    rows += [(tech_name(tech), float(mw), "MW", f"target:{tech}") for tech, mw in re_cap.items()]
    st = run.table("inputs/storage")
    for tech, g in (st.groupby("technology") if not st.empty else []):
        rows += [(tech_name(tech), float(g["power_mw"].sum()), "MW", f"target:{tech}"), (t("{tech}, energy", tech=tech_name(tech)), float(g["energy_mwh"].sum()), "MWh", f"target:{tech}")]
    dr_mw = demand_response_mw(run)
    if dr_mw is not None:
        rows.append((t("demand response (share of peak load)"), dr_mw / k["peak_load_mw"], "p.u.", None))
    th = run.table("inputs/thermal")
    if not th.empty and "retrofit_share" in th and th["capacity_mw"].sum():
        rows.append((t("flexibility retrofit (share of thermal capacity)"), float((th["retrofit_share"] * th["capacity_mw"]).sum() / th["capacity_mw"].sum()), "p.u.", None))
    links = run.table("inputs/links")
    for r in links.itertuples(index=False) if not links.empty else []:
        label = t("corridor {name}") if r.kind == "line" else t("export channel {name}")
        rows.append((label.format(name=name(r.name)), float(r.capacity_mw), "MW", r.name))
    targets = {f"target:{key}" for key in resolved(run).get("capacity_totals_mw") or {}}
    kind = lambda key: "estimate" if key in marks else "target" if key in targets else "sourced"  # noqa: E731
    return pd.DataFrame([{"input": what, "value": value, "unit": unit, "source": kind(key)} for what, value, unit, key in rows], columns=["input", "value", "unit", "source"])


NOTES = {"estimate": "estimate", "target": "scenario target (capacity_totals_mw)", "sourced": ""}
"""An input's source kind as the report's note says it."""


def key_inputs(run, doc: dict) -> pd.DataFrame:
    """The key inputs as the report shows them: value in people's units, a
    note for estimates and scenario targets."""
    rows = input_rows(run, doc)
    k = doc["kpis"]
    texts = [quantity(v, u) + (f" ({quantity(v * k['peak_load_mw'], 'MW')})" if what == t("demand response (share of peak load)") else "") for what, v, u in zip(rows["input"], rows["value"], rows["unit"])]
    return pd.DataFrame({t("input"): rows["input"], t("value"): texts, t("note"): [t(NOTES[s]) if NOTES[s] else "" for s in rows["source"]]})


def tech_name(tech: str) -> str:
    return name(tech).replace("_", " ")


def inputs_html(run, doc: dict) -> str:
    return f"<h3>{html.escape(t('Key inputs'))}</h3>" + key_inputs(run, doc).to_html(index=False, escape=True)


# ------------------------------------------------------------ why it fails
def hours(x: float) -> str:
    return f"{x:,.0f}"


def why_sentences(doc: dict) -> list[str]:
    """Why it fails (summary.json's `why`, gridmodel/binding.py) in plain words, in the current language."""
    failing, crit = hours(doc["failing_hours"]), name(doc["criterion"])
    out = []
    limits = [b for b in doc["binding"]]
    if limits:
        parts = [t("{link} ({kind}, {cap}) at its limit in {share} of them ({hours} h over the horizon)", link=name(b["link"]), kind=t("corridor" if b["kind"] == "line" else "export channel"), cap=quantity(b["capacity_mw"], "MW"), share=f"{100 * b['failing_hours_share']:.0f} %", hours=hours(b["limit_hours"])) for b in limits]
        out.append(t("{criterion} fails in {hours} h: {limits}.", criterion=crit, hours=failing, limits="; ".join(parts)))
    else:
        out.append(t("{criterion} fails in {hours} h with no link at its limit: the surplus is the whole system's, not a corridor's.", criterion=crit, hours=failing))
    for e in doc["estimates"]:
        out.append(t("The rating of {link} is an estimate (data/README.md)", link=name(e["link"])) + (t("; {sweep} sweeps it.", sweep=e["sweep"]) if e["sweep"] else t(".")))
    curtailing = doc["criterion"] == "curtailment_share"
    re_ = doc.get("renewables") or {}
    if curtailing and re_.get("available_mwh"):
        out.append(t("Wind and solar ({cap}): the curtailment is theirs, {curtailed} of {available} available; more of them in {zones} adds to it while the limits above bind.", cap=quantity(re_["capacity_mw"], "MW") if re_.get("capacity_mw") else "–", curtailed=quantity(re_["curtailment_mwh"], "MWh"), available=quantity(re_["available_mwh"], "MWh"), zones=", ".join(map(name, doc["zones"])) or "–"))
    for u in doc["use"]:
        label = t("demand response") if u["part"] == "demand_response" else name(u["name"]).replace("_", " ")
        if u["part"] == "demand_response":
            text = t("{label} ({power}): called {hours} h ({energy}), {failing} h of them in the failing hours", label=label, power=quantity(u["power_mw"], "MW"), hours=hours(u["used_hours"]), energy=quantity(u["energy_mwh"], "MWh"), failing=hours(u["failing_used_hours"]))
            text += t("; it lowers load, so it cannot lower curtailment.") if curtailing else t(".")
        else:
            did = t("charged {energy} in the failing hours (at full power in {full} h)") if curtailing else t("discharged {energy} in the failing hours (at full power in {full} h)")
            text = t("{label} ({power}): {full_load} full-load hours of discharge over the horizon; ", label=label, power=quantity(u["power_mw"], "MW"), full_load=number(u["full_load_hours"])) + did.format(energy=quantity(u["failing_hours_mwh"], "MWh"), full=hours(u["failing_full_power_hours"]))
            text += t("; it sits beyond the binding limits from {zones}, so it cannot take their surplus.", zones=", ".join(map(name, doc["zones"]))) if u.get("beyond_binding_limits") and curtailing else t(".")
        out.append(text)
    return out
