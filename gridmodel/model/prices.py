"""Prices the formulation sets by rule rather than from the data."""

TIE_BREAK_CNY_PER_MWH = 1.0
"""Value the feasibility remedy gives hydrogen and unpaid exports: far below
any fuel cost, so they take only power that would otherwise be curtailed."""
