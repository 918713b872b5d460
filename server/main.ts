import { ConfigError, loadConfig } from './config.ts';
import { EmbeddedServiceError, startServices, type Services } from './embedded/index.ts';

const SHUTDOWN_GRACE_MS = 10_000;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  // The app's modules (Fastify, templates, dictionaries: about 3 CPU-seconds under tsx) load only once the
  // configuration holds, so a typo fails at once; they load while the services start, not before them.
  const modules = Promise.all([import('./app.ts'), import('./seed/demo.ts')]);
  modules.catch(() => undefined); // awaited below; a start that fails before then must not also report this
  let services: Services;
  try {
    services = await startServices(config);
  } catch (error) {
    if (error instanceof EmbeddedServiceError) fail(error.message);
    throw error;
  }

  let app;
  try {
    const [{ buildApp }, { seedIfEmpty }] = await modules;
    app = await buildApp(config, services);
    await app.ready();
    if (config.seedDemo) await seedIfEmpty(app);
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await services.stop();
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') fail(`Port ${config.port} is already in use: stop the other program or set PORT to another port.`);
    fail(`Start failed: ${e.message}`);
  }
  // The same address every link uses: PUBLIC_URL, else where the server now listens (PORT=0 picks a free port).
  process.stdout.write(`Jobbrücke Sachsen is running at ${app.publicUrl} (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received: finishing requests and stopping\n`);
    const force = setTimeout(() => {
      process.stderr.write('Shutdown took too long; exiting\n');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    // Keep-alive connections that were busy when closing began become idle once their answer is
    // sent; close them then, instead of waiting for the client (or the keep-alive timeout).
    const reaper = setInterval(() => app.server.closeIdleConnections(), 50);
    try {
      await app.close(); // stops accepting, lets in-flight requests finish, stops the outbox worker, ends the pool
    } finally {
      clearInterval(reaper);
      await services.stop();
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

await main();
