"""The package's layers: the inputs stand below the formulation, reading a run
folder loads no solver, and no module imports another that imports it back
(at module level or inside a function)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx

from cases import EXAMPLE

PACKAGE = Path(__file__).resolve().parents[1] / "gridmodel"
SOLVER_STACK = ("pyomo", "highspy")


def test_the_report_and_the_dictionary_load_no_solver():
    code = "import sys, gridmodel.report, gridmodel.dictionary, gridmodel.compare, gridmodel.excel, gridmodel.finding; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    loaded = set(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split())
    assert "matplotlib" in loaded  # the check sees what was imported
    assert not loaded & set(SOLVER_STACK)


def test_a_run_loads_no_scipy(tmp_path):
    """`gridmodel run` imports no scipy: with Pyomo loaded, importing scipy
    also imports scipy.stats, .spatial and .integrate (pyomo.common.dependencies),
    56 MB more resident under the solve's peak; the model hands its rows over
    without scipy.sparse (arrays.compress)."""
    argv = ["gridmodel", "run", str(EXAMPLE), "--hours", "24", "--out", str(tmp_path)]
    code = f"import sys\nfrom gridmodel.cli import main\nsys.argv = {argv!r}\ntry:\n    main()\nfinally:\n    print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    loaded = set(done.stdout.splitlines()[-1].split())
    assert done.returncode == 0 and list(tmp_path.glob("*/summary.json"))  # the run was made
    assert {"pyomo", "highspy", "matplotlib"} <= loaded  # and the check sees what it imported
    assert "scipy" not in loaded


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, name: str, type_only: bool = False) -> set[str]:
    """Modules of the package that `path` (module `name`) imports, at module
    level or inside a function, and with `type_only` those imported for type
    hints only (under `if TYPE_CHECKING:`)."""
    package = name if path.stem == "__init__" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):  # imports for type hints only are not imports, unless asked for
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING" and not type_only:
            node.body = []
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            target = f"{base}.{node.module}" if node.module else base
            out.update([target] if node.module else [])
            out.update(f"{target}.{a.name}" for a in node.names)  # `from . import x`: module x
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("gridmodel"):
            out.add(node.module)
    return out


def import_graph(type_only: bool = False) -> nx.DiGraph:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    g = nx.DiGraph()
    g.add_nodes_from(files)
    for name, path in files.items():
        g.add_edges_from((name, t) for t in imported(path, name, type_only) if t in files and t != name)
    return g


def test_no_import_circle_even_through_imports_inside_functions():
    g = import_graph()
    assert g.has_edge("gridmodel.dispatch", "gridmodel.windows")  # the graph sees imports at module level
    assert g.has_edge("gridmodel.cli", "gridmodel.web.app")  # and inside functions
    assert nx.is_directed_acyclic_graph(g), list(nx.simple_cycles(g))


def test_windows_and_api_do_not_import_each_other():
    g = import_graph()
    assert not nx.has_path(g, "gridmodel.windows", "gridmodel.api")


def test_readers_of_a_run_folder_import_no_solver_module_even_inside_functions():
    g = import_graph()
    assert g.has_edge("gridmodel.cli", "gridmodel.workflow")  # the graph sees function-level imports
    for reader in ("gridmodel.report", "gridmodel.excel", "gridmodel.finding", "gridmodel.compare", "gridmodel.i18n"):
        assert not set(g.successors(reader)) & {"gridmodel.model.core", "gridmodel.solve", "gridmodel.lp", "gridmodel.remedy", "gridmodel.attribution", "gridmodel.api", "gridmodel.workflow"}, reader


WORKFLOW_STEPS = ("gridmodel.lp", "gridmodel.windows", "gridmodel.periods", "gridmodel.remedy", "gridmodel.attribution", "gridmodel.solve", "gridmodel.resolve", "gridmodel.api")
"""What the workflow is made of: the CLI reaches them only through it."""
CLI_USES = {"REMEDIES", "Run", "attribute_curtailment", "run_overrides", "solve", "write", "write_attribution"}
"""The workflow's run-level functions: what a thin CLI calls (not dispatch, plan_remedy...)."""


def names_taken(path: Path, module: str) -> set[str]:
    """The names `path` imports from `module` (`from .workflow import x`, or `workflow.x` after `from . import workflow`)."""
    tree = ast.parse(path.read_text())
    short = module.rpartition(".")[2]
    out = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and (n.module or "").endswith(short) for a in n.names}
    out |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and getattr(n.value, "id", "") == short}
    return out - {short}


def test_the_cli_solves_only_through_the_workflow():
    g = import_graph()
    cli = set(g.successors("gridmodel.cli"))
    assert "gridmodel.workflow" in cli
    assert not cli & set(WORKFLOW_STEPS) and not any(m.startswith("gridmodel.model") for m in cli), cli
    assert names_taken(PACKAGE / "cli.py", "gridmodel.workflow") <= CLI_USES


def test_every_entry_point_runs_the_workflow_through_the_one_gate():
    g = import_graph()
    for entry in ("gridmodel.api", "gridmodel.sweep", "gridmodel.backcast", "gridmodel.web.pages.scenario", "gridmodel.cost_curves"):
        assert g.has_edge(entry, "gridmodel.workflow"), entry
    for entry in ("gridmodel.api", "gridmodel.sweep", "gridmodel.web.pages.scenario", "gridmodel.web.pages.home", "gridmodel.cli"):
        assert g.has_edge(entry, "gridmodel.gate"), entry


INPUT_LAYER = ("gridmodel.schema", "gridmodel.inputs", "gridmodel.fields", "gridmodel.scenario", "gridmodel.errors", "gridmodel.files", "gridmodel.technologies")
"""What reads and checks a scenario, with the technologies' declarations
(technologies/): the layer below the formulation (model/)."""


def test_the_input_layer_reaches_no_formulation_module_even_through_type_only_imports():
    g = import_graph(type_only=True)
    assert g.has_edge("gridmodel.model.core", "gridmodel.inputs")  # the formulation stands on the inputs
    assert g.has_edge("gridmodel.model.thermal", "gridmodel.technologies.thermal")  # and on the declarations
    assert g.has_edge("gridmodel.technologies.must_run", "gridmodel.inputs")  # the graph sees type-only imports
    layer = [m for m in g if m in INPUT_LAYER or m.startswith("gridmodel.technologies.")]
    for m in layer:
        model = [r for r in nx.descendants(g, m) if r.startswith("gridmodel.model")]
        nearest = min(model, key=lambda r: nx.shortest_path_length(g, m, r), default=None)
        assert not model, f"{m} imports the formulation layer: {' -> '.join(nx.shortest_path(g, m, nearest))}"


def test_loading_the_inputs_loads_no_formulation_module_and_no_solver():
    code = "import sys, gridmodel.inputs, gridmodel.schema, gridmodel.dictionary; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split())
    assert "gridmodel.technologies.storage" in loaded  # the check sees what was imported
    assert not {m for m in loaded if m.startswith("gridmodel.model")}
    assert not {m.split(".")[0] for m in loaded} & set(SOLVER_STACK)


DEVELOPER_GUIDE = PACKAGE.parent / "docs" / "developer.md"


def layer_picture() -> list[list[str]]:
    """The lines of the guide's layer picture, each its modules' names as
    written: `model/build, core` (a prefix carries along the line), `web/`
    (a package), `model/<module>.py` (every other module of model/)."""
    text = DEVELOPER_GUIDE.read_text(encoding="utf-8")
    block = text.split("Layers, each importing only", 1)[1].split("```", 2)[1].strip("\n")
    lines = []
    for line in block.splitlines():
        prefix, names = "", []
        for n in re.split(r"\s{2,}", line.strip(), maxsplit=1)[0].split(", "):
            if "/" in n.rstrip("/"):
                prefix, n = n.rpartition("/")[0] + "/", n.rpartition("/")[2]
            names.append(n if n.endswith("/") else prefix + n)
        lines.append(names)
    return lines


def test_the_layer_picture_of_the_developer_guide_is_true():
    g = import_graph()
    lines = layer_picture()
    line_of: dict[str, int] = {}
    for i, names in enumerate(lines):
        for n in names:
            if n == "model/<module>.py":
                line_of.update({m: i for m in g if m.startswith("gridmodel.model") and m not in line_of})
            elif n.endswith("/"):
                line_of.update({m: i for m in g if m == f"gridmodel.{n[:-1]}" or m.startswith(f"gridmodel.{n[:-1]}.")})
            else:
                assert f"gridmodel.{n.replace('/', '.')}" in g, f"the layer picture names {n}, which is no module"
                line_of[f"gridmodel.{n.replace('/', '.')}"] = i
    unlisted = sorted(set(g) - set(line_of) - {"gridmodel"})  # the package's __init__ re-exports the entry points
    assert not unlisted, f"modules missing from the layer picture in {DEVELOPER_GUIDE.name}: {unlisted}"
    assert line_of["gridmodel.model.thermal"] == line_of["gridmodel.model.storage"] > line_of["gridmodel.model.core"]
    up = [f"{a} ({lines[line_of[a]][0]}...) imports {b} ({lines[line_of[b]][0]}..., above it)" for a, b in g.edges if a in line_of and line_of[b] < line_of[a]]
    assert not up, up


def test_the_developer_guide_lists_every_model_module_in_build_order_with_its_declaration():
    from gridmodel.model.modules import MODULES

    text = DEVELOPER_GUIDE.read_text(encoding="utf-8")
    table = text.split("| module (build order) |", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    rows = [[cell.strip().strip("`") for cell in row.strip("|").split("|")] for row in table]
    listed = [(module, declared) for module, declared, _ in rows]
    built = [(f"{m.__name__.rpartition('.')[2]}.py", f"{m.__name__.rpartition('.')[2]}.py" if hasattr(m, "TECHNOLOGY") else "") for m in MODULES]
    assert listed == built
