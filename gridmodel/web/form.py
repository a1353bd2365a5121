"""The scenario form: a picked scenario's key targets as fields, the edits
written back as a scenario file that `extends` it, and each problem the gate
(`gate.prepare`) finds put next to the field that caused it.

Fields are text: whatever is typed goes into the file as written (a number if
it reads as one), so the schema, not the page, decides what is valid. A field
left as shown (or blank) changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Issue
from ..i18n import name, t
from ..inputs import System

TOTALS = {"wind": ("renewables", "capacity_mw"), "solar": ("renewables", "capacity_mw"), "pumped_hydro": ("storage", "power_mw"), "battery": ("storage", "power_mw")}
"""Technologies whose installed total the form sets (capacity_totals_mw), and
the table and column their current total is read from."""

RETROFIT_WHERE = {"technology": ["coal", "chp"]}
ROW_EDITS = {
    "dr_share": ("demand_response", {}, "share_of_peak"),
    "retrofit_share": ("thermal", RETROFIT_WHERE, "retrofit_share"),
}
"""Form key -> (table, rows, column) set on every matching row."""

LINK_PREFIX = "link__"


@dataclass(frozen=True)
class Field:
    """One input of the form: its current value as text ('' when rows differ)."""

    key: str
    label: str
    unit: str
    value: str
    group: str
    hint: str = ""


def text(x: float) -> str:
    """A number as a person would type it: 45000, 0.6, no exponent."""
    return f"{round(float(x), 6):.6f}".rstrip("0").rstrip(".")


def _uniform(values) -> tuple[str, str]:
    """The value shared by all rows, or '' and a hint giving the range."""
    values = sorted(set(round(float(v), 9) for v in values))
    if len(values) == 1:
        return text(values[0]), ""
    return "", f"rows differ ({text(values[0])} to {text(values[-1])}); blank keeps each row's"


def fields(system: System) -> list[Field]:
    """The form of a checked scenario, filled with its current values, labelled
    in the current language."""
    tables = system.tables
    out = [Field("name", t("Scenario name (names the run folder)"), "", system.scenario.name, "scenario")]
    for tech, (table, col) in TOTALS.items():
        rows = tables[table][tables[table]["technology"] == tech]
        if len(rows):
            out.append(Field(f"total_{tech}", t("{tech} installed total", tech=name(tech).replace("_", " ")), "MW", text(rows[col].sum()), "targets"))
    for key, (table, where, col) in ROW_EDITS.items():
        rows = tables[table]
        for c, allowed in where.items():
            rows = rows[rows[c].isin(allowed)]
        if len(rows):
            value, hint = _uniform(rows[col])
            label = t("demand response, share of peak load (every programme)") if key == "dr_share" else t("coal and CHP flexibility retrofit share")
            out.append(Field(key, label, "p.u.", value, "targets", hint))
    for row in tables["links"].itertuples(index=False):
        kind = t("export channel") if row.kind == "export" else t("corridor")
        out.append(Field(LINK_PREFIX + row.name, t("{name} ({kind} {a} to {b})", name=name(row.name), kind=kind, a=name(row.from_zone), b=name(row.to_zone)), "MW", text(row.capacity_mw), "ratings"))
    return out


def typed(value: str):
    """A number if the text reads as one, else the text (for the schema to refuse)."""
    try:
        return float(value)
    except ValueError:
        return value


def scenario_doc(base: Path, base_edits: int, form: dict[str, str], current: list[Field]) -> tuple[dict, dict[int, str]]:
    """The scenario that extends `base` with the form's changes, and which
    form field each of its edits came from (by index in the merged edits list,
    after the `base_edits` inherited ones)."""
    doc: dict = {"name": form.get("name", "").strip() or next(f.value for f in current if f.key == "name"), "extends": str(base.resolve())}
    edits, origin = [], {}
    for f in current:
        value = form.get(f.key, "").strip()
        if f.key == "name" or value in ("", f.value):
            continue
        if f.key.startswith("total_"):
            doc.setdefault("capacity_totals_mw", {})[f.key.removeprefix("total_")] = typed(value)
            continue
        if f.key.startswith(LINK_PREFIX):
            table, where, col = "links", {"name": f.key.removeprefix(LINK_PREFIX)}, "capacity_mw"
        else:
            table, where, col = ROW_EDITS[f.key]
        origin[base_edits + len(edits)] = f.key
        edits.append({"table": table, "where": where, "set": {col: typed(value)}})
    if edits:
        doc["edits"] = edits
    return doc, origin


EDIT_INDEX = re.compile(r"edits\[(\d+)\]")


def _field_of(issue: Issue, origin: dict[int, str]) -> str | None:
    """The form field an issue of the gate is about, if any."""
    where = issue.where.removeprefix("field ")
    if where == "name":
        return "name"
    if where.startswith("representative_periods"):
        return "typical_days"
    if where.startswith("capacity_totals_mw"):
        tech = where.partition(".")[2] or next(iter(re.findall(r"'(\w+)'", issue.rule)), "")
        return f"total_{tech}" if tech in TOTALS else None
    m = EDIT_INDEX.search(issue.file) or (EDIT_INDEX.match(where) if where.startswith("edits") else None)
    return origin.get(int(m.group(1))) if m else None


def place_issues(issues: list[Issue], origin: dict[int, str]) -> tuple[dict[str, list[str]], list[str]]:
    """Problems by form field (each rule once: every row of a table edited
    breaks the same rule), and the rest as whole lines."""
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for issue in issues:
        key = _field_of(issue, origin)
        if key is None:
            general.append(str(issue))
        elif issue.rule not in by_field.setdefault(key, []):
            by_field[key].append(issue.rule)
    return by_field, general
