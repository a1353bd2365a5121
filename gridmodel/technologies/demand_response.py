"""Demand response programmes: declared (model/demand_response.py formulates them)."""

from __future__ import annotations

from pydantic import Field

from ..fields import Row, unit
from .technology import Limit, Supply, Table, Technology

NAME = "demand_response"


class DemandResponseRow(Row):
    name: str = Field(description="Programme identifier.")
    zone: str = Field(description="Zone of the programme.")
    share_of_peak: float = Field(ge=0, le=1, description="Load reduction available, share of the zone's load at the system peak hour.", json_schema_extra=unit("p.u."))
    cost_cny_per_mwh: float = Field(ge=0, description="Cost of each MWh of load reduced.", json_schema_extra=unit("CNY/MWh"))
    max_hours_per_year: float = Field(ge=0, description="Energy limit expressed as full-capacity hours in a year.", json_schema_extra=unit("h"))


TECHNOLOGY = Technology(
    NAME,
    Table(NAME, DemandResponseRow, "Demand response programmes."),
    outputs={
        NAME: {
            "dr_mw": "Load reduced on request.",
            "capacity_mw": "Most load the programme can reduce: share_of_peak x its zone's load at the system peak hour (a candidate: the MW added).",
            "reserve_mw": "Upward reserve held: capacity_mw - dr_mw.",
        }
    },
    supply=(Supply("demand response", NAME, "dr_mw", "#2ca02c", 5),),
    limits=(Limit(NAME),),
)
