"""The bad-input catalogue: every case is refused by `gridmodel validate` AND
`gridmodel run` with exit code 2, no traceback, no run folder, and a message
naming the file, the place in it (row with its key, column or field) and the
rule. The awkward-but-valid inputs at the end (CRLF, BOM, Chinese names,
absolute paths, `extends` from another folder) give the baseline's answer.

Each case starts from the valid two-zone case of test_core_inputs.spec()."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from gridmodel.api import run_scenario
from gridmodel.cli import app
from test_core_inputs import add_row, edit_csv, edit_yaml, row, series, spec, write

runner = CliRunner()


# ------------------------------------------------------------ file-level changes
def replace_file(name: str, content: bytes):
    def post(folder: Path, path: Path) -> None:
        (folder / name).write_bytes(content)

    return post


def make_directory(name: str):
    """The table's path names a folder instead of a file."""

    def post(folder: Path, path: Path) -> None:
        (folder / name).unlink()
        (folder / name).mkdir()

    return post


def gbk(name: str):
    """The file saved in GBK (a Chinese Windows default) with a Chinese name in it."""

    def post(folder: Path, path: Path) -> None:
        df = pd.read_csv(folder / name).assign(name="白城")
        df.to_csv(folder / name, index=False, encoding="gbk")

    return post


def remove(name: str):
    return lambda folder, path: (folder / name).unlink()


def header_only(name: str):
    def post(folder: Path, path: Path) -> None:
        lines = (folder / name).read_text().splitlines()
        (folder / name).write_text(lines[0] + "\n")

    return post


def drop_last_row(name: str):
    return edit_csv(name, lambda df: df.iloc[:-1])


def set_cell(name: str, i: int, column: str, value: str):
    """Write `value` verbatim into one cell (e.g. a literal NaN or inf)."""

    def change(df: pd.DataFrame) -> pd.DataFrame:
        df = df.astype({column: object}) if column in df else df.assign(**{column: ""})
        df.loc[i, column] = value
        return df

    return edit_csv(name, change)


def drop_column(name: str, column: str):
    return edit_csv(name, lambda df: df.drop(columns=[column]))


def swap_rows(name: str):
    return edit_csv(name, lambda df: df.iloc[[1, 0, 2, 3]])


def extend_yaml(section: str, **values):
    """Merge `values` into one section of the scenario file."""

    def post(folder: Path, path: Path) -> None:
        doc = yaml.safe_load(path.read_text())
        doc.setdefault(section, {}).update(values)
        path.write_text(yaml.safe_dump(doc))

    return post


def raw_yaml(text: str):
    def post(folder: Path, path: Path) -> None:
        path.write_text(text)

    return post


def drop_yaml(section: str, key: str):
    def post(folder: Path, path: Path) -> None:
        doc = yaml.safe_load(path.read_text())
        del doc[section][key]
        path.write_text(yaml.safe_dump(doc))

    return post


def edits(*items: dict):
    return edit_yaml(edits=list(items))


INF, NAN = float("inf"), float("nan")

# (id, change to the spec, change to the written files, fragments the message must hold)
CATALOGUE = [
    # ---- zones.csv
    ("zones-header-only", None, header_only("zones.csv"), ["zones.csv", "no rows with kind internal", "at least one internal zone"]),
    ("zones-kind-unknown", row("zones", kind="intern"), None, ["zones.csv", "row 1 (zone=a), field kind", "'internal' or 'external'"]),
    ("zones-lat-out-of-range", row("zones", lat=200.0), None, ["zones.csv", "row 1 (zone=a), field lat", "less than or equal to 90"]),
    ("zones-duplicate", row("zones", 1, zone="a"), None, ["zones.csv", "zone a", "duplicate zone"]),
    ("zones-no-zone-column", None, drop_column("zones.csv", "zone"), ["zones.csv", "field zone", "Field required"]),
    ("zones-export-price-inf", row("zones", export_price_cny_per_mwh=INF), None, ["zones.csv", "row 1 (zone=a), field export_price_cny_per_mwh", "finite number"]),
    ("zones-import-price-literal-nan", None, set_cell("zones.csv", 0, "import_price_cny_per_mwh", "NaN"), ["zones.csv", "row 1 (zone=a), field import_price_cny_per_mwh", "finite number"]),
    # ---- links.csv
    ("links-capacity-text", row("links", capacity_mw="lots"), None, ["links.csv", "row 1 (name=ab), field capacity_mw", "valid number", "'lots'"]),
    ("links-loss-1", row("links", loss_pu=1.0), None, ["links.csv", "row 1 (name=ab), field loss_pu", "less than 1"]),
    ("links-unknown-from-zone", row("links", from_zone="q"), None, ["links.csv", "row 1 (name=ab), field from_zone", "unknown zone 'q'"]),
    ("links-kind-unknown", row("links", kind="dc"), None, ["links.csv", "row 1 (name=ab), field kind", "'line' or 'export'"]),
    ("links-loss-literal-nan", None, set_cell("links.csv", 0, "loss_pu", "NaN"), ["links.csv", "row 1 (name=ab), field loss_pu", "finite number"]),
    ("links-cost-literal-nan", None, set_cell("links.csv", 0, "cost_cny_per_mwh", "nan"), ["links.csv", "row 1 (name=ab), field cost_cny_per_mwh", "finite number"]),
    ("links-capacity-inf", row("links", capacity_mw=INF), None, ["links.csv", "row 1 (name=ab), field capacity_mw", "finite number"]),
    # ---- renewables.csv
    ("renewables-technology-unknown", row("renewables", technology="nuclear"), None, ["renewables.csv", "row 1 (name=w), field technology", "'wind' or 'solar'"]),
    ("renewables-unknown-profile", row("renewables", profile="w2"), None, ["renewables.csv", "row 1 (name=w), field profile", "unknown profile 'w2'"]),
    ("renewables-capacity-minus-inf", row("renewables", capacity_mw=-INF), None, ["renewables.csv", "row 1 (name=w), field capacity_mw", "finite number"]),
    ("renewables-cost-inf", row("renewables", cost_cny_per_mwh=INF), None, ["renewables.csv", "row 1 (name=w), field cost_cny_per_mwh", "finite number"]),
    ("renewables-capacity-huge", row("renewables", capacity_mw=1e30), None, ["renewables.csv", "row 1 (name=w), field capacity_mw", "at most 1e+12"]),
    # ---- thermal.csv
    ("thermal-ramp-zero", row("thermal", ramp_pu_per_h=0.0), None, ["thermal.csv", "row 1 (name=coal), field ramp_pu_per_h", "greater than 0"]),
    ("thermal-startup-literal-nan", None, set_cell("thermal.csv", 0, "startup_cost_cny_per_mw", "NaN"), ["thermal.csv", "row 1 (name=coal), field startup_cost_cny_per_mw", "finite number"]),
    ("thermal-vom-literal-nan", None, set_cell("thermal.csv", 0, "vom_cny_per_mwh", "NaN"), ["thermal.csv", "row 1 (name=coal), field vom_cny_per_mwh", "finite number"]),
    ("thermal-heat-rate-huge", row("thermal", heat_rate_tce_per_mwh=1e30), None, ["thermal.csv", "row 1 (name=coal), field heat_rate_tce_per_mwh", "at most 1e+12"]),
    ("thermal-retrofit-share-2", row("thermal", retrofit_share=2.0), None, ["thermal.csv", "row 1 (name=coal), field retrofit_share", "less than or equal to 1"]),
    ("thermal-cv-above-1", row("thermal", 1, cv=1.5), None, ["thermal.csv", "row 2 (name=chp), field cv", "less than or equal to 1"]),
    ("thermal-heat-max-negative", row("thermal", 1, heat_max_pu=-1.0), None, ["thermal.csv", "row 2 (name=chp), field heat_max_pu", "greater than or equal to 0"]),
    ("thermal-capacity-empty", row("thermal", capacity_mw=NAN), None, ["thermal.csv", "row 1 (name=coal), field capacity_mw", "Field required"]),
    # ---- hydro.csv
    ("hydro-energy-negative", add_row("hydro", {"name": "h", "zone": "a", "capacity_mw": 100, "annual_energy_mwh": -1}), None, ["hydro.csv", "row 1 (name=h), field annual_energy_mwh", "greater than or equal to 0"]),
    ("hydro-unknown-inflow", add_row("hydro", {"name": "h", "zone": "a", "capacity_mw": 100, "annual_energy_mwh": 1000, "inflow_profile": "river"}), None, ["hydro.csv", "row 1 (name=h), field inflow_profile", "unknown inflow profile 'river'"]),
    ("hydro-unknown-zone", add_row("hydro", {"name": "h", "zone": "x", "capacity_mw": 100, "annual_energy_mwh": 1000}), None, ["hydro.csv", "row 1 (name=h), field zone", "unknown internal zone 'x'"]),
    # ---- storage.csv
    ("storage-energy-literal-nan", None, set_cell("storage.csv", 0, "energy_mwh", "NaN"), ["storage.csv", "row 1 (name=st), field energy_mwh", "finite number"]),
    ("storage-self-discharge-1", row("storage", self_discharge_pu_per_h=1.0), None, ["storage.csv", "row 1 (name=st), field self_discharge_pu_per_h", "less than 1"]),
    ("storage-technology-unknown", row("storage", technology="flywheel"), None, ["storage.csv", "row 1 (name=st), field technology", "'pumped_hydro' or 'battery'"]),
    ("storage-duplicate", add_row("storage", {"name": "st", "zone": "a", "technology": "battery", "power_mw": 1, "energy_mwh": 1}), None, ["storage.csv", "name st", "duplicate name"]),
    # ---- demand_response.csv
    ("dr-share-above-1", row("demand_response", share_of_peak=1.5), None, ["demand_response.csv", "row 1 (name=dr), field share_of_peak", "less than or equal to 1"]),
    ("dr-unknown-zone", row("demand_response", zone="x"), None, ["demand_response.csv", "row 1 (name=dr), field zone", "unknown internal zone 'x'"]),
    ("dr-hours-negative", row("demand_response", max_hours_per_year=-5.0), None, ["demand_response.csv", "row 1 (name=dr), field max_hours_per_year", "greater than or equal to 0"]),
    # ---- heat_areas.csv
    ("heat-area-unknown-zone", row("heat_areas", zone="x"), None, ["heat_areas.csv", "row 1 (heat_area=city), field zone", "unknown internal zone 'x'"]),
    ("heat-area-boiler-cost-inf", row("heat_areas", boiler_cost_cny_per_mwh_th=INF), None, ["heat_areas.csv", "row 1 (heat_area=city), field boiler_cost_cny_per_mwh_th", "finite number"]),
    ("heat-area-without-demand", add_row("heat_areas", {"heat_area": "town", "zone": "a"}), None, ["heat_demand_mw_th.csv", "column town", "heat area has no heat demand column"]),
    # ---- candidates.csv
    ("candidate-kind-unknown", add_row("candidates", {"name": "n", "kind": "nuclear", "zone": "a", "max_mw": 10}), None, ["candidates.csv", "row 1 (name=n), field kind"]),
    ("candidate-link-unknown", add_row("candidates", {"name": "l", "kind": "link", "target": "zz", "max_mw": 10}), None, ["candidates.csv", "row 1 (name=l), field target", "existing name of table 'links'", "'zz'"]),
    ("candidate-duration-zero", add_row("candidates", {"name": "b", "kind": "battery", "zone": "a", "max_mw": 10, "duration_h": 0}), None, ["candidates.csv", "row 1 (name=b), field duration_h", "greater than 0"]),
    ("candidate-battery-zone-unknown", add_row("candidates", {"name": "b", "kind": "battery", "zone": "x", "max_mw": 10}), None, ["candidates.csv", "row 1 (name=b), field zone", "existing internal zone", "'x'"]),
    # ---- hourly series
    ("load-inf", series("load", "a", [500.0, INF, 500.0, 500.0]), None, ["load_mw.csv", "row 2, column a", "finite"]),
    ("load-huge", series("load", "a", [500.0, 1e30, 500.0, 500.0]), None, ["load_mw.csv", "row 2, column a", "at most 1e+12"]),
    ("load-text", series("load", "a", [500.0, "abc", 500.0, 500.0]), None, ["load_mw.csv", "row 2, column a", "must be a number", "'abc'"]),
    ("load-negative", series("load", "b", [300.0, 300.0, -1.0, 300.0]), None, ["load_mw.csv", "row 3, column b", "must be >= 0"]),
    ("load-one-hour-short", None, drop_last_row("load_mw.csv"), ["load_mw.csv", "rows", "3 hourly rows", "other series have 4"]),
    ("load-no-timestamp", None, edit_csv("load_mw.csv", lambda df: df.rename(columns={"timestamp": "time"})), ["load_mw.csv", "column timestamp", "missing"]),
    ("load-unknown-column", series("load", "c", [1.0] * 4), None, ["load_mw.csv", "column c", "not an internal zone"]),
    ("load-missing-zone", None, drop_column("load_mw.csv", "b"), ["load_mw.csv", "column b", "internal zone has no load column"]),
    ("load-rows-out-of-order", None, swap_rows("load_mw.csv"), ["load_mw.csv", "row 1, field timestamp", "expected 2030-01-01 00:00"]),
    ("load-header-only", None, header_only("load_mw.csv"), ["load_mw.csv", "rows", "got 0"]),
    ("availability-inf", series("availability", "w", [0.5, INF, 0.5, 0.5]), None, ["availability.csv", "row 2, column w", "finite"]),
    ("availability-nan", series("availability", "w", [0.5, 0.5, NAN, 0.5]), None, ["availability.csv", "row 3, column w", "must be a number"]),
    ("heat-inf", series("heat", "city", [200.0, 200.0, INF, 200.0]), None, ["heat_demand_mw_th.csv", "row 3, column city", "finite"]),
    ("heat-negative", series("heat", "city", [200.0, -3.0, 200.0, 200.0]), None, ["heat_demand_mw_th.csv", "row 2, column city", "must be >= 0"]),
    ("heat-text", series("heat", "city", [200.0, 200.0, 200.0, "lots"]), None, ["heat_demand_mw_th.csv", "row 4, column city", "must be a number"]),
    # ---- files
    ("table-is-a-directory", None, make_directory("storage.csv"), ["storage.csv", "is a folder, not a file"]),
    ("series-is-a-directory", None, make_directory("availability.csv"), ["availability.csv", "is a folder, not a file"]),
    ("table-missing", None, remove("links.csv"), ["links.csv", "does not exist"]),
    ("table-not-utf8", None, gbk("zones.csv"), ["zones.csv", "not UTF-8", "GBK"]),
    ("table-malformed", None, replace_file("links.csv", b'name,from_zone,to_zone,capacity_mw\nab,a,b,500,7,8\n"x,a\n'), ["links.csv", "cannot read table 'links'"]),
    ("table-empty-file", None, replace_file("storage.csv", b""), ["storage.csv", "empty file"]),
    # ---- scenario YAML
    ("name-escapes", None, edit_yaml(name="../../escaped"), ["scenario.yaml", "field name", "letters, digits"]),
    ("name-with-slash", None, edit_yaml(name="a/b"), ["scenario.yaml", "field name", "letters, digits"]),
    ("name-empty", None, edit_yaml(name=""), ["scenario.yaml", "field name", "letters, digits"]),
    ("year-not-the-series-year", None, edit_yaml(year=2031), ["scenario.yaml", "field year", "2031", "series start in 2030"]),
    ("province-unknown", None, edit_yaml(criteria={"province": "liaoning"}), ["scenario.yaml", "field criteria.province", "no internal zone", "'liaoning'"]),
    ("load-scale-inf", None, edit_yaml(load_scale=INF), ["scenario.yaml", "field load_scale", "finite number"]),
    ("load-scale-zero", None, edit_yaml(load_scale=0), ["scenario.yaml", "field load_scale", "greater than 0"]),
    ("capacity-total-inf", None, edit_yaml(capacity_totals_mw={"wind": INF}), ["scenario.yaml", "field capacity_totals_mw.wind", "finite number"]),
    ("capacity-total-unknown-tech", None, edit_yaml(capacity_totals_mw={"nuclear": 100.0}), ["scenario.yaml", "field capacity_totals_mw.nuclear", "unknown technology"]),
    ("capacity-total-negative", None, edit_yaml(capacity_totals_mw={"wind": -5.0}), ["scenario.yaml", "field capacity_totals_mw", "must be >= 0"]),
    ("edit-set-text-in-number", None, edits({"table": "thermal", "set": {"capacity_mw": "lots"}}), ["scenario.yaml", "field edits[0].set.capacity_mw", "must be a number", "'lots'"]),
    ("edit-set-inf", None, edits({"table": "thermal", "set": {"capacity_mw": INF}}), ["scenario.yaml", "field edits[0].set.capacity_mw", "finite number"]),
    ("edit-where-unknown-column", None, edits({"table": "thermal", "where": {"colour": "red"}, "scale": {"capacity_mw": 2}}), ["scenario.yaml", "field edits[0].where.colour", "no column 'colour'"]),
    ("edit-table-unknown", None, edits({"table": "nuclear", "set": {"capacity_mw": 1}}), ["scenario.yaml", "field edits[0].table"]),
    ("edit-no-row-matches", None, edits({"table": "thermal", "where": {"name": "ghost"}, "scale": {"capacity_mw": 2}}), ["scenario.yaml", "field edits[0]", "no row of table 'thermal' matches"]),
    ("edit-scale-text-column", None, edits({"table": "thermal", "scale": {"zone": 2}}), ["scenario.yaml", "field edits[0].scale.zone", "no numeric column 'zone'"]),
    ("edit-makes-row-invalid", None, edits({"table": "thermal", "where": {"name": "coal"}, "set": {"min_load_pu": 3}}), ["after edits[0]", "row 1 (name=coal), field min_load_pu"]),
    ("horizon-hours-zero", None, edit_yaml(horizon={"hours": 0}), ["scenario.yaml", "field horizon.hours", "greater than 0"]),
    ("horizon-start-not-a-date", None, edit_yaml(horizon={"start": "2030-13-01"}), ["scenario.yaml", "field horizon.start", "not a date"]),
    ("horizon-outside-the-year", None, edit_yaml(horizon={"start": "2030-06-01"}), ["scenario.yaml", "field horizon", "holds no hour"]),
    ("horizon-end-before-start", None, edit_yaml(horizon={"start": "2030-01-01", "end": "2029-12-01"}), ["scenario.yaml", "field horizon", "holds no hour"]),
    ("highs-option-unknown", None, extend_yaml("solver", options={"presolv": "on"}), ["scenario.yaml", "field solver.options.presolv", "HiGHS has no option"]),
    ("highs-option-bad-value", None, extend_yaml("solver", options={"presolve": "maybe"}), ["scenario.yaml", "field solver.options.presolve", "HiGHS refuses"]),
    ("highs-option-bad-type", None, extend_yaml("solver", options={"time_limit": "fast"}), ["scenario.yaml", "field solver.options.time_limit", "HiGHS refuses"]),
    ("solver-time-limit-nan", None, extend_yaml("solver", time_limit_s=NAN), ["scenario.yaml", "field solver.time_limit_s", "finite number"]),
    ("criteria-share-above-1", None, extend_yaml("criteria", max_curtailment_share=1.5), ["scenario.yaml", "field criteria.max_curtailment_share", "less than or equal to 1"]),
    ("penalty-inf", None, extend_yaml("penalties", unserved_cny_per_mwh=INF), ["scenario.yaml", "field penalties.unserved_cny_per_mwh", "finite number"]),
    ("reserve-nan", None, extend_yaml("reserve", load_share=NAN), ["scenario.yaml", "field reserve.load_share", "finite number"]),
    ("typical-days-zero", None, edit_yaml(representative_periods={"days": 0}), ["scenario.yaml", "field representative_periods.days", "greater than 0"]),
    ("typical-days-too-many", None, edit_yaml(representative_periods={"days": 3}), ["scenario.yaml", "field representative_periods.days", "fewer typical days than days run"]),
    ("expansion-without-candidates", None, edit_yaml(expansion={"enabled": True}), ["scenario.yaml", "field tables.candidates", "needs a candidates table"]),
    ("yaml-not-a-mapping", None, raw_yaml("- a\n- b\n"), ["scenario.yaml", "must be a mapping"]),
    ("yaml-syntax", None, raw_yaml("name: x\n  year: : 2030\n"), ["scenario.yaml", "not valid YAML"]),
    ("yaml-no-zones-table", None, drop_yaml("tables", "zones"), ["scenario.yaml", "field tables.zones", "Field required"]),
    ("yaml-no-load-series", None, drop_yaml("series", "load"), ["scenario.yaml", "field series.load", "Field required"]),
    ("yaml-extends-a-directory", None, edit_yaml(extends="."), ["scenario.yaml", "field extends", "is a folder, not a file"]),
    ("yaml-year-text", None, edit_yaml(year="next"), ["scenario.yaml", "field year", "valid integer"]),
]


def refused(args: list[str], out: Path) -> str:
    """Run the CLI in-process; check exit 2, no traceback and no run folder."""
    result = runner.invoke(app, args)
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 2, f"exit {result.exit_code}:\n{output}\n{result.exception!r}"
    assert "Traceback" not in output
    assert not out.exists() or not any(out.iterdir()), "a run folder was made for bad input"
    return output


@pytest.mark.parametrize("pre, post, fragments", [case[1:] for case in CATALOGUE], ids=[case[0] for case in CATALOGUE])
def test_bad_input_is_refused_by_validate_and_run(tmp_path, pre, post, fragments):
    s = spec()
    s["tables"].update(hydro=[], candidates=[])
    if pre:
        pre(s)
    s["tables"] = {name: rows for name, rows in s["tables"].items() if rows}
    path = write(tmp_path / "case", s)
    if post:
        post(path.parent, path)
    for command in (["validate", str(path)], ["run", str(path), "--out", str(tmp_path / "runs")]):
        output = refused(command, tmp_path / "runs")
        for fragment in fragments:
            assert fragment in output, f"{command[0]}: {fragment!r} not in:\n{output}"


def test_catalogue_is_large_and_distinct():
    ids = [case[0] for case in CATALOGUE]
    assert len(ids) >= 60 and len(set(ids)) == len(ids)


def test_out_that_is_a_file_is_refused(tmp_path):
    path = write(tmp_path / "case", spec())
    out = tmp_path / "not_a_folder"
    out.write_text("x")
    result = runner.invoke(app, ["run", str(path), "--out", str(out)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "--out" in result.output and "not a folder" in result.output


def test_scenario_that_is_a_directory_is_refused(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2 and "is a folder, not a file" in result.output


# ------------------------------------------------------- awkward but valid inputs
def baseline(tmp_path: Path) -> tuple[Path, float]:
    path = write(tmp_path / "base", spec())
    return path, run_scenario(path).objective_cny


def crlf_and_bom(folder: Path, path: Path) -> None:
    for file in [*folder.glob("*.csv"), path]:
        text = file.read_text(encoding="utf-8")
        file.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))


def chinese_zone_names(folder: Path, path: Path) -> None:
    """Zone 'a' renamed 白城 and 'b' 长春 in every file that names them."""
    names = {"a": "白城", "b": "长春"}
    for file in folder.glob("*.csv"):
        df = pd.read_csv(file, dtype=str, keep_default_na=False)
        for col in ("zone", "from_zone", "to_zone"):
            if col in df:
                df[col] = df[col].replace(names)
        df = df.rename(columns=names if file.stem == "load_mw" else {})
        df.to_csv(file, index=False, encoding="utf-8")


def absolute_paths(folder: Path, path: Path) -> None:
    doc = yaml.safe_load(path.read_text())
    for section in ("tables", "series"):
        doc[section] = {k: str((folder / v).resolve()) for k, v in doc[section].items()}
    path.write_text(yaml.safe_dump(doc))


def extends_from_elsewhere(folder: Path, path: Path) -> Path:
    """A child in another folder that extends the case by a relative path."""
    other = folder.parent / "elsewhere" / "deeper"
    other.mkdir(parents=True)
    child = other / "child.yaml"
    child.write_text(yaml.safe_dump({"extends": f"../../{folder.name}/{path.name}", "name": "child"}))
    return child


@pytest.mark.parametrize("change", [crlf_and_bom, chinese_zone_names, absolute_paths, extends_from_elsewhere], ids=lambda f: f.__name__)
def test_awkward_but_valid_inputs_give_the_baseline_answer(tmp_path, change):
    _, expected = baseline(tmp_path)
    folder = tmp_path / "awkward"
    path = write(folder, spec())
    path = change(folder, path) or path
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert run_scenario(path).objective_cny == pytest.approx(expected, rel=1e-9)


def test_chinese_zone_names_reach_the_results(tmp_path):
    folder = tmp_path / "zh"
    path = write(folder, spec())
    chinese_zone_names(folder, path)
    out = tmp_path / "runs"
    result = runner.invoke(app, ["run", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    (run_dir,) = out.iterdir()
    zones = pd.read_csv(run_dir / "zones.csv", encoding="utf-8-sig")
    assert {"白城", "长春"} <= set(zones["zone"])
    shutil.rmtree(out)
