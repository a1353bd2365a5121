"""The command line: `gridmodel run`, `validate`, `sweep`, `report`, `attribute`, `dictionary`, `compare`, `serve`.

A thin layer: options in, console lines, run folders and exit codes out.
How a scenario is solved and what a run folder holds is gridmodel/workflow.py.

Exit codes: 0 solved (whatever the verdict) or valid; 2 bad input; 3 the
solver failed; 4 a sweep finished with failed cases; 130 interrupted (Ctrl-C
or SIGTERM). A user's mistake never
shows a traceback.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Optional

import typer

from . import i18n, progress
from .errors import InputError, SolverError, warning_lines
from .paths import DEFAULT_SCENARIO, EXAMPLE_SCENARIO, RUNS

EXIT_INPUT, EXIT_SOLVER, EXIT_INTERRUPTED = 2, 3, 130

app = typer.Typer(add_completion=False, no_args_is_help=True, help="gridmodel: is a provincial grid plan feasible hour by hour, and what is the cheapest fix?")
log = logging.getLogger("gridmodel")


def default_scenario() -> Path:
    return DEFAULT_SCENARIO if DEFAULT_SCENARIO.exists() else EXAMPLE_SCENARIO


def _setup_logging(log_file: Path | None = None) -> None:
    log.setLevel(logging.INFO)
    for handler in log.handlers:  # an earlier run's log file is closed, not left to the garbage collector
        handler.close()
    log.handlers.clear()
    console = logging.StreamHandler()
    console.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(console)
    if log_file:
        fh = logging.FileHandler(log_file, encoding="utf-8")
        fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(fh)


def _fail(code: int, message: str, run_dir: Path | None = None) -> None:
    typer.echo(message, err=True)
    if run_dir is not None:
        from .export import write_failure

        write_failure(run_dir, message)
        typer.echo(f"(recorded in {run_dir / 'FAILED.txt'})", err=True)
    raise typer.Exit(code)


def print_verdict(result) -> None:
    """The verdict, each criterion and the headline KPIs, in the language set (i18n.language)."""
    from .i18n import horizon, name, t
    from .results import horizon_text
    from .units import points, shown

    v = result.verdict
    verdict = t("FEASIBLE") if v.feasible else f"{t('NOT FEASIBLE')} ({t('failing')}: {', '.join(map(name, v.failing))})"
    log.info("")
    log.info("%s", t("VERDICT over {horizon}: {verdict}", horizon=horizon(horizon_text(result.system, result.tables)), verdict=verdict))
    for c in v.criteria:
        mark = t("pass") if c.passed else t("FAIL")
        (value, limit, margin), unit = shown([c.value, c.limit, c.margin], c.unit)
        log.info("  [%s] %-24s %s %10s %s  %s %10s %s  %s %10s %s", mark, name(c.name), t("value"), value, unit, t("limit"), limit, unit, t("margin"), margin, points(unit))
        if c.where:
            print_where(c.where)
    k = result.kpis
    log.info(
        "  %s",
        t(
            "curtailment {curtailment} | renewable share of generation {renewable} | coal {coal} | CO2 {co2} | unserved {unserved}",
            curtailment=f"{100 * k['curtailment_share']:.2f}%", renewable=f"{100 * k['renewable_share_of_generation']:.1f}%",
            coal=f"{k['coal_tce'] / 1e6:.3g} Mtce", co2=f"{k['co2_t'] / 1e6:.3g} Mt", unserved=f"{k['unserved_mwh']:.3g} MWh",
        ),
    )


def print_where(w) -> None:
    """Where and when a criterion's quantity binds, on three lines."""
    from .i18n import name, t

    log.info("         %s:  %s", t("zones"), w.zones_text(5, name))
    log.info("         %s: %s", t("months"), w.months_text())
    log.info("         %s: %s", t("worst hours"), w.worst_text())


def print_expansion(result) -> None:
    from .i18n import name, t
    from .runfolder import built
    from .units import quantity

    added = result.tables.get("expansion")
    if added is None:
        return
    used = built(added)
    log.info("")
    log.info("%s", t("REMEDY: {used} of {total} candidates used, annualised cost {cost}", used=len(used), total=len(added), cost=quantity(used["annualised_cost_cny"].sum(), "CNY/a")))
    for row in used.itertuples(index=False):
        log.info("  + %-28s %-16s %-14s %12s  %12s", row.candidate, t(row.kind), name(row.where), quantity(row.added, row.unit), quantity(row.annualised_cost_cny, "CNY/a"))


@app.command()
def run(
    scenario: Optional[Path] = typer.Argument(None, help="Scenario YAML (default: Jilin 2030)."),
    out: Path = typer.Option(RUNS, "--out", help="Parent folder; each run makes a new sub-folder in it."),
    hours: Optional[int] = typer.Option(None, "--hours", min=1, help="Run only the first N hours."),
    expand: bool = typer.Option(False, "--expand", help="Remedy mode: add the least-cost candidates that make the verdict feasible."),
    attribute_causes: bool = typer.Option(False, "--attribute", help="Also attribute curtailment to its causes (15 more solves)."),
    typical_days: Optional[int] = typer.Option(None, "--typical-days", min=1, help="Run the year as N typical days (drawn month by month) plus its extreme days: fast, approximate."),
    exact: bool = typer.Option(False, "--exact", help="One LP for the whole horizon instead of weekly windows (slow for a full year)."),
    months: bool = typer.Option(
        False, "--months", help="Monthly windows instead of weekly ones: each month's hydro budget whole, closer to one LP (Jilin 2030's year: 0.010 % of its cost against 0.117 %) in about 3.5x the time."
    ),
    remedy: str = typer.Option("feasibility", "--remedy", help="With --expand: feasibility (cost of meeting the criteria), economic (revenues counted) or both (economic into economic/)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of the console verdict, the report and its figures: en or zh (default: the scenario's `language`, else en)."),
) -> None:
    """Solve a scenario and write a new run folder with its verdict.

    Ctrl-C or SIGTERM stop it cleanly (exit 130): FAILED.txt says so and names
    the stage; no half-written file is left and earlier runs are untouched."""
    from .gate import prepare
    from .workflow import REMEDIES, run_overrides

    scenario = scenario or default_scenario()
    _setup_logging()
    if remedy not in REMEDIES:
        _fail(EXIT_INPUT, f"--remedy {remedy!r}: must be one of {', '.join(REMEDIES)}")
    if months and (exact or typical_days):
        _fail(EXIT_INPUT, f"--months and {'--exact' if exact else '--typical-days'}: choose one (monthly windows solve every hour of the horizon)")
    progress.start()
    progress.stage(f"reading and checking {scenario}")
    try:
        system = prepare(scenario, run_overrides(expand, exact, typical_days, _language(lang) if lang else None, months), hours)
    except InputError as exc:
        _fail(EXIT_INPUT, exc.message())
    run_dir = _new_run_dir(out, system.scenario.name)
    _setup_logging(run_dir / "run.log")
    log.info("scenario %s: %s -> %s", system.scenario.name, describe_horizon(system), run_dir)
    for line in warning_lines(system.warnings):  # also in summary.json
        log.warning("%s", line)
    with progress.sigterm_as_interrupt(), i18n.language(system.scenario.language):
        try:
            _solve_and_write(system, run_dir, str(scenario), attribute_causes, remedy if expand else None)
        except typer.Exit:
            raise
        except KeyboardInterrupt as exc:
            signal = "SIGTERM" if isinstance(exc, progress.Interrupted) else "Ctrl-C (SIGINT)"
            _fail(EXIT_INTERRUPTED, f"interrupted by {signal} while {progress.current()}: this run's results were not written", run_dir)
        except InputError as exc:
            _fail(EXIT_INPUT, exc.message(), run_dir)
        except SolverError as exc:
            _fail(EXIT_SOLVER, f"solver failure while {progress.current()}: {exc} (details in {run_dir / 'highs.log'})", run_dir)
        except Exception:
            _fail(1, f"internal error while {progress.current()} (please report):\n" + traceback.format_exc(), run_dir)


def describe_horizon(system) -> str:
    """'8760 hours from 2030-01-01 00:00' (the typical-day wording is the periods module's)."""
    rp = system.scenario.representative_periods
    return f"{len(system.index)} hours from {system.index[0]:%Y-%m-%d %H:%M}" + (f", run as {rp.days} typical days plus extreme days" if rp else "")


def _new_run_dir(out: Path, name: str) -> Path:
    from .export import new_run_dir

    try:
        return new_run_dir(out, name)
    except (OSError, ValueError) as exc:
        _fail(EXIT_INPUT, f"--out {out}: not a folder a run can be written into ({getattr(exc, 'strerror', None) or exc})")


def _solve_and_write(system, run_dir: Path, scenario_file: str, attribute_causes: bool, remedy: str | None) -> None:
    """The run's stages after reading (workflow.py), each reported as it ends."""
    from . import workflow

    solved = workflow.solve(system, remedy, str(run_dir / "highs.log"), read_s=progress.elapsed_s())
    progress.stage("writing the results")
    doc = workflow.write(solved, run_dir, scenario_file)
    result, t = solved.result, solved.result.timings_s
    how = f"{t['windows']} windows on {t['workers']} processes, HiGHS {t['solve_s']:.1f} s in all" if "windows" in t else f"HiGHS {t['solve_s']:.1f} s"
    log.info("solved in %.1f s (%s)", progress.elapsed_s(), how)
    log.info("objective %.6g CNY: operating cost over the horizon net of export and hydrogen revenue (README, 'The objective')", result.objective_cny)
    print_verdict(solved.remedies[0].base if solved.remedies else result)  # the system as it is, every hour
    print_expansion(result)
    for r in solved.remedies:
        print_remedy(r)
    if attribute_causes:
        _attribute(solved, run_dir)
    _report(run_dir)
    print_answer(doc, run_dir)
    log.info("results: %s", run_dir)


def print_answer(doc: dict, run_dir: Path) -> None:
    """The headline, the mode and why it fails, last on the console (headline.py, binding.py)."""
    from .finding import why_sentences
    from .headline import headline, latitude, mode_line

    log.info("")
    log.info("%s", headline(doc).text)
    log.info("  %s", mode_line(doc))
    if doc.get("remedy") and doc["remedy"]["additions"]:
        log.info("  %s", latitude(run_dir))
    for line in why_sentences(doc["why"]) if doc.get("why") else []:
        log.info("  %s", line)


def print_remedy(remedy) -> None:
    """A remedy's cost, additions (with what each fixes), rounds and hourly check."""
    cost = remedy.cost()
    log.info("")
    log.info("%s REMEDY: %.4g M CNY/a = additions %.4g + change in operating cost %.4g (hour by hour)", remedy.mode.upper(), cost["total_cny"] / 1e6, cost["annualised_additions_cny"] / 1e6, cost["operating_change_cny"] / 1e6)
    for row in remedy.additions.itertuples(index=False):
        fixes = "" if remedy.effects is None else _fixes_text(remedy.effects, row.candidate)
        log.info("  + %-28s %-16s %-20s %12.1f %s  %10.4g M CNY/a  %s", row.candidate, row.kind, row.where, row.added, row.unit, row.annualised_cost_cny / 1e6, fixes)
    for r in remedy.rounds:
        log.info("  round %d: %s periods, planned curtailment limit %.4f, plan %.4f, check %.4f -> %s", r["round"], r["periods"], r["planning_curtailment_limit"], r["plan_curtailment_share"], r["check_curtailment_share"], "passes" if r["check_passes"] else "fails " + r["check_failing"])
    loops = remedy.two_way()
    log.info("  two-way use in the plan: %s", "none" if loops.empty else f"{loops['both_ways_mwh'].sum():,.0f} MWh in {len(loops)} links/stores")
    log.info("HOURLY CHECK (additions built in, plain dispatch):")
    print_verdict(remedy.check)


def _fixes_text(effects, candidate: str) -> str:
    """The criteria whose margin an addition moves, e.g. 'curtailment_share +0.012 p.u.'."""
    e = effects[(effects["candidate"] == candidate) & (effects["moves"].abs() > 1e-9 * (1 + effects["margin_with"].abs()))]
    return "; ".join(f"{row.criterion} {row.moves:+.3g} {row.unit}" for row in e.itertuples()) or "moves no margin"


def _attribute(solved, run_dir: Path) -> None:
    """Curtailment by cause of a run (workflow.Run) into its folder, a line per cause."""
    from . import workflow

    log.info("")
    progress.stage("attributing curtailment to its causes (16 counterfactual solves)")
    causes = workflow.attribute_curtailment(solved).causes
    workflow.write_attribution(solved.attribution, run_dir)
    for row in causes.itertuples(index=False):
        log.info("  %-46s %14.6g MWh  %6.1f%%", row.description, row.curtailment_mwh, 100 * row.share)


def _report(run_dir: Path) -> None:
    """Figures and report.html; a failure here never fails the run."""
    from .report import write_report

    progress.stage("drawing the figures and the report")
    try:
        log.info("report: %s", write_report(run_dir))
    except Exception as exc:  # the run's results are written; the report is a convenience
        log.warning("report not written: %s: %s", type(exc).__name__, exc)


def _run_folder(run_dir: Path) -> Path:
    if not (run_dir / "summary.json").exists():
        _fail(EXIT_INPUT, f"{run_dir}: not a run folder (no summary.json)")
    return run_dir


@app.command()
def report(
    run_dir: Path = typer.Argument(..., help="Run folder (runs/<scenario>-<time>)."),
    lang: Optional[str] = typer.Option(
        None, "--lang", help="en or zh (default: the run's scenario `language`, else en). Another language than the run's goes beside its files: report_zh.html, figures_zh/, results_zh.xlsx."
    ),
) -> None:
    """Draw the figures and write report.html (and, in another language than the run's, its workbook) for a run folder."""
    from . import excel
    from .report import run_language, write_report

    _setup_logging()
    folder, lang = _run_folder(run_dir), lang and _language(lang)
    typer.echo(f"report: {write_report(folder, lang)}")
    if lang and lang != run_language(folder):
        typer.echo(f"workbook: {excel.write(folder, lang)}")


def _language(lang: str) -> str:
    """--lang checked: en or zh, else exit 2."""
    try:
        return i18n.check(lang)
    except ValueError as exc:
        _fail(EXIT_INPUT, f"--lang: {exc}")


@app.command()
def attribute(run_dir: Path = typer.Argument(..., help="Run folder to attribute (its scenario and hours are solved again).")) -> None:
    """Attribute a run's curtailment to network, thermal, storage and export limits and plain surplus."""
    import json

    import pandas as pd

    from .inputs import load_system
    from .workflow import Run

    _setup_logging(_run_folder(run_dir) / "run.log")
    doc = json.loads((run_dir / "summary.json").read_text())
    try:
        system = load_system(run_dir / "scenario_resolved.yaml")
    except InputError as exc:
        _fail(EXIT_INPUT, exc.message())
    idx = system.index
    system = system.window(idx[(idx >= pd.Timestamp(doc["first_hour"])) & (idx <= pd.Timestamp(doc["last_hour"]))])
    try:
        _attribute(Run(system), run_dir)
    except SolverError as exc:
        _fail(EXIT_SOLVER, f"solver failure in a counterfactual solve: {exc}")
    _report(run_dir)


@app.command("dictionary")
def data_dictionary(
    run_dir: Path = typer.Argument(..., help="Run folder."),
    markdown: Optional[Path] = typer.Option(None, "--markdown", help="Also write the dictionary as Markdown here (e.g. docs/data_dictionary.md)."),
) -> None:
    """Write data_dictionary.csv (every column of every CSV: unit, meaning) for a run folder."""
    from . import dictionary

    df = dictionary.write(_run_folder(run_dir))
    if markdown:
        markdown.write_text(dictionary.markdown(df), encoding="utf-8")
    typer.echo(f"{len(df)} columns described: {run_dir / dictionary.CSV}" + (f", {markdown}" if markdown else ""))


@app.command()
def validate(scenario: Path = typer.Argument(..., help="Scenario YAML to check.")) -> None:
    """Check a scenario and all its files, listing every problem at once; exit
    0 if valid (with any plausibility warnings printed), 2 otherwise."""
    from .gate import prepare

    try:
        system = prepare(scenario)
    except InputError as exc:
        _fail(EXIT_INPUT, exc.message())
    for line in warning_lines(system.warnings):
        typer.echo(line, err=True)
    typer.echo(f"{scenario}: valid ({system.scenario.name}, {len(system.internal_zones)} zones, {len(system.index)} hours)")


@app.command()
def backcast(
    out: Path = typer.Option(RUNS, "--out", help="Parent folder; the back-cast writes a new sub-folder in it."),
    years: str = typer.Option("2016,2023", "--years", help="Historical years to run (comma-separated)."),
    rules: bool = typer.Option(True, "--rules/--no-rules", help="Also switch each operating rule off in turn on 2016 (a full-year solve each)."),
    regimes: bool = typer.Option(True, "--regimes/--no-regimes", help="Also run Jilin 2030 under both regimes, market and 2016's planned (2 full-year solves)."),
) -> None:
    """Run the historical Northeast scenarios; print and write model vs reported (Jilin), the neighbours, and the rule-off table."""
    from . import backcast as bc
    from .export import new_run_dir

    _setup_logging()
    try:
        picked = [int(y) for y in years.split(",")]
        unknown = [y for y in picked if y not in bc.YEAR_SCENARIOS]
        if unknown:
            raise ValueError(f"no back-cast scenario for {unknown} (known: {sorted(bc.YEAR_SCENARIOS)})")
    except ValueError as exc:
        _fail(EXIT_INPUT, f"--years: {exc}")
    try:
        results = {y: bc.run_year(y) for y in picked}
        measured = {y: bc.measures(r) for y, r in results.items()}
        table = bc.compare(measured)
        rule_table = bc.rule_table(measured[2016]) if rules and 2016 in measured else None
        regime_table = bc.regimes_2030() if regimes else None
    except InputError as exc:
        _fail(EXIT_INPUT, exc.message())
    except SolverError as exc:
        _fail(EXIT_SOLVER, f"solver failure: {exc}")
    folder = new_run_dir(out, "backcast")
    with pd_options():
        log.info("%s", table.drop(columns="source").to_string(index=False, float_format=lambda x: f"{x:.4g}"))
        log.info("\nwind curtailment by province:\n%s", bc.neighbours(measured).to_string(index=False, float_format=lambda x: f"{x:.4g}"))
        if rule_table is not None:
            log.info("\n2016, one rule off at a time:\n%s", rule_table.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    extra = bc.extras(results)
    if regime_table is not None:
        extra["jilin_2030_regimes"] = regime_table
        with pd_options():
            log.info("\nJilin 2030 under each regime:\n%s", regime_table.to_string())
    with pd_options():
        if "jilin_2016_monthly_check" in extra:
            log.info("\nJilin 2016 by month, TWh (model vs reported):\n%s", extra["jilin_2016_monthly_check"].to_string(float_format=lambda x: f"{x:.3g}"))
            log.info("\nThe gap, Jilin's wind by period:\n%s", bc.gap_words(extra["jilin_2016_gap"]))
    for f in bc.write(folder, table, bc.neighbours(measured), rule_table, extra):
        log.info("wrote %s", f)


def pd_options():
    import pandas as pd

    return pd.option_context("display.width", 200, "display.max_colwidth", 80)


@app.command("remedy-curves")
def remedy_curves(
    spec: Path = typer.Argument(..., metavar="CURVES.yaml", help="Cost-curve file (e.g. data/sweeps/jilin_remedy_cost.yaml)."),
    out: Path = typer.Option(RUNS, "--out", help="Parent folder; the curves get a new sub-folder in it."),
) -> None:
    """Cost of the feasibility remedy at several curtailment limits and corridor ratings: cost_curve.csv and .png."""
    from .cost_curves import cost_curves, load_cost_curves, write_cost_curves
    from .export import new_run_dir

    _setup_logging()
    try:
        curves, system = load_cost_curves(spec)
    except InputError as exc:
        _fail(EXIT_INPUT, exc.message())
    run_dir = new_run_dir(out, curves.name)
    _setup_logging(run_dir / "run.log")
    try:
        table = cost_curves(curves, system)
    except SolverError as exc:
        _fail(EXIT_SOLVER, f"solver failure: {exc}", run_dir)
    write_cost_curves(table, run_dir)
    log.info("%s", table.drop(columns="additions").to_string(index=False))
    log.info("cost curves: %s", run_dir)


@app.command()
def compare(
    run_dirs: list[Path] = typer.Argument(..., help="Two or more run folders, in any order: shown from the earliest to the latest, the change is the latest minus the earliest."),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for comparison.csv and comparison.png (default: a new compare-<time> folder beside the first run)."),
    lang: str = typer.Option("en", "--lang", help="Language of the table printed: en or zh."),
) -> None:
    """Criteria, KPIs, capacities and additions of runs side by side, from their folders (nothing is solved)."""
    from . import compare as cmp
    from .export import new_run_dir

    if len(run_dirs) < 2:
        _fail(EXIT_INPUT, "compare needs at least two run folders")
    table = cmp.compare([_run_folder(d) for d in run_dirs])
    with i18n.speaking(_language(lang)):
        warning = cmp.mode_warning(run_dirs)
        if warning:
            typer.echo(warning, err=True)
        typer.echo(cmp.console(table))
    csv, png = cmp.write(table, out or new_run_dir(run_dirs[0].parent, "compare"))
    typer.echo(f"comparison: {csv}\nfigure: {png}")


@app.command()
def serve(
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port on 127.0.0.1."),
    out: Path = typer.Option(RUNS, "--out", help="Parent folder of the runs started from the page (as `run --out`)."),
    browser: bool = typer.Option(True, "--browser/--no-browser", help="Open the page in the default browser."),
) -> None:
    """The analysts' page on http://127.0.0.1:PORT: pick or upload a scenario, edit its targets, run, compare, download."""
    from .web.app import check_port, serve_page

    try:
        check_port(port)
    except OSError as exc:
        _fail(EXIT_INPUT, f"--port {port}: cannot listen on 127.0.0.1:{port} ({exc.strerror or exc})")
    serve_page(out, port, browser)


EXIT_CASES_FAILED = 4


@app.command()
def sweep(
    sweep_file: Path = typer.Argument(..., metavar="SWEEP.yaml", help="Sweep file (base scenario and axes)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Sweep folder (default runs/sweeps/<name>); re-running into it skips solved cases."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Address of a running dask scheduler (default: a local cluster)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Local cluster workers (default: one per core)."),
    hours: Optional[int] = typer.Option(None, "--hours", min=1, help="Run only the first N hours of each case."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
) -> None:
    """Solve every case of a sweep in parallel; write sweep_results.csv and the feasibility map.

    Exit 0 if every case solved, 4 if some failed (recorded with their error), 2 on a bad sweep file."""
    from .sweep import run_sweep

    try:
        report = run_sweep(sweep_file, out, scheduler, workers, hours, progress)
    except InputError as exc:
        _fail(EXIT_INPUT, exc.message())
    t = report.table
    feasible = int(t["feasible"].eq(True).sum()) if "feasible" in t else 0
    typer.echo(f"{len(t)} cases: {report.ran} run now, {report.skipped} done before (skipped), {report.failed} failed; {feasible} feasible")
    for row in t[t["status"] != "ok"].itertuples():
        typer.echo(f"  failed case {row.case}: {str(row.error).splitlines()[-1]}", err=True)
    typer.echo(f"results: {report.out / 'sweep_results.csv'}" + (f"\nmap: {report.figure}" if report.figure else ""))
    if report.failed:
        raise typer.Exit(EXIT_CASES_FAILED)


def main() -> None:
    app()
