"""Fixtures shared by the widget tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ui.tasks import TaskRunner


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:
    """A task runner shut down (its workers waited for) after the test. Tests whose runner must
    outlive a simulator define their own."""
    r = TaskRunner()
    yield r
    r.shutdown()
