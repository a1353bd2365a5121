"""Remedy mode: what does meeting the criteria cost? Plan, check, repair.

`plan_remedy` is the algorithm, for the CLI (`gridmodel run --expand`,
through gridmodel/workflow.py) and Python alike; the rest of the module are
its parts:

1. Base: the system as it is, dispatched every hour (no additions).
2. Plan: the least-cost additions, one LP over the horizon - on a long
   horizon over typical days (periods.py), which an hourly year with
   investments would make impractical - to a curtailment aim, at first the
   criterion (`Planner`).
3. Check: every hour with the additions built in as given capacities
   (`with_additions`, plain dispatch, windows on a long horizon).
4. Repair: where the check fails, the failing days become representative
   periods of their own (hour-by-hour criteria: unserved energy, reserve,
   heat), and the plan's curtailment aim is lowered by the share by
   which the check exceeded the criterion, over how far the check followed
   the last change of the aim (an annual criterion a few added days barely
   move; `tightened`); then plan again, until the hourly check passes
   (MAX_ROUNDS). Trim: where the check passes far below the criterion
   although the plan's aim binds (over_built), the typical days overstated
   the curtailment: plan again to an aim raised by the undershoot, and keep
   the new plan only if its check passes (`next_round`).

The aim is the plan's own parameter (model/remedy_terms.py), not a rewritten
criterion: every plan and check is judged by the scenario's criteria. Which
work runs beside the hourly dispatches, in a second process, is beside.py's.

Two remedies (expansion.remedy):
- feasibility (default): the cost of meeting the criteria. The plan's
  objective pays exports their price only up to what the system as it is
  sells in the same step of the plan's own horizon (RemedyTerms.paid_export_mw;
  the hourly check's, up to the base's in the same hour) and
  no hydrogen revenue: both sinks keep a 1 CNY/MWh tie-break value, so they
  take power that would be curtailed but nothing is built for its sales.
  Why this rule and not exports at zero: valuing all exports at zero would
  change the base dispatch itself (the coal exports it sells today), so the
  "change in operating cost" would measure a different system.
- economic: every revenue counts at its price, so additions that pay for
  themselves are built too; reported apart ("profitable extras").

Both remedies for one province (criteria.province) hold the other
provinces' curtailment, step by step, to at most that of the system as it
is on the plan's horizon (model/utilisation.py says why).

The cost of a remedy, per year: the annualised cost of the additions plus
the change in operating cost (fuel, O&M, start-ups, wheeling, imports less
paid exports), both dispatches hour by hour, slack penalties left out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .beside import beside
from .dispatch import dispatch, long_horizon, plans
from .inputs import System
from .lp import solve_system
from .model.core import Horizon
from .model.remedy_terms import NONE, RemedyTerms
from .periods import cluster_days, periods_horizon, scale_to_year
from .results import RULES, Result, judged_tables
from .runfolder import USED, built
from .schema import ExpansionSettings, RepresentativePeriods
from .jobs import Logs

log = logging.getLogger("gridmodel")

MAX_ROUNDS = 4  # plan -> check rounds before giving up on repair
DAYS_PER_REPAIR = 3  # worst days added per failing hour-by-hour criterion and round
TRIM_MARGIN = 0.2  # a passing check this far (share of the limit) below the curtailment limit is over-built ...
BINDING_TOLERANCE = 1e-4  # ... when the plan's own curtailment is at its limit (within this, p.u.)
MIN_RESPONSE = 0.25  # the least share of a change of the plan's curtailment limit the hourly check is taken to follow (repair)
AIM_BELOW = 0.02  # repair aims the check this share of the limit below it: a check exactly at the limit passes or fails on the typical days' noise
DAILY = {
    "unserved_energy": ("zones", "unserved_mw"),
    "reserve_shortfall": ("reserve", "shortfall_mw"),
    "heat_shortfall": ("heat", "shortfall_mw_th"),
    **{rule.name: (rule.table, rule.column) for rule in RULES if rule.hourly},
}
"""Criteria whose failure is on particular days: the table and column of the
shortfall (the operating rules' too, e.g. a channel short of its daily
schedule on the Northeast grid)."""


# --------------------------------------------------------------- the algorithm
def plan_remedy(system: System, mode: str | None, attribute: bool, max_rounds: int, base: Result | None, logs: Logs) -> "Remedy":
    """Plan the least-cost additions, check them every hour, repair until
    the check passes (or `max_rounds`); `mode` overrides expansion.remedy.
    With `attribute`, also what each addition fixes. `base`: the system's
    dispatch every hour, if already solved (it depends on neither the
    criteria nor the candidates). HiGHS's logs of every solve into `logs`."""
    system = settings(system, **{"expansion.enabled": True, "expansion.fixed": False, **({"expansion.remedy": mode} if mode else {})})
    mode = system.scenario.expansion.remedy
    hourly = settings(system, representative_periods=None)
    system = planning_system(system)
    days = Days.of(system)  # None: the plan is hourly
    plan = Planner(system, mode, logs)
    limit = aim = system.scenario.criteria.max_curtailment_share
    rounds, passing = [], None
    with beside(system) as side:
        # On typical days the first plan needs nothing from the hourly base: both at once.
        first = side.start(plan, days, aim, plan.log_files(1, days)) if days is not None else None
        if base is None:
            log.info("remedy (%s): base dispatch, every hour", mode)
            base = dispatch(dispatch_system(system), logs.next(f"{mode} remedy: base dispatch, every hour"))
        held_to_base = check_terms(base, mode)
        for k in range(1, max_rounds + 1):
            planned = first.result() if k == 1 and first is not None else plan(days, aim, plan.log_files(k, days), base)
            # What each addition fixes, worked out beside the hourly check in case it passes.
            effects = side.start(effects_of, planned) if attribute and side.concurrent else None
            check = dispatch(with_additions(hourly, planned.result.tables["expansion"]), logs.next(f"{mode} remedy, round {k}: hourly check"), held_to_base)
            rounds.append(round_record(k, days, aim, planned.result, check))
            log.info("  round %d: %s periods, curtailment aim %.4f -> hourly check %s", k, rounds[-1]["periods"], aim, "passes" if check.verdict.feasible else "fails: " + ", ".join(check.verdict.failing))
            if check.verdict.feasible:
                passing = (planned, check, effects)
            elif effects is not None:
                effects.cancel()
            following = next_round(days, aim, limit, planned.result, check, rounds, passing) if k < max_rounds else None
            if following is None:
                break
            days, aim = following
        if passing is not None:
            planned, check, effects = passing
        elif effects is not None:
            effects = None  # cancelled with the failing check
        remedy = Remedy(mode, base, planned.result, check, rounds)
        if attribute:
            remedy.effects = effects.result() if effects is not None else effects_of(planned)
    return remedy


def next_round(days: "Days | None", aim: float, limit: float, plan: Result, check: Result, rounds: list[dict], passing) -> "tuple[Days, float] | None":
    """The next round's days and curtailment aim, or None to stop: an
    hourly plan (no days to repair with), a trimmed plan whose check fails
    (the last passing plan stands), a passing plan not over-built, or a
    repair with nothing to add. A passing over-built plan is trimmed: its aim
    raised by the check's undershoot; a failing one repaired (`repair`)."""
    if days is None or (passing is not None and passing[1] is not check):
        return None
    if check.verdict.feasible:
        return (days, min(1.0, aim + limit - check.kpis["curtailment_share"])) if over_built(plan, check, aim, limit) else None
    repaired, next_aim = repair(days, aim, limit, check, rounds)
    if repaired is days and next_aim == aim:
        log.info("  repair has nothing to add: the failing days are already planned for, so planning again gives the same plan")
        return None
    return repaired, next_aim


def planning_system(system: System) -> System:
    """Remedy mode on a long horizon plans on typical days: investments need
    one LP over the whole horizon, which is impractical hour by hour."""
    sc = system.scenario
    if not (plans(system) and long_horizon(system)) or len(system.index) <= sc.expansion.typical_days * 24:
        return system
    days = RepresentativePeriods(days=sc.expansion.typical_days)
    log.info("remedy mode: planning on %d typical days plus extreme days (representative_periods)", days.days)
    return replace(system, scenario=sc.model_copy(update={"representative_periods": days}))


@dataclass
class Planned:
    """A plan: the system it was planned on, its horizon (None: the
    system's hours), the terms it was held to and its result."""

    system: System
    horizon: Horizon | None
    terms: RemedyTerms
    result: Result


@dataclass
class Planner:
    """How each round plans: on `system` (its typical days scaled to the
    year, if they are), in `mode`, its HiGHS logs into `logs`. Called with
    a round's days and curtailment aim, in this process or beside it."""

    system: System
    mode: str
    logs: Logs

    def log_files(self, k: int, days: "Days | None") -> tuple[str | None, str | None]:
        """Round k's log files (taken here, in the main process, so that
        solves in another process keep their place in highs.log)."""
        as_is_log = self.logs.next(f"{self.mode} remedy, round {k}: no additions, on the plan's days") if needs_as_is(self.system, self.mode) and days is not None else None
        return as_is_log, self.logs.next(f"{self.mode} remedy, round {k}: plan")

    def __call__(self, days: "Days | None", aim: float, log_files: tuple, base: Result | None = None) -> Planned:
        """A plan to curtailment `aim`, held to the system as it is
        (`as_is`): on an hourly horizon that is the base (`base`); on
        typical days, the system dispatched on them."""
        as_is_log, plan_log = log_files
        typical = self.system.scenario.representative_periods
        scale = typical is None or typical.scale_to_year
        system, horizon = days.horizon(self.system, scale) if days is not None else (self.system, None)
        terms = replace(as_is(system, horizon, self.mode, base if days is None else None, as_is_log), curtailment_aim=aim)
        return Planned(system, horizon, terms, solve_system(system, horizon, log_file=plan_log, terms=terms))


def check_terms(base: Result, mode: str) -> RemedyTerms:
    """What the hourly check is held to: in a feasibility remedy, exports
    paid only up to the base's sales in the same hour."""
    return RemedyTerms(paid_export_mw=export_schedule(base)) if mode == "feasibility" else NONE


# --------------------------------------------------------------- additions
def with_additions(system: System, expansion: pd.DataFrame) -> System:
    """`system` with the remedy's additions as given capacities (a copy)."""
    added = expansion.pivot_table(index="candidate", columns="unit", values="added", aggfunc="sum")
    mw = added["MW"] if "MW" in added else pd.Series(dtype=float)
    used = mw[mw > USED]
    cand = system.tables["candidates"]
    cand = cand[cand["name"].isin(used.index)].reset_index(drop=True)
    cand["max_mw"] = cand["name"].map(used).to_numpy()
    if "MWh" in added:  # batteries: energy chosen apart from power
        mwh = added["MWh"].reindex(cand["name"]).to_numpy()
        is_battery = (cand["kind"] == "battery").to_numpy()
        cand.loc[is_battery, "duration_h"] = mwh[is_battery] / cand.loc[is_battery, "max_mw"].to_numpy()
    sc = system.scenario
    fixed = ExpansionSettings(**{**sc.expansion.model_dump(), "enabled": True, "fixed": True})
    scenario = sc.model_copy(update={"expansion": fixed, "representative_periods": None})
    return replace(system, scenario=scenario, tables={**system.tables, "candidates": cand})


def settings(system: System, **changes) -> System:
    """A copy of `system` with scenario fields changed (dotted keys for sub-settings)."""
    sc = system.scenario
    update = {}
    for key, value in changes.items():
        part, _, name = key.partition(".")
        update[part] = update.get(part, getattr(sc, part)).model_copy(update={name: value}) if name else value
    return replace(system, scenario=sc.model_copy(update=update))


def dispatch_system(system: System) -> System:
    """The system as it is, every hour: the base of a remedy."""
    return settings(system, **{"expansion.enabled": False, "representative_periods": None})


# ------------------------------------------------------------------- costs
def operating_cost_cny(result: Result) -> float:
    """The objective of a dispatch less its slack penalties (unserved energy,
    reserve, heat, policy caps): what running the system costs, CNY over the
    horizon."""
    p, k, crit = result.system.scenario.penalties, result.kpis, result.system.scenario.criteria
    share = len(result.system.index) / result.system.hours_in_year
    penalty = p.unserved_cny_per_mwh * k["unserved_mwh"] + p.reserve_shortfall_cny_per_mwh * k["reserve_shortfall_mwh"] + p.heat_shortfall_cny_per_mwh_th * k["heat_shortfall_mwh_th"]
    for key, cap in (("coal_tce", crit.max_coal_tce), ("co2_t", crit.max_co2_t)):
        if cap is not None:
            penalty += p.cap_excess_cny_per_t * max(0.0, k[key] - cap * share)
    return result.objective_cny - penalty


def export_schedule(dispatch: Result) -> pd.DataFrame:
    """Export sales of a dispatch per step: timestamp x external zone, MW."""
    return dispatch.tables["exchange"].pivot_table(index="timestamp", columns="zone", values="export_mw", aggfunc="sum")


def curtailment_schedule(dispatch: Result) -> pd.DataFrame:
    """Curtailment of a dispatch per step: timestamp x wind/solar unit, MW."""
    return dispatch.tables["renewables"].pivot_table(index="timestamp", columns="unit", values="curtailment_mw", aggfunc="sum")


def holds_neighbours(system: System) -> bool:
    """Whether a plan for this system holds other provinces' curtailment
    (a province is judged and others have zones; model/utilisation.py)."""
    return len(system.judged_zones) < len(system.internal_zones)


def needs_as_is(system: System, mode: str) -> bool:
    """Whether a plan in `mode` is held to the system as it is (`as_is`)."""
    return mode == "feasibility" or holds_neighbours(system)


def as_is(system: System, horizon: Horizon | None, mode: str, dispatch: Result | None = None, log_file: str | None = None) -> RemedyTerms:
    """What a plan is held to: the system as it is, dispatched on the plan's own
    horizon, step by step: a feasibility remedy's exports earn their price
    only up to its sales (model/transport.py), and with a judged province
    the other provinces curtail at most what it curtails there
    (model/utilisation.py). On typical days these differ from the hourly
    base's (Jilin 2030, 24 days: south_uhv 27.8 against 28.5 TWh/a,
    heilongjiang 5.9 against 4.5): the hourly volumes would pay additions
    for exports the typical days alone cannot reach (a UHV extension) and
    deny those they already make. With the plan's own, no additions
    reproduce that dispatch exactly and no addition is paid for exports.
    `dispatch`: that dispatch, if already solved."""
    if not needs_as_is(system, mode):
        return NONE
    if dispatch is None:
        dispatch = solve_system(settings(system, **{"expansion.enabled": False}), horizon, log_file=log_file)
    paid = export_schedule(dispatch) if mode == "feasibility" else None
    held = curtailment_schedule(dispatch) if holds_neighbours(system) else None
    return RemedyTerms(paid_export_mw=paid, held_curtailment_mw=held)


# ---------------------------------------------------------- typical days
@dataclass
class Days:
    """The planning horizon's days: the original day each period is
    (`origin`), the period standing for each day of the year (`sequence`),
    and which periods keep their own values (`kept`: extreme and repair days,
    not scaled to the year's energy)."""

    origin: np.ndarray
    sequence: np.ndarray
    kept: np.ndarray

    @classmethod
    def of(cls, system: System) -> "Days | None":
        """The system's typical days (representative_periods), or None for an hourly horizon."""
        typical = system.scenario.representative_periods
        return None if typical is None else cls.clustered(system, typical.days, typical.extreme)

    @classmethod
    def clustered(cls, system: System, days: int, extreme: bool = True) -> "Days":
        origin, sequence, is_extreme = cluster_days(system, days, extreme)
        return cls(np.asarray(origin), np.asarray(sequence), np.asarray(is_extreme))

    def horizon(self, system: System, scale: bool = True) -> tuple[System, Horizon]:
        h = periods_horizon(system.index, self.origin, self.sequence)
        return (scale_to_year(system, h, ~self.kept[h.period]) if scale else system), h

    def with_days(self, days) -> "Days":
        """These days of the year as periods of their own (kept as they are)."""
        new = sorted(set(int(d) for d in days) - set(self.origin.tolist()))
        if not new:
            return self
        origin = np.array(sorted(self.origin.tolist() + new))
        renumber = np.searchsorted(origin, self.origin)  # old period -> new period
        sequence = renumber[self.sequence]
        sequence[new] = np.searchsorted(origin, new)
        kept = np.isin(origin, new)
        kept[renumber] |= self.kept
        return Days(origin, sequence, kept)


# ------------------------------------------------------------------ remedy
@dataclass
class Remedy:
    """A planned and checked remedy."""

    mode: str  # feasibility or economic
    base: Result  # every hour, no additions
    plan: Result  # the last plan (typical days on a long horizon)
    check: Result  # every hour with the plan's additions
    rounds: list[dict] = field(default_factory=list)  # one per plan -> check round
    effects: pd.DataFrame | None = None  # see effects()

    @property
    def passed(self) -> bool:
        return self.check.verdict.feasible

    @property
    def additions(self) -> pd.DataFrame:
        return built(self.plan.tables["expansion"])

    def cost(self) -> dict[str, float]:
        """CNY per year: annualised additions, change in operating cost (hour
        by hour, base -> check), and their sum."""
        share = len(self.base.system.index) / self.base.system.hours_in_year
        annual = float(self.additions["annualised_cost_cny"].sum())
        operating = (operating_cost_cny(self.check) - operating_cost_cny(self.base)) / share
        return {"annualised_additions_cny": annual, "operating_change_cny": operating, "total_cny": annual + operating}

    def two_way(self) -> pd.DataFrame:
        """Links and stores used both ways at once in the plan (should be empty)."""
        t = self.plan.tables.get("two_way")
        return t if t is not None else pd.DataFrame(columns=["kind", "name", "hours", "both_ways_mwh"])


def over_built(plan: Result, check: Result, planning_limit: float, limit: float) -> bool:
    """Whether a passing plan was held to more than the criterion asks: its
    curtailment limit binds (the plan curtails what it was allowed) while the
    hourly check curtails less than the limit by more than TRIM_MARGIN of
    it. The typical days then overstate the curtailment; the next round
    plans to a limit raised by the check's undershoot (the repair's
    tightening the other way), and keeps that plan only if its check passes.
    A limit that does not bind is no over-building: the additions that take
    the check below it pay for themselves."""
    binding = plan.kpis["curtailment_share"] >= planning_limit - BINDING_TOLERANCE
    return binding and check.kpis["curtailment_share"] < limit * (1 - TRIM_MARGIN)


def round_record(k: int, days: Days | None, aim: float, result: Result, check: Result) -> dict:
    """Round k of plan -> hourly check: a row of remedy_rounds.csv."""
    add = built(result.tables["expansion"])
    return {
        "round": k,
        "periods": len(days.origin) if days is not None else "every hour",
        "planning_curtailment_limit": aim,
        "added_mw": float(add.loc[add["unit"] == "MW", "added"].sum()),
        "annualised_cost_cny": float(add["annualised_cost_cny"].sum()),
        "plan_curtailment_share": result.kpis["curtailment_share"],
        "check_curtailment_share": check.kpis["curtailment_share"],
        "check_passes": check.verdict.feasible,
        "check_failing": ", ".join(check.verdict.failing),
    }


def repair(days: Days, planning_limit: float, limit: float, check: Result, rounds=()) -> tuple[Days, float]:
    """The next round's days and curtailment limit from a failed check
    (`rounds`: the records so far, this one last; see tightened)."""
    failing = set(check.verdict.failing)
    judged = judged_tables(check.system, check.tables)  # the days the judged province fails on, not its neighbours'
    worst = []
    for name, (table, column) in DAILY.items():
        if name in failing:
            worst += _worst_days(judged[table], column)
    if "curtailment_share" in failing:
        worst += _worst_days(judged["renewables"], "curtailment_mw")
        planning_limit = tightened(planning_limit, limit, check.kpis["curtailment_share"], rounds)
    return days.with_days(worst), planning_limit


def tightened(planning_limit: float, limit: float, check_share: float, rounds=()) -> float:
    """The next plan's curtailment limit: lowered by the check's overshoot
    (over the limit less AIM_BELOW of it) over how far the check followed
    the last change of the plan's limit, a secant step (Northeast 2030:
    planned 5.00 -> 4.79 % moved the check 5.21 -> 5.11 %, about half, so a
    step of the overshoot alone takes many rounds). In the first round, or
    where the check followed by more than the change, the overshoot itself;
    where it followed by less than MIN_RESPONSE (or moved the wrong way), at
    most 1/MIN_RESPONSE times it."""
    response = 1.0
    if len(rounds) >= 2:
        before, now = rounds[-2], rounds[-1]
        moved = now["planning_curtailment_limit"] - before["planning_curtailment_limit"]
        if abs(moved) > BINDING_TOLERANCE:
            response = min(1.0, max(MIN_RESPONSE, (now["check_curtailment_share"] - before["check_curtailment_share"]) / moved))
    return max(0.0, planning_limit - (check_share - limit * (1 - AIM_BELOW)) / response)


def _worst_days(table: pd.DataFrame, column: str, n: int = DAYS_PER_REPAIR) -> list[int]:
    """The n days of the year (0-based) with most `column`, where it is nonzero."""
    by_day = table.groupby(table["timestamp"].dt.day_of_year - 1)[column].sum()
    return by_day[by_day > 1e-6].nlargest(n).index.tolist()


def effects_of(planned: Planned) -> pd.DataFrame:
    """What each addition fixes: each criterion's margin with every addition
    and with all but this one (plain dispatch on the plan's horizon, held to
    what the plan was held to); `moves` is the margin it adds, in the
    criterion's unit."""
    system, expansion = planned.system, planned.result.tables["expansion"]
    typical = system.scenario.representative_periods  # which stores are linked across days, as in the plan

    def margins(exp: pd.DataFrame) -> list:
        return solve_system(settings(with_additions(system, exp), representative_periods=typical), planned.horizon, terms=planned.terms).verdict.criteria

    with_all = margins(expansion)
    rows = []
    for name in built(expansion)["candidate"].unique():
        without = {c.name: c for c in margins(expansion[expansion["candidate"] != name])}
        for c_all in with_all:
            c_without = without.get(c_all.name, c_all)
            rows.append({"candidate": name, "criterion": c_all.name, "margin_without": c_without.margin, "margin_with": c_all.margin, "moves": c_all.margin - c_without.margin, "unit": c_all.unit})
    return pd.DataFrame(rows, columns=["candidate", "criterion", "margin_without", "margin_with", "moves", "unit"])


# ------------------------------------------------------------------ output
def summary_kpis(remedy: Remedy) -> dict[str, float]:
    """The remedy's headline numbers, as KPIs of its plan (so summaries and sweeps carry them)."""
    cost = remedy.cost()
    return {
        "remedy_total_cny_per_year": cost["total_cny"],
        "remedy_annualised_additions_cny_per_year": cost["annualised_additions_cny"],
        "remedy_operating_change_cny_per_year": cost["operating_change_cny"],
        "remedy_rounds": float(len(remedy.rounds)),
        "remedy_check_feasible": float(remedy.passed),
        "remedy_two_way_mwh": float(remedy.two_way()["both_ways_mwh"].sum()),
    }


def summary(remedy: Remedy) -> dict:
    """summary.json's `remedy`, beside the verdict as it is: whether the
    additions pass every hour, the check's verdict, the curtailment planned
    and checked, the additions, the cost, and how plan and check were solved."""
    from .export import verdict
    from .headline import mode

    share = "curtailment_share"
    return {
        "mode": remedy.mode,
        "feasible": remedy.passed,
        "checked_hourly": True,
        "curtailment_share": {"planned": remedy.plan.kpis[share], "checked_hourly": remedy.check.kpis[share]},
        "additions": remedy.additions[["candidate", "kind", "where", "added", "unit", "annualised_cost_cny"]].to_dict("records"),
        "cost": remedy.cost(),
        "check": verdict(remedy.check),
        "planned_on": mode(remedy.plan),
        "checked_as": mode(remedy.check),
    }


def result(remedy: Remedy) -> Result:
    """The plan's result with the remedy's headline numbers among its KPIs."""
    remedy.plan.kpis.update(summary_kpis(remedy))
    return remedy.plan


def write(remedy: Remedy, run_dir) -> None:
    """Into the plan's run folder: hourly_check/ (the check's run), remedy_rounds.csv,
    remedy_effects.csv and remedy_cost.csv."""
    from pathlib import Path

    from .export import write_run
    from .files import write_csv

    run_dir = Path(run_dir)
    check_dir = run_dir / "hourly_check"
    check_dir.mkdir(exist_ok=True)
    write_run(remedy.check, check_dir)
    write_csv(pd.DataFrame(remedy.rounds), run_dir / "remedy_rounds.csv")
    if remedy.effects is not None:
        write_csv(remedy.effects, run_dir / "remedy_effects.csv")
    cost = remedy.cost()
    write_csv(pd.DataFrame([{"remedy": remedy.mode, "check_feasible": remedy.passed, **cost}]), run_dir / "remedy_cost.csv")


