"""Transport links (both directions, capacity, linear losses) and the
neighbours' markets at the far end of export channels.

For link l from a to b, step t:

    0 <= f+[l,t], f-[l,t] <= cap[l]
    balance at a:  - f+  + (1 - loss) f-
    balance at b:  (1 - loss) f+  - f-
    cost: wheeling[l] * w (f+ + f-)

For each external zone x:

    0 <= sell[x,t];   0 <= buy[x,t] <= max_import[x]
    balance at x:  buy - sell    (flows in, the neighbour takes `sell`)
    cost: (import_price * buy - export_price * sell) * w

In remedy mode link candidates add capacity x[j] to a named link, candidates
on one link adding up, and the two directions share it, so that no hour
sends power both ways round a lossy line to waste surplus (a loop):

    f+[l,t] + f-[l,t] <= cap[l] + sum_{j on l} x[j]

The feasibility remedy (expansion.remedy) pays exports their price only up
to what the system as it is sells in the same step, b[x,t]
(ctx.terms.paid_export_mw, set by gridmodel/remedy.py): sales split into paid
sell[x,t] <= b[x,t] and unpaid u[x,t] >= 0 earning a tie-break value, so
exports still take what would be curtailed but no link is built for its
sales. Hour by hour, not as an annual volume: an annual row couples every
step of the year and made HiGHS's dual simplex 4x slower on a 12-typical-day
plan of Jilin 2030 (20 s against 4.7 s CPU without it), and a volume shared
out over windows by hours misplaces it (the base exports more in some
seasons than in others).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .arrays import Lin, Terms
from .prices import TIE_BREAK_CNY_PER_MWH
from ..technologies.transport import NAME, TECHNOLOGY

if TYPE_CHECKING:
    from .core import Context

PROVIDES = ("links.forward_mw", "links.backward_mw", "links.added")
"""Flows each way, and which link each link candidate adds to with its capacity variable."""


def external_zones(ctx: Context) -> pd.DataFrame:
    z = ctx.table("zones")
    return z[z["kind"] == "external"]


def build(ctx: Context) -> None:
    links = ctx.table(NAME)
    cap = links["capacity_mw"].to_numpy()
    cand = ctx.candidates("link")
    size = ctx.invest_mw(cand)
    new = pd.Index(links["name"]).get_indexer(cand["target"])  # the link each candidate adds to
    cap_max = cap.copy()
    np.add.at(cap_max, new, cand["max_mw"].to_numpy())
    fwd = ctx.var("Flow_Forward_MW", len(links), ub=cap_max)
    bwd = ctx.var("Flow_Backward_MW", len(links), ub=cap_max)
    ctx.provide("links.forward_mw", fwd)
    ctx.provide("links.backward_mw", bwd)
    ctx.provide("links.added", (new, size))
    if ctx.expanding:
        one_way(ctx, fwd, bwd, cap, new, size)
    loss, at_from, at_to = links["loss_pu"].to_numpy()[:, None], ctx.zone_rows(links["from_zone"]), ctx.zone_rows(links["to_zone"])
    for f in (fwd, bwd):
        ctx.add_cost_series(f, links["cost_cny_per_mwh"])
    ctx.balance.add(-fwd + (1 - loss) * bwd, at_from)
    ctx.balance.add((1 - loss) * fwd - bwd, at_to)
    ext = external_zones(ctx)
    buy = ctx.var("Import_Purchase_MW", len(ext), ub=ext["max_import_mw"].to_numpy())
    ctx.add_cost_series(buy, ext["import_price_cny_per_mwh"])
    ctx.balance.add(buy - export_sales(ctx, ext), ctx.zone_rows(ext["zone"]))


def one_way(ctx: Context, fwd: Lin, bwd: Lin, cap: np.ndarray, new: np.ndarray, size: Lin) -> None:
    """f+ + f- <= cap + the candidates added to the link (every link, every step)."""
    rows = Terms(len(cap) * ctx.horizon.n)
    rows.add(fwd + bwd, np.arange(rows.n_rows).reshape(len(cap), ctx.horizon.n))
    rows.add(-size[:, None] * np.ones((1, ctx.horizon.n)), new[:, None] * ctx.horizon.n + np.arange(ctx.horizon.n))
    ctx.rows("Link_One_Way_Constraint", rows, upper=np.repeat(cap, ctx.horizon.n))


def export_sales(ctx: Context, ext: pd.DataFrame) -> Lin:
    """Sales to each external zone and step at its price; in a feasibility
    remedy only up to the base's sales b[x,t], the rest (Export_Unpaid_MW)
    at the tie-break value."""
    price = ext["export_price_cny_per_mwh"].to_numpy()
    paid = paid_export_mw(ctx, ext) if ctx.feasibility_remedy else None
    sell = ctx.var("Export_Sale_MW", len(ext), ub=paid)
    ctx.add_cost_series(sell, -price)
    if paid is None:
        return sell
    unpaid = ctx.var("Export_Unpaid_MW", len(ext))
    ctx.add_cost_series(unpaid, -np.minimum(price, TIE_BREAK_CNY_PER_MWH))
    return sell + unpaid


def paid_export_mw(ctx: Context, ext: pd.DataFrame) -> np.ndarray:
    """b[x,t]: the base's sales in each step of the horizon (0 where none is given)."""
    given = ctx.terms.paid_export_mw
    if given is None:
        return np.zeros((len(ext), ctx.horizon.n))
    return given.reindex(index=ctx.horizon.index, columns=ext["zone"]).fillna(0.0).to_numpy().T


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    links = ctx.table(NAME)
    fwd, bwd = sol.value("Flow_Forward_MW"), sol.value("Flow_Backward_MW")
    loss = links["loss_pu"].to_numpy()[:, None]
    cap = links["capacity_mw"].to_numpy(copy=True)
    new, size = ctx.need("links.added")
    np.add.at(cap, new, sol.value(size))
    cap = cap[:, None]
    flow = fwd - bwd
    ext = external_zones(ctx)
    return {
        "flows": sol.long_table(
            links[["name", "from_zone", "to_zone", "kind"]].rename(columns={"name": "link"}),
            flow_mw=flow,
            loss_mw=loss * (fwd + bwd),
            capacity_mw=np.broadcast_to(cap, flow.shape),
            loading_pu=np.divide(np.abs(flow), cap, out=np.zeros_like(flow), where=cap > 0),
        ),
        "exchange": sol.long_table(
            ext[["zone"]],
            export_mw=sol.value("Export_Sale_MW") + (sol.value("Export_Unpaid_MW") if "Export_Unpaid_MW" in ctx.vars else 0.0),
            import_mw=sol.value("Import_Purchase_MW"),
        ),
    }


def resize(resolver, i: int, column: str, value: float) -> None:
    """A re-solve with a new transfer limit, each direction."""
    for var in ("Flow_Forward_MW", "Flow_Backward_MW"):
        resolver.set_upper(var, i, value)
