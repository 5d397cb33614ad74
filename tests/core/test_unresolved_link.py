"""The same link elsewhere while an order on it is unresolved (issue 22 follow-up): every path
that places — the one door ``Workspace.place_order``, the CLI's ``order``, a mass-order line,
a scheduled run and Run now — refuses or asks the way the order form does. Against the
simulator over real HTTP; what reached the panel is counted on it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smmdesk.automation import RunNotPlaced
from smmdesk.cli.commands import OK, REFUSED, UNCERTAIN
from smmdesk.demo.server import PanelSimulator
from smmdesk.models import SubmitState, UnresolvedOnLink
from smmdesk.workspace import Workspace
from tests.core import cli_support
from tests.core.cli_support import Cli

KEY = "unresolved-link-key-0123456789ab"
# The CLI tests' fixtures (tests/core/cli_support.py): a simulator under KEY, a panel added
# through the CLI.
sim, panel_id = cli_support.sim, cli_support.panel_id


@pytest.fixture
def cli(data_dir: Path, engine_address: str | None) -> Cli:
    """The CLI on a workspace of each engine (tests/engines.py)."""
    return Cli(data_dir, store=engine_address)


@pytest.fixture
def ws(engine_ws: Workspace) -> Workspace:
    """This file's workspace: of each engine (tests/engines.py)."""
    return engine_ws

OTHER = 25  # another Default service of the 60-service simulator (min 100)
LINK = "https://instagram.com/p/unresolved"
SAME_LINK = "https://www.Instagram.com/p/unresolved/"  # as people write it: the same link
T0 = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
MIN = timedelta(minutes=1)


def uncertain_order(cli: Cli, panel_id: str, sim: PanelSimulator) -> int:
    """Order 1 on LINK whose outcome is unknown (the answer was lost after the panel read it)."""
    sim.set_fault("drop_after_read", actions="add", times=1)
    r = cli("--json", "order", "--panel", panel_id, "--service", "1", "--link", LINK,
            "--quantity", "100", "--yes")
    assert r.code == UNCERTAIN, r.err
    [o] = cli("--json", "orders").json()
    assert o["submit_state"] == "uncertain"
    return int(o["local_id"])


# ------------------------------------------------------------------------ the one door


@pytest.fixture
def two_panels(ws: Workspace, simulator: PanelSimulator) -> Iterator[tuple[str, str,
                                                                         PanelSimulator]]:
    with PanelSimulator(services=60, key="second-key-0123456789abcd", speed=0) as second:
        a = ws.add_panel("First", simulator.url, simulator.key)
        b = ws.add_panel("Second", second.url, second.key)
        ws.refresh_services(a.id)
        ws.refresh_services(b.id)
        yield a.id, b.id, second


def test_the_placement_door_refuses_a_link_another_panel_may_have_placed(
        ws: Workspace, simulator: PanelSimulator, two_panels) -> None:
    a, b, second = two_panels
    simulator.set_fault("drop_after_read", actions=["add"], times=1)
    first = ws.place_order(a, 1, {"link": LINK, "quantity": "100"})
    assert first.submit_state is SubmitState.UNCERTAIN
    before = len(ws.orders())
    with pytest.raises(UnresolvedOnLink) as e:
        ws.place_order(b, OTHER, {"link": SAME_LINK, "quantity": "100"})
    assert e.value.order.id == first.id and e.value.panel_name == "First"
    assert f"Order {first.id} on First" in str(e.value)
    assert second.count("add") == 0 and len(ws.orders()) == before  # nothing stored or sent
    # the person was asked and chose to order anyway
    placed = ws.place_order(b, OTHER, {"link": SAME_LINK, "quantity": "100"},
                            unresolved_ok=True)
    assert placed.submit_state is SubmitState.PLACED and second.count("add") == 1
    # once resolved, the link is free without asking
    ws.resolve_uncertain(first.id, None)
    again = ws.place_order(b, 1, {"link": LINK, "quantity": "100"})
    assert again.submit_state is SubmitState.PLACED and second.count("add") == 2


def test_the_door_refuses_the_same_link_on_each_engine(
        engine_ws: Workspace, simulator: PanelSimulator) -> None:
    """The unresolved order on the link is found on the team store too (whose read of the
    unresolved orders has its own index since team schema step 7): refused, then free once
    resolved."""
    ws = engine_ws  # each engine (tests/engines.py)
    pid = ws.add_panel("First", simulator.url, simulator.key).id
    ws.refresh_services(pid)
    simulator.set_fault("drop_after_read", actions=["add"], times=1)
    first = ws.place_order(pid, 1, {"link": LINK, "quantity": "100"})
    assert first.submit_state is SubmitState.UNCERTAIN
    with pytest.raises(UnresolvedOnLink) as e:
        ws.place_order(pid, OTHER, {"link": SAME_LINK, "quantity": "100"})
    assert e.value.order.id == first.id
    assert simulator.count("add") == 1  # the uncertain one only: nothing else was sent
    ws.resolve_uncertain(first.id, None)
    again = ws.place_order(pid, OTHER, {"link": SAME_LINK, "quantity": "100"})
    assert again.submit_state is SubmitState.PLACED and simulator.count("add") == 2


# ---------------------------------------------------------------------------- the CLI


def test_cli_order_exits_3_naming_the_unresolved_order(cli: Cli, panel_id: str,
                                                       sim: PanelSimulator) -> None:
    local = uncertain_order(cli, panel_id, sim)
    base = ["order", "--panel", panel_id, "--service", str(OTHER), "--link", SAME_LINK,
            "--quantity", "100"]
    dry = cli(*base, "--dry-run")
    assert dry.code == OK and f"local id {local}" in dry.err and "--allow-duplicate" in dry.err
    r = cli(*base, "--yes")
    assert r.code == REFUSED
    assert f"local id {local}" in r.err and "not resolved" in r.err
    assert f"resolve local:{local}" in r.err and "--allow-duplicate" in r.err
    assert sim.count("add") == 1  # only the uncertain one
    ok = cli(*base, "--yes", "--allow-duplicate")
    assert ok.code == OK, ok.err
    assert sim.count("add") == 2


# ------------------------------------------------------------------------ a mass order


def test_a_mass_order_line_on_an_unresolved_link_is_skipped_with_the_reason(
        cli: Cli, panel_id: str, sim: PanelSimulator, tmp_path: Path) -> None:
    local = uncertain_order(cli, panel_id, sim)
    path = tmp_path / "list.txt"
    path.write_text(f"{OTHER}|{SAME_LINK}|100\n1|https://instagram.com/p/free|100\n",
                    encoding="utf-8")
    r = cli("--json", "mass-order", str(path), "--yes")
    assert r.code == OK, r.err
    skipped, placed = r.json()
    assert (skipped["status"], placed["status"]) == ("skipped", "placed")
    assert f"local id {local}" in skipped["message"]
    assert "may have been placed and is not resolved" in skipped["message"]
    assert sim.count("add") == 2  # the uncertain order and the free line


# ---------------------------------------------------------------------------- schedules


def test_a_scheduled_run_and_run_now_wait_while_the_link_is_unresolved(
        ws: Workspace, simulator: PanelSimulator, two_panels) -> None:
    a, b, second = two_panels
    s = ws.schedule_order(b, OTHER, {"link": SAME_LINK, "quantity": "100"}, first_run=T0,
                          every=timedelta(hours=1))
    simulator.set_fault("drop_after_read", actions=["add"], times=1)
    first = ws.place_order(a, 1, {"link": LINK, "quantity": "100"})
    assert first.submit_state is SubmitState.UNCERTAIN
    assert ws.run_due(T0) == []
    held = ws.schedule(s.id)
    assert held.paused and held.held and held.next_run == T0  # the run waits, unconsumed
    assert f"Order {first.id} on First" in (held.pause_reason or "")
    with pytest.raises(RunNotPlaced) as e:
        ws.run_schedule_now(s.id, now=T0 + MIN)
    assert e.value.held and f"Order {first.id}" in e.value.reason
    assert second.count("add") == 0
    # checked on the panel: it was not placed; Resume places the held run once
    ws.resolve_uncertain(first.id, None)
    ws.resume_schedule(s.id, now=T0 + 2 * MIN)
    [o] = ws.run_due(T0 + 3 * MIN)
    assert o.submit_state is SubmitState.PLACED and second.count("add") == 1
