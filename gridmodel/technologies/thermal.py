"""Coal, CHP and biomass unit groups: declared (model/thermal.py formulates them)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..fields import Row, unit
from .technology import State, Supply, Table, Technology

NAME = "thermal"


class ThermalRow(Row):
    name: str = Field(description="Unit group (cluster) identifier.")
    zone: str = Field(description="Zone of the unit group.")
    technology: Literal["coal", "chp", "biomass"] = Field(description="coal (condensing), chp (extraction-condensing, heat-led), or biomass.")
    capacity_mw: float = Field(ge=0, description="Installed electric capacity.", json_schema_extra=unit("MW"))
    min_load_pu: float = Field(0.0, ge=0, le=1, description="Minimum stable output of online capacity.", json_schema_extra=unit("p.u."))
    ramp_pu_per_h: float = Field(1.0, gt=0, description="Ramp limit per hour, share of online capacity.", json_schema_extra=unit("p.u./h"))
    startup_cost_cny_per_mw: float = Field(0.0, ge=0, description="Cost per MW brought online.", json_schema_extra=unit("CNY/MW"))
    heat_rate_tce_per_mwh: float = Field(
        0.3, ge=0, description="Fuel per MWh of electricity (condensing mode); 0.3 tce/MWh = 300 gce/kWh.", json_schema_extra=unit("tce/MWh")
    )
    fuel_price_cny_per_tce: float = Field(900.0, ge=0, description="Fuel price per tonne of standard coal equivalent.", json_schema_extra=unit("CNY/tce"))
    vom_cny_per_mwh: float = Field(0.0, ge=0, description="Variable O&M cost.", json_schema_extra=unit("CNY/MWh"))
    co2_t_per_tce: float = Field(2.66, ge=0, description="CO2 emitted per tce burned (0 for biomass).", json_schema_extra=unit("t/tce"))
    retrofit_share: float = Field(0.0, ge=0, le=1, description="Share of the capacity with a flexibility retrofit.", json_schema_extra=unit("p.u."))
    retrofit_min_load_pu: float = Field(0.3, ge=0, le=1, description="Minimum stable output of retrofitted capacity.", json_schema_extra=unit("p.u."))
    retrofit_ramp_pu_per_h: float = Field(1.0, gt=0, description="Ramp limit of retrofitted capacity.", json_schema_extra=unit("p.u./h"))
    heat_area: str = Field("", description="CHP: heat area supplied (empty for others).")
    heat_max_pu: float = Field(0.0, ge=0, description="CHP: maximum heat output per MW of online electric capacity.", json_schema_extra=unit("MWth/MW"))
    cm: float = Field(0.0, ge=0, description="CHP: back-pressure line, electric output >= cm x heat.", json_schema_extra=unit("MW/MWth"))
    cv: float = Field(0.0, ge=0, le=1, description="CHP: electric output lost per MWth extracted.", json_schema_extra=unit("MW/MWth"))
    contract_mwh_per_year: float = Field(
        0.0, ge=0, description="Planned (contracted) generation the group must make in a year, pro-rated evenly to the horizon; a shortfall is penalised (penalties.plan_shortfall_cny_per_mwh); 0 = none. See model/commitment.py.", json_schema_extra=unit("MWh")
    )
    heat_commitment_pu: float = Field(
        0.0, ge=0, le=1, description="CHP: on every day with heat demand, online capacity >= this share of the capacity x the month's peak heat demand of the heat area over the year's peak (units committed for the month's heat load, not hour by hour); 0 = off. See model/commitment.py.", json_schema_extra=unit("p.u.")
    )
    commitment_period_days: float = Field(
        0.0, ge=0, multiple_of=1, description="Whole days the group's online capacity is held constant: periods counted from 1 January 00:00 (the same in one LP and its windows; typical days hold it within each day); 0 = hourly commitment. See model/commitment_periods.py.", json_schema_extra=unit("d")
    )


TECHNOLOGY = Technology(
    NAME,
    Table(NAME, ThermalRow, "Coal, CHP and biomass unit groups."),
    outputs={
        NAME: {
            "online_mw": "Online (committed) capacity.",
            "p_mw": "Electric output.",
            "heat_mw_th": "CHP heat output.",
            "startup_mw": "Capacity started up in the hour.",
            "fuel_tce": "Fuel burned in the hour (standard coal equivalent).",
            "coal_tce": "Coal burned in the hour (coal and CHP units; 0 for biomass).",
            "co2_t": "CO2 emitted in the hour.",
            "retrofitted": "Whether the cluster is the group's flexibility-retrofitted share (retrofit_share of its capacity, plus what a retrofit candidate moves).",
            "capacity_mw": "Capacity of the cluster: the group's capacity times retrofit_share for its retrofitted share, the rest for the other.",
            "reserve_mw": "Upward reserve held: online headroom online_mw - p_mw - cv x heat_mw_th (model/reserve.py).",
            "down_room_mw": "Most downward reserve the cluster can hold: output above its minimum load and, for CHP, above its back-pressure line (model/security.py).",
        }
    },
    supply=tuple(Supply(tech, NAME, "p_mw", colour, 0, tech, renewable=tech == "biomass") for tech, colour in (("coal", "#4d4d4d"), ("chp", "#8c564b"), ("biomass", "#6b8e23"))),
    capacity_totals=("coal", "chp", "biomass"),
    states=(State("Thermal_Online_MW"), State("Thermal_Power_MW"), State("Thermal_Startup_MW", "thermal.startup_mw", start=False)),
)
