"""The run's answer in one line, the same in the report, the web page, the
workbook and the console, read from summary.json alone.

A run answers "is the plan feasible as it is?"; a remedy run also "what
makes it feasible, and at what cost?". The headline says the first, then
the second: "NOT FEASIBLE as planned (curtailment 11.8 % > 5 %); feasible
with +4.9 GW west_central_more … for 1.2 亿元/a (checked hour by hour:
3.76 %)", with a state for its colour: `fails`, `fixed` (by the remedy,
checked every hour) or `feasible`. A remedy's typical-day plan is never the
headline: its figures are the planning model's, not the year's.

Each run also says its mode (one LP, weekly or monthly windows, typical
days) and what that mode is good for (`mode_line`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .i18n import name, t
from .units import money, quantity, shown

FEASIBLE, FIXED, FAILS = "feasible", "fixed", "fails"
CSS = {FEASIBLE: "pass", FIXED: "fixed", FAILS: "fail"}
"""The state's CSS class: green, amber (fails as planned, fixed by the remedy), red."""
COLOURS = {FEASIBLE: "2A7D2A", FIXED: "B9770E", FAILS: "C0392B"}
TOP_ADDITIONS = 3

MODES = {
    "one_lp": ("one LP over the horizon", "everything: the exact optimum, hour by hour"),
    "weekly_windows": ("weekly windows carried through the horizon", "the verdict and the year's and months' figures (Jilin 2030's year: cost within 0.12 % of one LP)"),
    "monthly_windows": ("monthly windows carried through the horizon", "the verdict and the year's and months' figures (Jilin 2030's year: cost within 0.01 % of one LP)"),
    "windows": ("{days}-day windows carried through the horizon", "the verdict and the horizon's totals"),
    "typical_days": ("{days} typical days standing for the horizon", "annual totals (a quick look); not months, storage use or the hour-by-hour verdict"),
}
"""Mode key -> (what it is, what it is good for)."""

LATITUDE = (
    "The cost is robust, the mix is a range: planned on 24 / 40 / 64 typical days, Jilin 2030's feasibility remedy "
    "costs −1.86 / −1.92 / −1.93 bn CNY/a while its west–central addition is +4.9 / +5.8 / +6.6 GW (issue 31). "
    "Quote the cost; take the additions as one of several near-equal mixes."
)


# ---------------------------------------------------------------- latitude
def same_inputs(a: dict, b: dict) -> bool:
    """Two remedy runs of one scenario on the same input files (their plans may differ in mode)."""
    return a["scenario"] == b["scenario"] and a.get("input_sha256") == b.get("input_sha256") and a["remedy"]["mode"] == b["remedy"]["mode"]


def remedy_range(docs: list[dict]) -> str:
    """The remedies of runs on the same inputs planned in different modes,
    side by side: 'planned on 24 / 40 typical days: cost … / …; x +… / +…'
    ('' unless at least two plans differ in mode). The analyst's own
    measure of how far the mix, and the cost, depend on the planning days."""
    by_mode = {}
    for doc in docs:
        by_mode.setdefault(json.dumps(doc["remedy"].get("planned_on"), sort_keys=True), doc)
    if len(by_mode) < 2:
        return ""
    runs = sorted(by_mode.values(), key=lambda d: (d["remedy"].get("planned_on") or {}).get("days", 0))
    plans = " / ".join(mode_text(d["remedy"].get("planned_on"))[0] for d in runs)
    costs = " / ".join(money(d["remedy"]["cost"]["total_cny"]) for d in runs)
    added = {}
    for i, d in enumerate(runs):
        for a in d["remedy"]["additions"]:
            added.setdefault((a["candidate"], a["unit"]), [0.0] * len(runs))[i] += a["added"]
    largest = sorted(added.items(), key=lambda kv: -max(kv[1]))[:TOP_ADDITIONS]
    mix = "; ".join(f"{name(c)} " + " / ".join(f"+{quantity(v, unit)}" for v in values) for (c, unit), values in largest)
    return t("Remedy runs of these inputs planned on {plans}: cost {costs}/a; {mix}.", plans=plans, costs=costs, mix=mix)


def sibling_remedies(run_dir: Path) -> list[dict]:
    """The summaries of the remedy runs beside `run_dir` (its own first) on the same inputs."""
    own = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    if not own.get("remedy"):
        return []
    out = [own]
    for path in sorted(run_dir.parent.glob("*/summary.json")):
        if path.parent == run_dir:
            continue
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if doc.get("remedy") and same_inputs(own, doc):
            out.append(doc)
    return out


def latitude(run_dir: Path) -> str:
    """What to make of the remedy's mix: the general statement, and the
    analyst's own remedy runs of the same inputs in other planning modes."""
    return " ".join(x for x in (t(LATITUDE), remedy_range(sibling_remedies(Path(run_dir)))) if x)


# -------------------------------------------------------------------- mode
def mode(result) -> dict:
    """How a result's horizon was solved: {key, days?}."""
    sc = result.system.scenario
    if sc.representative_periods is not None:
        return {"key": "typical_days", "days": sc.representative_periods.days}
    if "windows" in result.timings_s:
        days = sc.solver.window_days
        return {"key": "monthly_windows"} if days == "month" else {"key": "weekly_windows"} if days == 7 else {"key": "windows", "days": days}
    return {"key": "one_lp"}


def mode_text(m: dict | None) -> tuple[str, str]:
    """(what the mode is, what it is good for), in the current language;
    runs written before modes were recorded say so."""
    if not m:
        return t("mode not recorded (an older run)"), ""
    what, good = MODES[m["key"]]
    return t(what, days=m.get("days", "")), t(good)


def mode_line(doc: dict) -> str:
    """'Solved as weekly windows carried through the horizon: good for …'
    (a remedy run adds how its plan and check were solved)."""
    what, good = mode_text(doc.get("mode"))
    text = t("Solved as {what}: good for {good}.", what=what, good=good) if good else what
    r = doc.get("remedy")
    if r:
        text += " " + t("The remedy was planned on {planned} and checked as {checked}.", planned=mode_text(r.get("planned_on"))[0], checked=mode_text(r.get("checked_as"))[0])
    return text


def tables_mode(doc: dict) -> dict | None:
    """The mode of the run folder's tables: a remedy run's are its plan's."""
    return doc["remedy"].get("planned_on") if doc.get("remedy") else doc.get("mode")


def months_caveat(doc: dict) -> str:
    """' (typical days: …)' after a monthly table's title when its rows are
    typical days: each month is rebuilt from the days standing for it, so
    only the annual totals hold."""
    m = tables_mode(doc)
    return " " + t("(from typical days: the months are approximate, only the annual totals hold)") if m and m["key"] == "typical_days" else ""


# ---------------------------------------------------------------- headline
@dataclass(frozen=True)
class Headline:
    state: str  # FEASIBLE, FIXED or FAILS
    text: str

    @property
    def css(self) -> str:
        return CSS[self.state]

    @property
    def colour(self) -> str:
        return COLOURS[self.state]


SIGNS = {("max", True): "≤", ("max", False): ">", ("min", True): "≥", ("min", False): "<"}
"""A criterion's value against its limit: (sense, passed) -> sign."""


def criterion_text(c: dict) -> str:
    """'curtailment_share 11.8 % > 5.00 %' (value against limit, the sign by
    the criterion's sense: a share of exports that must be at least 50 % passes with ≥)."""
    (value, limit), unit = shown([c["value"], c["limit"]], c["unit"])
    sign = SIGNS[(c.get("sense", "max"), c["passed"])]
    return f"{name(c['name'])} {value} {unit} {sign} {limit} {unit}".replace("  ", " ")


def as_is_text(verdict: dict) -> str:
    """The answer to the question as asked: failing criteria, or the tightest passing one."""
    criteria = verdict["criteria"]
    failing = [c for c in criteria if not c["passed"]]
    if failing:
        return t("NOT FEASIBLE as planned ({why})", why="; ".join(criterion_text(c) for c in failing))
    if not criteria:
        return t("FEASIBLE as planned")
    tight = min(criteria, key=lambda c: c["margin"] / max(abs(c["limit"]), 1e-12))
    return t("FEASIBLE as planned ({why})", why=criterion_text(tight))


def additions_text(additions: list[dict]) -> str:
    """The largest additions by cost: '+4.9 GW west_central_more, +4 GW central_eboiler'."""
    rows = sorted(additions, key=lambda a: -a["annualised_cost_cny"])
    parts = [f"+{quantity(a['added'], a['unit'])} {name(a['candidate'])}" for a in rows[:TOP_ADDITIONS]]
    if len(rows) > TOP_ADDITIONS:
        parts.append(t("{n} more", n=len(rows) - TOP_ADDITIONS))
    return t(", ").join(parts)


def checked_text(remedy: dict, verdict: dict) -> str:
    """The hourly check's values of the criteria the plan failed as it is
    (else of all that the check fails)."""
    check = {c["name"]: c for c in remedy["check"]["criteria"]}
    names = [c["name"] for c in verdict["criteria"] if not c["passed"]] or remedy["check"]["failing"]
    values = []
    for n in names:
        if n in check:
            (value,), unit = shown([check[n]["value"]], check[n]["unit"])
            values.append(f"{name(n)} {value} {unit}".rstrip())
    return "; ".join(values)


def remedy_text(remedy: dict, verdict: dict) -> str:
    """'feasible with … for X/a (checked hour by hour: …)'."""
    cost = money(remedy["cost"]["total_cny"])
    checked = checked_text(remedy, verdict)
    if not remedy["additions"]:
        return t("the remedy adds nothing") if remedy["feasible"] else ""
    if remedy["feasible"]:
        return t("feasible with {additions} for {cost}/a (checked hour by hour: {checked})", additions=additions_text(remedy["additions"]), cost=cost, checked=checked or t("every criterion passes"))
    return t("with {additions} for {cost}/a still NOT FEASIBLE hour by hour ({checked})", additions=additions_text(remedy["additions"]), cost=cost, checked=checked)


def headline(doc: dict) -> Headline:
    """The run's headline from its summary.json: the verdict as it is, then
    the remedy's, checked every hour."""
    verdict, remedy = doc["verdict"], doc.get("remedy")
    text = as_is_text(verdict)
    if remedy:
        more = remedy_text(remedy, verdict)
        text += t("; ") + more if more else ""
    if verdict["feasible"]:
        return Headline(FEASIBLE, text)
    return Headline(FIXED if remedy and remedy["feasible"] else FAILS, text)
