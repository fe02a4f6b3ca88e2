#!/usr/bin/env bash
# Lets integration tests stop and start the test suite's own servers: test-services.sh {pg|rabbit} {stop|start}
source "$(dirname "$0")/lib.sh"
case "$1:$2" in
  pg:stop) pg_stop test-pg ;;
  pg:start) pg_start test-pg 55433 ;;
  rabbit:stop) rabbit_stop test-rabbit 5673 ;;
  rabbit:start) rabbit_start test-rabbit 5673 15673 ;;
  *) echo "usage: test-services.sh {pg|rabbit} {stop|start}" >&2; exit 2 ;;
esac
