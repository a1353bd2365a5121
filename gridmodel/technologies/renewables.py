"""Wind and solar unit groups: declared (model/renewables.py formulates them)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..fields import Row, unit
from .technology import Supply, Table, Technology

NAME = "renewables"


class RenewableRow(Row):
    name: str = Field(description="Unit group identifier.")
    zone: str = Field(description="Zone of the unit group.")
    technology: Literal["wind", "solar"] = Field(description="wind or solar.")
    capacity_mw: float = Field(ge=0, description="Installed capacity.", json_schema_extra=unit("MW"))
    profile: str = Field(description="Column of the availability series (p.u. of capacity).")
    cost_cny_per_mwh: float = Field(0.0, ge=0, description="Variable cost of generation.", json_schema_extra=unit("CNY/MWh"))


TECHNOLOGY = Technology(
    NAME,
    Table(NAME, RenewableRow, "Wind and solar unit groups."),
    outputs={NAME: {"available_mw": "Available power (availability x capacity).", "p_mw": "Power used.", "curtailment_mw": "Available power not used (curtailed)."}},
    supply=(Supply("wind", NAME, "p_mw", "#17becf", 2, "wind", renewable=True), Supply("solar", NAME, "p_mw", "#ffbf00", 2, "solar", renewable=True)),
    capacity_totals=("wind", "solar"),
)
