"""The first screen of the report and of the web page, in English and in
Chinese, as an analyst sees them: docs/first_screen_{page,report,compare}_{en,zh}.png.

Starts `gridmodel serve` on a free port (runs into a temporary folder); with
Playwright and Debian's chromium, for each language: the page switched to it,
the scenario run from its form in remedy mode (the run's language is the
page's; the Chinese run with a third more wind, so that the compare of the
two runs shows changes), its run page, its report.html and the compare.

    .venv/bin/python benchmarks/screenshots.py [--scenario example] [--typical-days N]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from gridmodel.web.background import running_page

DOCS = Path(__file__).resolve().parents[1] / "docs"
VIEWPORT = {"width": 1280, "height": 900}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="example")
    ap.add_argument("--typical-days", default=None)
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp(prefix="gridmodel-shots-"))
    written = []
    with running_page(out) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport=VIEWPORT)
        runs = {}
        for lang in ("en", "zh"):
            page.goto(f"{url}scenario/{args.scenario}?lang={lang}")
            page.fill("#name", f"{args.scenario}_{lang}")
            if lang == "zh":
                page.fill("#total_wind", str(round(float(page.input_value("#total_wind")) * 4 / 3)))
            if args.typical_days:
                page.fill("#typical_days", args.typical_days)
            page.check("#expand")
            page.click("#run")
            page.wait_for_selector("#verdict", timeout=1_800_000)
            runs[lang] = page.url.rsplit("/", 1)[1]
            written.append(DOCS / f"first_screen_page_{lang}.png")
            page.screenshot(path=written[-1])
            page.goto(f"{url}runs/{runs[lang]}/files/report.html")
            written.append(DOCS / f"first_screen_report_{lang}.png")
            page.screenshot(path=written[-1])
        for lang in ("en", "zh"):
            page.goto(f"{url}compare?run={runs['zh']}&run={runs['en']}&lang={lang}")
            written.append(DOCS / f"first_screen_compare_{lang}.png")
            page.screenshot(path=written[-1])
        browser.close()
    print("screenshots:", *written, sep="\n  ")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
