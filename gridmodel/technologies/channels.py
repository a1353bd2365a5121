"""Scheduled channels: declared (model/channels.py formulates them). Their
tables are the system's (schema.py); what they declare is their annual
energies, which a windowed year shares out."""

from __future__ import annotations

from .technology import Limit, Rule, Technology

NAME = "channels"
ENERGY_LIMITS = {"channel_min": "min_energy_mwh_per_year", "channel_max": "max_energy_mwh_per_year"}
"""Annual energies shared out over a windowed year (Context.limit_share keys) and the channel column giving each."""

TECHNOLOGY = Technology(
    NAME,
    limits=tuple(Limit(key) for key in ENERGY_LIMITS),
    rules=(
        Rule("channel_schedule_gap", "network: channel delivery short of its daily schedule", NAME, "schedule_gap_mw", "channel", "scheduled_mw"),
        Rule("channel_energy_shortfall", "network: channel energy short of its target", "channel_energy", "shortfall_mwh", hourly=False),
    ),
)
