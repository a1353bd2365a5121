"""The single gate every entry point passes (`validate`, `run`, the API, the
sweep, the page): the scenario and its data checked as they load (inputs), cut
to the hours asked, and its run settings checked by the modules that use them
(typical days: periods; HiGHS options: solve), so that nothing `run` would
refuse gets past `validate`.

It sits above inputs, periods and solve, which import inputs; the last two are
imported on first use, so that `import gridmodel` loads no solver."""

from __future__ import annotations

from pathlib import Path

from .errors import Collector
from .inputs import System, load_system, select_hours
from .schema import Scenario


def prepare(source: str | Path | Scenario, overrides: dict | None = None, hours: int | None = None) -> System:
    """The scenario at `source` with `overrides`, over its first `hours`
    (or its horizon), checked; every problem found is raised at once (InputError),
    the plausibility warnings of valid input are `system.warnings`."""
    from .periods import check_typical_days
    from .solve import check_options

    errors = Collector()
    system = select_hours(load_system(source, overrides, errors), hours, errors)
    file = system.files.get("scenario", system.scenario.name)
    check_options(system.scenario.solver.options, file, errors)
    check_typical_days(system, file, errors)
    errors.raise_if_any()
    return system
