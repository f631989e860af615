#!/usr/bin/env bash
# Runs Debian's PostgreSQL as a plain process for the AppHost when no container runtime exists.
# Environment: PGPORT (given by Aspire), PG_DATA_DIR, PG_BIN, POSTGRES_PASSWORD.
set -euo pipefail
: "${PGPORT:?}" "${PG_DATA_DIR:?}" "${PG_BIN:?}" "${POSTGRES_PASSWORD:?}"
data="$PG_DATA_DIR/data"
sock="$PG_DATA_DIR/run"
mkdir -p "$PG_DATA_DIR" "$sock"

# PostgreSQL refuses to run as root: then every server binary runs as the postgres user.
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown -R postgres:postgres "$PG_DATA_DIR"
  as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups)
fi

if [ ! -f "$data/PG_VERSION" ]; then
  pwfile="$PG_DATA_DIR/.pwfile"
  ( umask 077; printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile" )
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pwfile"
  echo "Initialising a new PostgreSQL cluster in $data"
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$data" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
else
  # The password parameter may have been regenerated since the cluster was made: set it again,
  # in single-user mode, without ever putting it on a command line.
  printf "ALTER ROLE postgres PASSWORD '%s';\n" "${POSTGRES_PASSWORD//\'/\'\'}" \
    | "${as_pg[@]}" "$PG_BIN/postgres" --single -D "$data" postgres >/dev/null
fi

echo "Starting PostgreSQL on 127.0.0.1:$PGPORT"
exec "${as_pg[@]}" "$PG_BIN/postgres" -D "$data" -k "$sock" -p "$PGPORT" -c listen_addresses=127.0.0.1
