"""/ : scenarios to pick, upload (/upload), earlier runs, runs going on."""

from __future__ import annotations

import uuid
from pathlib import Path

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse

from ... import i18n
from ...errors import Collector, InputError, Issue
from ...gate import prepare
from ...paths import SCENARIOS
from ...scenario import _absolutise_paths, read_yaml
from .. import folders
from ..site import Site, lang_of, unique_file, write_yaml

UPLOAD_BASE = SCENARIOS
"""Relative paths in an uploaded file are read from here, as if it had been saved beside the shipped scenarios."""


def index(site: Site, request: Request, status_code: int = 200, upload_errors: list[str] = ()):
    listed = [(key, path, (read_yaml(path, Collector()) or {}).get("description", "")) for key, path in site.scenarios().items()]
    with i18n.speaking(lang_of(request)):
        listed_runs = folders.runs(site.out)
    return site.page(request, "index.html", status_code, scenarios=listed, runs=listed_runs, jobs=site.jobs.all(), out=site.out, upload_errors=upload_errors)


def routes(site: Site) -> APIRouter:
    router = APIRouter()

    @router.get("/")
    def home(request: Request):
        return index(site, request)

    @router.get("/font/cjk.otf")
    def cjk_font():
        """The CJK font the report embeds, for a browser without one (the
        page asks for it only for Chinese characters a local font lacks)."""
        return FileResponse(i18n.cjk_font_path(), media_type="font/otf", headers={"Cache-Control": "max-age=86400"})

    @router.post("/upload")
    async def upload(request: Request, scenario: UploadFile):
        """Save an uploaded scenario (paths made absolute, read from data/scenarios/) if the gate passes."""
        stem = "".join(c if c.isalnum() or c in "_-." else "_" for c in Path(scenario.filename or "upload").stem).strip(".") or "upload"
        raw = unique_file(site.uploads, f".raw-{uuid.uuid4().hex}")
        raw.write_bytes(await scenario.read())
        errors = Collector()
        data = read_yaml(raw, errors, "uploaded scenario")
        raw.unlink()
        if data is None:
            return index(site, request, 422, [i.rule for i in errors.issues])
        data = _absolutise_paths(data, UPLOAD_BASE)
        if isinstance(data.get("extends"), str):
            data["extends"] = str((UPLOAD_BASE / data["extends"]).resolve())
        saved = unique_file(site.uploads, stem)
        write_yaml(saved, data, f"uploaded as {scenario.filename}; relative paths read from {UPLOAD_BASE}")
        try:
            prepare(saved)
        except InputError as exc:
            saved.unlink()
            return index(site, request, 422, [str(Issue(scenario.filename or "upload", i.where, i.rule)) if i.file == str(saved) else str(i) for i in exc.issues])
        return RedirectResponse(f"/scenario/upload-{saved.stem}", status_code=303)

    return router
