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
