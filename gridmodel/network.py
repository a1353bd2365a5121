"""The zonal network as a networkx graph: zones are nodes, links are edges."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from .errors import Collector, did_you_mean


def graph(zones: pd.DataFrame, links: pd.DataFrame) -> nx.Graph:
    """Zones with their attributes as nodes, links (capacity, loss) as edges."""
    g = nx.Graph()
    for row in zones.to_dict("records"):
        g.add_node(row["zone"], **row)
    for row in links.to_dict("records"):
        g.add_edge(row["from_zone"], row["to_zone"], **row)
    return g


def check(zones: pd.DataFrame, links: pd.DataFrame, file: str, errors: Collector, known: set[str]) -> None:
    """Unknown zones, self-loops, duplicate links and islands are errors; a
    link rejected for a bad value still joins its zones, and a link to an
    unknown zone may be meant to join one, so no island is blamed on either."""
    seen: dict[frozenset, str] = {}
    kind = dict(zip(zones["zone"], zones["kind"]))
    for i, row in enumerate(links.to_dict("records")):
        where = f"row {i + 1} (name={row['name']})"
        ends = (row["from_zone"], row["to_zone"])
        for field, z in zip(("from_zone", "to_zone"), ends):
            if z not in known:
                errors.add(file, f"{where}, field {field}", f"unknown zone {z!r}{did_you_mean(z, known)}")
        if ends[0] == ends[1]:
            errors.add(file, where, f"self-loop: link joins zone {ends[0]!r} to itself")
        pair = frozenset(ends)
        if pair in seen:
            errors.add(file, where, f"duplicate link: {ends[0]}-{ends[1]} already joined by {seen[pair]!r}")
        seen.setdefault(pair, row["name"])
        if "external" in (kind.get(ends[0]), kind.get(ends[1])) and row["kind"] != "export":
            errors.add(file, f"{where}, field kind", "a link to an external zone must be of kind 'export'")
    if not (links["from_zone"].isin(known) & links["to_zone"].isin(known)).all():
        return
    g = graph(zones, links)
    g.add_edges_from((row["from_zone"], row["to_zone"]) for row in errors.rejected.get("links", []) if {row.get("from_zone"), row.get("to_zone")} <= known)
    if g.number_of_nodes() > 1:
        parts = list(nx.connected_components(g))
        if len(parts) > 1:
            main = max(parts, key=len)
            for part in parts:
                if part is not main:
                    errors.add(file, "network", f"island: zone(s) {sorted(part)} not connected to the rest")
