#!/bin/sh
# PostgreSQL for Licita.
#   POSTGRES_ROLE=primary (default): on first start, initdb (scram-sha-256), a database POSTGRES_DB owned by
#     POSTGRES_USER (no superuser: it owns its schema and creates trusted extensions such as pg_trgm), and a
#     replication role REPLICATION_USER; WAL kept for standbys (wal_level=replica), archived to
#     $PGDATA/../wal-archive when ARCHIVE_WAL=on (copy that folder off the host for point-in-time recovery).
#   POSTGRES_ROLE=standby: on first start, pg_basebackup from PRIMARY_HOST through a replication slot
#     (REPLICATION_SLOT, default standby1, made by the primary from REPLICATION_SLOTS), then a hot standby that serves reads (READ_DATABASE_URL).
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"
ROLE="${POSTGRES_ROLE:-primary}"
REPLICATION_USER="${REPLICATION_USER:-replicator}"

mkdir -p "$PGDATA" /var/run/postgresql
chown postgres:postgres "$PGDATA" /var/run/postgresql
chmod 0700 "$PGDATA"
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

initialise_primary() {
  : "${POSTGRES_USER:?POSTGRES_USER}" "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD}" "${POSTGRES_DB:?POSTGRES_DB}"
  : "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD}"
  as_postgres initdb -D "$PGDATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '*'
password_encryption = scram-sha-256
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
wal_keep_size = '1GB'
hot_standby = on
hot_standby_feedback = on
# A client that vanishes (a killed container) releases its locks within about 25 s, not two hours.
tcp_keepalives_idle = 10
tcp_keepalives_interval = 5
tcp_keepalives_count = 3
max_connections = ${MAX_CONNECTIONS:-200}
shared_buffers = '${SHARED_BUFFERS:-256MB}'
CONF
  if [ "${ARCHIVE_WAL:-off}" = on ]; then
    mkdir -p "$PGDATA/../wal-archive" && chown postgres:postgres "$PGDATA/../wal-archive"
    printf "archive_mode = on\narchive_command = 'test ! -f ../wal-archive/%%f && cp %%p ../wal-archive/%%f'\n" >>"$PGDATA/postgresql.conf"
  fi
  printf 'host replication %s all scram-sha-256\nhost all all all scram-sha-256\n' "$REPLICATION_USER" >>"$PGDATA/pg_hba.conf"
  as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  as_postgres psql -v ON_ERROR_STOP=1 -q -d postgres \
    -v app="$POSTGRES_USER" -v app_password="$POSTGRES_PASSWORD" -v db="$POSTGRES_DB" \
    -v replicator="$REPLICATION_USER" -v replicator_password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE :"app" LOGIN PASSWORD :'app_password';
CREATE DATABASE :"db" OWNER :"app";
CREATE ROLE :"replicator" LOGIN REPLICATION PASSWORD :'replicator_password';
SQL
  # One physical slot per standby (REPLICATION_SLOTS, comma-separated): WAL stays until each has it.
  for slot in $(echo "${REPLICATION_SLOTS:-standby1}" | tr ',' ' '); do
    as_postgres psql -q -d postgres -c "SELECT pg_create_physical_replication_slot('$slot')" >/dev/null
  done
  as_postgres pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
}

initialise_standby() {
  : "${PRIMARY_HOST:?PRIMARY_HOST}" "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD}"
  until pg_isready -q -h "$PRIMARY_HOST"; do sleep 1; done
  PGPASSWORD="$REPLICATION_PASSWORD" as_postgres pg_basebackup -h "$PRIMARY_HOST" -U "$REPLICATION_USER" \
    -D "$PGDATA" -X stream -R -S "${REPLICATION_SLOT:-standby1}"
}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  case "$ROLE" in
    primary) initialise_primary ;;
    standby) initialise_standby ;;
    *) echo "POSTGRES_ROLE must be primary or standby, not $ROLE" >&2; exit 64 ;;
  esac
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA"
