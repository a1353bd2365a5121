"""Compressed-air energy storage: declared (model/compressed_air.py formulates it)."""

from __future__ import annotations

from pydantic import Field

from ..fields import Row, unit
from .technology import Level, Supply, Table, Technology

NAME = "compressed_air"


class CompressedAirRow(Row):
    name: str = Field(description="Plant identifier.")
    zone: str = Field(description="Zone of the plant.")
    power_mw: float = Field(ge=0, description="Compressor (charge) and expander (discharge) power.", json_schema_extra=unit("MW"))
    energy_mwh: float = Field(ge=0, description="Usable energy the cavern holds, as the expander gives it back before its efficiency.", json_schema_extra=unit("MWh"))
    eta_charge: float = Field(
        0.84, gt=0, le=1, description="Charging efficiency; with eta_discharge a round trip of 70.6 %, near the 70.4 % design efficiency of the 100 MW advanced compressed-air plant at Zhangbei, Hebei (2021).", json_schema_extra=unit("p.u.")
    )
    eta_discharge: float = Field(0.84, gt=0, le=1, description="Discharging efficiency.", json_schema_extra=unit("p.u."))
    self_discharge_pu_per_h: float = Field(0.0, ge=0, lt=1, description="Share of stored energy lost per hour (a salt cavern: negligible).", json_schema_extra=unit("p.u./h"))
    vom_cny_per_mwh: float = Field(0.0, ge=0, description="Cost per MWh discharged.", json_schema_extra=unit("CNY/MWh"))


TECHNOLOGY = Technology(
    NAME,
    Table(NAME, CompressedAirRow, "Compressed-air energy storage (adiabatic, in a cavern)."),
    outputs={
        NAME: {
            "charge_mw": "Power drawn by the compressors.",
            "discharge_mw": "Power sent by the expander.",
            "level_mwh": "Energy in the cavern at the end of the hour.",
            "power_mw": "Compressor and expander power of the plant.",
            "energy_mwh": "Usable energy of the cavern.",
        }
    },
    supply=(Supply("compressed air", NAME, "discharge_mw", "#7f7f7f", 3), Supply("compressed air charge", NAME, "charge_mw", "#c7c7c7", 3, sign=-1.0)),
    levels=(Level("CAES_Level_MWh", "CAES", linked="compressed_air.linked", table=NAME, kind=None, column="level_mwh"),),
)
