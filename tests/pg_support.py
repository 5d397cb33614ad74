"""A throwaway PostgreSQL cluster for the tests (a pytest plugin: ``tests/conftest.py`` loads it).

One cluster per test session, in a temp folder, listening on a Unix socket only (nothing on the
network), removed at the end. The server is the test process's own child and the kernel shuts it
down if that process is killed (a run killed before its teardown leaves no server running; the
next run removes the folder it left). Each test that asks for a database gets a fresh one, copied
from a template (``CREATE DATABASE … TEMPLATE``: a few dozen milliseconds), and dropped after it.

PostgreSQL refuses to run as root, and CI runs as root: as root the server runs as the
``postgres`` user the Debian package creates, in a folder that user owns, created where that user
can reach it (``mkdtemp`` under a 0700 home or checkout would not be: the folder is made under
the first of the temp dir, /tmp, /var/tmp, /dev/shm that ``postgres`` can write to). As anyone
else it runs as the current user.

Binaries: ``$SMMDESK_PG_BINDIR``, else the newest ``/usr/lib/postgresql/N/bin`` (Debian),
else ``initdb`` on PATH. Missing PostgreSQL skips locally and fails under ``CI=true``.

Authentication inside the cluster: the superuser ``postgres`` connects without a password
(``trust``, Unix socket only); every other login needs its password (``scram-sha-256``), as a
team's server would ask, so the roles' tests log in for real.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
MIN_VERSION = 15
SUPERUSER = "postgres"
PORT = 5432  # only names the socket file: listen_addresses is empty (but for a TLS cluster)
EMPTY_TEMPLATE = "smm_empty"
SCHEMA_TEMPLATE = "smm_schema"
FOLDER_PREFIX = "smmdesk-pg-"
OWNER_FILE = "owner.pid"  # the test process's pid: a folder whose owner is gone is removed
ABANDONED_AFTER_S = 600

HBA = f"""\
local all {SUPERUSER} trust
local all all scram-sha-256
"""


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresMissing(RuntimeError):
    """No usable PostgreSQL server binaries on this machine."""


def find_bindir() -> Path:
    """The folder holding ``initdb`` and ``postgres`` (version ``MIN_VERSION`` or
    newer)."""
    chosen = os.environ.get("SMMDESK_PG_BINDIR")
    candidates: list[Path] = [Path(chosen)] if chosen else []
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                    key=lambda p: _major(p.parent.parent.name), reverse=True)
    candidates += [p.parent for p in debian]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        initdb = folder / "initdb"
        if not (initdb.is_file() and (folder / "postgres").is_file()):
            continue
        out = subprocess.run([str(initdb), "--version"], capture_output=True, text=True,
                             check=False).stdout
        found = re.search(r"(\d+)(?:\.\d+)?", out)
        if found and int(found.group(1)) >= MIN_VERSION:
            return folder
    raise PostgresMissing(
        f"PostgreSQL {MIN_VERSION} or newer is not installed (no initdb found; looked in "
        f"$SMMDESK_PG_BINDIR, /usr/lib/postgresql/*/bin and PATH). Install it with "
        f"`make system-deps` (Debian: postgresql postgresql-contrib).")


def _major(name: str) -> int:
    return int(name) if name.isdigit() else 0


@dataclass(frozen=True)
class RunAs:
    """Who runs the server: ``user``/``group`` for subprocess (None: this process's user)."""

    user: str | None
    group: str | None
    uid: int
    gid: int

    @classmethod
    def for_this_process(cls) -> RunAs:
        if os.geteuid() != 0:
            return cls(None, None, os.geteuid(), os.getegid())
        import pwd

        try:
            entry = pwd.getpwnam(SUPERUSER)
        except KeyError:
            raise PostgresMissing(
                "running as root, and there is no 'postgres' user to run PostgreSQL as "
                "(PostgreSQL refuses root; Debian's postgresql package creates the user)"
            ) from None
        return cls(entry.pw_name, None, entry.pw_uid, entry.pw_gid)

    def _child(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.user is not None:
            # Python's own setuid/setgid in the child (no runuser/sudo needed); no supplementary
            # groups of root's are kept.
            extra = {"user": self.uid, "group": self.gid, "extra_groups": []}
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8",
               "LANG": "C.UTF-8", "TZ": "UTC"}
        return {"env": env, "cwd": "/", **extra}

    def run(self, args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, text=True, capture_output=True, check=False,
                              **self._child(), **kwargs)

    def popen_server(self, args: list[str], log: Any) -> subprocess.Popen[bytes]:
        """The postmaster as this process's own child, in a session of its own (a Ctrl-C in the
        terminal is pytest's to handle, not the server's), told by the kernel to shut down at
        once (SIGQUIT: immediate shutdown) if this process dies without tearing it down — a
        killed test run leaves no server behind."""
        parent = os.getpid()
        # Loaded here: after its setuid the child may not read Python's own files (a 0700 home).
        prctl = ctypes.CDLL(None, use_errno=True).prctl
        return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True,
                                preexec_fn=lambda: _die_with_parent(prctl, parent),
                                **self._child())


_PR_SET_PDEATHSIG = 1


def _die_with_parent(prctl: Any, parent: int) -> None:
    """In the server's child process after its setuid (Python runs ``preexec_fn`` last, and a
    credential change would clear the setting): SIGQUIT when the parent dies."""
    prctl(_PR_SET_PDEATHSIG, signal.SIGQUIT, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _reachable_folder(run_as: RunAs) -> Path:
    """A new empty folder owned by the server's user, which that user can reach."""
    parents = [tempfile.gettempdir(), "/tmp", "/var/tmp", "/dev/shm"]
    tried = []
    for parent in dict.fromkeys(parents):
        if not os.path.isdir(parent):
            continue
        try:
            folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=parent))
        except OSError:
            continue
        (folder / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
        if run_as.user is not None:
            os.chown(folder, run_as.uid, run_as.gid)
        probe = run_as.run(["test", "-w", str(folder), "-a", "-x", str(folder)])
        if probe.returncode == 0:
            _remove_abandoned(Path(parent), keep=folder)
            return folder
        tried.append(parent)
        shutil.rmtree(folder, ignore_errors=True)
    raise PostgresMissing(f"no temp folder the server's user can reach (tried {tried})")


def _alive(pid_text: str) -> bool:
    try:
        pid = int(pid_text.split()[0])
    except (ValueError, IndexError):
        return False
    return pid > 0 and Path(f"/proc/{pid}").exists()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""


def _remove_abandoned(parent: Path, keep: Path) -> None:
    """Folders of earlier runs that were killed before their teardown: the test process that
    made one (``OWNER_FILE``) is gone and no server runs in it (``postmaster.pid``). A folder
    with no owner file yet is left alone for its first ``ABANDONED_AFTER_S`` (being set up)."""
    for folder in parent.glob(f"{FOLDER_PREFIX}*"):
        if folder == keep or not folder.is_dir():
            continue
        owner = _read(folder / OWNER_FILE)
        if owner and _alive(owner):
            continue
        try:
            young = time.time() - folder.stat().st_mtime < ABANDONED_AFTER_S
        except OSError:
            continue
        if (not owner and young) or _alive(_read(folder / "data" / "postmaster.pid")):
            continue
        shutil.rmtree(folder, ignore_errors=True)


class PgCluster:
    """A running throwaway cluster: ``dsn(db)`` connects to database ``db`` as the superuser.

    ``tls`` (``smmdesk.tlscheck.TestCertificates``: a test CA and a certificate for 127.0.0.1):
    the server also listens on 127.0.0.1, on a free port, for TLS connections only (the
    superuser, without a password: a cluster that lives for one test), and ``tls_url`` is the
    address that reaches it verifying the certificate."""

    def __init__(self, tls: Any = None) -> None:
        self.bindir = find_bindir()
        self.run_as = RunAs.for_this_process()
        self.base = _reachable_folder(self.run_as)
        self.data = self.base / "data"
        self.sock = self.base / "sock"
        self.log = self.base / "server.log"
        self._counter = 0
        self._lock = threading.Lock()
        self.started = False
        self.server: subprocess.Popen[bytes] | None = None
        self.tls = tls
        self.port = PORT if tls is None else _free_port()

    # -- life ----------------------------------------------------------------------------------

    def start(self) -> None:
        self._as_server(["mkdir", "-p", str(self.sock)])
        init = self._as_server([
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "-A", "trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"])
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{init.stdout}\n{init.stderr}")
        hba = self.base / "pg_hba.conf"
        tls_hba = "" if self.tls is None else f"hostssl all {SUPERUSER} 127.0.0.1/32 trust\n"
        hba.write_text(HBA + tls_hba, encoding="utf-8")
        owned = [hba]
        if self.tls is not None:
            for src, name in ((self.tls.cert, "server.crt"), (self.tls.key, "server.key")):
                shutil.copyfile(src, self.base / name)
                (self.base / name).chmod(0o600)  # the server refuses a key others can read
                owned.append(self.base / name)
        if self.run_as.user is not None:
            for path in owned:
                os.chown(path, self.run_as.uid, self.run_as.gid)
        self._launch()
        self._setup_templates()

    def _launch(self) -> None:
        with open(self.log, "ab") as log:
            self.server = self.run_as.popen_server([
                str(self.bindir / "postgres"), "-D", str(self.data), "-k", str(self.sock),
                "-p", str(self.port), "-c", f"hba_file={self.base / 'pg_hba.conf'}",
                *(["-c", "listen_addresses="] if self.tls is None else [
                    "-c", "listen_addresses=127.0.0.1", "-c", "ssl=on", "-c", "log_connections=on",
                    "-c", f"ssl_cert_file={self.base / 'server.crt'}",
                    "-c", f"ssl_key_file={self.base / 'server.key'}"]),
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=200"], log)
        self.started = True
        self._wait_ready(deadline=time.monotonic() + 60)

    def pause(self) -> None:
        """The server goes away (a fast shutdown: every connection is cut, what was committed
        is kept — the cluster runs with synchronous_commit off, which an immediate shutdown
        would lose): ``resume()`` brings it back. For the tests of a server that is away."""
        if self.server is not None:
            self.server.send_signal(signal.SIGINT)
            self.server.wait(timeout=60)
            self.started = False

    def resume(self) -> None:
        (self.data / "postmaster.pid").unlink(missing_ok=True)  # (left by the immediate stop)
        self._launch()

    def _wait_ready(self, deadline: float) -> None:
        """Until the postmaster says "ready" in ``postmaster.pid`` (what ``pg_ctl -w`` reads),
        or it exits, or the deadline passes."""
        pidfile = self.data / "postmaster.pid"
        while True:
            lines = _read(pidfile).splitlines()
            if len(lines) >= 8 and lines[7].strip() == "ready":
                return
            if self.server is None or self.server.poll() is not None:
                code = None if self.server is None else self.server.returncode
                raise RuntimeError(f"postgres exited ({code}) while starting:"
                                   f"\n{self.server_log()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"postgres not ready after 60 s:\n{self.server_log()}")
            time.sleep(0.05)  # polling the server's pid file (another process: no event)

    def stop(self) -> None:
        if self.started and self.server is not None:
            self.server.send_signal(signal.SIGQUIT)  # immediate shutdown: a throwaway cluster
            try:
                self.server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
            self.started = False
        shutil.rmtree(self.base, ignore_errors=True)

    def server_log(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return "(no server log)"

    def _as_server(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        return self.run_as.run(args, timeout=120)

    # -- connecting ----------------------------------------------------------------------------

    def dsn(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        return f"host={self.sock} port={self.port} dbname={dbname} user={user}"

    def url(self, dbname: str, user: str) -> str:
        """The same target as a ``postgresql://`` store string (socket folder in ``host=``)."""
        from urllib.parse import quote

        return (f"postgresql://{quote(user)}@/{quote(dbname)}?host={quote(str(self.sock))}"
                f"&port={self.port}")

    def tls_url(self, dbname: str, user: str = SUPERUSER) -> str:
        """``dbname`` over TCP and TLS (a ``tls`` cluster), the server's certificate verified
        against the test CA: a connection without TLS, or to another server, is refused."""
        from urllib.parse import quote

        return (f"postgresql://{quote(user)}@127.0.0.1:{self.port}/{quote(dbname)}"
                f"?sslmode=verify-full&sslrootcert={quote(str(self.tls.ca))}")

    def connect(self, dbname: str = "postgres", user: str = SUPERUSER, **kwargs: Any) -> Any:
        import psycopg

        return psycopg.connect(self.dsn(dbname, user), **kwargs)

    def admin_sql(self, sql: str) -> None:
        """Run ``sql`` as the superuser outside a transaction (CREATE/DROP DATABASE)."""
        with self.connect(autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def _setup_templates(self) -> None:
        self.admin_sql(f"CREATE DATABASE {EMPTY_TEMPLATE}")
        self.admin_sql(f"CREATE DATABASE {SCHEMA_TEMPLATE}")
        from smmdesk.store.pg import schema

        with self.connect(SCHEMA_TEMPLATE) as conn:
            schema.create_schema(conn)
        self.admin_sql(f"ALTER DATABASE {EMPTY_TEMPLATE} WITH IS_TEMPLATE true")
        self.admin_sql(f"ALTER DATABASE {SCHEMA_TEMPLATE} WITH IS_TEMPLATE true")

    def new_database(self, template: str) -> str:
        with self._lock:
            self._counter += 1
            name = f"t{os.getpid()}_{self._counter}"
        self.admin_sql(f"CREATE DATABASE {name} TEMPLATE {template}")
        return name

    def drop_database(self, name: str) -> None:
        self.admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@dataclass
class PgDatabase:
    """One test's own database in the session's cluster."""

    cluster: PgCluster
    name: str

    def dsn(self, user: str = SUPERUSER) -> str:
        return self.cluster.dsn(self.name, user)

    def url(self, user: str = SUPERUSER) -> str:
        return self.cluster.url(self.name, user)

    def connect(self, user: str = SUPERUSER, **kwargs: Any) -> Any:
        return self.cluster.connect(self.name, user, **kwargs)


# ------------------------------------------------------------------------------------ fixtures


def _running_cluster(tls: Any = None) -> Iterator[PgCluster]:
    """A started cluster, stopped and removed after (PostgreSQL missing: a skip, a failure
    under CI=true)."""
    try:
        cluster = PgCluster(tls)
    except PostgresMissing as e:
        if IN_CI:
            pytest.fail(f"PostgreSQL is required under CI=true: {e}", pytrace=False)
        pytest.skip(str(e))
    began = time.monotonic()
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    print(f"\nPostgreSQL test cluster in {cluster.base} ready in "
          f"{time.monotonic() - began:.1f} s")
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """The session's throwaway cluster (started on first use, removed at the end)."""
    yield from _running_cluster()


def _database(cluster: PgCluster, template: str) -> Iterator[PgDatabase]:
    name = cluster.new_database(template)
    try:
        yield PgDatabase(cluster, name)
    finally:
        cluster.drop_database(name)


@pytest.fixture
def pg_own_cluster() -> Iterator[PgCluster]:
    """A cluster of the test's own (``pause``/``resume`` it: the session's is shared)."""
    yield from _running_cluster()


@pytest.fixture
def pg_tls_cluster(tmp_path: Path) -> Iterator[PgCluster]:
    """A cluster of the test's own that also takes TLS connections on 127.0.0.1
    (``tls_url``), with a certificate from a test CA made now (``cluster.tls.ca``)."""
    from smmdesk.tlscheck import make_certificates

    folder = tmp_path / "pg-tls"
    folder.mkdir()
    yield from _running_cluster(tls=make_certificates(folder))


@pytest.fixture
def pg_empty(pg_cluster: PgCluster) -> Iterator[PgDatabase]:
    """A fresh, empty database (no tables, no extensions)."""
    yield from _database(pg_cluster, EMPTY_TEMPLATE)


@pytest.fixture
def pg_team(pg_cluster: PgCluster) -> Iterator[PgDatabase]:
    """A fresh database holding the team schema at its newest version (created by the
    superuser, who is thereby the team's first admin)."""
    yield from _database(pg_cluster, SCHEMA_TEMPLATE)


# ------------------------------------------------------------------------------- test rows

_logins = iter(range(1, 1_000_000))


def unique_login(stem: str) -> str:
    """A login name no other test of the session uses (roles are per cluster)."""
    return f"{stem}_{os.getpid()}_{next(_logins)}"


def add_panel(conn: Any, panel_id: str = "p1", *, now_ms: int = 1_700_000_000_000) -> str:
    conn.execute("INSERT INTO smmdesk.panels (id, name, url, created_at) VALUES (%s, %s, %s, %s)",
                 (panel_id, f"Panel {panel_id}", f"https://{panel_id}.example/api/v2", now_ms))
    return panel_id


def add_order(conn: Any, panel_id: str = "p1", *, remote_id: int | None = None,
              submit_state: str = "placed", state: str = "pending", link: str = "https://x/1",
              desk_id: str | None = None, tracked: bool = False,
              now_ms: int = 1_700_000_000_000, **columns: Any) -> int:
    """One order row as the connected login would record it (placed_by is the database's)."""
    row = conn.execute(
        "INSERT INTO smmdesk.order_names (name, folded) VALUES ('Followers', 'followers') "
        "ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id").fetchone()
    names = ["panel_id", "service_id", "name_id", "service_type", "remote_id", "submit_state",
             "state", "link", "created_at", "updated_at", "desk_id", "tracked", *columns]
    values = [panel_id, 1, row[0], "Default", remote_id, submit_state, state, link, now_ms,
              now_ms, desk_id, tracked, *columns.values()]
    from psycopg import sql

    query = sql.SQL("INSERT INTO smmdesk.orders ({}) VALUES ({}) RETURNING id").format(
        sql.SQL(", ").join(sql.Identifier(n) for n in names),
        sql.SQL(", ").join(sql.Placeholder() * len(names)))
    return int(conn.execute(query, values).fetchone()[0])


def simulator_service(sim: Any) -> Any:
    """The simulator's cheapest plain service (link + quantity), as ``models.Service``."""
    from decimal import Decimal

    from smmdesk.models import Service

    row = min((s for s in sim.catalogue if s["type"] == "Default"),
              key=lambda s: Decimal(s["rate"]))
    return Service(int(row["service"]), row["name"], row["type"], row["category"],
                   Decimal(row["rate"]), int(row["min"]), int(row["max"]))
