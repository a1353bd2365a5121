"""Heat-led commitment and thermal contracts: declared (model/commitment.py
formulates them). Their data are thermal table columns; what they declare
is the contracts' annual energy, which a windowed year shares out."""

from __future__ import annotations

from .technology import Limit, Rule, Technology

NAME = "commitment"

TECHNOLOGY = Technology(
    NAME,
    limits=(Limit("contract"),),
    rules=(
        Rule("chp_commitment_shortfall", "heat: CHP online capacity short of its heat-led commitment", NAME, "shortfall_mw", "group"),
        Rule("contract_shortfall", "policy: thermal generation short of its contract", "contracts", "shortfall_mwh", hourly=False),
    ),
)
