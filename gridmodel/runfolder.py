"""Names and small readers of a run folder's files, shared by the modules that
write them (attribution, remedy) and those that read them (report, cli): kept
free of the model and the solver, so that reading a run folder loads neither."""

from __future__ import annotations

import pandas as pd

CAUSES_CSV = "curtailment_by_cause.csv"
"""Curtailment by family of limits (gridmodel/attribution.py)."""

BINDING_CSV = "binding.csv"
"""Each link's hours at its limit while the system as it is fails (gridmodel/binding.py)."""
USE_CSV = "flexibility_use.csv"
"""Storage and demand response use then (gridmodel/binding.py)."""

USED = 1e-3  # smaller additions (MW or MWh) are solver noise


def built(expansion: pd.DataFrame) -> pd.DataFrame:
    """The rows of a remedy's expansion table that add something."""
    return expansion[expansion["added"] > USED]
