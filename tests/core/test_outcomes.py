"""A placement's outcome is a kind kept in the order's row, worded by one function: the
sentences older versions stored are read into kinds by the v16 migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from smmdesk import outcomes
from smmdesk.errors import ErrorKind
from smmdesk.models import OutcomeKind, SubmitState
from smmdesk.store import DB_NAME, Store, migrations

ADVICE = " The order may have been placed. Check the panel's order list before ordering again."

# (submit state, the sentence a version up to 14 stored) -> (kind, detail, not sent)
OLD_ROWS: list[tuple[str, str, OutcomeKind | None, str | None, bool]] = [
    ("rejected", "Not enough funds on balance", OutcomeKind.FUNDS,
     "Not enough funds on balance", False),
    ("rejected", "neworder.error.link_duplicate", OutcomeKind.LINK_BUSY,
     "neworder.error.link_duplicate", False),
    ("rejected", "Something the panel made up", OutcomeKind.REFUSED,
     "Something the panel made up", False),
    ("rejected", "Not sent: the panel is limiting requests (rate limited (retry after 5 s)); "
                 "nothing was placed.", OutcomeKind.RATE_LIMITED,
     "rate limited (retry after 5 s)", True),
    ("rejected", "Not sent: Could not connect to panel.example (connection refused or "
                 "unreachable). Nothing was sent.", OutcomeKind.NO_CONNECTION,
     "Could not connect to panel.example (connection refused or unreachable). Nothing was "
     "sent.", True),
    ("rejected", "Not sent: No API key is stored for this panel on this computer.",
     OutcomeKind.NO_KEY, "No API key is stored for this panel on this computer.", True),
    ("rejected", "Not sent: \"no panel 'abc'\"", OutcomeKind.PANEL_GONE, None, True),
    ("rejected", "Not sent: TypeError: boom", OutcomeKind.NOT_SENT, "TypeError: boom", True),
    ("rejected", "Not placed (checked by you)", OutcomeKind.CHECKED_NOT_PLACED, None, False),
    ("uncertain", "The app stopped while sending this order: it may have been placed.",
     OutcomeKind.APP_STOPPED, None, False),
    ("uncertain", "SMM Desk was closed while sending this order: it may have been placed.",
     OutcomeKind.APP_CLOSED, None, False),
    ("uncertain", "The panel's answer could not be read (html, HTTP 502)." + ADVICE,
     OutcomeKind.UNREADABLE, "html, HTTP 502", False),
    ("uncertain", "The panel's answer could not be read (html); the order may have been "
                  "placed. Check the panel's order list before ordering again.",
     OutcomeKind.UNREADABLE, "html", False),
    ("uncertain", "Unexpected error while sending (KeyError)." + ADVICE,
     OutcomeKind.UNEXPECTED, "KeyError", False),
    ("uncertain", "The panel answered with order #501, which is already recorded for order "
                  "12." + ADVICE, OutcomeKind.ID_TAKEN, "501 12", False),
    ("uncertain", "The panel answered with order #501, but saving that failed "
                  "(OperationalError)." + ADVICE, OutcomeKind.NOT_SAVED,
     "501 OperationalError", False),
    ("uncertain", "The panel answered with an empty error and no order id." + ADVICE,
     OutcomeKind.EMPTY_ERROR, None, False),
    ("uncertain", "The panel answered with order 0, which is not an order id." + ADVICE,
     OutcomeKind.NOT_AN_ID, "0", False),
    ("uncertain", 'The panel\'s answer has no order id: {"status": "ok"}.' + ADVICE,
     OutcomeKind.NO_ID, '{"status": "ok"}', False),
    ("uncertain", "panel.example did not answer within 30 s." + ADVICE,
     OutcomeKind.NO_ANSWER, "panel.example did not answer within 30 s.", False),
    ("uncertain", migrations.REMOTE_ID_DISPUTED.format(remote=501, keeper=1),
     OutcomeKind.DISPUTED, "501 1", False),
    ("placed", "Placed, and the panel also said: Low balance", OutcomeKind.PLACED_NOTE,
     "Low balance", False),
    # words the app never wrote (a hand-edited file, a forgotten version): kept as they are
    ("uncertain", "connection closed", None, "connection closed", False),
]


def test_v16_reads_the_sentences_older_versions_stored_into_kinds(data_dir: Path) -> None:
    conn = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
    migrations.migrate(conn, 3)
    conn.execute("INSERT INTO panels (id, name, url, created_at) VALUES ('p', 'P', 'u', 0)")
    for i, (state, text, *_rest) in enumerate(OLD_ROWS, 1):
        conn.execute(
            "INSERT INTO orders (id, panel_id, service_id, service_name, service_type, "
            "remote_id, submit_state, state, error, fields, created_at, updated_at) "
            "VALUES (?, 'p', 1, 'S', 'Default', ?, ?, 'unknown', ?, '{}', 0, 0)",
            (i, 1000 + i if state == "placed" else None, state, text))
    conn.close()
    s = Store(data_dir)
    try:
        orders = {o.id: o for o in s.queries.order_page(None, "id", 0, None)}
    finally:
        s.close()
    for i, (state, text, kind, detail, not_sent) in enumerate(OLD_ROWS, 1):
        o = orders[i]
        assert (o.outcome, o.error, o.not_sent) == (kind, detail, not_sent), text
        assert o.submit_state is SubmitState(state)
        if kind is not None and detail:  # the kind says it again, the panel's words in it
            assert all(part in outcomes.describe(kind, detail) for part in detail.split(" "))


@pytest.mark.parametrize("kind", list(OutcomeKind))
def test_every_kind_is_worded_by_a_translatable_template(kind: OutcomeKind) -> None:
    text = outcomes.describe(kind, "501 detail")
    assert str(text).strip() and text.template in outcomes.ALL_TEMPLATES
    if kind.uncertain:  # each says the order may be on the panel; a dispute says why not sure
        said = ("set back to uncertain" if kind is OutcomeKind.DISPUTED
                else "may have been placed")
        assert said in text, (kind, str(text))
    if kind.not_sent:
        assert text.startswith("Not sent")
    assert {k for k in OutcomeKind if k.refusal} == {
        outcomes.of_error(e) for e in ErrorKind}  # one outcome per kind of refusal
