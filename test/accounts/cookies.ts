import type { Response } from 'supertest';

/** The Set-Cookie line for one cookie name, as the server sent it. */
export function setCookieLine(response: Response, name: string): string | undefined {
  const header = response.headers['set-cookie'] as unknown;
  const lines = Array.isArray(header) ? (header as string[]) : typeof header === 'string' ? [header] : [];
  return lines.find((line) => line.startsWith(`${name}=`));
}

/** The value a response sets for a cookie (undefined when it sets none, '' when it clears it). */
export function cookieFrom(response: Response, name: string): string | undefined {
  const line = setCookieLine(response, name);
  return line === undefined ? undefined : decodeURIComponent(line.slice(name.length + 1).split(';')[0]!);
}
