# syntax=docker/dockerfile:1

# The Scorebridge server image: `serve` (HTTP API, the default) or `worker` (background jobs).
# Both apply pending migrations on start, under an advisory lock, so there is no migrate step.
#
#   docker build --build-arg SCOREBRIDGE_COMMIT=$(git rev-parse HEAD) -t scorebridge .
#   docker run -e DATABASE_URL=postgres://... -p 8080:8080 scorebridge
#   docker run -e DATABASE_URL=postgres://... --no-healthcheck scorebridge worker

FROM node:22-bookworm-slim AS deps
WORKDIR /app

# Manifests first, so that a change to the sources does not invalidate the installed modules.
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY backend/package.json backend/
COPY addin/package.json addin/

# There is no build step (Node strips the types at run time), so development dependencies are
# never installed here: that keeps them out of the image instead of pruning them in a later layer,
# which would not make the image any smaller. The optional dependencies are the embedded PostgreSQL
# binaries (about 60 MB) and pg-cloudflare, neither of which a container uses: it is given
# DATABASE_URL. With those omitted the only install script left is @scarf/scarf's telemetry, which
# the allowScripts field denies; --ignore-scripts enforces that on npm versions that do not read
# allowScripts.
RUN npm ci --omit=dev --omit=optional --ignore-scripts \
 && npm cache clean --force

COPY shared/src shared/src
COPY backend/bin backend/bin
COPY backend/src backend/src
COPY backend/drizzle backend/drizzle

# Tests live next to the code they test; they are not needed to run it. Loading the CLI loads the
# whole module graph, so the build fails here, not at start, when production code imports a
# development dependency.
RUN find shared/src backend/src -name '*.test.ts' -delete \
 && node backend/bin/scorebridge.ts --help > /dev/null


# The Excel add-in (worksheet functions and task pane) is bundled by esbuild, a development
# dependency, so it is built in a stage of its own and only its output reaches the runtime image.
# Optional dependencies stay: esbuild's binary for this platform is one.
FROM node:22-bookworm-slim AS addin
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY backend/package.json backend/
COPY addin/package.json addin/
RUN npm ci --ignore-scripts --workspace @scorebridge/addin --workspace @scorebridge/shared \
 && npm cache clean --force
COPY shared/src shared/src
COPY addin/src addin/src
COPY addin/scripts addin/scripts
COPY addin/tsconfig.json addin/
COPY manifests manifests
RUN node addin/scripts/build.ts


FROM node:22-bookworm-slim AS runtime
WORKDIR /app

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080

# Owned by root and read-only to the `node` user that runs the server: it writes nothing here.
# The workspace links in node_modules/@scorebridge point at ../../shared and ../../backend, which
# resolve because both stages use the same working directory.
COPY --from=deps /app/node_modules node_modules
COPY --from=deps /app/package.json package.json
COPY --from=deps /app/shared shared
COPY --from=deps /app/backend backend
COPY --from=addin /app/addin/dist addin/dist

USER node
EXPOSE 8080

# Liveness of the HTTP API. Slim images have no curl, so node's fetch does the request. A `worker`
# container serves no HTTP and must disable this check (compose.yaml does).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health', { signal: AbortSignal.timeout(4000) }).then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1))"]

# Last, so that a new commit only changes the final layer. /version reports it; without it the
# version falls back to reading .git, which the image does not contain.
ARG SCOREBRIDGE_COMMIT
ENV SCOREBRIDGE_COMMIT=${SCOREBRIDGE_COMMIT}

ENTRYPOINT ["node", "--no-memory-reducer", "backend/bin/scorebridge.ts"]
CMD ["serve"]
