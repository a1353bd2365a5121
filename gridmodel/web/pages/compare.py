"""/compare?run=A&run=B: gridmodel compare of run folders (later minus earlier)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from ... import compare as cmp
from ... import i18n
from ...export import new_run_dir
from .. import folders
from ..site import Site, lang_of


def routes(site: Site) -> APIRouter:
    router = APIRouter()

    @router.get("/compare")
    def compare_page(request: Request):
        names = request.query_params.getlist("run")
        if len(names) < 2:
            raise HTTPException(422, "compare needs at least two runs (run=A&run=B)")
        dirs = [site.run_dir(n) for n in names]
        missing = [d.name for d in dirs if folders.summary(d) is None]
        if missing:
            raise HTTPException(422, f"not solved (no summary.json): {', '.join(missing)}")
        table = cmp.compare(dirs)
        csv, png = cmp.write(table, new_run_dir(site.out, "compare"))
        with i18n.speaking(lang_of(request)):
            rows = cmp.shown_rows(table)
            warning = cmp.mode_warning(dirs)
        return site.page(request, "compare.html", runs=cmp.runs_of(table), created={d.name: cmp.created(d) for d in dirs}, rows=rows, folder=csv.parent.name, csv=csv.name, png=png.name, warning=warning)

    return router
