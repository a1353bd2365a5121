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


def build(ctx: Context) -> None:
    links = ctx.table(NAME)
    cap = links["capacity_mw"].to_numpy()
    position = {name: i for i, name in enumerate(links["name"])}
    added = {position[row.target]: (row, ctx.invest(row, "MW", row.max_mw, row.capex_cny_per_kw * 1e3)) for row in ctx.candidates("link").itertuples(index=False)}
    cap_max = cap + np.array([added[i][0].max_mw if i in added else 0.0 for i in range(len(links))])
    fwd = ctx.var("Flow_Forward_MW", len(links), ub=cap_max)
    bwd = ctx.var("Flow_Backward_MW", len(links), ub=cap_max)
    ctx.link_added = {i: x for i, (_, x) in added.items()}
    new = [(i, t) for i in sorted(added) for t in ctx.T]
    for name, f in (("Forward", fwd), ("Backward", bwd)):
        ctx.constraints(f"Link_New_{name}_Constraint", new, lambda i, t, f=f: f[i, t] <= float(cap[i]) + added[i][1])
    for i, (a, b, loss, cost) in enumerate(zip(links["from_zone"], links["to_zone"], links["loss_pu"], links["cost_cny_per_mwh"])):
        ctx.add_cost_series(fwd, i, cost)
        ctx.add_cost_series(bwd, i, cost)
        for t in ctx.T:
            ctx.balance.add((a, t), fwd[i, t], -1.0)
            ctx.balance.add((b, t), fwd[i, t], 1.0 - loss)
            ctx.balance.add((b, t), bwd[i, t], -1.0)
            ctx.balance.add((a, t), bwd[i, t], 1.0 - loss)
            ctx.waste.add(None, fwd[i, t], loss * ctx.w[t])
            ctx.waste.add(None, bwd[i, t], loss * ctx.w[t])
    ext = ctx.table("zones").query("kind == 'external'")
    sell = ctx.var("Export_Sale_MW", len(ext))
    buy = ctx.var("Import_Purchase_MW", len(ext), ub=ext["max_import_mw"].to_numpy())
    for i, x in enumerate(ext.itertuples(index=False)):
        ctx.add_cost_series(sell, i, -x.export_price_cny_per_mwh)
        ctx.add_cost_series(buy, i, x.import_price_cny_per_mwh)
        for t in ctx.T:
            ctx.balance.add((x.zone, t), buy[i, t])
            ctx.balance.add((x.zone, t), sell[i, t], -1.0)


def extract(ctx: Context, sol) -> dict[str, pd.DataFrame]:
    links, m = ctx.table(NAME), ctx.m
    fwd, bwd = sol.value(m.Flow_Forward_MW), sol.value(m.Flow_Backward_MW)
    loss = links["loss_pu"].to_numpy()[:, None]
    cap = links["capacity_mw"].to_numpy(copy=True)
    for i, x in ctx.link_added.items():
        cap[i] += sol.scalar(x)
    cap = cap[:, None]
    flow = fwd - bwd
    ext = ctx.table("zones").query("kind == 'external'")
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
            export_mw=sol.value(m.Export_Sale_MW),
            import_mw=sol.value(m.Import_Purchase_MW),
        ),
    }
