import type { FastifyInstance } from 'fastify';

// Being written now (issue 3); registered in app.ts so each feature owns only its own files.
export default async function routes(_app: FastifyInstance) {}
