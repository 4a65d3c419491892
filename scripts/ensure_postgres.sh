#!/usr/bin/env bash
# Prints a DATABASE_URL for a running PostgreSQL: the machine's on 127.0.0.1:5432 if it answers,
# else the Debian cluster started, else a throwaway cluster in var/pg (installing PostgreSQL if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && psql -h 127.0.0.1 -U postgres -c 'select 1' -tA >/dev/null 2>&1; then
  echo "postgres://postgres@127.0.0.1:5432/${SAFECONTACT_PG_DB:-safecontact}"; exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql/*/main >/dev/null 2>&1; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start >/dev/null 2>&1 || true
  sleep 1
  if pg_isready -q -h 127.0.0.1 -p 5432 && psql -h 127.0.0.1 -U postgres -c 'select 1' -tA >/dev/null 2>&1; then
    echo "postgres://postgres@127.0.0.1:5432/${SAFECONTACT_PG_DB:-safecontact}"; exit 0
  fi
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  [ "$(id -u)" = "0" ] || { echo "PostgreSQL is not installed and installing it needs root" >&2; exit 1; }
  echo "==> Installing Debian PostgreSQL" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-upgrade postgresql >/dev/null
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DIR=$(pwd)/var/pg; PORT=55432
mkdir -p var
if [ ! -f "$DIR/PG_VERSION" ]; then
  mkdir -p "$DIR"; chown postgres "$DIR" 2>/dev/null || true
  runas() { if [ "$(id -u)" = "0" ]; then su postgres -c "$*"; else bash -c "$*"; fi; }
  runas "$BIN/initdb -D $DIR -U postgres --auth=trust" >/dev/null
fi
runas() { if [ "$(id -u)" = "0" ]; then su postgres -c "$*"; else bash -c "$*"; fi; }
if ! pg_isready -q -h 127.0.0.1 -p $PORT 2>/dev/null; then
  runas "$BIN/pg_ctl -D $DIR -l $DIR/log -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off' -w start" >&2
fi
echo "postgres://postgres@127.0.0.1:$PORT/safecontact"
