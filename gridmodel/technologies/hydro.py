"""Conventional hydro: declared (model/hydro.py formulates them)."""

from __future__ import annotations

from pydantic import Field

from ..fields import Row, unit
from .technology import Limit, Supply, Table, Technology

NAME = "hydro"


class HydroRow(Row):
    name: str = Field(description="Hydro plant (group) identifier.")
    zone: str = Field(description="Zone of the plant.")
    capacity_mw: float = Field(ge=0, description="Installed capacity.", json_schema_extra=unit("MW"))
    annual_energy_mwh: float = Field(ge=0, description="Energy available in a year, shared over budget periods by the inflow profile.", json_schema_extra=unit("MWh"))
    inflow_profile: str = Field("", description="Column of the availability series shaping the inflow (empty = flat).")


TECHNOLOGY = Technology(
    NAME,
    Table(NAME, HydroRow, "Conventional hydro."),
    outputs={NAME: {"p_mw": "Electric output.", "reserve_mw": "Upward reserve held: capacity - p_mw.", "down_room_mw": "Most downward reserve it can hold: its output."}},
    supply=(Supply("hydro", NAME, "p_mw", "#1f77b4", 1, renewable=True),),
    capacity_totals=("hydro",),
    scaled_with=("annual_energy_mwh",),
    limits=(Limit(NAME, monthly=True),),
)
