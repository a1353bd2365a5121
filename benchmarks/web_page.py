"""The web page timed in a headless browser, and its screenshots for the README.

Starts `gridmodel serve` on a free port (runs into a temporary folder), then
with Playwright and Debian's chromium: the example week run from the form, and
Jilin 2030 as typical days (the quick look); prints the time from opening the
form to seeing the verdict, and writes docs/web_form.png (a refused value next
to its field) and docs/web_page.png (Jilin 2030's run page).

    .venv/bin/python benchmarks/web_page.py [--typical-days 40]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from gridmodel.web.background import running_page

DOCS = Path(__file__).resolve().parents[1] / "docs"


def to_verdict(page, url: str, scenario: str, edits: dict[str, str]) -> float:
    """Seconds from opening the scenario's form to its verdict on screen."""
    t0 = time.perf_counter()
    page.goto(f"{url}scenario/{scenario}")
    for field, value in edits.items():
        page.fill(f"#{field}", value)
    page.click("#run")
    page.wait_for_selector("#verdict", timeout=600_000)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--typical-days", default="40")
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp(prefix="gridmodel-web-"))
    t0 = time.perf_counter()
    with running_page(out) as url, sync_playwright() as p:
        started = time.perf_counter() - t0
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        t = time.perf_counter()
        page.goto(f"{url}scenario/jilin_2030")
        form_s = time.perf_counter() - t
        page.fill("#link__west_south_uhv", "12000")
        page.fill("#dr_share", "1.5")
        t = time.perf_counter()
        page.click("#run")
        page.wait_for_selector("#dr_share-error")
        refused_s = time.perf_counter() - t
        page.locator("#dr_share").scroll_into_view_if_needed()
        page.screenshot(path=DOCS / "web_form.png")
        example_s = to_verdict(page, url, "example", {"name": "example_web"})
        jilin_s = to_verdict(page, url, "jilin_2030", {"name": "jilin_2030_uhv12", "link__west_south_uhv": "12000", "typical_days": args.typical_days})
        page.screenshot(path=DOCS / "web_page.png", full_page=False)
        browser.close()
    print(f"gridmodel serve answering after {started:.1f} s")
    print(f"Jilin 2030 form loaded in {form_s:.2f} s; a refused value shown in {refused_s:.2f} s")
    print(f"example week (168 h, every hour): form to verdict {example_s:.1f} s")
    print(f"Jilin 2030, UHV 12 GW, {args.typical_days} typical days: form to verdict {jilin_s:.1f} s")
    print(f"screenshots: {DOCS / 'web_form.png'}, {DOCS / 'web_page.png'}")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
