"""Operating regimes: how the grid is run, as named presets of rules.

`market` is least-cost dispatch over the whole modelled grid (the Northeast
since its paid peak-regulation market, 1 January 2017). `planned` is how the
Northeast ran before it (shared/reference/jilin_2016_operation.md): annual
generation plans held per month, inter-provincial exchanges on plans,
reserves held within each province, staged CHP must-run (model/must_run.py)
and commitment held for days (model/commitment_periods.py). Each rule reads
its own data (a table, a column of one, or a setting); a rule that is off is as if its data were not given, so
`gridmodel backcast` can switch each off alone and report what it does.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Rule:
    """A rule of the planned regime and what it reads: a whole input table
    (`table`), one column of one (`column`, off = 0), or a boolean setting
    (`setting`, a dotted scenario key: on under the rule, off without it)."""

    name: str
    description: str
    table: str | None = None
    column: str | None = None
    setting: str | None = None

    def given(self, tables: dict[str, pd.DataFrame]) -> bool:
        df = tables[self.table]
        return bool(len(df)) and (self.column is None or bool((df[self.column] != 0).any()))

    def switch_off(self, tables: dict[str, pd.DataFrame]) -> None:
        df = tables[self.table]
        tables[self.table] = df.iloc[:0] if self.column is None else df.assign(**{self.column: 0.0})


RULES = (
    Rule("plans", "annual thermal generation plans per province held per month (table plans)", table="plans"),
    Rule("interchange", "inter-provincial net exchanges on a monthly plan with a band (table interchange)", table="interchange"),
    Rule("provincial_reserves", "up and down reserves held within each province (reserve.by_province)", setting="reserve.by_province"),
    Rule("must_run", "each thermal group at a least output per stage of the heating season (table must_run)", table="must_run"),
    Rule("commitment_periods", "thermal online capacity held for whole periods of days (thermal table, commitment_period_days)", table="thermal", column="commitment_period_days"),
)
"""The planned regime's rules, each switchable (regime.off)."""

PRESETS = {"market": (), "planned": tuple(r.name for r in RULES)}
"""Regime name -> the rules it holds."""


def held(regime) -> set[str]:
    """Names of the rules the scenario's regime holds."""
    return {name for name in PRESETS[regime.name] if name not in regime.off}


def settle(scenario):
    """The scenario with the settings of the planned regime's rules: on
    where it holds them, off where it switches them off (the market regime
    leaves them as the scenario sets them)."""
    update = {}
    for rule in (r for r in RULES if r.setting and r.name in PRESETS[scenario.regime.name]):
        section, key = rule.setting.split(".")
        current = update.get(section, getattr(scenario, section))
        update[section] = current.model_copy(update={key: rule.name in held(scenario.regime)})
    return scenario.model_copy(update=update) if update else scenario


def apply(regime, tables: dict[str, pd.DataFrame]) -> list[str]:
    """Switch off the data of the table rules the regime does not hold (in
    place); return the names of those whose data was given, unused."""
    unused = []
    for rule in RULES:
        if rule.table is None or rule.name in held(regime):
            continue
        if rule.given(tables):
            unused.append(rule.name)
        rule.switch_off(tables)
    return unused
