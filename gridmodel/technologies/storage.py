"""Pumped hydro and batteries: declared (model/storage.py formulates them)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..fields import Row, unit
from .technology import Level, Supply, Table, Technology

NAME = "storage"


class StorageRow(Row):
    name: str = Field(description="Storage identifier.")
    zone: str = Field(description="Zone of the storage.")
    technology: Literal["pumped_hydro", "battery"] = Field(description="pumped_hydro or battery.")
    power_mw: float = Field(ge=0, description="Discharge (and charge) power.", json_schema_extra=unit("MW"))
    energy_mwh: float = Field(ge=0, description="Usable energy content.", json_schema_extra=unit("MWh"))
    eta_charge: float = Field(0.9, gt=0, le=1, description="Charging efficiency.", json_schema_extra=unit("p.u."))
    eta_discharge: float = Field(0.9, gt=0, le=1, description="Discharging efficiency.", json_schema_extra=unit("p.u."))
    self_discharge_pu_per_h: float = Field(0.0, ge=0, lt=1, description="Share of stored energy lost per hour.", json_schema_extra=unit("p.u./h"))
    vom_cny_per_mwh: float = Field(0.0, ge=0, description="Cost per MWh discharged.", json_schema_extra=unit("CNY/MWh"))


TECHNOLOGY = Technology(
    NAME,
    Table(NAME, StorageRow, "Pumped hydro and batteries."),
    outputs={
        NAME: {
            "charge_mw": "Charging power drawn from the grid.",
            "discharge_mw": "Discharging power fed to the grid.",
            "soc_mwh": "Stored energy at the end of the hour.",
            "reserve_mw": "Upward reserve held.",
            "power_mw": "Charge and discharge power of the store (a candidate: the power added).",
            "energy_mwh": "Usable energy of the store (a candidate: the energy added).",
            "down_room_mw": "Most downward reserve it can hold: power_mw - charge_mw + discharge_mw, at most power_mw (0 for a remedy's candidates, model/security.py).",
        }
    },
    supply=(Supply("storage", NAME, "discharge_mw", "#9467bd", 3), Supply("storage charge", NAME, "charge_mw", "#c5b0d5", 3, sign=-1.0)),
    capacity_totals=("pumped_hydro", "battery"),
    capacity_column="power_mw",
    scaled_with=("energy_mwh",),
    levels=(Level("Storage_SOC_MWh", "Storage", linked="storage.linked", table=NAME),),
)
