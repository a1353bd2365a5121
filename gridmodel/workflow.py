"""How a scenario is solved: the one place that says it. The CLI (`gridmodel
run`, `attribute`), the Python API (`gridmodel.run_scenario`, `gridmodel.run`),
the sweep, the back-cast and the web page (which starts `gridmodel run`) all
come here, and each adds only its own input and output.

`run(system)`:

1. A dispatch (dispatch.py): one LP over the horizon (lp.py), or over the
   scenario's typical days (representative_periods, periods.py), or, for a
   chronological horizon longer than solver.window_days, weekly windows that
   carry the year (windows/).
2. Or, in remedy mode (`remedy`, or expansion.enabled in the scenario), a
   remedy per mode asked for (`plan_remedies`; the algorithm and its parts
   are remedy.py's): the base dispatch every hour, the least-cost additions
   planned on typical days, an hourly check with them built in, and a
   repair of the plan until the check passes. The run's result is the
   first plan. With a second core, the first plan is solved beside the
   base dispatch and what each addition fixes beside the hourly check
   (beside.py): Jilin 2030 `run --expand` 202 -> 151 s on 2 cores, the
   same remedy.
3. With `attribute`, curtailment by cause (`attribute_curtailment`):
   counterfactual solves of the same horizon (attribution.py).

`write(run, run_dir)` writes every file of a run folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import remedy as rm
from . import attribution
from .attribution import Attribution
from .dispatch import dispatch, plans, windowed  # noqa: F401 (windowed: gridmodel.api's)
from .inputs import System
from .remedy import planning_system  # noqa: F401 (gridmodel.api's)
from .results import Result
from .jobs import Logs

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


# ------------------------------------------------------------------ remedy
def plan_remedy(system: System, mode: str | None = None, attribute: bool = True, max_rounds: int = rm.MAX_ROUNDS, base: Result | None = None, log_file: str | None = None) -> rm.Remedy:
    """The remedy (remedy.plan_remedy: plan, check every hour, repair until
    the check passes or `max_rounds`); `mode` overrides expansion.remedy.
    With `attribute`, also what each addition fixes. `base`: the system's
    dispatch every hour, if already solved. HiGHS's logs of every solve go
    into `log_file`, each under its own heading."""
    logs = Logs(log_file)
    try:
        return rm.plan_remedy(system, mode, attribute, max_rounds, base, logs)
    finally:
        logs.join()


def plan_remedies(system: System, which: str = "feasibility", log_file: str | None = None) -> list[rm.Remedy]:
    """The remedies `which` asks for (see REMEDIES); HiGHS's logs of all
    their solves into `log_file`."""
    modes = ["feasibility", "economic"] if which == "both" else [which]
    logs, remedies, base = Logs(log_file), [], None
    try:
        for mode in modes:  # one base for both: it depends on neither
            remedies.append(rm.plan_remedy(system, mode, True, rm.MAX_ROUNDS, base, logs))
            base = remedies[-1].base
        return remedies
    finally:
        logs.join()


# --------------------------------------------------------------- the run
MONTHS = {"solver.window_days": "month", "solver.lookahead_days": 3}
"""--months: calendar months with three days of look-ahead (3 of ~31 days:
Jilin 2030's quarter, half-year and year closest to their one LP for a few %
more time than 1 or 2 days, windows/)."""


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
