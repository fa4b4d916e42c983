import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';

/**
 * A GET over node:http/https for model downloads, instead of fetch(). The fetch inside Node (undici
 * 7.x, also in Electron's main process) crashes the whole process with an uncatchable AssertionError
 * when a `Connection: close` server ends the socket while the body is paused under back-pressure
 * (undici issue #5360, fixed only in the undici 8.6 package). node:http pauses the socket instead of
 * a parser, and a body cut short is an 'error' on the response stream, which the reader catches.
 *
 * It also makes each redirect a decision of ours: a bounded number of hops, no loops, http(s) only,
 * and never from https down to plain http.
 */
export interface HttpGetOptions {
  headers: Record<string, string>;
  signal: AbortSignal;
  /** Redirects followed before giving up (default 10; Hugging Face uses one, to its CDN). */
  maxRedirects?: number;
  /** Largest response head accepted (default 32 KiB): a bigger one is an error, not a memory sink. */
  maxHeaderBytes?: number;
}

export interface HttpResponse {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  header(name: string): string | null;
  /** Read it with `for await`; a connection cut short rejects the loop (ECONNRESET "aborted"). */
  body: IncomingMessage;
}

/** The server answered in a way no retry can fix: a redirect we refuse, a response we cannot use. */
export class RefusedResponse extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedResponse';
  }
}

const DEFAULT_MAX_REDIRECTS = 10;
const DEFAULT_MAX_HEADER_BYTES = 32 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpResponse> {
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const visited = [url];
  let current = parseHttpUrl(url, url);
  for (;;) {
    const response = await requestOnce(current, options);
    const location = response.headers['location'];
    if (!REDIRECTS.has(response.statusCode ?? 0) || location === undefined) {
      return toHttpResponse(response, current.href);
    }
    response.destroy();
    const next = parseHttpUrl(location, current.href);
    if (current.protocol === 'https:' && next.protocol === 'http:') {
      throw new RefusedResponse(
        `${current.host} redirected from https to plain http (${next.origin}); the download is not continued unencrypted`,
      );
    }
    if (visited.includes(next.href)) {
      throw new RefusedResponse(`the server redirects in a loop (${[...visited, next.href].join(' -> ')})`);
    }
    visited.push(next.href);
    if (visited.length - 1 > maxRedirects) {
      throw new RefusedResponse(
        `the server redirected more than ${maxRedirects} times (last to ${next.href})`,
      );
    }
    current = next;
  }
}

function parseHttpUrl(location: string, base: string): URL {
  let url: URL;
  try {
    url = new URL(location, base);
  } catch {
    throw new RefusedResponse(`the server redirected to "${location.slice(0, 200)}", which is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RefusedResponse(
      `${location === base ? 'the URL' : 'the server redirected to'} ${url.protocol} ` +
        `(${url.href.slice(0, 200)}); only http and https downloads are allowed`,
    );
  }
  return url;
}

/** Node's own switch for HTTP_PROXY/HTTPS_PROXY/NO_PROXY, which fetch() honoured too. */
function envProxyEnabled(): boolean {
  return process.env['NODE_USE_ENV_PROXY'] === '1' || process.execArgv.includes('--use-env-proxy');
}

function requestOnce(url: URL, options: HttpGetOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    // One connection per request: nothing of a previous (perhaps misbehaving) response is reused.
    const agent = new client.Agent({
      keepAlive: false,
      ...(envProxyEnabled() ? { proxyEnv: process.env } : {}),
    });
    const request = client.request(url, {
      method: 'GET',
      headers: options.headers,
      signal: options.signal,
      agent,
      maxHeaderSize: options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
    });
    // Stays for the request's whole life: errors after the response (a reset, trailing garbage)
    // reach the response stream's reader and must never be an uncaught 'error' event.
    request.on('error', reject);
    request.on('response', (response) => {
      response.on('error', () => undefined); // the reader sees it through its iterator
      resolve(response);
    });
    request.end();
  });
}

function toHttpResponse(response: IncomingMessage, url: string): HttpResponse {
  const headers: IncomingHttpHeaders = response.headers;
  return {
    status: response.statusCode ?? 0,
    url,
    header: (name) => {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
    body: response,
  };
}
