"""`gridmodel validate` lists every problem of a scenario at once (its YAML,
its tables and its series together), none twice (no follow-on error about
a value already reported), suggests the key meant for a misspelt one, and
warns (exit 0) about numbers that look like GW typed for MW."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from cases import EXAMPLE
from gridmodel.cli import app
from gridmodel.gate import prepare

runner = CliRunner()
SCENARIOS = sorted((Path(__file__).parents[1] / "data" / "scenarios").glob("*.yaml"))


def example_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE.parent, folder)
    return folder / EXAMPLE.name


def edit_yaml(path: Path, change) -> None:
    doc = yaml.safe_load(path.read_text())
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True))


def set_cell(path: Path, row: int, column: str, value) -> None:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[row, column] = value
    df.to_csv(path, index=False)


def cli(*args: str):
    result = runner.invoke(app, list(args))
    output = result.output  # stdout and stderr
    assert "Traceback" not in output
    return result.exit_code, output


def problems(output: str) -> list[str]:
    """The listed problems (not the warnings), after checking the count stated."""
    block = output.split(" warning(s)")[0]
    listed = [line[4:] for line in block.splitlines() if line.startswith("  - ")]
    assert f"{len(listed)} problem(s) in the input" in output, output
    return listed


def three_mistakes(path: Path) -> None:
    """A misspelt YAML key, a bad number in links.csv, text in the load series."""
    edit_yaml(path, lambda doc: doc.update(reserv=doc.pop("reserve")))
    set_cell(path.parent / "links.csv", 0, "capacity_mw", "2,000 MW")
    set_cell(path.parent / "load_mw.csv", 5, "central", "n/a")


def test_three_mistakes_are_listed_together_without_follow_on_errors(tmp_path):
    path = example_copy(tmp_path)
    three_mistakes(path)
    out = tmp_path / "runs"
    for command in (["validate", str(path)], ["run", str(path), "--out", str(out)]):
        code, output = cli(*command)
        assert code == 2, output
        listed = problems(output)
        assert len(listed) == 3, output  # the link's bad capacity is no "island" or unknown candidate target
        yaml_issue, link_issue, load_issue = listed
        assert yaml_issue.startswith(f"{path}, field reserv:") and "did you mean 'reserve'" in yaml_issue
        assert link_issue.startswith(f"{path.parent / 'links.csv'}, row 1 (name=west_central), field capacity_mw:") and "'2,000 MW'" in link_issue
        assert load_issue.startswith(f"{path.parent / 'load_mw.csv'}, row 6, column central:") and "must be a number" in load_issue and "'n/a'" in load_issue
    assert not out.exists() or not any(out.iterdir()), "a run folder was made for bad input"


def test_a_bad_setting_does_not_hide_a_table_or_series_problem(tmp_path):
    """A wrong value (not only an unknown key) is left out too, and a later
    check of the same field does not blame it again."""
    path = example_copy(tmp_path)
    edit_yaml(path, lambda doc: doc.update(representative_periods={"days": 0}, load_scale="double"))
    set_cell(path.parent / "availability.csv", 2, "wind_west", "1.7")
    code, output = cli("validate", str(path))
    listed = problems(output)
    assert code == 2 and len(listed) == 3, output
    assert sum("field representative_periods.days" in i for i in listed) == 1  # not also "fewer typical days than days run"
    assert any("field load_scale" in i for i in listed) and any("availability.csv, row 3, column wind_west" in i for i in listed)


def rename_yaml_key(section: str | None, old: str, new: str):
    def change(doc: dict) -> None:
        node = doc if section is None else doc[section]
        node[new] = node.pop(old)

    return change


@pytest.mark.parametrize(
    "change, where, meant",
    [
        (rename_yaml_key(None, "criteria", "critera"), "field critera", "criteria"),
        (rename_yaml_key("criteria", "max_curtailment_share", "max_curtailment_shares"), "field criteria.max_curtailment_shares", "max_curtailment_share"),
        (rename_yaml_key("solver", "time_limit_s", "timelimit_s"), "field solver.timelimit_s", "time_limit_s"),
        (rename_yaml_key("tables", "links", "link"), "field tables.link", "links"),
        (lambda doc: doc.update(edits=[{"table": "thermal", "where": {"nmae": "coal_central"}, "scale": {"capacity_mw": 2}}]), "field edits[0].where.nmae", "name"),
    ],
    ids=["top-level", "nested", "solver", "table-key", "edit-column"],
)
def test_a_misspelt_scenario_key_gets_the_key_meant(tmp_path, change, where, meant):
    path = example_copy(tmp_path)
    edit_yaml(path, change)
    code, output = cli("validate", str(path))
    (issue,) = problems(output)  # a table not read (tables.link) blames no reference on it
    assert code == 2 and f"{where}:" in issue and issue.endswith(f"did you mean {meant!r}?"), output


def test_a_misspelt_column_or_id_in_a_table_gets_the_one_meant(tmp_path):
    path = example_copy(tmp_path)
    links = path.parent / "links.csv"
    pd.read_csv(links).rename(columns={"capacity_mw": "capacity_MW"}).to_csv(links, index=False)
    set_cell(path.parent / "renewables.csv", 0, "zone", "wset")
    code, output = cli("validate", str(path))
    listed = problems(output)
    assert code == 2 and len(listed) == 2, output  # no "field capacity_mw: Field required" for each link
    assert "column capacity_MW: unknown column" in listed[0] and listed[0].endswith("did you mean 'capacity_mw'?")
    assert "row 1 (name=wind_west), field zone: unknown internal zone 'wset'" in listed[1] and listed[1].endswith("did you mean 'west'?")


def test_a_link_to_a_misspelt_zone_blames_no_island(tmp_path):
    path = example_copy(tmp_path)
    set_cell(path.parent / "links.csv", 0, "from_zone", "wset")
    code, output = cli("validate", str(path))
    (issue,) = problems(output)
    assert code == 2 and "field from_zone: unknown zone 'wset'; did you mean 'west'?" in issue, output


def warnings_of(output: str) -> list[str]:
    if " warning(s)" not in output:
        return []
    block = output.split(" warning(s)")[1]
    return [line[4:] for line in block.splitlines() if line.startswith("  - ")]


def test_wind_total_typed_in_gw_is_a_warning_not_an_error(tmp_path):
    path = example_copy(tmp_path)
    wind_mw = pd.read_csv(path.parent / "renewables.csv").query("technology == 'wind'")["capacity_mw"].sum().item()
    edit_yaml(path, lambda doc: doc.update(capacity_totals_mw={"wind": wind_mw / 1000}))  # the same fleet, in GW
    code, output = cli("validate", str(path))
    assert code == 0 and "valid" in output, output
    (warning,) = warnings_of(output)
    assert warning.startswith(f"{path}, field capacity_totals_mw.wind:") and "GW typed for MW" in warning


def test_a_total_far_below_the_table_but_not_a_slip_is_accepted_silently(tmp_path):
    """A tenth of the table's wind (a real cut) is no unit slip."""
    path = example_copy(tmp_path)
    wind_mw = pd.read_csv(path.parent / "renewables.csv").query("technology == 'wind'")["capacity_mw"].sum().item()
    edit_yaml(path, lambda doc: doc.update(capacity_totals_mw={"wind": wind_mw / 10}))
    code, output = cli("validate", str(path))
    assert code == 0 and warnings_of(output) == [], output


def load_in_gw(path: Path, zones) -> None:
    file = path.parent / "load_mw.csv"
    df = pd.read_csv(file)
    df[zones] = df[zones] / 1000
    df.to_csv(file, index=False)


@pytest.mark.parametrize("zones, where", [(["east"], "column east"), (["west", "central", "east"], "")], ids=["one-zone", "all-zones"])
def test_load_typed_in_gw_is_a_warning(tmp_path, zones, where):
    path = example_copy(tmp_path)
    load_in_gw(path, zones)
    code, output = cli("validate", str(path))
    assert code == 0, output
    (warning,) = warnings_of(output)
    assert warning.startswith(f"{path.parent / 'load_mw.csv'}{', ' + where if where else ''}:") and "GW" in warning


def test_run_prints_and_records_the_warnings(tmp_path):
    path = example_copy(tmp_path)
    edit_yaml(path, lambda doc: doc.update(capacity_totals_mw={"battery": 0.2}))  # 200 MW of batteries meant
    out = tmp_path / "runs"
    code, output = cli("run", str(path), "--out", str(out), "--hours", "24")
    assert code == 0, output
    (run_dir,) = out.iterdir()
    (warning,) = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))["warnings"]
    assert "capacity_totals_mw.battery" in warning and warning in output
    assert warning in (run_dir / "run.log").read_text(encoding="utf-8")
    summary = pd.read_csv(run_dir / "summary.csv", encoding="utf-8-sig")
    assert summary.loc[summary["section"] == "warning", "value"].tolist() == [warning]


@pytest.mark.parametrize("scenario", SCENARIOS + [EXAMPLE], ids=lambda p: p.stem)
def test_shipped_scenarios_raise_no_warning(scenario):
    """The rules' thresholds leave every real scenario alone (no false alarm)."""
    assert prepare(scenario).warnings == []


def test_warning_count_is_stated(tmp_path):
    path = example_copy(tmp_path)
    load_in_gw(path, ["east"])
    three_mistakes(path)
    code, output = cli("validate", str(path))
    assert code == 2 and len(problems(output)) == 3
    assert re.search(r"^1 warning\(s\)", output, re.M) and len(warnings_of(output)) == 1, output
