"""Every setting SMM Desk keeps, declared once: its key, its type, its default, where it lives.

Two homes, one declaration (as Picard's ``options.py`` or Vorta's ``store/settings.py``):

- ``Scope.WINDOW``: ``settings.ini`` in the data folder, the window's own (its size, the page
  shown, the language, the services filter, the status-check interval…). The GUI reads and
  writes them as ``settings[option]`` (``ui.settings.Settings``); nothing else reads the file.
- ``Scope.WORKSPACE``: rows of the database (``automation_settings``, ``currency_settings``):
  data a script or ``smm-desk-cli`` shares with the app, read and written through the
  ``Workspace`` (``automation_settings()``, ``home_currency()``). ``AutomationSettings`` is the
  typed record of ``AUTOMATION``: its fields are these keys, its defaults these defaults.

An option parses what its home holds (text in the INI file and the database, Qt's own types
from ``QSettings``) into its type, and falls back to the default on anything it cannot read:
a hand-edited file never stops the app. No Qt here: the core and the CLI import this module.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar

T = TypeVar("T")

__all__ = [
    "AUTOMATION",
    "Option",
    "Scope",
    "all_options",
    "by_key",
]


class Scope(enum.Enum):
    WINDOW = "window"  # settings.ini, the GUI's
    WORKSPACE = "workspace"  # the database, shared with scripts and the CLI


@dataclass(frozen=True)
class Option(Generic[T]):
    """One setting. ``parse`` turns a stored value into ``T`` (the default when unreadable);
    ``dump`` turns ``T`` into what is stored."""

    key: str
    default: T
    doc: str = ""
    scope: Scope = Scope.WINDOW
    table: str = ""  # Scope.WORKSPACE: the table holding it

    def parse(self, raw: Any) -> T:
        return self.default if raw is None else raw

    def dump(self, value: T) -> Any:
        return value


@dataclass(frozen=True)
class TextOption(Option[str]):
    choices: tuple[str, ...] = ()  # when given: anything else reads as the default

    def parse(self, raw: Any) -> str:
        if not isinstance(raw, str):
            return self.default
        if self.choices and raw not in self.choices:
            return self.default
        return raw


@dataclass(frozen=True)
class BoolOption(Option[bool]):
    def parse(self, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str):
            text = raw.strip().lower()
            if text in {"1", "true", "yes"}:
                return True
            if text in {"0", "false", "no"}:
                return False
        return self.default

    def dump(self, value: bool) -> Any:
        return bool(value)


@dataclass(frozen=True)
class IntOption(Option[int]):
    low: int | None = None
    high: int | None = None

    def parse(self, raw: Any) -> int:
        try:
            value = int(str(raw).strip()) if raw is not None else self.default
        except (TypeError, ValueError):
            value = self.default
        return self.clamp(value)

    def clamp(self, value: int) -> int:
        if self.low is not None:
            value = max(self.low, value)
        if self.high is not None:
            value = min(self.high, value)
        return value

    def dump(self, value: int) -> Any:
        return self.clamp(int(value))


@dataclass(frozen=True)
class BytesOption(Option[Any]):
    """Opaque saved state (Qt's ``saveGeometry``/``saveState``); None when none is saved."""

    def parse(self, raw: Any) -> Any:
        try:
            return raw if raw is not None and len(raw) else None
        except TypeError:
            return None


@dataclass(frozen=True)
class DecimalOption(Option[Decimal]):
    def parse(self, raw: Any) -> Decimal:
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            return self.default
        return value if value.is_finite() else self.default

    def dump(self, value: Decimal) -> Any:
        return str(value)


@dataclass(frozen=True)
class DurationOption(Option[timedelta]):
    """Stored as whole seconds."""

    def parse(self, raw: Any) -> timedelta:
        try:
            return timedelta(seconds=int(str(raw)))
        except (TypeError, ValueError, OverflowError):
            return self.default

    def dump(self, value: timedelta) -> Any:
        return str(int(value.total_seconds()))


@dataclass(frozen=True)
class FlagOption(BoolOption):
    """A boolean the database holds as "1"/"0"."""

    def dump(self, value: bool) -> Any:
        return "1" if value else "0"


@dataclass(frozen=True)
class PanelOption(Option[Decimal | None]):
    """An amount per panel: the key is ``key`` followed by the panel's id; None when unset."""

    def key_for(self, panel_id: str) -> str:
        return f"{self.key}{panel_id}"

    def parse(self, raw: Any) -> Decimal | None:
        try:
            value = Decimal(str(raw)) if raw is not None else None
        except (InvalidOperation, ValueError):
            return None
        return value if value is None or value.is_finite() else None

    def dump(self, value: Decimal | None) -> Any:
        return None if value is None else str(value)


_W = Scope.WORKSPACE

# -------------------------------------------------------------------------- the window's (INI)
LANGUAGES = (("en", "English"), ("tr", "Türkçe"), ("system", "System"))
LANGUAGE = TextOption("ui/language", "", "The language chosen in Preferences, applied at "
                      "start-up: a code of LANGUAGES; '' or 'system': the system's.")
TEAM_STORE = TextOption("team/store", "", "The team workspace chosen in Preferences (a "
                        "postgresql:// address, never a password; the password is in the OS "
                        "keyring), applied at start-up unless --store or SMMDESK_STORE says "
                        "otherwise; '': this computer's own workspace.")
LAST_PANEL = TextOption("window/last_panel", "", "The panel shown last; '': All panels.")
LAST_VIEW = IntOption("window/last_view", 0, "The page shown last (its position).", low=0)
WINDOW_GEOMETRY = BytesOption("window/geometry", None, "The window's size and place.")
WINDOW_STATE = BytesOption("window/state", None, "The window's toolbars and docks.")
MAX_ANSWER_MB = IntOption("network/max_answer_mb", 64, "The cap on one panel answer, in MB "
                          "(no dialog: settings.ini only; as smmdesk.api.MAX_ANSWER_BYTES).",
                          low=1, high=4096)
FILTER_TEXT = TextOption("filters/text", "", "The services search.")
FILTER_CATEGORY = TextOption("filters/category", "", "The services category filter.")
FILTER_TYPE = TextOption("filters/type", "", "The services type filter.")
FILTER_FAVOURITES = BoolOption("filters/favourites_only", False, "Only favourite services.")
SERVICES_HEADER = BytesOption("services/header", None, "The services table's columns.")
SERVICES_SPLITTER = BytesOption("services/splitter", None, "Services table vs description.")
EXPORT_FOLDER = TextOption("files/export_folder", "", "The folder of the last export.")
SYNC_INTERVAL_S = IntOption("history/sync_interval_s", 300, "Seconds between two checks of "
                            "the active orders' statuses (Preferences).", low=30)
NOTIFY_FINISHED = BoolOption("history/notify", True, "A desktop notification when an order "
                             "completes, ends partial or is canceled.")
CLOSE_TO_TRAY = TextOption("tray/close_to_tray", "", "Closing the window keeps SMM Desk in "
                           "the tray: 'true', 'false', or '' (not asked yet).",
                           choices=("", "true", "false"))
TRAY_TOLD = BoolOption("tray/told", False, "The person was told SMM Desk runs on in the tray.")
CHEAPER_THRESHOLD = IntOption("compare/cheaper_threshold_percent", 5, "How much cheaper "
                              "(percent) another panel must be for the order form to say so.",
                              low=0, high=100)
RATES_DAILY = BoolOption("rates/update_daily", False, "Update the exchange rates once a day.")
RATES_URL = TextOption("rates/feed_url", "", "The exchange-rate feed ('' : the ECB's).")
RATES_LAST_UPDATE = TextOption("rates/last_update", "", "When the rates were last updated "
                               "(ISO 8601).")

# ---------------------------------------------------------------- the workspace's (database)
_AUTO = "automation_settings"
GRACE = DurationOption("grace", timedelta(hours=1), "How late a missed run may still be "
                       "placed.", _W, _AUTO)
MAX_PRICE_RISE = DecimalOption("max_price_rise", Decimal(10), "Percent above a schedule's "
                               "price that pauses it.", _W, _AUTO)
REFILL_MIN_DELAY = DurationOption("refill_min_delay", timedelta(hours=24), "How long after "
                                  "completing an order an automatic refill may be asked.", _W,
                                  _AUTO)
REFILL_INTERVAL = DurationOption("refill_interval", timedelta(days=3), "Between two automatic "
                                 "refills of one order.", _W, _AUTO)
AUTO_REFILL_DEFAULT = FlagOption("auto_refill_default", False, "Refill automatically every "
                                 "refill-capable service.", _W, _AUTO)
ALERT_BALANCE = FlagOption("alert_balance", True, "Alert on a low balance.", _W, _AUTO)
ALERT_PRICE = FlagOption("alert_price", True, "Alert on a price rise.", _W, _AUTO)
PRICE_ALERT_PERCENT = DecimalOption("price_alert_percent", Decimal(10), "The price rise "
                                    "(percent) that alerts.", _W, _AUTO)
ALERT_REMOVED = FlagOption("alert_removed", True, "Alert when a used service is removed.", _W,
                           _AUTO)
ALERT_ATTENTION = FlagOption("alert_attention", True, "Alert on orders needing attention.", _W,
                             _AUTO)
PAUSED_ALL = FlagOption("paused_all", False, "Pause all automation (the tray's switch).", _W,
                        _AUTO)
# The margin guard (the reseller's books): a refresh that brings a sell price's margin under
# this percent raises an alert, once per change.
ALERT_MARGIN = FlagOption("alert_margin", True, "Alert when a sell price's margin falls under "
                          "the minimum.", _W, _AUTO)
MIN_MARGIN_PERCENT = DecimalOption("min_margin_percent", Decimal(10), "The margin (percent) "
                                   "under which a sell price alerts.", _W, _AUTO)
# The provider watch: an order is stuck when not started after max(stuck_after, stuck_factor ×
# its service's p90 start), slow when in progress past slow_factor × its p90 completion; a
# refill window's end is reminded of refill_reminder before.
STUCK_AFTER = DurationOption("stuck_after", timedelta(hours=6), "An active order not started "
                             "after this long is stuck (at the least).", _W, _AUTO)
STUCK_FACTOR = DecimalOption("stuck_factor", Decimal(3), "Times its service's usual (p90) "
                             "start after which an order that has not started is stuck.", _W,
                             _AUTO)
SLOW_FACTOR = DecimalOption("slow_factor", Decimal(3), "Times its service's usual (p90) "
                            "completion after which an order in progress is slow.", _W, _AUTO)
REFILL_REMINDER = DurationOption("refill_reminder", timedelta(days=3), "How long before a "
                                 "refill guarantee ends it is reminded of.", _W, _AUTO)
AUTOMATION: tuple[Option[Any], ...] = (
    GRACE, MAX_PRICE_RISE, REFILL_MIN_DELAY, REFILL_INTERVAL, AUTO_REFILL_DEFAULT, ALERT_BALANCE,
    ALERT_PRICE, PRICE_ALERT_PERCENT, ALERT_REMOVED, ALERT_ATTENTION, PAUSED_ALL, STUCK_AFTER,
    STUCK_FACTOR, SLOW_FACTOR, REFILL_REMINDER, ALERT_MARGIN, MIN_MARGIN_PERCENT,
)
# Kept beside the preferences, not chosen by the person: written by the app itself.
CLOCK_HOLD = Option[Any]("clock_hold", None, "RULE 5: every schedule is held after a clock "
                         "jump until confirmed (JSON: when, how far); no row: not held.", _W,
                         _AUTO)
CLOCK_SEEN = Option[Any]("clock_seen", None, "RULE 5 across restarts: the wall clock, the "
                         "elapsed clock and the boot id at the last scheduler check (JSON).", _W,
                         _AUTO)
BALANCE_THRESHOLD = PanelOption("balance_threshold:", None, "Per panel (key + panel id): the "
                                "balance under which an alert is raised.", _W, _AUTO)
_CURRENCY = "currency_settings"
HOME_CURRENCY = TextOption("home_currency", "", "The currency prices are compared in ('': "
                           "the locale's).", _W, _CURRENCY)
ECB_FEED = Option[Any]("ecb_feed", None, "The last ECB feed (JSON: its date and every rate): "
                       "what the daily update read, kept to convert offline.", _W, _CURRENCY)


def all_options() -> list[Option[Any]]:
    """Every declared option, in declaration order."""
    return [v for v in globals().values() if isinstance(v, Option)]


def by_key(scope: Scope, options: Iterable[Option[Any]] | None = None) -> dict[str, Option[Any]]:
    """The options of one home by key."""
    return {o.key: o for o in (options if options is not None else all_options())
            if o.scope is scope}
