"""The linear program, one module per part of the formulation."""
