"""The Preferences dialog (ui/shell/preferences.py) on its own: what it shows for the stored
choices, what it hands back, and where other parts put their sections."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QGroupBox, QLabel

from tests.ui.conftest import pick
from ui.session import MIN_INTERVAL_S
from ui.shell.preferences import PreferencesDialog


@pytest.fixture
def make(qtbot):
    def build(interval_s: int = 300, language: str = "") -> PreferencesDialog:
        dialog = PreferencesDialog(interval_s, language)
        qtbot.addWidget(dialog)
        return dialog

    return build


def test_it_shows_the_stored_interval_and_language_in_the_persons_language(make,
                                                                           language: str) -> None:
    dialog = make(900, "tr")
    assert dialog.windowTitle() == pick(language, "Preferences", "Tercihler")
    assert dialog.interval.value() == 15 and dialog.interval.suffix() == pick(language, " min",
                                                                              " dk")
    assert dialog.interval.text() == pick(language, "15 min", "15 dk")
    assert dialog.language_code() == "tr" and dialog.language.currentText() == "Türkçe"
    # Each language in its own name; "System" in the language shown now.
    names = [dialog.language.itemText(i) for i in range(dialog.language.count())]
    assert names == ["English", "Türkçe", pick(language, "System", "Sistem")]
    assert dialog.language_note.text() == pick(
        language, "A new language is applied the next time SMM Desk starts.",
        "Yeni dil, SMM Desk bir sonraki açılışında uygulanır.")


def test_no_stored_language_means_system(make) -> None:
    assert make(300, "").language_code() == "system"
    assert make(300, "system").language_code() == "system"
    assert make(300, "en").language_code() == "en"


def test_the_interval_is_handed_back_in_seconds_within_its_limits(make) -> None:
    dialog = make(300)
    assert dialog.interval_s() == 300
    dialog.interval.setValue(12)
    assert dialog.interval_s() == 720
    assert dialog.interval.minimum() == max(1, MIN_INTERVAL_S // 60)
    assert dialog.interval.maximum() == 24 * 60  # once a day at least
    dialog.interval.setValue(100_000)
    assert dialog.interval_s() == 24 * 60 * 60
    # A stored interval below the minimum (an older version, a hand-edited file) is raised to it.
    assert make(5).interval.value() == dialog.interval.minimum()
    assert make(90).interval_s() == 120  # whole minutes: 1.5 rounds to 2


def test_another_part_adds_its_section_below_the_dialogs_own_settings(make) -> None:
    dialog = make()
    first, second = QLabel("Currencies go here"), QLabel("and more")
    dialog.add_section("Currencies", first)
    dialog.add_section("Later", second)
    body = dialog.body_layout
    boxes = [body.itemAt(i).widget() for i in range(body.count())]
    titled = [b.title() for b in boxes if isinstance(b, QGroupBox)]
    assert titled == ["Currencies", "Later"]  # in the order added, after the dialog's own form
    assert first.parent().title() == "Currencies" and second.parent().title() == "Later"
    assert body.itemAt(0).layout() is not None  # the interval and language come first
    # The buttons stay outside the scrolling body, always in view.
    assert dialog.findChild(QDialogButtonBox).parent() is dialog
