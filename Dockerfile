# syntax=docker/dockerfile:1
# Build stage: install everything, compile, then drop dev dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# The npm workspace: the root, the SDK and the web app install together.
COPY package.json package-lock.json ./
COPY sdk/package.json ./sdk/
COPY web/package.json ./web/
RUN npm ci --no-audit --no-fund
COPY tsconfig*.json nest-cli.json openapi.yaml ./
COPY src ./src
COPY migrations ./migrations
COPY sdk ./sdk
COPY web ./web
RUN npm run build && npm prune --omit=dev

# Runtime stage: compiled code and production dependencies only, as a non-root user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The contract: the response serializers are compiled from it at start-up.
COPY --from=build --chown=node:node /app/openapi.yaml ./
# The built web app, served at / (src/web-app/web-app.ts finds it next to dist/).
COPY --from=build --chown=node:node /app/web/dist ./web/dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# The heap cap keeps the process near its real working set (see docs/decisions.md); raise it here.
ENV NODE_OPTIONS=--max-old-space-size=256
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
