"""The benchmarks' own PostgreSQL databases on this machine (127.0.0.1:5432, user postgres)."""

from __future__ import annotations

SERVER = "postgresql://postgres@127.0.0.1:5432"


def ensure_database(name: str, *, fresh: bool = False) -> str:
    """Create the database `name` when it is missing (drop it first with `fresh`); return its
    URL. Only the benchmarks' own databases are named here."""
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            db.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            db.execute(f'CREATE DATABASE "{name}"')
    return f"{SERVER}/{name}"
