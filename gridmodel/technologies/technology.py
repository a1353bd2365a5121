"""A technology declared once: its input table, its result tables' columns,
its part of the report's supply stack and its capacity for
`capacity_totals_mw`. Each technology's module in this package exports
`TECHNOLOGY`; schema.py, inputs.py, dictionary.py, report.py, results.py and
resolve.py read the declarations (technologies/__init__.py lists them), and
the formulation module of the same name in model/ builds its part of the LP.

Light on purpose (pydantic, no Pyomo, nothing from model/): the input layer,
the report and the data dictionary read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Table:
    """An input table: its name (the CSV's key in `tables:` of a scenario),
    the pydantic row schema (fields with units and descriptions) and what
    the table holds (the scenario file's field description)."""

    name: str
    row: type
    description: str


@dataclass(frozen=True)
class Supply:
    """A part of the report's hourly supply stack: `column` of result `table`
    summed over the system per hour (only rows whose `technology` column is
    `technology`, if given), a source (sign +1) or a sink (sign -1). `layer`
    places it in the stack, from zero outwards: firm supply first (thermal 0,
    hydro 1, wind and solar 2), then storage 3, trade 4, demand response 5,
    unserved load 6, other loads 7. `renewable`: counts in the renewable
    shares (of generation, of exports)."""

    label: str
    table: str
    column: str
    colour: str
    layer: int
    technology: str | None = None
    sign: float = 1.0
    renewable: bool = False

    @property
    def generation(self) -> bool:
        """Electric output of generators (column p_mw): the KPI `<label>_mwh`."""
        return self.column == "p_mw"


@dataclass(frozen=True)
class Technology:
    """What the rest of the package needs to know about one technology.

    `outputs`: result table -> column -> meaning (the data dictionary).
    `capacity`: keys of `capacity_totals_mw` this table's rows answer to
    (its `technology` column's values, or the table's name if it has none),
    the capacity column they scale, and columns scaled with it (a store's
    energy keeps its duration, a hydro plant's annual energy its full-load
    hours); how a re-solve moves the LP's bounds when a capacity changes is
    the formulation module's `resize` (resolve.py).
    `check(system, errors)`: rules across rows and tables the row schema
    cannot state (inputs.check_references calls it once the references are
    checked)."""

    name: str
    table: Table | None = None
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    supply: tuple[Supply, ...] = ()
    capacity_totals: tuple[str, ...] = ()
    capacity_column: str = "capacity_mw"
    scaled_with: tuple[str, ...] = ()
    check: Callable | None = None


def supply_parts(technologies) -> list[Supply]:
    """The technologies' supply parts in stack order: sources, then sinks,
    each from the firm layers outwards."""
    return sorted((part for t in technologies for part in t.supply), key=lambda part: (part.sign < 0, part.layer))


def carrying(technologies, column: str) -> list[str]:
    """Result tables whose declared columns include `column` (e.g. co2_t)."""
    return [table for t in technologies for table, cols in t.outputs.items() if column in cols]
