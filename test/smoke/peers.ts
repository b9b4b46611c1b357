import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { send } from '../../lib/smoke/http';
import type { SmokePlan } from '../../lib/smoke/plan';
import { ROOT } from '../helpers';

/** What the gateway stand-in can be told (test/peers/peers.mjs); every call resets what it is not given. */
export interface GatewayBehaviour {
  /** Answer 429 to every authenticated call. */
  readonly rateLimited?: boolean;
  /** Run the gateway's clock ahead, so that tokens are expired when it checks them. */
  readonly clockOffsetSeconds?: number;
  /** The audience the gateway requires. */
  readonly audience?: string;
}

/** Running loopback peers: an OpenID Connect provider, a gateway stand-in and a stub model. */
export interface Peers {
  /** The realm's issuer URL (Keycloak layout: `<base>/realms/ai-realm`). */
  readonly issuer: string;
  readonly tokenUrl: string;
  readonly gatewayUrl: string;
  /** The stub model, reached directly: what an unprotected model looks like. */
  readonly modelUrl: string;
  readonly clientId: string;
  /** The client's secret, random per run. */
  readonly clientSecret: string;
  /** A plan calling a KServe model and an OpenAI-compatible model through the gateway. */
  readonly plan: SmokePlan;
  /** Changes how the gateway behaves. */
  control(behaviour: GatewayBehaviour): Promise<void>;
  /** Stops the peers and waits until their process has ended. */
  stop(): Promise<void>;
}

/** Starts the peers in a child process (they are ES modules; jest runs CommonJS) and waits until they listen. */
export function startPeers(): Promise<Peers> {
  const clientSecret = randomBytes(16).toString('hex');
  const child = spawn(process.execPath, [join(ROOT, 'test', 'peers', 'peers.mjs')], {
    env: { PATH: process.env.PATH ?? '', PEERS_CLIENT_SECRET: clientSecret },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`peers did not start within 10 s:\n${stderr}`));
    }, 10_000);
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`peers exited (${code}) before listening:\n${stderr}`));
    };
    child.once('exit', early);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.off('exit', early);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      const urls = JSON.parse(stdout.slice(0, newline)) as { issuer: string; tokenUrl: string; gatewayUrl: string; modelUrl: string; clientId: string };
      resolve({
        ...urls,
        clientSecret,
        plan: {
          environment: 'loopback',
          tokenUrl: urls.tokenUrl,
          clientId: urls.clientId,
          clientsUrl: `${urls.issuer.replace('/realms/', '/admin/realms/')}/clients`,
          models: [
            { name: 'iris', url: `${urls.gatewayUrl}/v1/models/iris:predict`, method: 'POST', body: { instances: [[1.0, 2.0, 3.0, 4.0]] }, application: 'ai-client.iris' },
            { name: 'granite-chat', url: `${urls.gatewayUrl}/v1/chat/completions`, method: 'POST', body: { model: 'granite-chat', messages: [{ role: 'user', content: 'Reply with OK.' }] }, application: 'ai-client.granite-chat' },
          ],
        },
        async control(behaviour) {
          const response = await send({ method: 'POST', url: `${urls.gatewayUrl}/__control`, body: JSON.stringify(behaviour) }, { timeoutMs: 5000 });
          if (response.status !== 200) throw new Error(`gateway control answered ${response.status}`);
        },
        async stop() {
          child.stdin.end();
          await exited;
        },
      });
    });
  });
}
