"""Annual thermal generation plans per province: declared (model/plans.py formulates them)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..fields import Row, unit
from .technology import Limit, Table, Technology

NAME = "plans"


class PlanRow(Row):
    province: str = Field(description="Province whose thermal fleet (coal, CHP and biomass of its zones) the plan binds (a value of the zones table's province column).")
    planned_mwh_per_year: float = Field(0.0, ge=0, description="The province's annual thermal generation plan (or give planned_hours_per_year).", json_schema_extra=unit("MWh"))
    planned_hours_per_year: float = Field(
        0.0, ge=0, le=8784, description="The plan as utilisation hours of the province's thermal capacity (thermal table), equal for every unit (\"equal shares\"); adds to planned_mwh_per_year.", json_schema_extra=unit("h")
    )
    monthly_shares: Literal["load", "residual", "load_less_hydro", "hours"] = Field(
        "load",
        description=(
            "How the annual plan is decomposed into monthly plans: load (by the province's monthly load), residual (by the monthly "
            "power and energy balance, 月度电力电量平衡: the province's load plus its planned net export (table interchange) less its "
            "hydro budget and its available wind and solar in the month), load_less_hydro (the same balance with wind and solar not counted on: they take what room thermal "
            "leaves) or hours (by the month's hours)."
        ),
    )


TECHNOLOGY = Technology(
    NAME,
    Table(NAME, PlanRow, "Annual thermal generation plans per province, held per month (the planned regime; model/plans.py)."),
    outputs={NAME: {"province": "Province whose thermal fleet the plan binds.", "month": "Calendar month (1-12).", "planned_mwh": "The month's plan for this horizon.", "made_mwh": "Thermal energy the province made in the month.", "shortfall_mwh": "Plan energy not made (penalised)."}},
    limits=(Limit(NAME),),
)
