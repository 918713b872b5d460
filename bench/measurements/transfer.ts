/**
 * What a phone downloads: the home page and the search page as sent over the wire (brotli and gzip,
 * as @fastify/compress answers a browser that accepts them), against the 15 KB. node's fetch
 * would unpack the body, so the bytes are counted on a plain HTTP request.
 */
import { request } from 'node:http';
import { row, type Row } from '../report.ts';
import type { Bench } from '../setup.ts';

const LIMIT_BYTES = 15 * 1024;

/** The body's bytes as transferred, and its content-encoding. */
function transferred(origin: string, path: string, encoding: string): Promise<{ bytes: number; encoding: string; status: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { headers: { 'accept-encoding': encoding, accept: 'text/html' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity'), status: res.statusCode ?? 0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function measureTransfer(bench: Bench): Promise<Row[]> {
  const rows: Row[] = [];
  const pages = [
    ['home page /', '/'],
    ['search page /vacancies?town=Dresden (20 hits)', '/vacancies?town=Dresden'],
    ['search page /vacancies?q=Pflege&town=Leipzig&radiusKm=50', '/vacancies?q=Pflege&town=Leipzig&radiusKm=50'],
  ] as const;
  for (const [label, path] of pages) {
    bench.log(`transfer: ${label}`);
    const plain = await transferred(bench.origin, path, 'identity');
    for (const encoding of ['br', 'gzip']) {
      const sent = await transferred(bench.origin, path, encoding);
      rows.push(
        row(`${label}, bytes transferred (${encoding})`, {
          ratio: sent.bytes / plain.bytes,
          target: 'transferred ≤ 15 KB',
          met: sent.status === 200 && sent.encoding === encoding && sent.bytes <= LIMIT_BYTES,
          note: `${(sent.bytes / 1024).toFixed(1)} KB as ${sent.encoding} (uncompressed ${(plain.bytes / 1024).toFixed(1)} KB; ratio = compressed / uncompressed), status ${sent.status}`,
        }),
      );
    }
  }
  return rows;
}
