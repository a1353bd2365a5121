"""The project's folders and shipped scenarios, for the entry points that
offer them as defaults (the CLI, the page, the back-cast)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "data" / "scenarios"
DEFAULT_SCENARIO = SCENARIOS / "jilin_2030.yaml"
EXAMPLE_SCENARIO = ROOT / "data" / "example" / "example.yaml"
RUNS = ROOT / "runs"
