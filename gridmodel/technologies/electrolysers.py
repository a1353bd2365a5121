"""Electrolysers (remedy mode): declared (model/electrolysers.py formulates them)."""

from __future__ import annotations

from .technology import Supply, Technology

NAME = "electrolysers"


TECHNOLOGY = Technology(
    NAME,
    outputs={NAME: {"load_mw": "Power drawn by electrolysers (remedy mode)."}},
    supply=(Supply("electrolysers", NAME, "load_mw", "#98df8a", 7, sign=-1.0),),
)
