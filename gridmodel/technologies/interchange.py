"""Planned net export of provinces (tie-line schedules): declared (model/interchange.py formulates them)."""

from __future__ import annotations

from pydantic import Field

from ..fields import Row, unit
from .technology import Rule, Table, Technology

NAME = "interchange"


class InterchangeRow(Row):
    province: str = Field(description="Province whose net export is planned: a value of the zones table's column province (an internal zone without one stands for itself).")
    month: int = Field(ge=1, le=12, description="Calendar month (1-12) the plan holds in, every hour of it.")
    net_export_mw: float = Field(
        description="Planned net export of the province (negative: net import): what crosses its border, metered at its end (sent out, less what arrives after the tie's losses), plus the losses on its own lines (see model/interchange.py).",
        json_schema_extra=unit("MW"),
    )
    band_mw: float = Field(0.0, ge=0, description="Tolerance: the net export may lie anywhere within net_export_mw +- band_mw at no cost.", json_schema_extra=unit("MW"))
    monthly_energy: bool = Field(
        False, description="Also hold the month's net export energy at net_export_mw x its hours (the plan as a quantity traded; the band is then only its hourly latitude)."
    )


TECHNOLOGY = Technology(
    NAME,
    Table(NAME, InterchangeRow, "Planned net export of provinces, by month (tie-line schedules); no row: not scheduled."),
    outputs={
        NAME: {
            "province": "Province whose net export is planned (table interchange).",
            "net_export_mw": "Net export of the province: sent out over its border at its end, less what arrives after losses, plus the losses on its own lines (its zones' output net of their load).",
            "scheduled_mw": "Planned net export of the month (NaN: month not scheduled); the band is table interchange's band_mw.",
            "deviation_mw": "Net export beyond the band (positive: above net_export + band, negative: below net_export - band; penalised slack).",
        }
    },
    rules=(Rule("interchange_deviation", "network: a province's net export outside its planned interchange band", NAME, "deviation_mw", "province"),),
)
