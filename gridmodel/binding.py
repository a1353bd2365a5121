"""Why a plan fails, from its own dispatch: the limits that bind while it
fails and what the flexible parts did then.

The failing hours are those in which the failing criterion's quantity is
nonzero: curtailment for curtailment_share, the shortfall for the criteria
that fail on particular hours (remedy.DAILY). In them:

- each link (corridor or export channel): hours at its transfer limit
  (loading >= 1 - AT_LIMIT), and their share of the failing hours;
- each storage technology and demand response: its use over the horizon
  (full-load hours of discharge, hours called) and in the failing hours
  (charged while curtailing, or discharged / called while short);
- each of the plan's flexible parts in plain words: wind and solar, each
  store (on which side of the binding limits it sits), demand response;
- the binding limits whose rating the data call an estimate, with the
  shipped sweep over it.

In words: finding.why_sentences (the report's first screen, which reads
run folders and so loads no solver).

Hours are weighted (`weight_h`), so a typical-day run counts the hours of
the year each row stands for.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pandas as pd

from .results import judged_tables

AT_LIMIT = 1e-3  # a link within 0.1 % of its limit is at it (solver tolerance)
USED_MW = 1e-3  # below this a store, a programme or curtailment is idle
BINDING_SHARE = 0.5  # a link at its limit in at least this share of the failing hours binds
SHOWN = 0.05  # links at their limit in less than this share of the failing hours are left out of the sentences
SWEEPS = re.compile(r"links\[name=([\w.-]+)\]|^corridor:\s*([\w.-]+)", re.M)
"""A sweep's axis over a link's rating (sweep.py's `table:links[name=X]`, cost_curves.py's `corridor: X`)."""
BASE = re.compile(r"^base:\s*(\S+)", re.M)


def hourly_criterion(verdict) -> tuple[str, str, str] | None:
    """The first failing criterion with an hourly quantity: (name, table, column)."""
    from .remedy import DAILY

    for c in verdict.criteria:
        if c.passed:
            continue
        if c.name == "curtailment_share":
            return c.name, "renewables", "curtailment_mw"
        if c.name in DAILY:
            return (c.name, *DAILY[c.name])
    return None


def weights(df: pd.DataFrame) -> pd.Series:
    """Hours each row stands for."""
    return df["weight_h"] if "weight_h" in df else pd.Series(1.0, index=df.index)


def failing_hours(tables: dict[str, pd.DataFrame], table: str, column: str) -> pd.Series:
    """Timestamp -> weight of the steps in which `column` is nonzero (the failing hours)."""
    df = tables[table]
    per = df.groupby("timestamp")[column].sum()
    w = weights(df).groupby(df["timestamp"]).first()
    return w[per > USED_MW]


def link_limits(flows: pd.DataFrame, failing: pd.Series) -> pd.DataFrame:
    """binding.csv: each link's hours at its limit over the horizon and in the failing hours."""
    w = weights(flows)
    at = (flows["capacity_mw"] > 0) & (flows["loading_pu"] >= 1 - AT_LIMIT)
    in_failing = flows["timestamp"].isin(failing.index)
    total = float(failing.sum())
    g = flows.assign(at_h=w * at, fail_at_h=w * (at & in_failing), forward_h=w * (at & in_failing & (flows["flow_mw"] > 0))).groupby("link", sort=False)
    out = g.agg(kind=("kind", "first"), from_zone=("from_zone", "first"), to_zone=("to_zone", "first"), capacity_mw=("capacity_mw", "max"), limit_hours=("at_h", "sum"), failing_limit_hours=("fail_at_h", "sum"), forward_h=("forward_h", "sum")).reset_index()
    out["failing_hours_share"] = out["failing_limit_hours"] / total if total else 0.0
    out["direction"] = [("forward" if f >= h / 2 else "backward") if h else "" for f, h in zip(out["forward_h"], out["failing_limit_hours"])]
    out = out.drop(columns="forward_h").sort_values(["failing_hours_share", "limit_hours"], ascending=False)
    return out[["link", "kind", "from_zone", "to_zone", "direction", "capacity_mw", "limit_hours", "failing_limit_hours", "failing_hours_share"]]


def flexibility_use(tables: dict[str, pd.DataFrame], failing: pd.Series, shortfall: bool) -> pd.DataFrame:
    """flexibility_use.csv: each storage technology and the demand response:
    power, energy over the horizon, full-load hours, hours used, and in the
    failing hours the energy that relieves the criterion (stores: charged
    while curtailing, discharged while short; demand response: called)."""
    rows = []
    st = tables.get("storage", pd.DataFrame())
    if not st.empty:
        st = st.assign(w=weights(st), fail=st["timestamp"].isin(failing.index))
        for tech, g in st.groupby("technology"):
            power = float(g.groupby("unit")["power_mw"].first().sum())
            out_mwh = float((g["discharge_mw"] * g["w"]).sum())
            relief = g["discharge_mw"] if shortfall else g["charge_mw"]
            per = g.assign(moved=g["charge_mw"] + g["discharge_mw"]).groupby("timestamp").agg(relief=("discharge_mw" if shortfall else "charge_mw", "sum"), moved=("moved", "sum"), w=("w", "first"), fail=("fail", "first"))
            rows.append({
                "part": "storage", "name": tech, "zones": " ".join(sorted(g["zone"].unique())), "power_mw": power,
                "energy_mwh": out_mwh, "full_load_hours": out_mwh / power if power else 0.0,
                "used_hours": float((per["w"] * (per["moved"] > USED_MW)).sum()),
                "failing_used_hours": float((per["w"] * per["fail"] * (per["relief"] > USED_MW)).sum()),
                "failing_hours_mwh": float((relief * g["w"] * g["fail"]).sum()),
                "failing_full_power_hours": float((per["w"] * per["fail"] * (per["relief"] >= power * (1 - AT_LIMIT))).sum()) if power else 0.0,
            })
    dr = tables.get("demand_response", pd.DataFrame())
    if not dr.empty:
        dr = dr.assign(w=weights(dr), fail=dr["timestamp"].isin(failing.index))
        per = dr.groupby("timestamp").agg(mw=("dr_mw", "sum"), w=("w", "first"), fail=("fail", "first"))
        power = float(dr.groupby("programme")["capacity_mw"].first().sum())
        energy = float((per["mw"] * per["w"]).sum())
        called = per["mw"] > USED_MW
        rows.append({
            "part": "demand_response", "name": "demand_response", "zones": " ".join(sorted(dr["zone"].unique())), "power_mw": power,
            "energy_mwh": energy, "full_load_hours": energy / power if power else 0.0,
            "used_hours": float((per["w"] * called).sum()), "failing_used_hours": float((per["w"] * called * per["fail"]).sum()),
            "failing_hours_mwh": float((per["mw"] * per["w"] * per["fail"]).sum()), "failing_full_power_hours": float((per["w"] * per["fail"] * (per["mw"] >= power * (1 - AT_LIMIT))).sum()) if power else 0.0,
        })
    return pd.DataFrame(rows, columns=["part", "name", "zones", "power_mw", "energy_mwh", "full_load_hours", "used_hours", "failing_used_hours", "failing_hours_mwh", "failing_full_power_hours"])


def beyond(zones: list[str], sources: list[str], links: pd.DataFrame, binding: list[str]) -> bool:
    """Whether every one of `zones` is cut off from every zone of `sources`
    once the binding links are taken out (the surplus cannot reach them)."""
    g = nx.Graph()
    g.add_nodes_from(set(links["from_zone"]) | set(links["to_zone"]) | set(zones) | set(sources))
    g.add_edges_from((r.from_zone, r.to_zone) for r in links.itertuples() if r.link not in binding)
    return not any(nx.has_path(g, s, z) for s in sources for z in zones)


def estimate_sweeps(links: list[str], readme: Path | None) -> dict[str, str]:
    """Link -> the shipped sweep over its rating (data/sweeps/*.yaml beside
data/README.md), with the scenario it sweeps: 'data/sweeps/x.yaml (base.yaml)'."""
    folder = readme.parent / "sweeps" if readme else None
    out = {}
    for path in sorted(folder.glob("*.yaml")) if folder and folder.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        base = BASE.search(text)
        for link in {a or b for a, b in SWEEPS.findall(text)} & set(links):
            out.setdefault(link, f"data/sweeps/{path.name}" + (f" ({Path(base.group(1)).name})" if base else ""))
    return out


def why(result, estimates: set[str] = frozenset(), readme: Path | None = None) -> tuple[dict | None, pd.DataFrame, pd.DataFrame]:
    """summary.json's `why` (None if nothing fails hour by hour), binding.csv
    and flexibility_use.csv of a dispatch (its verdict's failing criterion)."""
    found = hourly_criterion(result.verdict)
    if found is None:
        return None, pd.DataFrame(), pd.DataFrame()
    criterion, table, column = found
    judged = judged_tables(result.system, result.tables)
    failing = failing_hours(judged, table, column)
    limits = link_limits(result.tables["flows"], failing) if "flows" in result.tables and not result.tables["flows"].empty else pd.DataFrame()
    shortfall = criterion != "curtailment_share"
    use = flexibility_use(judged, failing, shortfall)
    binding = limits.loc[limits["failing_hours_share"] >= BINDING_SHARE, "link"].tolist() if not limits.empty else []
    src = judged[table]
    by_zone = (src[column] * weights(src)).groupby(src["zone"]).sum() if "zone" in src else pd.Series(dtype=float)
    sources = by_zone[by_zone > SHOWN * by_zone.sum()].index.tolist() if by_zone.sum() > 0 else []
    links = limits[["link", "from_zone", "to_zone"]] if not limits.empty else pd.DataFrame(columns=["link", "from_zone", "to_zone"])
    use["beyond_binding_limits"] = [bool(binding) and beyond(z.split(), sources, links, binding) for z in use["zones"]]
    sweeps = estimate_sweeps(binding, readme)
    doc = {
        "criterion": criterion,
        "failing_hours": float(failing.sum()),
        "zones": sources,
        "binding": limits[limits["failing_hours_share"] >= SHOWN].to_dict("records") if not limits.empty else [],
        "use": use.to_dict("records"),
        "renewables": renewables_use(result.system, judged),
        "estimates": [{"link": k, "sweep": sweeps.get(k)} for k in binding if k in estimates],
    }
    return doc, limits, use


def renewables_use(system, tables: dict[str, pd.DataFrame]) -> dict:
    """Wind and solar of the judged zones: capacity, available and curtailed energy."""
    r = tables.get("renewables", pd.DataFrame())
    if r.empty:
        return {}
    w = weights(r)
    units = system.tables["renewables"]
    return {
        "capacity_mw": float(units.loc[units["name"].isin(r["unit"].unique()), "capacity_mw"].sum()),
        "available_mwh": float((r["available_mw"] * w).sum()),
        "curtailment_mwh": float((r["curtailment_mw"] * w).sum()),
    }
