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
    monthly_shares: Literal["load", "residual", "load_less_hydro", "load_less_expected", "hours"] = Field(
        "load",
        description=(
            "How the annual plan is decomposed into monthly plans: load (by the province's monthly load), residual (by the monthly "
            "power and energy balance, 月度电力电量平衡: the province's load plus its planned net export (table interchange) less its "
            "hydro budget and its available wind and solar in the month), load_less_hydro (the same balance with wind and solar not counted on: they take what room thermal "
            "leaves), load_less_expected (the same balance less the wind and solar output the plan expects in the month, table "
            "plan_expectations, e.g. last year's in the same month) or hours (by the month's hours)."
        ),
    )


class PlanExpectationRow(Row):
    province: str = Field(description="Province whose monthly plans count on this output (a value of the zones table's province column).")
    month: int = Field(ge=1, le=12, description="Calendar month (1-12).")
    wind_solar_mwh: float = Field(
        ge=0, description="Wind and solar output the monthly balance expects of the province in the month (e.g. last year's reported output in the same month, 参照上年同期).", json_schema_extra=unit("MWh")
    )


EXPECTATIONS = "plan_expectations"


def check(system, errors) -> None:
    """A plan split by load_less_expected needs the province's expectations."""
    plans, expected = system.tables[NAME], system.tables[EXPECTATIONS]
    for i, row in enumerate(plans.itertuples(index=False)):
        if row.monthly_shares == "load_less_expected" and row.province not in set(expected["province"]):
            where = f"row {i + 1} (province={row.province}), field monthly_shares"
            errors.add(system.files.get(NAME, NAME), where, f"load_less_expected needs the province's rows in table {EXPECTATIONS} (the output the plan counts on)")


TECHNOLOGY = Technology(
    NAME,
    Table(NAME, PlanRow, "Annual thermal generation plans per province, held per month (the planned regime; model/plans.py)."),
    more_tables=(Table(EXPECTATIONS, PlanExpectationRow, "Wind and solar output the monthly plans count on, per province and month (plans split load_less_expected)."),),
    check=check,
    outputs={NAME: {"province": "Province whose thermal fleet the plan binds.", "month": "Calendar month (1-12).", "planned_mwh": "The month's plan for this horizon.", "made_mwh": "Thermal energy the province made in the month.", "shortfall_mwh": "Plan energy not made (penalised)."}},
    limits=(Limit(NAME),),
)
