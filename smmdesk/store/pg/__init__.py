"""The PostgreSQL engine of a team workspace (groundwork: the repositories come with the store's
split into composed repositories).

* ``location``: the ``store=`` string (``postgresql://user@host/db?…``), ``SMMDESK_STORE`` and
  ``--store``; checked (no password in it), read by libpq's own parser. Imports no driver until
  a PostgreSQL address is actually given, so the SQLite app never loads psycopg at start-up.
* ``connection``: opening a connection (password from the OS keyring, ``PGPASSFILE`` or a
  Unix-socket/peer login; TLS options passed through).
* ``schema``: the team schema as migration steps of its own (``schema_version``), the roles'
  privileges and row-level security.
* ``live``: the primitives the engine builds on — change notifications (LISTEN/NOTIFY), a
  per-panel advisory lock, desk heartbeats, row claims (``FOR UPDATE SKIP LOCKED``) and
  compare-and-swap.
* ``feed``: a desk's feed of its colleagues' changes (``Workspace.wait_changes``), over
  ``live.ChangeListener``.

docs/dev/team-store.md says how the SQLite schema maps onto PostgreSQL and why.
"""
