"""Links between zones and exchange with neighbours: declared (model/transport.py formulates them)."""

from __future__ import annotations

from .technology import Supply, Technology

NAME = "links"


TECHNOLOGY = Technology(
    NAME,
    outputs={
        "flows": {
            "flow_mw": "Flow sent from from_zone to to_zone (negative: the other way).",
            "loss_mw": "Power lost in transit.",
            "capacity_mw": "Transfer limit, each direction.",
            "loading_pu": "Absolute flow over the transfer limit.",
        },
        "exchange": {"export_mw": "Power sold to the neighbour.", "import_mw": "Power bought from the neighbour."},
    },
    supply=(Supply("imports", "exchange", "import_mw", "#e377c2", 4), Supply("exports", "exchange", "export_mw", "#f7b6d2", 4, sign=-1.0)),
)
