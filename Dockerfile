# syntax=docker/dockerfile:1
#
# The code-interpreter CLI as a container image: by default a sandbox host on NATS
# (`code-interpreter host --nats nats://nats:4222`); `mcp --http ... --nats ...` runs the MCP front
# end from the same image. Kubernetes manifests: deploy/kubernetes (see deploy/README.md).
#
#   docker build -t code-interpreter .
#   docker run --rm code-interpreter --help
#
# Nothing secret is baked in: MCP tokens come from a mounted file (--tokens-file) or a variable
# (--token-env) at run time, and secret headers (--secret-header) from the environment.

# ---- build: install, build, and prune to the CLI's production dependencies -------------------
FROM node:24-bookworm AS build
WORKDIR /src
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0 CI=true
# pnpm at the version package.json's packageManager names.
RUN corepack enable
COPY . .
# The root (tsup, typescript) and the CLI with its workspace packages; the examples are not needed.
RUN pnpm install --frozen-lockfile --filter . --filter "@code-interpreter/cli..."
RUN pnpm --filter "@code-interpreter/cli..." run build
# /app: the CLI's package (dist, bin) and its production node_modules, the workspace packages
# copied in as they would be published (their "files": dist, and core's python/). --legacy:
# pnpm 10 otherwise wants injectWorkspacePackages in pnpm-workspace.yaml. node-linker=hoisted:
# a flat node_modules, because a worker boxed by bubblewrap sees only the folders core binds
# (core, isolated-vm's and pyodide's node_modules); in pnpm's isolated layout the links from core
# to isolated-vm sit in a folder the box does not show, and workers fail with "Cannot find module
# 'isolated-vm'" (seen when the same steps were run outside Docker).
RUN pnpm --filter @code-interpreter/cli deploy --prod --legacy --config.node-linker=hoisted /app \
  && test -f /app/dist/cli.js \
  && node /app/dist/cli.js --version

# ---- runtime --------------------------------------------------------------------------------
FROM node:24-bookworm-slim AS runtime
# bubblewrap and python3 (+ the usual data packages) serve `--python native`: each Python program
# runs in its own bubblewrap box. bubblewrap needs unprivileged user namespaces, which Debian's
# kernel allows but a container runtime's default seccomp profile (Docker's, containerd's
# RuntimeDefault) and AppArmor profile forbid, and mounting /proc in the box needs an unmasked
# /proc. Where the platform does not allow that (most clusters, gVisor), run the host with the
# default `--python pyodide`: JavaScript, TypeScript and Pyodide need none of it (workers then run
# unboxed, isolated-vm isolates being the boundary, under the container's own isolation). See
# deploy/README.md for the native-Python settings and for gVisor.
# tini is PID 1: it forwards SIGTERM to node and reaps the sandboxes' orphaned processes.
RUN apt-get update \
  && apt-get install -y --no-install-recommends \
    bubblewrap tini ca-certificates \
    python3 python3-numpy python3-pandas python3-matplotlib python3-requests \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --gid 10001 code-interpreter \
  && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin code-interpreter
COPY --from=build --chown=root:root /app /app
WORKDIR /app
# HOME and the workspaces (os.tmpdir()) live in /tmp, so the root filesystem can be read-only.
ENV NODE_ENV=production HOME=/tmp TMPDIR=/tmp
# Numeric, so Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
# The default command, a sandbox host, serves no HTTP port to check: a host whose NATS connection
# drops reconnects by itself, and a fatal error ends the process. `mcp --http` has one (see the
# MCP Deployment's probes on /.well-known/oauth-protected-resource).
HEALTHCHECK NONE
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/dist/cli.js"]
CMD ["host", "--nats", "nats://nats:4222"]
