"""The formulation modules' interface (model/modules.py): what a module reads
from another is declared (NEEDS) and provided (PROVIDES) by a module built
before it; undeclared reads and writes fail at once, naming the module."""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from gridmodel.inputs import load_system
from gridmodel.model import renewables, thermal, utilisation
from gridmodel.model.core import Context, Horizon
from gridmodel.model.modules import MODULES, InterfaceError, check_interfaces

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "example" / "example.yaml"


def test_the_shipped_order_provides_every_need_first():
    check_interfaces(MODULES)
    assert "renewables.power_mw" in utilisation.NEEDS  # utilisation reads renewables' output through the interface


def test_a_module_built_before_what_it_needs_is_refused():
    order = [m for m in MODULES if m is not utilisation]
    order.insert(order.index(renewables), utilisation)
    with pytest.raises(InterfaceError, match=r"utilisation needs 'renewables\.available_mw', which no module built before it provides"):
        check_interfaces(order)


def test_a_name_provided_twice_is_refused():
    twin = types.SimpleNamespace(__name__="gridmodel.model.twin", PROVIDES=("thermal.online_mw",))
    with pytest.raises(InterfaceError, match="provided by both model module thermal and model module twin"):
        check_interfaces([thermal, twin])


@pytest.fixture(scope="module")
def ctx():
    system = load_system(EXAMPLE)
    c = Context(system, Horizon.chronological(system.index[:24]))
    for module in MODULES[: MODULES.index(thermal) + 1]:
        with c.within(module):
            module.build(c)
    return c


def test_undeclared_reads_and_writes_fail_naming_the_module(ctx):
    sneaky = types.SimpleNamespace(__name__="gridmodel.model.sneaky", NEEDS=(), PROVIDES=())
    with ctx.within(sneaky):
        with pytest.raises(InterfaceError, match="model module sneaky reads 'thermal.online_mw' without declaring it in NEEDS"):
            ctx.need("thermal.online_mw")
        with pytest.raises(InterfaceError, match="model module sneaky provides 'sneaky.x' without declaring it in PROVIDES"):
            ctx.provide("sneaky.x", 1)


def test_a_declared_need_reads_what_its_provider_built(ctx):
    reader = types.SimpleNamespace(__name__="gridmodel.model.reader", NEEDS=("thermal.online_mw", "storage.units"))
    with ctx.within(reader):
        assert ctx.need("thermal.online_mw") is ctx.vars["Thermal_Online_MW"]
        with pytest.raises(InterfaceError, match="'storage.units' is not provided"):
            ctx.need("storage.units")  # storage builds after thermal
