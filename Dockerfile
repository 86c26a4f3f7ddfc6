# One image for every platform service; the compose file (and Kubernetes) picks the entry point.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY infra ./infra
# Reference data hub-registry loads at start (regions, ICBs and their 2026 successions).
COPY services/hub-registry/reference ./services/hub-registry/reference
# The development signing key lives here in local Docker runs (a volume shared by the services).
RUN mkdir -p /app/.local/auth && chown -R node:node /app/.local
USER node
# Overridden per service, e.g. dist/services/placements/src/main.js
CMD ["node", "--enable-source-maps", "dist/services/gateway/src/main.js"]
