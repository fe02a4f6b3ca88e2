#!/usr/bin/env bash
# Lets integration tests stop, start and crash the test suite's own servers:
# test-services.sh {pg|rabbit} {stop|start|kill}
# kill is SIGKILL to PostgreSQL's postmaster or to the broker's Erlang VM (a crash, not a shutdown);
# it returns once the processes are gone, so that start then runs crash recovery.
source "$(dirname "$0")/lib.sh"

# wait_gone PID...: until none of the processes is alive (at most 20 s).
wait_gone() {
  local pid alive
  for _ in $(seq 1 200); do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && return 0
    sleep 0.1
  done
  log "processes $* still alive 20 s after SIGKILL"; return 1
}

pg_kill() {
  local dir="$ROOT/.data/$1" pid children
  [ -f "$dir/postmaster.pid" ] || return 0
  pid=$(head -1 "$dir/postmaster.pid")
  # Its backends notice the postmaster's death and exit; a new postmaster cannot start while one
  # of them still holds the old shared memory, so wait for them too.
  # (From /proc: a fresh Debian machine may lack procps.)
  children=$(grep -l "^PPid:[[:space:]]*$pid\$" /proc/[0-9]*/status 2>/dev/null | cut -d/ -f3 || true)
  kill -9 "$pid" 2>/dev/null || true
  # shellcheck disable=SC2086
  wait_gone "$pid" $children
}

rabbit_kill() {
  local pid_file="$ROOT/.data/$1/rabbit.pid" pid
  [ -f "$pid_file" ] || { log "no $pid_file"; return 1; }
  pid=$(cat "$pid_file")
  kill -9 "$pid" 2>/dev/null || true
  wait_gone "$pid"
}

case "$1:$2" in
  pg:stop) pg_stop test-pg ;;
  pg:start) pg_start test-pg 55433 ;;
  pg:kill) pg_kill test-pg ;;
  rabbit:stop) rabbit_stop test-rabbit 5673 ;;
  rabbit:start) rabbit_start test-rabbit 5673 15673 ;;
  rabbit:kill) rabbit_kill test-rabbit ;;
  *) echo "usage: test-services.sh {pg|rabbit} {stop|start|kill}" >&2; exit 2 ;;
esac
