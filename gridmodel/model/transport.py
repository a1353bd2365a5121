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

In remedy mode a link candidate adds capacity x[l] to a named link:
f+, f- <= cap[l] + x[l].
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .core import Context

NAME = "links"


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
    ctx.link_added = new, size
    for name, f in (("Forward", fwd), ("Backward", bwd)):
        ctx.rows(f"Link_New_{name}_Constraint", f[new] - size[:, None] <= cap[new][:, None])
    loss, at_from, at_to = links["loss_pu"].to_numpy()[:, None], ctx.zone_rows(links["from_zone"]), ctx.zone_rows(links["to_zone"])
    for f in (fwd, bwd):
        ctx.add_cost_series(f, links["cost_cny_per_mwh"])
        ctx.waste.add(f * (loss * ctx.w))
    ctx.balance.add(-fwd + (1 - loss) * bwd, at_from)
    ctx.balance.add((1 - loss) * fwd - bwd, at_to)
    ext = external_zones(ctx)
    sell = ctx.var("Export_Sale_MW", len(ext))
    buy = ctx.var("Import_Purchase_MW", len(ext), ub=ext["max_import_mw"].to_numpy())
    ctx.add_cost_series(sell, -ext["export_price_cny_per_mwh"].to_numpy())
    ctx.add_cost_series(buy, ext["import_price_cny_per_mwh"])
    ctx.balance.add(buy - sell, ctx.zone_rows(ext["zone"]))


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    links = ctx.table(NAME)
    fwd, bwd = sol.value("Flow_Forward_MW"), sol.value("Flow_Backward_MW")
    loss = links["loss_pu"].to_numpy()[:, None]
    cap = links["capacity_mw"].to_numpy(copy=True)
    new, size = ctx.link_added
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
            export_mw=sol.value("Export_Sale_MW"),
            import_mw=sol.value("Import_Purchase_MW"),
        ),
    }
