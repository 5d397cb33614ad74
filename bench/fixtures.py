"""Fast bulk generation of a realistic data dir for the benches: one panel, N services, M orders.

Everything goes through the store's public methods (``apply_services``, ``bulk_insert_placed``,
``apply_statuses``, ``add_balance``), so the file looks exactly like one the app wrote itself:

    python bench/fixtures.py /tmp/big --services 50000 --orders 100000

Services come from the simulator's catalogue generator (realistic names, Turkish included) and
are parsed by the real ``api.parse_services``. Orders are spread over 500 services, their states
mixed like a busy account's history (about 10 % still active, the rest final).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import inspect
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from smmdesk.api import parse_services  # noqa: E402
from smmdesk.demo.server import PanelSimulator  # noqa: E402
from smmdesk.models import Balance, OrderState, OrderStatus, Panel, Service  # noqa: E402
from smmdesk.store import Store  # noqa: E402
from smmdesk.workspace import Workspace  # noqa: E402

PANEL_ID = "benchpanel000001"
# Final states for the settled share of the history, by weight (sum 100).
_FINAL = ((OrderState.COMPLETED, 78), (OrderState.PARTIAL, 10), (OrderState.CANCELED, 9),
          (OrderState.FAILED, 3))
ACTIVE_SHARE = 10  # percent of orders left pending/in progress (what sync polls)
ORDER_SERVICES = 500
CHUNK = 20_000


def catalogue(n: int, seed: int = 1) -> list[Service]:
    """``n`` services as the canonical dialect sends them, parsed by the real parser."""
    sim = PanelSimulator(services=n, seed=seed)  # never started: only its generator is used
    return parse_services(sim.catalogue)


def _final_state(i: int) -> OrderState:
    r = (i * 2654435761) % 100
    acc = 0
    for state, weight in _FINAL:
        acc += weight
        if r < acc:
            return state
    return OrderState.COMPLETED


def make_data_dir(
    data_dir: Path,
    *,
    services: int = 50_000,
    orders: int = 100_000,
    url: str = "http://127.0.0.1:9/api/v2",
    panel_id: str = PANEL_ID,
    first_remote: int = 1_000_000,
    verbose: bool = False,
    seed: int = 1,
    panel_name: str = "Bench panel",
    days: int = 365,
    currency: str = "USD",
) -> dict[str, float]:
    """Fill ``data_dir`` (created if needed). Returns timings in seconds, per step.

    The panel has no key in any keyring: an app opened on it shows the cache and reports the
    missing key when it tries the network (URL port 9 refuses at once anyway)."""
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    cat = catalogue(services, seed=seed)
    t["generate_services"] = time.perf_counter() - t0
    store = Store(Path(data_dir))
    try:
        if store.panels.get_panel(panel_id) is None:
            store.panels.insert_panel(Panel(id=panel_id, name=panel_name, url=url, currency="USD"))
        store.panels.update_panel(panel_id, currency=currency)
        t0 = time.perf_counter()
        store.services.apply_services(panel_id, cat)
        t["store_services"] = time.perf_counter() - t0
        store.panels.add_balance(panel_id, Balance(Decimal("1234.5678"), currency))

        t0 = time.perf_counter()
        picks = cat[: min(ORDER_SERVICES, len(cat))] or []
        per = max(1, -(-orders // max(1, len(picks))))
        day_ms = 86_400_000
        start_ms = int(time.time() * 1000) - days * day_ms
        remote = first_remote
        done = 0
        for n, svc in enumerate(picks):
            count = min(per, orders - done)
            if count <= 0:
                break
            rows = [(remote + k, f"https://instagram.com/p/bench{remote + k}",
                     svc.min * (1 + k % 9)) for k in range(count)]
            store.orders.bulk_insert_placed(
                panel_id, svc, rows, created_at_ms=start_ms + n * (days * day_ms // len(picks)))
            remote += count
            done += count
        t["store_orders"] = time.perf_counter() - t0

        # Settle ~90 % of them with a final state, in big batches (one transaction each).
        t0 = time.perf_counter()
        batch: dict[int, OrderStatus | Exception] = {}
        for i in range(done):
            if i % 100 < ACTIVE_SHARE:
                continue
            rid = first_remote + i
            state = _final_state(i)
            batch[rid] = OrderStatus(order=rid, state=state, raw_status=state.value.title(),
                                     charge=Decimal("0.12345"), start_count=100 + i % 5000,
                                     remains=0 if state is OrderState.COMPLETED else 10,
                                     currency=currency)
            if len(batch) >= CHUNK:
                store.orders.apply_statuses(panel_id, batch)
                batch = {}
        if batch:
            store.orders.apply_statuses(panel_id, batch)
        t["settle_orders"] = time.perf_counter() - t0
        assert store.db.integrity_check() == ["ok"]
    finally:
        store.close()
    if verbose:
        print({k: round(v, 2) for k, v in t.items()}, file=sys.stderr)
    return t


# -- the large data set (issue 14): 4 panels x 50,000 services, 1,000,000 orders over two years --

LARGE_PANELS = 4
LARGE_SERVICES = 50_000  # per panel, each panel its own catalogue (seeds 1-4)
LARGE_ORDERS = 1_000_000  # spread evenly over the panels
LARGE_DAYS = 730
# The panels' currencies and the typed rates to the home currency (USD); INR has no rate, so
# All panels mixes converted and unconverted prices (the realistic case, as bench_compare).
LARGE_CURRENCIES = ("USD", "TRY", "EUR", "INR")
LARGE_RATES = {"TRY": Decimal("0.0292"), "EUR": Decimal("1.0867")}
CACHE_ENV = "SMMDESK_BENCH_CACHE"  # run_all.py points it at one temp folder per `make bench`


def large_panel_ids(panels: int = LARGE_PANELS) -> list[str]:
    return [PANEL_ID] + [f"benchpanel{n:06d}" for n in range(2, panels + 1)]


def make_large_data_dir(
    data_dir: Path, *, panels: int = LARGE_PANELS, services: int = LARGE_SERVICES,
    orders: int = LARGE_ORDERS, days: int = LARGE_DAYS, verbose: bool = False,
) -> dict[str, float]:
    """``panels`` panels of ``services`` services each (different catalogues) and ``orders``
    orders spread over them and over ``days`` days, the same state mix as ``make_data_dir``."""
    total: dict[str, float] = {}
    per = orders // panels
    for n, pid in enumerate(large_panel_ids(panels), start=1):
        count = per if n < panels else orders - per * (panels - 1)
        t = make_data_dir(data_dir, services=services, orders=count, panel_id=pid, seed=n,
                          panel_name=f"Bench panel {n}", days=days,
                          first_remote=1_000_000 + (n - 1) * 10_000_000, verbose=verbose,
                          currency=LARGE_CURRENCIES[(n - 1) % len(LARGE_CURRENCIES)])
        for k, v in t.items():
            total[k] = total.get(k, 0.0) + v
    set_large_rates(data_dir)
    return total


def set_large_rates(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    try:
        ws.set_home_currency("USD")
        for code, per_unit in LARGE_RATES.items():
            ws.set_rate(code, per_unit)
    finally:
        ws.close()


# What a built set depends on besides its build function's own file: the store (schema,
# triggers, the statements that write), the panel answers' parser and the simulator's catalogue,
# and the core modules whose values land in the file (the folded search text, the books' lines,
# the types' codes).
_DATA_CODE = ("smmdesk/store/*.py", "smmdesk/api/*.py", "smmdesk/api.py", "smmdesk/demo/*.py",
              "smmdesk/models.py", "smmdesk/textnorm.py", "smmdesk/profit.py",
              "smmdesk/servicetypes.py", "smmdesk/workspace.py")


def _code_key(build: Callable[..., object] | None = None) -> str:
    """What the cached data depends on: this file, the file that defines ``build`` (the bench's
    own sizes and statements: bench_watch.py's build is there) and ``_DATA_CODE``."""
    h = hashlib.sha256()
    files = [Path(__file__)]
    source = inspect.getsourcefile(build) if build is not None else None
    if source:
        files.append(Path(source))
    for pattern in _DATA_CODE:
        files += sorted(ROOT.glob(pattern))
    for f in dict.fromkeys(f.resolve() for f in files):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def cache_root() -> Path:
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "smmdesk-bench"


def cached_data_dir(name: str, build: Callable[..., object], **kwargs: object) -> Path:
    """A data dir built once by ``build(path, **kwargs)`` and kept under ``cache_root()``
    (keyed by the code the data depends on, ``build`` itself and the arguments: the sizes).
    Treat it as read-only: use ``working_copy`` for anything that opens it with the app."""
    args = ",".join(f"{k}={kwargs[k]}" for k in sorted(kwargs))
    what = f"{_code_key(build)}|{build.__module__}.{build.__qualname__}|{name}|{args}"
    key = hashlib.sha256(what.encode()).hexdigest()[:16]
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    target = root / f"{name}-{key}"
    with open(root / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder at a time; the others wait and reuse
        if not (target / "ready").exists():
            shutil.rmtree(target, ignore_errors=True)
            building = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
            t0 = time.perf_counter()
            build(building / "data", **kwargs)
            (building / "ready").write_text(f"{time.perf_counter() - t0:.1f}\n")
            building.rename(target)
            print(f"built {name} in {time.perf_counter() - t0:.0f} s: {target}", file=sys.stderr)
    return target / "data"


def working_copy(src: Path, dst: Path) -> Path:
    """A private copy of a cached data dir (the app may write: WAL, settings, optimize)."""
    shutil.copytree(src, dst)
    os.chmod(dst, 0o700)
    return dst


def large_data_dir() -> Path:
    """The large set, built once per cache; ``SMMDESK_BENCH_LARGE_DIR`` names one built already
    (e.g. to measure an older checkout on the very same file)."""
    given = os.environ.get("SMMDESK_BENCH_LARGE_DIR")
    if given:
        return Path(given)
    return cached_data_dir("large", make_large_data_dir, panels=LARGE_PANELS,
                           services=LARGE_SERVICES, orders=LARGE_ORDERS, days=LARGE_DAYS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--services", type=int, default=50_000)
    ap.add_argument("--orders", type=int, default=100_000)
    args = ap.parse_args(argv)
    t = make_data_dir(args.data_dir, services=args.services, orders=args.orders, verbose=True)
    print(f"data dir ready: {args.data_dir} ({sum(t.values()):.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
