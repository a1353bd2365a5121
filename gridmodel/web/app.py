"""The page: its routes, one module per page (web/pages/), on what the
pages share (web/site.py; FastAPI, Jinja2 templates in templates/).

/                      scenarios to pick, upload, earlier runs, runs going on   pages/home.py
/scenario/{key}        the form of a scenario (GET), checked and run (POST)     pages/scenario.py
/upload                a scenario file saved beside the web's scenarios, checked pages/home.py
/jobs/{id}             a run's live progress (/status as JSON, /stop)            pages/job.py
/runs/{name}           a run folder: verdict, criteria, remedy, figures, downloads pages/run.py
/compare?run=A&run=B   gridmodel compare of run folders (later minus earlier)    pages/compare.py

Every page is in English or Chinese: ?lang=zh (or en) chooses, a cookie keeps
the choice, and the form's language (the page's by default) is the run's.
"""

from __future__ import annotations

import socket
import threading
import webbrowser
from pathlib import Path

from fastapi import FastAPI

from .pages import compare, home, job, run, scenario
from .site import Site

PAGES = (home, scenario, job, run, compare)


def check_port(port: int) -> None:
    """Raise OSError if 127.0.0.1:port cannot be listened on (in use, not allowed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def serve_page(out: Path, port: int, open_browser: bool) -> None:
    import uvicorn

    url = f"http://127.0.0.1:{port}/"
    print(f"gridmodel page on {url} (runs in {out.resolve()}); Ctrl-C stops the page, not the runs it started", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, [url]).start()
    uvicorn.run(create_app(out), host="127.0.0.1", port=port, log_level="warning")


def create_app(out: Path) -> FastAPI:
    """The page, its runs going into `out` (made if missing)."""
    site = Site(out)
    app = FastAPI(title="gridmodel")
    for page in PAGES:
        app.include_router(page.routes(site))
    return app
