import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { credentialsFromVariables, parseCredentialsFile, type ClientCredentials } from '../lib/smoke/credentials';
import type { SmokePlan } from '../lib/smoke/plan';
import { formatReport } from '../lib/smoke/report';
import { PlanError, runSmoke } from '../lib/smoke/run';

const USAGE = `Usage: npm run smoke -- --env ENV [options]
       npm run smoke -- --plan FILE [options]

Gets a token with the client-credentials grant, then calls every model of the environment through the
gateway with it, without it and with a tampered token. Exit code: 0 every check passed, 1 a check failed,
2 the command could not run (usage, environment file, credentials, a refused URL).

  --env ENV                 environment to check (environments/ENV.yaml)
  --environments DIR        environment files (default: environments)
  --plan FILE               run this plan (JSON, as --print-plan writes it) instead of an environment's
  --print-plan              print the plan (URLs, client id, payloads; no secret) and exit
  --credentials-file FILE   client credentials: JSON or KEY=VALUE (CLIENT_ID, CLIENT_SECRET)
  --ca-file FILE            extra CA certificates (PEM) to trust, e.g. the cluster's ingress CA
  --timeout-seconds N       time allowed per request, at most 3600 (default: 10)
  --json                    print the report as JSON

Credentials come from MAAS_CLIENT_ID and MAAS_CLIENT_SECRET, or from --credentials-file; never from
arguments (they would end up in shell history and in the process list). The client id defaults to the
environment's API client. TLS certificates are always verified; plain http is accepted for loopback only.`;

/** The longest time allowed per request. */
const MAX_TIMEOUT_SECONDS = 3600;

/** An error the user fixes by changing how the command is called; exit code 2. */
class UsageError extends Error {}

function options() {
  const secretLike = process.argv.slice(2).find((arg) => /^--?[\w-]*(secret|password|token)/i.test(arg));
  if (secretLike) {
    throw new UsageError(`${secretLike.split('=')[0]}: secrets are not accepted as arguments (shell history, process list); set MAAS_CLIENT_SECRET or use --credentials-file`);
  }
  try {
    return parseArgs({
      options: {
        env: { type: 'string' },
        environments: { type: 'string', default: 'environments' },
        plan: { type: 'string' },
        'print-plan': { type: 'boolean', default: false },
        'credentials-file': { type: 'string' },
        'ca-file': { type: 'string' },
        'timeout-seconds': { type: 'string', default: '10' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    // Never echo an argument that was not an option: it may be a secret pasted in the wrong place.
    const code = (error as { code?: string }).code;
    const message = code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
      ? 'unexpected argument (not shown: it may be a secret); this command takes only options'
      : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? (error as Error).message.replace(/'[^']*'/g, (m) => (m.startsWith("'-") ? m : "'(not shown)'")) : (error as Error).message;
    throw new UsageError(`${message}\n\n${USAGE}`);
  }
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function credentialsFile(file: string): ClientCredentials {
  try {
    return parseCredentialsFile(readText(file, 'credentials file'), file);
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
}

/** A plan written by --print-plan (and perhaps edited, e.g. to point at an `oc port-forward`). */
function planFile(file: string): SmokePlan {
  let plan: Partial<SmokePlan> | undefined;
  try {
    plan = JSON.parse(readText(file, 'plan')) as Partial<SmokePlan>;
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
  const valid =
    typeof plan?.environment === 'string' && typeof plan.tokenUrl === 'string' && typeof plan.clientId === 'string' &&
    Array.isArray(plan.models) && plan.models.every((m) => typeof m?.name === 'string' && typeof m.url === 'string' && m.method === 'POST');
  if (!valid) throw new UsageError(`plan ${file}: not a smoke plan; expected {environment, tokenUrl, clientId, models: [{name, url, method: "POST", body}]} as --print-plan writes it`);
  return plan as SmokePlan;
}

/** The plan of an environment, from the charts' outputs: the same plan the PostSync Job renders. */
async function environmentPlan(dir: string, name: string): Promise<SmokePlan> {
  // Loaded only here: the charts pull in cdk8s, which doubles the start-up time of a --plan run.
  const [{ App }, { buildCharts }, { loadEnvironments }] = await Promise.all([
    import('cdk8s'),
    import('../lib/charts'),
    import('../lib/config/load'),
  ]);
  const environments = loadEnvironments(resolve(dir));
  const env = environments.find((e) => e.name === name);
  if (!env) throw new UsageError(`no environment "${name}" in ${dir}/; environments: ${environments.map((e) => e.name).join(', ')}`);
  return buildCharts(new App(), env).smoke.plan;
}

async function main(): Promise<number> {
  const values = options();
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if ((values.env === undefined) === (values.plan === undefined)) throw new UsageError(`give either --env or --plan\n\n${USAGE}`);
  const plan = values.plan !== undefined ? planFile(values.plan) : await environmentPlan(values.environments, values.env!);
  if (values['print-plan']) {
    console.log(JSON.stringify(plan, null, 2));
    return 0;
  }
  const timeoutSeconds = Number(values['timeout-seconds']);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout-seconds: "${values['timeout-seconds']}" is not a positive number`);
  // Node's timers hold at most 2^31 - 1 ms; a longer one fires at once and would fail every request.
  if (timeoutSeconds > MAX_TIMEOUT_SECONDS) throw new UsageError(`--timeout-seconds: ${timeoutSeconds} is more than ${MAX_TIMEOUT_SECONDS} (an hour)`);
  const file = values['credentials-file'];
  const credentials = file !== undefined ? credentialsFile(file) : credentialsFromVariables(process.env);
  if (credentials.clientSecret === undefined) {
    throw new UsageError('no client secret: set MAAS_CLIENT_SECRET (and MAAS_CLIENT_ID if not the environment\'s client) or use --credentials-file FILE');
  }
  if (credentials.clientId === undefined && plan.clientId === '') {
    const applications = plan.models.map((m) => m.application).filter((a) => a !== undefined);
    throw new UsageError(`no client id: 3scale chooses it per application; set MAAS_CLIENT_ID (or CLIENT_ID in --credentials-file) to the client id of ${applications.length > 0 ? `application ${applications.join(' or ')}` : 'the consumer\'s application'}`);
  }
  const extraCaPem = values['ca-file'] !== undefined ? readText(values['ca-file'], 'CA file') : undefined;
  if (extraCaPem !== undefined && !extraCaPem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca-file ${values['ca-file']}: no PEM certificate in it`);

  const report = await runSmoke(plan, { clientId: credentials.clientId, clientSecret: credentials.clientSecret, timeoutMs: timeoutSeconds * 1000, extraCaPem });
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // InvalidEnvironmentsError is matched by name: its module is loaded lazily.
    if (error instanceof UsageError || error instanceof PlanError || (error instanceof Error && error.name === 'InvalidEnvironmentsError')) {
      console.error(error.message);
    } else {
      console.error(`smoke failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exitCode = 2;
  },
);
