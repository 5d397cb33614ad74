"""Both engines of the store for the core tests (a pytest plugin: ``tests/conftest.py`` loads
it): ``engine`` is parametrized ``sqlite`` and ``postgresql``; ``engine_store`` is a fresh
store of that engine (SQLite's ``Store`` in the test's data dir, or a ``TeamStore`` on a fresh
team database of the throwaway cluster, ``tests.pg_support``) with one panel ``p1``;
``engine_ws`` a fresh ``Workspace`` of that engine; ``engine_address`` its ``store=`` (to open it
again).

A test that takes one of them runs once per engine. The PostgreSQL cluster starts only when a
``postgresql`` case runs; a machine without PostgreSQL skips those locally and fails under
``CI=true`` (``pg_cluster``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smmdesk.models import Panel

ENGINES = ("sqlite", "postgresql")


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def team_url(request: pytest.FixtureRequest) -> str:
    """The store address of a fresh team database (its creator, the cluster's superuser, is
    the team's first admin)."""
    db = request.getfixturevalue("pg_team")
    return str(db.url())


@pytest.fixture
def engine_address(engine: str, request: pytest.FixtureRequest) -> str | None:
    """The ``store=`` address of a fresh workspace of that engine (None: the local one in the
    test's data dir), for a test that opens it again (``Workspace(data_dir, store=…)``)."""
    return team_url(request) if engine == "postgresql" else None


@pytest.fixture
def engine_store(engine: str, data_dir: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    if engine == "sqlite":
        from smmdesk.store import Store

        store: Any = Store(data_dir)
    else:
        from smmdesk.store.pg.location import parse_store
        from smmdesk.store.pg.store import TeamStore

        store = TeamStore(parse_store(team_url(request)), data_dir)
    store.panels.insert_panel(Panel(id="p1", name="One", url="https://one.example/api/v2"))
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def engine_ws(engine_address: str | None, data_dir: Path) -> Iterator[Any]:
    from smmdesk.workspace import Workspace

    w = Workspace(data_dir, store=engine_address)
    try:
        yield w
    finally:
        w.close()
