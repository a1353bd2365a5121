"""The page in a real headless browser (Playwright driving Debian's chromium,
which `.ci/run` installs when missing), served by the real `gridmodel serve`:
open it, edit a field, submit a bad value (the error next to the field, no run
folder), run the example and see its verdict, download the run's files."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from gridmodel import i18n
from gridmodel.headline import headline
from gridmodel.web.background import running_page
from gridmodel.web.folders import summary

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium (apt-get install chromium; .ci/run does)")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    out = tmp_path_factory.mktemp("runs")
    with running_page(out) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser.new_page(), url, out
        browser.close()


def run_folders(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if not p.name.startswith("."))


def open_example_form(page, url):
    page.goto(url)
    page.get_by_role("link", name="example", exact=True).click()
    page.wait_for_selector("#scenario-form")


def test_a_bad_value_shows_its_error_next_to_the_field_and_runs_nothing(site):
    page, url, out = site
    before = run_folders(out)
    open_example_form(page, url)
    page.fill("#dr_share", "1.5")
    page.click("#run")
    error = page.locator("#dr_share-error")
    assert "less than or equal to 1" in error.inner_text()
    assert page.get_attribute("#dr_share", "aria-invalid") == "true" and page.input_value("#dr_share") == "1.5"
    assert page.locator(".error").count() == 1  # only that field is blamed
    assert run_folders(out) == before


def test_the_example_runs_from_the_page_to_its_verdict_and_its_files_download(site):
    page, url, out = site
    open_example_form(page, url)
    page.fill("#name", "example_browser")
    page.fill("#link__west_central", "2500")
    page.click("#run")
    page.wait_for_selector("#verdict", timeout=90_000)
    name = page.url.rsplit("/", 1)[1]
    doc = summary(out / name)
    assert name.startswith("example_browser-") and page.inner_text("#verdict") == headline(doc).text
    assert page.locator("#criteria tr").count() == 1 + len(doc["verdict"]["criteria"])
    links = pd.read_csv(out / name / "inputs" / "links.csv").set_index("name")["capacity_mw"]
    assert links["west_central"] == 2500  # the edit reached the model
    target = "#download-excel" if page.locator("#download-excel").count() else "#download-csv"
    with page.expect_download() as info:
        page.click(target)
    data = Path(info.value.path()).read_bytes()
    if target == "#download-excel":
        assert data[:2] == b"PK" and data == (out / name / "results.xlsx").read_bytes()
    else:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert sorted(names) == sorted(f"{name}/{p.relative_to(out / name).as_posix()}" for p in (out / name).rglob("*.csv"))


def compare_row(page, label: str) -> list[str]:
    """The cells of the comparison table's row named `label`."""
    row = page.locator("#comparison tr", has=page.locator(f"td:text-is('{label}')")).first
    return [c.strip() for c in row.locator("td").all_inner_texts()]


def test_the_page_in_chinese_runs_the_example_with_the_remedy_gives_a_chinese_workbook_and_compares_later_minus_earlier(site):
    import openpyxl

    from gridmodel import excel

    page, url, out = site
    page.goto(url)
    page.click("#lang-zh")
    assert page.get_attribute("html", "lang") == "zh-CN" and "选择情景" in page.inner_text("body")
    runs = []
    for run_name, wind_mw, remedy in (("example_zh_before", "2000", False), ("example_zh", "6000", True)):  # an earlier run to compare with, then the remedy run (curtailing as planned)
        page.get_by_role("link", name="example", exact=True).click()
        page.wait_for_selector("#scenario-form")
        assert page.input_value("#language") == "zh"  # the page's language is the run's
        page.fill("#name", run_name)
        if wind_mw:
            page.fill("#total_wind", wind_mw)
        if remedy:
            page.check("#expand")
        page.click("#run")
        page.wait_for_selector("#verdict", timeout=120_000)
        runs.append(page.url.rsplit("/", 1)[1])
        page.goto(url)
    earlier, later = runs
    assert (out / later / "expansion.csv").exists() and summary(out / later)["created"] > summary(out / earlier)["created"]
    page.goto(f"{url}runs/{later}")
    with i18n.language("zh"):
        answer = headline(summary(out / later)).text
    assert page.inner_text("#verdict") == answer and answer.startswith("按规划不可行（") and "后可行" in answer and "逐时校核" in answer  # the headline in the page's language
    assert "判据" in page.inner_text("#criteria") and page.locator("#remedy tr").count() > 1
    with page.expect_download() as info:
        page.click("#download-excel")
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert book.sheetnames[:3] == ["结论", "主要指标", "装机容量"] and "新增设施" in book.sheetnames and "输入与假设" in book.sheetnames
    for ws in book:
        provenance = [r[:2] for r in ws.iter_rows(max_row=len(excel.PROVENANCE), values_only=True)]
        assert [p[0] for p in provenance] == ["情景", "计算方式", "计算时段", "版本", "日期", "结果文件夹"], ws.title
        assert provenance[0][1] == "example_zh" and provenance[5][1].endswith(later)
    header = [c.value for c in book["结论"][excel.HEADER_ROW]]
    assert header[:3] == ["判据", "含义", "数值"]
    # compare from the earlier run's page: still the later run minus the earlier
    page.goto(f"{url}runs/{earlier}")
    page.check(f"input[value='{later}']")
    page.click("#compare")
    page.wait_for_selector("#comparison")
    assert compare_row(page, "风电") == ["风电", "2.00", "6.00", "+4.00", "GW"]
    assert "较晚一次减去较早一次" in page.inner_text("body")
    width = page.evaluate("[document.getElementById('comparison').getBoundingClientRect().right, document.documentElement.clientWidth]")
    assert width[0] <= width[1]  # the table fits the page
