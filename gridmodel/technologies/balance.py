"""The zonal balance (load, unserved load, prices): declared (model/balance.py formulates it)."""

from __future__ import annotations

from .technology import Supply, Technology

NAME = "zones"


TECHNOLOGY = Technology(
    NAME,
    outputs={
        NAME: {
            "load_mw": "Load.",
            "unserved_mw": "Load not served (slack of the zonal balance).",
            "price_cny_per_mwh": "Zonal marginal price (dual of the balance row).",
        }
    },
    supply=(Supply("unserved", NAME, "unserved_mw", "#d62728", 6),),
)
