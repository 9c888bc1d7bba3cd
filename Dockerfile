# Response: one image for every role (ROLE=all, api or worker).

# --- build: install everything, build contracts, web app, library and host app, then drop dev dependencies
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/contracts/package.json libs/contracts/
COPY libs/response/package.json libs/response/
COPY server/package.json server/
COPY client/package.json client/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime: the built output and production dependencies only
FROM node:20-slim
ENV NODE_ENV=production \
    PORT=8000 \
    ROLE=all \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/libs/contracts/package.json libs/contracts/
COPY --from=build /app/libs/contracts/dist libs/contracts/dist
COPY --from=build /app/libs/response/package.json libs/response/
COPY --from=build /app/libs/response/dist libs/response/dist
COPY --from=build /app/server/package.json server/
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/client/package.json client/
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8000
CMD ["npm", "run", "start:prod"]
