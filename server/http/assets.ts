import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A static file under a name that changes with its content, so browsers may keep it for a year. */
export interface FingerprintedAsset {
  /** The file's name in views/static (site.css). */
  file: string;
  /** Where pages link it: /static/site.<hash>.css. */
  url: string;
}

/**
 * Every file in the static folder, hashed once at start (the folder changes only with a deployment, like
 * the templates). A file another page links by its plain name (/static/copy-link.js) keeps working:
 * the plain URL is still served, with the short cache of @fastify/static.
 */
export function fingerprintAssets(folder: string): Map<string, FingerprintedAsset> {
  const assets = new Map<string, FingerprintedAsset>();
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const hash = createHash('sha256')
      .update(readFileSync(path.join(folder, entry.name)))
      .digest('hex')
      .slice(0, 12);
    const extension = path.extname(entry.name);
    const url = `/static/${path.basename(entry.name, extension)}.${hash}${extension}`;
    assets.set(entry.name, { file: entry.name, url });
  }
  return assets;
}
