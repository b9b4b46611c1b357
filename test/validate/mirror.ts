import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { apicastPoliciesDir } from '../../scripts/schema-places';

/** A schema mirror on 127.0.0.1, laid out like ../shared/crds: `<url>/<path>`, `<url>/../apicast-policies/<name>`. */
export interface Mirror {
  /** Base URL to put in MAAS_CRDS_MIRROR (`http://127.0.0.1:<port>/crds`). */
  readonly url: string;
  /** Paths requested so far, e.g. `/crds/k8s/v1.28.0-_definitions.json`. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * Serves `crdsDir` and its sibling apicast-policies folder over HTTP on loopback. `replace` maps a path under the
 * crds folder to other bytes (a tampered file).
 */
export async function serveMirror(crdsDir: string, replace: Record<string, string> = {}): Promise<Mirror> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    requests.push(path);
    const [, folder, ...rest] = path.split('/');
    const relative = rest.join('/');
    const base = folder === 'crds' ? crdsDir : folder === 'apicast-policies' ? apicastPoliciesDir(crdsDir) : undefined;
    const body = folder === 'crds' && replace[relative] !== undefined
      ? Promise.resolve(Buffer.from(replace[relative]))
      : base ? readFile(join(base, relative)) : Promise.reject(new Error('not found'));
    body.then((bytes) => response.end(bytes), () => {
      response.statusCode = 404;
      response.end('not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/crds`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
