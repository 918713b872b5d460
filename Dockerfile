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
CMD ["node", "--import", "tsx", "server/main.ts"]
