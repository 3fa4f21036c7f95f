# Switchyard gateway image (Node 22 LTS).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY admin-ui/package.json admin-ui/package-lock.json ./admin-ui/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY admin-ui ./admin-ui
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:22-bookworm-slim
# Published connections arrive through Docker's bridge, not the container's loopback, so both ports
# listen on every address of the container; publish them on 127.0.0.1 (as docker-compose.yml does).
# The image answers every Host name (cluster probes and service names reach it by address);
# docker-compose.yml, which publishes on loopback, narrows that to loopback names with ALLOWED_HOSTS.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    ADMIN_HOST=0.0.0.0 \
    CLAUDE_PROXY_PORT=3100 \
    ADMIN_DASHBOARD_PORT=3200 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/admin-ui/dist ./admin-ui/dist
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
VOLUME ["/data"]
EXPOSE 3100 3200
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.CLAUDE_PROXY_PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-semi-space-size=4", "--max-old-space-size=1024", "--heap-growing-percent=40", "dist/main.js"]
