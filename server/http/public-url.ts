import type { AddressInfo, Server } from 'node:net';

/**
 * Where users reach the portal, without a trailing slash: the base of every link it hands out (pages,
 * e-mails, share and invitation links). Never the request's Host header, which the client chooses.
 * PUBLIC_URL when set (production requires it); otherwise the address the server listens on, read when a
 * link is made, because with PORT=0 (tests) the port is only known after listen. Before listening there is
 * no address yet, and the configured port (config.ts's PORT, whose default is the only one) stands in.
 */
export function publicUrlOf(configured: string | undefined, address: AddressInfo | string | null, port: number): string {
  if (configured) return withoutTrailingSlashes(configured);
  if (address === null || typeof address === 'string') return `http://localhost:${port}`;
  return `http://${hostForUrl(address)}:${address.port}`;
}

function hostForUrl({ address, family }: AddressInfo): string {
  // Listening on every interface: the machine itself is reachable as localhost.
  if (address === '0.0.0.0' || address === '::') return 'localhost';
  return family === 'IPv6' ? `[${address}]` : address;
}

function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end -= 1;
  return url.slice(0, end);
}

/**
 * The getter behind `app.publicUrl`: PUBLIC_URL, computed once; otherwise the address the server listens on
 * now. That one is not kept: a server may listen again on another port (supertest does, once per request),
 * and reading it costs one getsockname.
 */
export function publicUrlResolver(
  configured: string | undefined,
  server: Pick<Server, 'address' | 'listening'>,
  port: number,
): () => string {
  const fixed = configured ? publicUrlOf(configured, null, port) : undefined;
  return () => fixed ?? publicUrlOf(undefined, server.listening ? server.address() : null, port);
}
