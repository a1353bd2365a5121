"""What every page of the site shares (web/pages/ has the pages): where the
runs go, the page's own files, the runs it started, the scenarios offered,
and a template rendered in the request's language."""

from __future__ import annotations

from pathlib import Path

import yaml
from fastapi import HTTPException, Request
from fastapi.templating import Jinja2Templates

from .. import i18n
from ..paths import EXAMPLE_SCENARIO, SCENARIOS
from . import folders
from .jobs import Jobs

SHIPPED = sorted(SCENARIOS.glob("*.yaml")) + [EXAMPLE_SCENARIO]
"""Scenarios offered on the first page (uploads are added to them)."""
TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


def lang_of(request: Request) -> str:
    """The page's language: ?lang=, else the cookie, else English."""
    asked = request.query_params.get("lang") or request.cookies.get("lang")
    return asked if asked in i18n.LANGS else "en"


class Site:
    """The page's state, its runs going into `out` (made if missing):
    `work` holds the page's own files (scenarios it wrote, uploads, run logs)."""

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.out.mkdir(parents=True, exist_ok=True)
        self.work = self.out / ".web"
        self.edited, self.uploads = self.work / "scenarios", self.work / "uploads"
        self.jobs = Jobs(self.out, self.work / "logs")

    def scenarios(self) -> dict[str, Path]:
        found = {p.stem: p for p in SHIPPED}
        found.update({f"upload-{p.stem}": p for p in sorted(self.uploads.glob("*.yaml"))})
        return found

    def scenario_path(self, key: str) -> Path:
        path = self.scenarios().get(key)
        if path is None:
            raise HTTPException(404, f"no scenario {key!r}")
        return path

    def run_dir(self, name: str) -> Path:
        path = folders.inside(self.out, name)
        if path is None:
            raise HTTPException(404, f"no run folder {name!r} in {self.out}")
        return path

    def page(self, request: Request, template: str, status_code: int = 200, **context):
        """A template in the request's language; ?lang= is kept in a cookie."""
        lang = lang_of(request)
        with i18n.speaking(lang):
            response = TEMPLATES.TemplateResponse(request, template, {**context, "lang": lang, "t": i18n.t, "id_name": i18n.name}, status_code=status_code)
        if request.query_params.get("lang") == lang:
            response.set_cookie("lang", lang, samesite="lax")
        return response


def unique_file(folder: Path, stem: str) -> Path:
    """A new file `folder/stem.yaml` (or stem-2.yaml ...), created empty so no other request takes it."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(1, 1000):
        path = folder / (f"{stem}.yaml" if k == 1 else f"{stem}-{k}.yaml")
        try:
            path.open("x").close()
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free file name for {stem} in {folder}")


def write_yaml(path: Path, doc: dict, note: str) -> None:
    path.write_text(f"# {note}\n" + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
