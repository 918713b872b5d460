FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# tsx runs the TypeScript sources; dev tools stay out of the image.
RUN npm ci --omit=dev --no-audit --no-fund
COPY server ./server
COPY search ./search
COPY migrations ./migrations
COPY views ./views
USER node
EXPOSE 3000
# --max-semi-space-size=32: a young generation of 32 MB instead of 16, so a page's short-lived garbage is collected
# half as often (bench/README.md). A rebuild keeps the heap tight itself while it runs (search/tight-heap.ts).
CMD ["node", "--max-semi-space-size=32", "--import", "tsx", "server/main.ts"]
