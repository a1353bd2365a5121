"""Heat-led commitment and thermal contracts: declared (model/commitment.py
formulates them). Their data are thermal table columns; what they declare
is the contracts' annual energy, which a windowed year shares out."""

from __future__ import annotations

from .technology import Limit, Technology

NAME = "commitment"

TECHNOLOGY = Technology(NAME, limits=(Limit("contract"),))
