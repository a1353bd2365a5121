"""Coal and CO2 caps: declared (model/policy.py formulates them). The caps
are the scenario's criteria; what they declare is each cap as an annual
limit a windowed year shares out."""

from __future__ import annotations

from .technology import Limit, Technology

NAME = "policy"
CAPS = {"coal_tce": "max_coal_tce", "co2_t": "max_co2_t"}
"""Key of each cap (the KPI it bounds) and its criteria field."""

TECHNOLOGY = Technology(NAME, limits=tuple(Limit(key) for key in CAPS))
