# The `aqe telemetry` CLI image: the report CronJobs and the feedback controller of out/k8s run it
# (deploy/k8s/reports.ts and feedback.ts pass only args, `telemetry report <name> ...` and
# `telemetry feedback serve ...`, so the ENTRYPOINT is the package's bin).
# Build from a checkout after `npm ci && npm run build` (docs/quickstart.md, section 6); the tag is
# DEPLOY.images.cli in deploy/config.ts, which test/package/pack-install.test.ts checks.
# Node 20: the version the dependency pins of package.json are chosen for (/work/shared/TOOLCHAIN.md).
FROM node:20.20.2-bookworm-slim

WORKDIR /opt/aqe-telemetry
ENV NODE_ENV=production
# The lock file makes the image's dependencies the ones the tests ran with.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# Only what the package ships (package.json "files"): compiled JS and the resolved model.
COPY dist/ ./dist/

# The `node` user (uid 1000) of the official image: the pods' runAsUser.
USER node
ENTRYPOINT ["node", "/opt/aqe-telemetry/dist/cli/aqe.js"]
CMD ["telemetry", "--help"]
