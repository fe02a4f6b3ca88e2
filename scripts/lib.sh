# Shared helpers of run.sh and test.sh: install what a fresh Debian machine lacks, and start and
# stop a PostgreSQL cluster and a RabbitMQ node of the project's own, on loopback, under .data/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN="/usr/lib/postgresql/15/bin"
RABBIT_BIN="/usr/lib/rabbitmq/bin"

log() { printf '[consent] %s\n' "$*" >&2; }

ensure_prerequisites() {
  local missing=()
  [ -x "$PG_BIN/initdb" ] || missing+=(postgresql)
  [ -f /usr/share/postgresql/15/extension/pg_trgm.control ] || missing+=(postgresql-contrib)
  [ -x "$RABBIT_BIN/rabbitmq-server" ] || missing+=(rabbitmq-server)
  command -v curl >/dev/null || missing+=(curl)
  command -v python3 >/dev/null || missing+=(python3)
  # The portal formats dates per language (ICU); its browser tests drive Debian's Chromium.
  ldconfig -p | grep 'libicuuc\.so' >/dev/null || missing+=(libicu72)
  # The service counts a minor's age on Belgium's calendar (Consent:TimeZone, Europe/Brussels).
  [ -f /usr/share/zoneinfo/Europe/Brussels ] || missing+=(tzdata)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if ! command -v dotnet >/dev/null; then
    log "the .NET 10 SDK is required (dotnet on PATH)"; exit 1
  fi
  # Debian's package starts its own broker and cluster; ours run beside them on other ports.
}

# pg_start NAME PORT: a cluster in .data/NAME owned by the postgres user, with database and
# role "consent" (password "consent"), listening on 127.0.0.1:PORT only.
pg_start() {
  local name="$1" port="$2" dir="$ROOT/.data/$1"
  mkdir -p "$ROOT/.data"
  chmod 755 "$ROOT/.data"
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "creating PostgreSQL cluster $dir"
    rm -rf "$dir"; mkdir -p "$dir"; chown postgres:postgres "$dir"; chmod 700 "$dir"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$dir" -U postgres --auth-local=trust --auth-host=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 256MB
idle_in_transaction_session_timeout = '60s'
log_min_messages = warning
# The access log writes a steady stream of WAL. With the defaults (1 GB, 5 min) a checkpoint starts every few minutes
# under load, and the full-page images after it and the new WAL segments it leaves to create stall commits for tens
# of milliseconds: every decision waiting for its log entry waits with them. Fewer, spread checkpoints, and
# segments kept for reuse.
max_wal_size = 4GB
min_wal_size = 1GB
checkpoint_timeout = 15min
# Full-page images are most of the WAL after a checkpoint, and autovacuum writes one for every page it cleans:
# on the million-patient store, commands wrote 7 KB of WAL a command in the harness (0.6 images each), up to
# 19 KB in a window with autovacuum at work, against 2.6 KB without images. lz4 compresses the images cheaply.
wal_compression = lz4
CONF
  fi
  if ! runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    # 9>&-: the server must not inherit the build lock that test.sh and bench/run.sh hold on fd 9.
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -o "-p $port" start >/dev/null 9>&-
  fi
  runuser -u postgres -- psql -h 127.0.0.1 -p "$port" -U postgres -qtAc \
    "select 1 from pg_roles where rolname = 'consent'" | grep -q 1 ||
    runuser -u postgres -- psql -h 127.0.0.1 -p "$port" -U postgres -qc "create role consent login password 'consent' superuser"
  runuser -u postgres -- psql -h 127.0.0.1 -p "$port" -U postgres -qtAc \
    "select 1 from pg_database where datname = 'consent'" | grep -q 1 ||
    runuser -u postgres -- psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database consent owner consent"
  log "PostgreSQL ready on 127.0.0.1:$port"
}

pg_stop() {
  local dir="$ROOT/.data/$1"
  [ -f "$dir/PG_VERSION" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

# rabbit_env NAME PORT: the environment of a RabbitMQ node of our own (data, logs, cookie in .data/NAME).
rabbit_env() {
  local name="$1" port="$2" dir="$ROOT/.data/$1"
  export HOME="$dir" RABBITMQ_NODENAME="$name@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$port" RABBITMQ_DIST_PORT=$((port + 20000)) \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_PID_FILE="$dir/rabbit.pid" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
}

# rabbit_start NAME PORT MGMT_PORT: a broker on 127.0.0.1:PORT with management on MGMT_PORT and a
# user "consent" (password "consent") for the service itself.
rabbit_start() {
  local name="$1" port="$2" mgmt="$3" dir="$ROOT/.data/$1"
  mkdir -p "$dir/log" "$dir/mnesia"
  # Erlang writes crash dumps to the working directory: keep them with the node's data.
  ( cd "$dir"; rabbit_env "$name" "$port"
    printf 'listeners.tcp.default = 127.0.0.1:%s\nmanagement.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %s\nloopback_users = none\n' "$port" "$mgmt" > "$dir/rabbitmq.conf"
    printf '[rabbitmq_management].\n' > "$dir/enabled_plugins"
    echo '[].' > "$dir/advanced.config"
    if ! "$RABBIT_BIN/rabbitmqctl" -q status >/dev/null 2>&1; then
      log "starting RabbitMQ node $name on 127.0.0.1:$port"
      "$RABBIT_BIN/rabbitmq-server" -detached >/dev/null 2>&1 9>&-
      for _ in $(seq 1 60); do
        "$RABBIT_BIN/rabbitmqctl" -q await_startup >/dev/null 2>&1 && break
        sleep 1
      done
    fi
    # After a crash the node can answer await_startup before list_users sees its users: a failed add_user is
    # only an error if the user is still not there (the fault suite restarts killed brokers and met this).
    "$RABBIT_BIN/rabbitmqctl" -q list_users 2>/dev/null | grep -q '^consent' || {
      "$RABBIT_BIN/rabbitmqctl" -q add_user consent consent >/dev/null 2>&1 || {
        sleep 1
        "$RABBIT_BIN/rabbitmqctl" -q list_users 2>/dev/null | grep -q '^consent' || { log "could not create the RabbitMQ user consent"; exit 1; }
      }
      "$RABBIT_BIN/rabbitmqctl" -q set_user_tags consent administrator >/dev/null
      "$RABBIT_BIN/rabbitmqctl" -q set_permissions -p / consent '.*' '.*' '.*' >/dev/null
    }
  )
  log "RabbitMQ ready on 127.0.0.1:$port (management on $mgmt)"
}

rabbit_stop() {
  [ -d "$ROOT/.data/$1" ] || return 0
  ( cd "$ROOT/.data/$1"; rabbit_env "$1" "$2"; "$RABBIT_BIN/rabbitmqctl" -q stop >/dev/null 2>&1 || true )
}

# rabbitmqctl for one of our nodes: rabbit_ctl NAME PORT args...
rabbit_ctl() {
  local name="$1" port="$2"; shift 2
  ( rabbit_env "$name" "$port"; "$RABBIT_BIN/rabbitmqctl" "$@" )
}
