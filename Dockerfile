# syntax=docker/dockerfile:1
#
# One image for the whole StreamForge workspace: the four services, the topic initialiser and the
# migration runner all start from it, each with its own command, e.g.
#   docker run streamforge:local node services/cep-engine/dist/main.js
#   docker run -e KAFKA_BROKERS=... streamforge:local node infrastructure/local/dist/cli.js topics
# docker-compose.kafka.yml sets the command per service.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------------
# base: Node 20 plus the pnpm release the repository pins (`packageManager` in package.json).
# corepack is not used: it is unreliable behind proxies and in offline builds.
# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
ARG PNPM_VERSION=10.34.8
ENV TURBO_TELEMETRY_DISABLED=1 \
    DO_NOT_TRACK=1 \
    CI=true
RUN npm install -g pnpm@${PNPM_VERSION} \
 && npm cache clean --force \
 && pnpm --version
WORKDIR /app

# ---------------------------------------------------------------------------------------------------
# builder: resolve every dependency from the lockfile, then build every package's dist/ with turbo.
# The lockfile is fetched before the sources are copied, so source edits reuse the dependency layer.
# ---------------------------------------------------------------------------------------------------
FROM base AS builder
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
RUN --mount=type=cache,id=streamforge-pnpm-store,target=/pnpm/store \
    pnpm fetch --store-dir /pnpm/store
COPY . .
RUN --mount=type=cache,id=streamforge-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --prefer-offline --store-dir /pnpm/store
RUN pnpm build

# ---------------------------------------------------------------------------------------------------
# prod: the built workspace with production dependencies only (no typescript, jest, turbo, eslint...).
# Every node_modules is removed and re-linked from the store with --prod: installing --prod over the
# full install would unlink the devDependencies but leave them in node_modules/.pnpm.
# ---------------------------------------------------------------------------------------------------
FROM builder AS prod
RUN --mount=type=cache,id=streamforge-pnpm-store,target=/pnpm/store \
    find . -name node_modules -type d -prune -exec rm -rf {} + \
 && pnpm install --prod --frozen-lockfile --prefer-offline --store-dir /pnpm/store \
 && find . -name node_modules -prune -o \( -name '*.tsbuildinfo' -o -name .turbo \) -prune -exec rm -rf {} +

# ---------------------------------------------------------------------------------------------------
# runtime: no build tools, no pnpm, an unprivileged user. Files stay root-owned (read-only to the app).
# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="streamforge" \
      org.opencontainers.image.description="StreamForge services: ingestion, stream-processor, cep-engine, alert-engine" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    LOG_LEVEL=info \
    STREAMFORGE_TOPICS_FILE=/app/infrastructure/topics.yaml
WORKDIR /app
COPY --from=prod /app /app
USER node
# ingestion, stream-processor, cep-engine, alert-engine (HTTP_PORT per service)
EXPOSE 8080 8081 8082 8083
# The services finish in-flight work on SIGTERM; give the container runtime a matching grace period
# (compose: stop_grace_period).
STOPSIGNAL SIGTERM
# Overridden per service, e.g. ["node", "services/stream-processor/dist/main.js"].
CMD ["node", "services/ingestion/dist/main.js"]
