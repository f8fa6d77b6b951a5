"""Choose the database from the environment.

SQLite is the embedded default so that `make run` needs no server. It is tuned
for a web process and a task worker writing at the same time: WAL lets readers
go on while one writer writes, IMMEDIATE transactions take the write lock at
the start (so two writers queue instead of failing half-way with "database is
locked"), and the busy timeout makes a waiting writer wait instead of erroring.
`DATABASE_URL` switches to PostgreSQL (or anything dj-database-url knows).
"""

import os

import dj_database_url

SQLITE_INIT_COMMAND = (
    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
)


def database_from_environment(base_dir):
    url = os.environ.get("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", str(base_dir / "db.sqlite3")),
        "OPTIONS": {
            "init_command": SQLITE_INIT_COMMAND,
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }
