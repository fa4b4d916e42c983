import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { isAllowedHost } from '../../../services/local-server/loopback.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built renderer (dist/renderer) read-only: GET and HEAD, files inside the folder only, and
 * only to requests addressed to this loopback server by name (a DNS-rebinding page is refused).
 */
export function staticFileHandler(root: string, allowedHosts: () => readonly string[]) {
  const base = path.resolve(root);
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!isAllowedHost(request.headers.host, allowedHosts()))
      return end(response, 421, 'Misdirected Request');
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return end(response, 405, 'Method Not Allowed');
    const pathname = decodePath(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (pathname === null) return end(response, 400, 'Bad Request');
    const file = path.resolve(base, `.${pathname === '/' ? '/index.html' : pathname}`);
    if (file !== base && !file.startsWith(base + path.sep)) return end(response, 404, 'Not Found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return end(response, 404, 'Not Found');
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
}

function decodePath(pathname: string): string | null {
  try {
    const decoded = decodeURIComponent(pathname);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}

function end(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
