#!/usr/bin/env bash
# Replays each image's build stage without a Docker engine (none runs on these machines): in an empty
# directory, its copies and its dotnet commands in order (restore from the project files alone, then
# publish). A project the image needs but the restore layer does not copy fails here as it fails in
# `docker build`: the service's image lost src/Domain that way when the domain moved into a project of its own
# (the restore only warns; the publish with --no-restore then finds no assets for it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[consent] %s\n' "$*" >&2; }

# The .dockerignore patterns that hold anywhere in the tree (**/NAME or **/NAME/), as tar's unanchored excludes.
excludes=()
while read -r pattern; do
  [[ "$pattern" =~ ^\*\*/([^/]+)/?$ ]] && excludes+=("--exclude=${BASH_REMATCH[1]}")
done < "$ROOT/.dockerignore"

# replay DOCKERFILE WORK: runs the build stage's COPY and dotnet RUN lines in WORK, sources from the repository root.
replay() {
  local dockerfile="$1" work="$2" workdir="/" in_build=0 ran=0 instruction rest
  while read -r instruction rest; do
    if [ "$instruction" = FROM ]; then
      [[ "$rest" == *" AS build" ]] || break
      in_build=1
      continue
    fi
    [ "$in_build" = 1 ] || continue
    case "$instruction" in
      # BuildKit gives TARGETARCH in Docker's names (amd64, arm64), as Debian names its own.
      ARG) if [ "$rest" = TARGETARCH ]; then TARGETARCH="$(dpkg --print-architecture)"; fi ;;
      WORKDIR) workdir="$rest"; mkdir -p "$work$workdir" ;;
      COPY)
        [[ "$rest" == --* ]] && continue
        local -a parts
        read -ra parts <<< "$rest"
        local destination="${parts[-1]}" source
        unset 'parts[-1]'
        for source in "${parts[@]}"; do
          if [ -d "$ROOT/$source" ]; then
            # Docker copies a directory's contents, without what .dockerignore leaves out anywhere in the tree
            # (**/bin/, **/obj/: a local build's restore must not stand in for the image's).
            mkdir -p "$work$workdir/$destination"
            tar -C "$ROOT/$source" "${excludes[@]}" -cf - . | tar -C "$work$workdir/$destination" -xf -
          else
            # A destination ending in / is a directory the file goes into; otherwise the file's new name.
            if [[ "$destination" == */ ]]; then mkdir -p "$work$workdir/$destination"; else mkdir -p "$(dirname "$work$workdir/$destination")"; fi
            cp "$ROOT/$source" "$work$workdir/$destination"
          fi
        done
        ;;
      RUN)
        [[ "$rest" == "dotnet "* ]] || continue
        log "$(basename "$dockerfile"): $rest"
        # The image's absolute paths (publish -o /app) land in the replay's directory.
        (cd "$work$workdir" && eval "${rest//-o \//-o $work/} -nologo -v q") || return 1
        ran=1
        ;;
    esac
  done < "$dockerfile"
  [ "$ran" = 1 ] || { log "$(basename "$dockerfile") runs no dotnet command in a build stage named build"; return 1; }
}

status=0
for dockerfile in "$ROOT/Dockerfile" "$ROOT/Dockerfile.portal"; do
  work="$(mktemp -d)"
  replay "$dockerfile" "$work" || { log "$(basename "$dockerfile"): its build stage fails"; status=1; }
  rm -rf "$work"
done
exit "$status"
