"""Operating regimes: how the grid is run, as named presets of rules.

`market` is least-cost dispatch over the whole modelled grid (the Northeast
since its paid peak-regulation market, 1 January 2017). `planned` is how the
Northeast ran before it (jilin_2016_operation.md): annual generation plans
held per month (model/plans.py), CHP at a least output per stage of the
heating season (model/must_run.py), commitment held for periods of days
(model/commitment_periods.py), ... Each rule of a preset reads its own
data (a table, a column, a setting); a rule that is off is as if its data
were not given, so `gridmodel backcast` can switch each off alone and
report what it does.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Rule:
    """A rule of the planned regime and what it reads: a whole input table
    (`table`), or one column of one (`column`, off = `off_value`)."""

    name: str
    description: str
    table: str
    column: str | None = None
    off_value: float = 0.0

    def switch_off(self, tables: dict[str, pd.DataFrame]) -> None:
        if self.column is None:
            tables[self.table] = tables[self.table].iloc[:0]
        elif len(tables[self.table]):
            tables[self.table] = tables[self.table].assign(**{self.column: self.off_value})


RULES = (
    Rule("plans", "annual thermal generation plans per province, held per month (table plans)", "plans"),
    Rule("must_run", "each thermal group at a least output per stage of the heating season (table must_run)", "must_run"),
    Rule("commitment_periods", "thermal online capacity held for whole periods of days (thermal table, commitment_period_days)", "thermal", "commitment_period_days"),
)
"""The planned regime's rules, each switchable (regime.off)."""

PRESETS = {"market": (), "planned": tuple(r.name for r in RULES)}
"""Regime name -> the rules it holds."""


def rules_on(name: str, off: list[str]) -> list[Rule]:
    return [r for r in RULES if r.name in PRESETS[name] and r.name not in off]


def apply(regime, tables: dict[str, pd.DataFrame]) -> list[str]:
    """Switch off the rules the scenario's regime does not hold (in place);
    return the names of rules whose data was given but is not used."""
    held = {r.name for r in rules_on(regime.name, regime.off)}
    unused = []
    for rule in RULES:
        if rule.name in held:
            continue
        given = len(tables[rule.table]) and (rule.column is None or (tables[rule.table][rule.column] != rule.off_value).any())
        if given:
            unused.append(rule.name)
        rule.switch_off(tables)
    return unused
