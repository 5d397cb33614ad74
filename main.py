"""SMM Desk entry point: parse the arguments, build the app, show the window."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    # Deliberately lazy, like the imports of main() (light: it loads no driver until a
    # PostgreSQL address is given).
    from smmdesk.store.pg.location import add_store_argument

    parser = argparse.ArgumentParser(
        prog="smm-desk", description="One desktop window for every SMM panel."
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="run offscreen against the demo panel, print one summary line, exit 0 or 1",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="keep all state in this folder (also $SMMDESK_DATA_DIR)",
    )
    parser.add_argument("--lang", help="user-interface language, e.g. en, de, tr")
    add_store_argument(parser)  # a team workspace in PostgreSQL (also $SMMDESK_STORE)
    # Hidden: start the demo panel at once (end-to-end tests, screenshots).
    parser.add_argument("--demo", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _prefer_source_tree() -> None:
    """Import ``ui`` as the regular package next to this file (its ``__init__`` pins Python
    singletons against a PySide6 refcount bug), even when started as the ``smm-desk`` script
    from another directory, where an old editable install may map ``ui`` as a namespace."""
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)


def main(argv: list[str] | None = None) -> int:
    _prefer_source_tree()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_check:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any QApplication exists
        # Deliberately lazy, here and below: Qt is loaded only after the arguments are read and
        # the environment is set (--help and argument errors answer without loading Qt).
        from ui.selfcheck import main as self_check

        # --store: the check also tests a connection to that team store (the driver, libpq).
        return self_check(args.data_dir, lang=args.lang, store=args.store)

    # The imports below make ~50,000 long-lived objects (classes, functions, constants): no
    # collection walks them on the way (~100 ran, 40-80 ms in all). The app's own collector
    # (ui.gcguard) takes over once the application exists, and leaves them out for good.
    gc.disable()
    # Deliberately lazy (see above): Qt and the app load only once the arguments are read.
    from smmdesk.paths import default_data_dir
    from smmdesk.store.pg.location import resolve_store, store_from_env
    from ui.app import run_app, saved_store

    data_dir = (args.data_dir or default_data_dir()).expanduser()
    store = resolve_store(args.store).url  # --store, else $SMMDESK_STORE; None: local
    if args.store is None and store_from_env() is None:
        store = saved_store(data_dir)  # else the choice in Settings → Team workspace
    return run_app(data_dir, lang=args.lang, demo=args.demo, store=store)


if __name__ == "__main__":
    sys.exit(main())
