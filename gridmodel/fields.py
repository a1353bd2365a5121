"""The base of every declared input: a unit on a field, the size limit on
numbers, strict models (no unknown keys, no NaN) and the row of an input
table. Apart from schema.py so that the technologies can declare their own
tables' rows (technologies/) without importing the scenario."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator


def unit(u: str) -> dict:
    """Attach a unit to a field (read back by the data dictionary)."""
    return {"unit": u}


MAX_ABS = 1e12
"""Largest magnitude of any input number: HiGHS reads 1e20 as infinite and
loses precision long before; no quantity of a provincial grid comes near
(a year's energy of all China is ~1e10 MWh)."""


def check_magnitude(v):
    """Numbers (and numbers inside mappings) must be at most MAX_ABS in size."""
    values = v.values() if isinstance(v, dict) else [v]
    for x in values:
        if isinstance(x, float) and abs(x) > MAX_ABS:
            raise ValueError(f"must be at most {MAX_ABS:g} in size, got {x:g}")
    return v


class Strict(BaseModel):
    """No unknown keys; no NaN or infinity anywhere (allow_inf_nan=False): an
    empty CSV cell means 'the default', a literal NaN or inf is an error."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _magnitude(cls, v):
        return check_magnitude(v)


class Row(Strict):
    """A row of an input table."""
