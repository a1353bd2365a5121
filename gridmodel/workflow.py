"""How a scenario is solved: the one place that says it. The CLI (`gridmodel
run`, `attribute`), the Python API (`gridmodel.run_scenario`, `gridmodel.run`),
the sweep, the back-cast and the web page (which starts `gridmodel run`) all
come here, and each adds only its own input and output.

`run(system)`:

1. A dispatch (`dispatch`): one LP over the horizon (lp.py), or over the
   scenario's typical days (representative_periods, periods.py), or, for a
   chronological horizon longer than solver.window_days, weekly windows that
   carry the year (windows.py).
2. Or, in remedy mode (`remedy`, or expansion.enabled in the scenario), a
   remedy per mode asked for (`plan_remedy`): the base dispatch every hour,
   the least-cost additions planned on typical days (`planning_system`), an
   hourly check with them built in, and a repair of the plan until the check
   passes (remedy.py has the parts). The run's result is the first plan.
   With a second core, the first plan is solved beside the base dispatch and
   what each addition fixes beside the hourly check (`beside`): Jilin 2030
   `run --expand` 202 -> 151 s on 2 cores, the same remedy.
3. With `attribute`, curtailment by cause (`attribute_curtailment`):
   counterfactual solves of the same horizon (attribution.py).

`write(run, run_dir)` writes every file of a run folder.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import progress
from . import remedy as rm
from . import attribution
from .attribution import Attribution
from .inputs import System
from .lp import solve_system
from .model.core import Horizon
from .results import Result
from .schema import RepresentativePeriods
from .windows import Inline, Logs, solve_windows, window_indexes

log = logging.getLogger("gridmodel")

REMEDIES = ("feasibility", "economic", "both")
"""What `remedy` may ask for: the cost of meeting the criteria, of every
revenue counted, or both (feasibility first)."""


@dataclass
class Run:
    """What a run computes: the result its verdict is read from (a remedy's
    plan, with the remedy's headline KPIs), each remedy planned and checked,
    and curtailment by cause when asked for."""

    system: System
    result: Result | None = None
    remedies: list[rm.Remedy] = field(default_factory=list)
    attribution: Attribution | None = None


# ------------------------------------------------------------ one dispatch
def long_horizon(system: System) -> bool:
    """A chronological horizon longer than one solver window."""
    sc = system.scenario
    days = sc.solver.window_days
    return bool(days) and sc.representative_periods is None and len(window_indexes(system.index, days)) > 1


def plans(system: System) -> bool:
    """Remedy mode choosing capacities, which needs one LP for the horizon."""
    e = system.scenario.expansion
    return e.enabled and not e.fixed


def windowed(system: System) -> bool:
    """Whether a horizon is solved as windows (windows.py): a long
    chronological one, unless a remedy is being planned."""
    return long_horizon(system) and not plans(system)


def dispatch(system: System, log_file: str | None = None) -> Result:
    """The system's horizon solved as the scenario asks: weekly windows, or
    one LP (over its typical days, if it has them)."""
    if windowed(system):
        s = system.scenario.solver
        return solve_windows(system, s.window_days, s.workers, s.lookahead_days, log_file=log_file, passes=s.passes)
    return solve_system(system, log_file=log_file)


# ------------------------------------------------------------------ remedy
def planning_system(system: System) -> System:
    """Remedy mode on a long horizon plans on typical days: investments need
    one LP over the whole horizon, which is impractical hour by hour."""
    sc = system.scenario
    if not (plans(system) and long_horizon(system)) or len(system.index) <= sc.expansion.typical_days * 24:
        return system
    days = RepresentativePeriods(days=sc.expansion.typical_days)
    log.info("remedy mode: planning on %d typical days plus extreme days (representative_periods)", days.days)
    return replace(system, scenario=sc.model_copy(update={"representative_periods": days}))


def plan_remedy(system: System, mode: str | None = None, attribute: bool = True, max_rounds: int = rm.MAX_ROUNDS, base: Result | None = None, log_file: str | None = None) -> rm.Remedy:
    """Plan the least-cost additions that meet the criteria, check them every
    hour, repair until the check passes (or `max_rounds`); `mode` overrides
    expansion.remedy. With `attribute`, also what each addition fixes.
    `base`: the system's dispatch every hour, if already solved (it depends
    on neither the criteria nor the candidates). HiGHS's logs of every solve
    go into `log_file`, each under its own heading."""
    logs = Logs(log_file)
    try:
        return _plan(system, mode, attribute, max_rounds, base, logs)
    finally:
        logs.join()


def _plan(system: System, mode: str | None, attribute: bool, max_rounds: int, base: Result | None, logs: Logs) -> rm.Remedy:
    system = rm.settings(system, **{"expansion.enabled": True, "expansion.fixed": False, **({"expansion.remedy": mode} if mode else {})})
    mode = system.scenario.expansion.remedy
    hourly = rm.settings(system, representative_periods=None)
    system = planning_system(system)
    typical = system.scenario.representative_periods
    days = rm.Days.clustered(system, typical.days, typical.extreme) if typical is not None else None
    rounds = Rounds(mode, typical is None or typical.scale_to_year, logs)
    limit = system.scenario.criteria.max_curtailment_share
    planning_limit, records, passing = limit, [], None
    with beside(system) as side:
        # On typical days the first plan needs nothing from the hourly base: both at once.
        first = None
        if days is not None:
            log.info("remedy (%s): planning on typical days%s", mode, " in a second process, beside the base dispatch" if concurrent(side) and base is None else "")
            first = start(side, plan_round, system, days, planning_limit, mode, rounds.scale, rounds.log_files(system, 1, days))
        if base is None:
            log.info("remedy (%s): base dispatch, every hour", mode)
            base = dispatch(rm.dispatch_system(system), logs.next(f"{mode} remedy: base dispatch, every hour"))
        if mode == "feasibility":
            hourly = replace(hourly, paid_export_mw=rm.export_schedule(base))
        for k in range(1, max_rounds + 1):
            planned = first.result() if k == 1 and first is not None else rounds.plan(system, days, planning_limit, k, base)
            # What each addition fixes, worked out beside the hourly check in case it passes.
            effects = start(side, rm.effects, *planned) if attribute and concurrent(side) else None
            result = planned[2]
            check = dispatch(rm.with_additions(hourly, result.tables["expansion"]), logs.next(f"{mode} remedy, round {k}: hourly check"))
            records.append(rm.round_record(k, days, planning_limit, result, check))
            log.info("  round %d: %s periods, curtailment limit planned %.4f -> hourly check %s", k, records[-1]["periods"], planning_limit, "passes" if check.verdict.feasible else "fails: " + ", ".join(check.verdict.failing))
            if check.verdict.feasible:
                passing = (planned, check, effects)
            elif effects is not None:
                effects.cancel()
            if days is None or k == max_rounds or (passing is not None and passing[1] is not check):
                break  # a trimmed plan that fails: the last passing one stands
            if check.verdict.feasible:
                if not rm.over_built(result, check, planning_limit, limit):
                    break
                planning_limit = min(1.0, planning_limit + limit - check.kpis["curtailment_share"])
            else:
                repaired, planning_limit_next = rm.repair(days, planning_limit, limit, check, records)
                if repaired is days and planning_limit_next == planning_limit:
                    log.info("  repair has nothing to add: the failing days are already planned for, so planning again gives the same plan")
                    break
                days, planning_limit = repaired, planning_limit_next
        if passing is not None:
            planned, check, effects = passing
        elif effects is not None:
            effects = None  # cancelled with the failing check
        remedy = rm.Remedy(mode, base, planned[2], check, records)
        if attribute:
            remedy.effects = effects.result() if effects is not None else rm.effects(*planned)
    return remedy


Planned = tuple[System, Horizon | None, Result]
"""A plan: the system it was planned on, its horizon, its result."""


@dataclass
class Rounds:
    """How each round plans: the remedy's mode, whether typical days are
    scaled to the year, and where HiGHS's logs go."""

    mode: str
    scale: bool
    logs: Logs

    def log_files(self, system: System, k: int, days: rm.Days | None) -> tuple[str | None, str | None]:
        """Round k's log files (taken here, in the main process, so that
        solves in another process keep their place in highs.log)."""
        as_is_log = self.logs.next(f"{self.mode} remedy, round {k}: no additions, on the plan's days") if rm.needs_as_is(system, self.mode) and days is not None else None
        return as_is_log, self.logs.next(f"{self.mode} remedy, round {k}: plan")

    def plan(self, system: System, days: rm.Days | None, limit: float, k: int, base: Result | None = None) -> Planned:
        return plan_round(system, days, limit, self.mode, self.scale, self.log_files(system, k, days), base)


def plan_round(system: System, days: rm.Days | None, limit: float, mode: str, scale: bool, log_files: tuple, base: Result | None = None) -> Planned:
    """A plan to curtailment `limit`: the system it was planned on (held to
    the system as it is: remedy.as_is), its horizon and result. On an hourly
    horizon, as it is is the base (`base`); on typical days, the system
    dispatched on them."""
    as_is_log, plan_log = log_files
    target = rm.settings(system, **{"criteria.max_curtailment_share": limit})
    planned, horizon = days.horizon(target, scale) if days is not None else (target, None)
    planned = rm.as_is(planned, horizon, mode, base if days is None else None, as_is_log)
    return planned, horizon, solve_system(planned, horizon, log_file=plan_log)


@contextmanager
def beside(system: System):
    """A process for work that can run beside the hourly dispatches (which
    use the scenario's workers): the remedy's plan while the base is
    dispatched, and what each addition fixes while the plan is checked. On
    two cores these fill the core left idle while a windowed dispatch solves
    its coarse year and while its last windows finish. In this process
    where there are no other processes to share with (one worker, or inside
    a sweep's worker). On Ctrl-C or an error, nothing queued starts."""
    alone = system.scenario.solver.workers == 1 or multiprocessing.current_process().daemon or (os.cpu_count() or 1) < 2
    side = Inline() if alone else ProcessPoolExecutor(max_workers=1)
    try:
        yield side
    except BaseException:
        side.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        side.shutdown()


def concurrent(side) -> bool:
    return isinstance(side, ProcessPoolExecutor)


def start(side, fn, *args) -> Future:
    """fn(*args) on `side`; in another process without stage lines (the
    main process reports the stages)."""
    return side.submit(quietly, fn, *args) if concurrent(side) else side.submit(fn, *args)


def quietly(fn, *args):
    with progress.silenced():
        return fn(*args)


def plan_remedies(system: System, which: str = "feasibility", log_file: str | None = None) -> list[rm.Remedy]:
    """The remedies `which` asks for (see REMEDIES); HiGHS's logs of all
    their solves into `log_file`."""
    modes = ["feasibility", "economic"] if which == "both" else [which]
    logs, remedies, base = Logs(log_file), [], None
    try:
        for mode in modes:  # one base for both: it depends on neither
            remedies.append(_plan(system, mode, True, rm.MAX_ROUNDS, base, logs))
            base = remedies[-1].base
        return remedies
    finally:
        logs.join()


# --------------------------------------------------------------- the run
MONTHS = {"solver.window_days": "month", "solver.lookahead_days": 3}
"""--months: calendar months with three days of look-ahead (3 of ~31 days:
Jilin 2030's quarter, half-year and year closest to their one LP for a few %
more time than 1 or 2 days, windows.py)."""


def run_overrides(expand: bool, exact: bool = False, typical_days: int | None = None, language: str | None = None, months: bool = False) -> dict | None:
    """The scenario settings `gridmodel run`'s options change (the web page
    checks its runs with them): --expand, --exact, --months, --typical-days, --lang."""
    overrides = {"expansion.enabled": True} if expand else {}
    if exact:
        overrides["solver.window_days"] = None
    if months:
        overrides.update(MONTHS)
    if typical_days:
        overrides["representative_periods.days"] = typical_days
    if language:
        overrides["language"] = language
    return overrides or None


def solve(system: System, remedy: str | None = None, log_file: str | None = None, read_s: float = 0.0) -> Run:
    """A dispatch, or the remedies `remedy` asks for (by default those of a
    scenario in remedy mode); `read_s`, the time taken to read the inputs,
    heads the result's timings."""
    if remedy is None and plans(system):
        remedy = system.scenario.expansion.remedy
    out = Run(system)
    if remedy:
        out.remedies = plan_remedies(system, remedy, log_file)
        out.result = rm.result(out.remedies[0])
    else:
        out.result = dispatch(system, log_file)
    out.result.timings_s = {"read_s": read_s, **out.result.timings_s}
    return out


def attribute_curtailment(run: Run) -> Attribution:
    """Curtailment by cause over the run's horizon (counterfactual solves;
    the run's own result, when solved, saves one)."""
    run.attribution = attribution.attribute(run.system, base=run.result)
    return run.attribution


def run(system: System, remedy: str | None = None, attribute: bool = False, log_file: str | None = None, read_s: float = 0.0) -> Run:
    """Everything `gridmodel run` computes, nothing written: `solve`, then
    with `attribute` curtailment by cause."""
    out = solve(system, remedy, log_file, read_s)
    if attribute:
        attribute_curtailment(out)
    return out


def solve_scenario_system(system: System, log_file: str | None = None) -> Result:
    """The result of `solve`: the dispatch, or a remedy's plan with its headline KPIs."""
    return solve(system, log_file=log_file).result


# ------------------------------------------------------------------ writing
def write(run: Run, run_dir: Path, scenario_file: str | None = None) -> dict:
    """Every file of a run folder: the result's tables and summary; each
    remedy's hourly check, rounds, effects and cost (an economic remedy after
    a feasibility one into run_dir/economic); curtailment by cause. Returns
    the summary (summary.json's contents)."""
    from . import dictionary
    from .export import write_run

    run_dir = Path(run_dir)
    as_is = run.remedies[0].base if run.remedies else run.result
    summary = write_run(run.result, run_dir, scenario_file, {**remedy_summary(run, 0), **why_it_fails(as_is, run_dir)})
    for i, remedy in enumerate(run.remedies):
        folder = run_dir / remedy.mode if i else run_dir
        if i:
            folder.mkdir(exist_ok=True)
            write_run(rm.result(remedy), folder, extra=remedy_summary(run, i))
        rm.write(remedy, folder)
        dictionary.write(folder)
    if run.attribution is not None:
        write_attribution(run.attribution, run_dir)
    return summary


def remedy_summary(run: Run, i: int) -> dict:
    """summary.json entries of a remedy run's folder for its i-th remedy: the
    verdict and mode of the system as it is, every hour (the base dispatch),
    and the remedy beside them ({} for a plain dispatch)."""
    from .export import verdict
    from .headline import mode

    if not run.remedies:
        return {}
    base = run.remedies[i].base
    return {"verdict": verdict(base), "mode": mode(base), "remedy": rm.summary(run.remedies[i])}


def why_it_fails(as_is: Result, run_dir: Path) -> dict:
    """Why the system as it is fails (binding.py): binding.csv and
    flexibility_use.csv into `run_dir`, summary.json's `why`."""
    from . import binding
    from .files import write_csv
    from .finding import data_readme, flagged_files
    from .runfolder import BINDING_CSV, USE_CSV

    files = as_is.system.files
    tables = [Path(p) for role, p in files.items() if role != "scenario"]
    scenario = Path(files.get("scenario", ""))
    doc, limits, use = binding.why(as_is, flagged_files(scenario, tables), data_readme(tables + [scenario]))
    if doc is None:
        return {}
    write_csv(limits, run_dir / BINDING_CSV)
    write_csv(use, run_dir / USE_CSV)
    return {"why": doc}


def write_attribution(a: Attribution, run_dir: Path) -> None:
    """Curtailment by cause into a run folder, its data dictionary and workbook."""
    from . import dictionary, excel

    a.write(run_dir)
    dictionary.write(run_dir)
    excel.write(run_dir)
