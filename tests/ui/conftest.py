"""Fixtures shared by the widget tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from smmdesk.demo.server import PanelSimulator
from ui import app as app_module
from ui.tasks import TaskRunner

SMALL_SIM_KEY = "ui-test-key-0123456789abcdef"


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:
    """A task runner shut down (its workers waited for) after the test. Tests whose runner must
    outlive a simulator define their own."""
    r = TaskRunner()
    yield r
    r.shutdown()


@pytest.fixture
def small_sim() -> Iterator[PanelSimulator]:
    """A panel of 40 services whose orders stay where they are until the test moves its clock."""
    with PanelSimulator(services=40, key=SMALL_SIM_KEY, speed=0) as sim:
        yield sim



@pytest.fixture(params=["en", "tr"])
def language(request, qapp) -> Iterator[str]:
    """The test runs once in English and once in Turkish (widgets made after this fixture)."""
    previous = QLocale()
    translators = [] if request.param == "en" else app_module.install_translations(qapp, "tr")
    if request.param == "tr":
        assert QApplication.translate("OrderForm", "Place order") == "Sipariş ver", (
            "the Turkish translation is not compiled (make i18n)")
    yield request.param
    for t in translators:
        qapp.removeTranslator(t)
    QLocale.setDefault(previous)
