// A real HTTP server on 127.0.0.1 that stands in for a blog's feed in tests, demos and benchmarks.
// Node runs this file directly too, so it uses only erasable TypeScript.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers one request; return true when the handler wrote the response itself. */
export type FeedHandler = (req: IncomingMessage, res: ServerResponse) => void | boolean | Promise<void | boolean>;

export interface FeedServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** Every request received, in order (method, path, selected headers). */
  requests: { method: string; path: string; ifNoneMatch?: string; ifModifiedSince?: string }[];
  /** Replaces how a path is answered. */
  route(path: string, handler: FeedHandler): void;
  close(): Promise<void>;
}

/** Serves JSON with an ETag (by default the body's length), answering a matching If-None-Match with 304. */
export function jsonWithEtag(body: () => string, etag: () => string = () => `"${body().length}"`): FeedHandler {
  return (req, res) => {
    const tag = etag();
    if (req.headers['if-none-match'] === tag) {
      res.writeHead(304, { ETag: tag });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/feed+json', ETag: tag });
    res.end(body());
  };
}

/** Starts a server on 127.0.0.1 (port 0 picks a free one). */
export async function startFeedServer(port = 0): Promise<FeedServer> {
  const routes = new Map<string, FeedHandler>();
  const requests: FeedServer['requests'] = [];
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push({
      method: req.method ?? 'GET',
      path,
      ifNoneMatch: req.headers['if-none-match'],
      ifModifiedSince: req.headers['if-modified-since'],
    });
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    try {
      await handler(req, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${bound}`,
    requests,
    route(path, handler) {
      routes.set(path, handler);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
