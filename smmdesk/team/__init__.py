"""A team on one workspace: its members and what each may do (Qt-free).

The rights themselves are the database's (``smmdesk.store.pg.schema``: PostgreSQL roles,
GRANTs and row-level security); ``smmdesk.team.users`` adds and lists the team's logins.
Nothing here is imported at start-up: these modules load psycopg, which only a team store needs.
"""
