"""The error a formulation module's undeclared read or write raises, and how
it names the module: core.py checks each read and write, modules.py the
build order. Apart from modules.py so that the context (core.py) does not
import every formulation module that builds on it."""

from __future__ import annotations


class InterfaceError(RuntimeError):
    """A formulation module reads what no module before it provides, or
    provides or reads a name it does not declare, or a technology is declared
    and not formulated (or the other way round)."""


def module_name(module) -> str:
    return f"model module {module.__name__.rpartition('.')[2]}"
