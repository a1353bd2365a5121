"""Staged must-run of thermal unit groups: declared (model/must_run.py formulates them)."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from pydantic import Field, field_validator

from ..fields import Row, unit
from .technology import Rule, Table, Technology

if TYPE_CHECKING:
    from ..errors import Collector
    from ..inputs import System

NAME = "must_run"


def month_day(text: str) -> int:
    """MM-DD as the number MM x 100 + DD (a day of any year, 29 February too)."""
    m = re.fullmatch(r"(\d{2})-(\d{2})", text.strip())
    try:
        day = date(2000, int(m[1]), int(m[2]))  # a leap year: 02-29 is a day
    except (TypeError, ValueError):
        raise ValueError(f"must be a day of the year as MM-DD (e.g. 11-16), got {text!r}") from None
    return day.month * 100 + day.day


class MustRunRow(Row):
    province: str = Field(description="Province whose unit groups the stage binds: a value of the zones table's province column (a zone without one is its own province).")
    technology: Literal["coal", "chp", "biomass"] = Field(description="Thermal technology (thermal table) whose unit groups the stage binds.")
    start: str = Field(description="First day of the stage, MM-DD, inclusive.")
    end: str = Field(description="Last day of the stage, MM-DD, inclusive; before start, the stage runs over the year end (11-16 to 02-28).")
    min_output_pu: float = Field(
        ge=0, le=1, description="Least electric output of each unit group in every hour of the stage, share of its capacity; a shortfall is penalised (penalties.must_run_shortfall_cny_per_mwh). See model/must_run.py.", json_schema_extra=unit("p.u.")
    )

    @field_validator("start", "end")
    @classmethod
    def _a_day(cls, v: str) -> str:
        month_day(v)
        return v


def in_stage(days: np.ndarray, start: str, end: str) -> np.ndarray:
    """Whether each day (MM x 100 + DD) lies in the stage start..end, inclusive, wrapping the year end."""
    a, e = month_day(start), month_day(end)
    return (days >= a) & (days <= e) if a <= e else (days >= a) | (days <= e)


def check(system: System, errors: Collector) -> None:
    """Stages of one province and technology do not overlap (inputs.check_references checks the provinces)."""
    table, file = system.tables[NAME], system.files.get(NAME, NAME)
    year = pd.date_range("2000-01-01", "2000-12-31", freq="D")  # every day of a leap year
    days = (year.month * 100 + year.day).to_numpy()
    rows = table.to_dict("records")
    for i, row in enumerate(rows):
        for j, other in enumerate(rows[:i]):
            same = (other["province"], other["technology"]) == (row["province"], row["technology"])
            if same and (in_stage(days, row["start"], row["end"]) & in_stage(days, other["start"], other["end"])).any():
                where = f"row {i + 1} (province={row['province']}, {row['start']} to {row['end']})"
                errors.add(file, where, f"overlaps row {j + 1} ({other['start']} to {other['end']}): the stages of one province and technology ({row['technology']}) must not overlap")


TECHNOLOGY = Technology(
    NAME,
    Table(NAME, MustRunRow, "Staged must-run: least electric output of a province's thermal unit groups of one technology in each stage of the heating season."),
    outputs={
        NAME: {
            "group": "Thermal unit group (thermal table) a must-run stage binds.",
            "required_mw": "Least output the group's must-run stage asks in the hour (min_output_pu x capacity; 0 outside its stages).",
            "p_mw": "Electric output of the group (all its clusters).",
            "shortfall_mw": "Output short of the stage's minimum (penalised slack).",
        }
    },
    check=check,
    rules=(Rule("must_run_shortfall", "thermal: output short of its staged must-run", NAME, "shortfall_mw", "group", "required_mw"),),
)
