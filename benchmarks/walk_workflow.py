"""A walk of `workflow.run`: how far a reader follows the scenario, and how
often they climb back up.

    python benchmarks/walk_workflow.py [--case example|miniature] [--show]

The run is traced with sys.setprofile (in this process: solver.workers 1,
so that nothing runs in another process). A *step* is a call from a
function of an orchestration module (ORCHESTRATION: the files the run is
read through) to any function of gridmodel; each distinct step (caller ->
callee) counts once, in the order first taken, so a loop's rounds count as
one walk. The walk does not go below the orchestration modules: one LP
(lp.py), the formulation, results and the rest are leaves, what is called,
not read through. A *climb back up* is a step that does not go on from
the function the step before it entered, but from one higher up the stack
in another file: having gone down into file F (to read a function, or only
to look one up), the reader must go back up into file G to read on.
Of those, the script counts the climbs between workflow, remedy and
windows (two different ones of the three, the windows package's files
being one: what issue 32 counted) and between any two orchestration modules
(the three and what the run is split into: dispatch, beside).

Cases: `example` is data/example/example.yaml in feasibility remedy mode
(the plan is hourly, a week); `miniature` is the same week as a year in
miniature: windows of 2 days and planning on 3 typical days, so the walk
takes the typical-day plan, the windowed hourly check and the repair.
"""

from __future__ import annotations

import argparse
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gridmodel import workflow  # noqa: E402
from gridmodel.gate import prepare  # noqa: E402

PACKAGE = ROOT / "gridmodel"
ORCHESTRATION = ("workflow.py", "remedy.py", "dispatch.py", "beside.py", "windows", "api.py")
"""Files (relative to gridmodel/; a name without .py: the module or its package's files) the run is read through; the others are leaves."""
THREE = ("workflow.py", "remedy.py", "windows")


def module_of(file: str, modules) -> str | None:
    """Which of `modules` (see ORCHESTRATION) `file` (relative to gridmodel/) is part of, if any."""
    return next((m for m in modules if file == m or file == f"{m}.py" or file.startswith(f"{m}/")), None)


def among(file: str, modules) -> bool:
    return module_of(file, modules) is not None


def across(a: str, b: str, modules) -> bool:
    """Whether files a and b are parts of two different ones of `modules`."""
    ma, mb = module_of(a, modules), module_of(b, modules)
    return ma is not None and mb is not None and ma != mb
CASES = {
    "example": {"solver.workers": 1},
    "miniature": {"solver.workers": 1, "solver.window_days": 2, "expansion.typical_days": 3},
}


@lru_cache(maxsize=None)
def relative(filename: str) -> str | None:
    """The file relative to gridmodel/, or None outside it."""
    try:
        return str(Path(filename).resolve().relative_to(PACKAGE))
    except ValueError:
        return None


def function_of(frame, up: bool = False) -> tuple[str, str] | None:
    """(file, function) of a frame, comprehensions and lambdas taken as the
    function they are in; with `up`, the nearest gridmodel function up the
    stack (the caller of a function called through the standard library:
    a `with` block's context manager, an executor's job)."""
    while frame is not None:
        file = relative(frame.f_code.co_filename)
        if file and not frame.f_code.co_name.startswith("<"):
            return file, frame.f_code.co_qualname
        if not (up or frame.f_code.co_name.startswith("<")):
            return None
        frame = frame.f_back
    return None


def walk(system, remedy: str) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """The distinct steps of `workflow.run(system, remedy)`, in the order first taken."""
    steps: dict = {}

    def profile(frame, event, arg):
        if event != "call" or frame.f_code.co_name.startswith("<"):
            return
        callee = function_of(frame)
        caller = function_of(frame.f_back, up=True)
        if callee and caller and among(caller[0], ORCHESTRATION) and caller != callee:
            steps.setdefault((caller, callee), None)

    sys.setprofile(profile)
    try:
        workflow.run(system, remedy)
    finally:
        sys.setprofile(None)
    return list(steps)


def climbs(steps) -> tuple[int, int, int]:
    """Climbs back up (see the module doc): all, those between workflow,
    remedy and windows, and those between any orchestration files."""
    total = three = between = 0
    for (_, entered), (caller, _) in zip(steps, steps[1:]):
        if caller != entered and caller[0] != entered[0]:
            total += 1
            three += across(caller[0], entered[0], THREE)
            between += across(caller[0], entered[0], ORCHESTRATION)
    return total, three, between


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", choices=sorted(CASES), default="example")
    ap.add_argument("--remedy", default="feasibility")
    ap.add_argument("--show", action="store_true", help="print every step")
    args = ap.parse_args()
    system = prepare(ROOT / "data" / "example" / "example.yaml", CASES[args.case])
    steps = walk(system, args.remedy)
    files = {f for step in steps for f, _ in step}
    total, three, between = climbs(steps)
    if args.show:
        for (a, fa), (b, fb) in steps:
            print(f"  {a}:{fa} -> {b}:{fb}")
    print(f"walk of workflow.run ({args.case}, {args.remedy} remedy): {len(steps)} steps in {len(files)} files, {total} climbs back up; "
          f"{three} between workflow, remedy and windows, {between} between orchestration modules")


if __name__ == "__main__":
    main()
