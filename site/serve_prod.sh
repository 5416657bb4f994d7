#!/usr/bin/env bash
# `make serve-prod`: the production settings on this machine, for the load test. One gunicorn
# (site/gunicorn.conf.py) and one task worker (`manage.py db_worker`) against the local
# PostgreSQL and Redis; Ctrl-C (or SIGTERM) stops both. Every variable of the production
# settings can be overridden from the environment; the defaults below are for a loopback run
# only (plain HTTP, no SMTP, media served by Django).
#
#   make serve-prod                      # http://127.0.0.1:8000/
#   SEED=1 PORT=8100 make serve-prod     # also seed the demo content
#   COLLECTSTATIC=0 make serve-prod      # a repeat run: keep the static files collected before
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

export DJANGO_SETTINGS_MODULE=lmssite.settings.production
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cds_prod}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export GUNICORN_BIND=${GUNICORN_BIND:-$HOST:$PORT}
export WAGTAILADMIN_BASE_URL=${WAGTAILADMIN_BASE_URL:-http://$HOST:$PORT}
# Plain HTTP on the loopback: no redirect to HTTPS, cookies without the Secure flag (a client
# would not send them back over HTTP).
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-0}
export SECURE_COOKIES=${SECURE_COOKIES:-0}
export SERVE_MEDIA=${SERVE_MEDIA:-1}
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}
export STATIC_ROOT=${STATIC_ROOT:-var/prod/static}
export MEDIA_ROOT=${MEDIA_ROOT:-var/prod/media}
mkdir -p var/prod "$STATIC_ROOT" "$MEDIA_ROOT"

# A secret key made once for this machine and kept in var/ (git-ignored); a real deployment
# sets SECRET_KEY itself (the production settings have no default).
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s var/prod/secret-key ] || (umask 077 && "$BIN/python" -c \
    'import secrets; print(secrets.token_urlsafe(50))' >var/prod/secret-key)
  SECRET_KEY=$(cat var/prod/secret-key)
  export SECRET_KEY
fi

# The database, created when missing (the server must be running).
"$BIN/python" - <<'EOF'
import os

import dj_database_url
import psycopg
from psycopg import sql

config = dj_database_url.parse(os.environ["DATABASE_URL"])
params = {
    "host": config.get("HOST") or None,
    "port": config.get("PORT") or None,
    "user": config.get("USER") or None,
    "password": config.get("PASSWORD") or None,
}
with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
    name = config["NAME"]
    if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"Created the database {name}")
EOF

"$BIN/python" manage.py migrate --noinput
# COLLECTSTATIC=0 skips it on a repeat run (hashing and compressing takes most of a minute).
if [ "${COLLECTSTATIC:-1}" = "1" ]; then
  "$BIN/python" manage.py collectstatic --noinput --verbosity 0
fi
if [ "${SEED:-0}" = "1" ]; then
  "$BIN/python" manage.py seed_demo
fi

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
}
trap stop INT TERM EXIT

"$BIN/python" manage.py db_worker &
pids+=($!)
"$BIN/gunicorn" -c site/gunicorn.conf.py &
pids+=($!)
echo "serve-prod: gunicorn on http://$GUNICORN_BIND/ and a task worker (Ctrl-C stops both)" >&2
# Whichever stops first (or Ctrl-C) stops the other.
wait -n "${pids[@]}" || true
