"""Gas turbines: declared (model/gas.py formulates them)."""

from __future__ import annotations

from pydantic import Field

from ..fields import Row, unit
from .technology import Supply, Table, Technology

NAME = "gas"


class GasRow(Row):
    name: str = Field(description="Unit group identifier.")
    zone: str = Field(description="Zone of the unit group.")
    capacity_mw: float = Field(ge=0, description="Installed capacity.", json_schema_extra=unit("MW"))
    heat_rate_gj_per_mwh: float = Field(gt=0, description="Fuel per MWh of electricity (lower heating value).", json_schema_extra=unit("GJ/MWh"))
    fuel_price_cny_per_gj: float = Field(ge=0, description="Gas price per GJ (lower heating value).", json_schema_extra=unit("CNY/GJ"))
    vom_cny_per_mwh: float = Field(0.0, ge=0, description="Variable O&M cost.", json_schema_extra=unit("CNY/MWh"))
    co2_t_per_gj: float = Field(
        0.0561, ge=0, description="CO2 per GJ of gas burned; default: natural gas, 56.1 t/TJ (IPCC 2006 Guidelines, vol. 2, table 1.4).", json_schema_extra=unit("t/GJ")
    )


TECHNOLOGY = Technology(
    NAME,
    Table(NAME, GasRow, "Gas turbines."),
    outputs={NAME: {"p_mw": "Electric output.", "co2_t": "CO2 emitted in the hour.", "reserve_mw": "Upward reserve held: capacity - p_mw (a turbine starts within the hour)."}},
    supply=(Supply("gas", NAME, "p_mw", "#ff7f0e", 0),),
    capacity_totals=("gas",),
)
