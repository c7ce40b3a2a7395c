# syntax=docker/dockerfile:1
# PBA Cloud: one image for the web app, the standalone PBS server and the migrations.
#   docker build -t pba-cloud .
#   docker run pba-cloud            the app (migrations + first owner at start), port 3000
#   docker run pba-cloud pbs        the standalone PBS server, port 8080
#   docker run pba-cloud migrate    apply pending migrations to DATABASE_URL and exit
#   docker run pba-cloud token …    print a new API token
# compose.yaml runs the whole stack; README "Deployment" says what each variable does.
# This image was not built on the development machine (no container registry there): every
# command below is exercised outside a container by e2e/standalone.spec.ts instead.

FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
# Production dependencies only: the build tools are dependencies (package.json), and the
# postinstall generates the Prisma client from prisma/schema.prisma.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
# next build (standalone output) + the compiled entry points, laid out as the runtime needs
# them (scripts/assemble-standalone.mjs).
RUN npm run build && node scripts/assemble-standalone.mjs /out

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    PBS_PORT=8080 \
    PBA_DATA_DIR=/app/.data \
    STORAGE_DIR=/app/.data/storage
RUN groupadd --system --gid 10001 pba \
 && useradd --system --uid 10001 --gid pba --home-dir /app --no-create-home pba \
 && mkdir -p /app/.data && chown pba:pba /app/.data
COPY --from=build --chown=pba:pba /out ./
USER pba
EXPOSE 3000 8080
# The app answers /api/health on PORT, the PBS /health on PBS_PORT (HEALTH_URL overrides).
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "const u=process.env.HEALTH_URL||`http://127.0.0.1:${process.env.PORT}/api/health`;fetch(u).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]
CMD ["app"]
