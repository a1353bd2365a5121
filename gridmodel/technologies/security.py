"""Operating security: declared (model/security.py formulates it). Its data
are settings (security:, reserve:); what it declares is the two rules whose
slacks the verdict judges."""

from __future__ import annotations

from .technology import Rule, Technology

NAME = "security"

TECHNOLOGY = Technology(
    NAME,
    rules=(
        Rule("min_online_shortfall", "security: online thermal short of a zone's minimum", NAME, "online_shortfall_mw", "zone", "min_online_mw"),
        Rule("down_reserve_shortfall", "security: downward reserve not held", "down_reserve", "shortfall_mw", "area", "requirement_mw"),
    ),
)
