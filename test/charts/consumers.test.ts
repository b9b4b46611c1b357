import { parseEnvironment } from '../../lib/config/load';
import type { Environment } from '../../lib/config/schema';
import { compareRevisions } from '../../lib/diff/compare';
import { riskFlags } from '../../lib/diff/risks';
import { renderEnvironments } from '../../lib/render';

/** A fixture environment with two models and one consumer; `extra` is appended to `gateway.consumers`. */
function fixture(extra = ''): Environment {
  const text = `stage: dev
cluster: { appsDomain: apps.example.com }
gitops: { repoURL: https://git.example.com/maas.git }
identity:
  generation: rhsso
  operator: { namespace: sso, name: rhsso-operator, channel: stable }
models:
  - { name: iris, namespace: models, modelFormat: { name: sklearn }, runtime: kserve-sklearnserver, storageUri: s3://m/iris }
  - { name: fraud, namespace: models, modelFormat: { name: sklearn }, runtime: kserve-sklearnserver, storageUri: s3://m/fraud }
serving: { platformRuntimes: [kserve-sklearnserver] }
gateway:
  operator: { namespace: apim, name: 3scale-operator, channel: threescale-2.15 }
  consumers:
    - { name: ai-client, organization: AI team, email: ai@example.com, products: { iris: basic } }
${extra}`;
  const result = parseEnvironment('fixture', text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.environment;
}

const SECOND = '    - { name: team-b, organization: Team B, email: b@example.com, products: { iris: basic, fraud: basic } }\n';

/** Files that differ between two renders: added, removed or changed. */
function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f)).sort();
}

describe('onboarding a consumer is one entry in gateway.consumers', () => {
  const without = renderEnvironments([fixture()]);
  const withSecond = renderEnvironments([fixture(SECOND)]);

  test('GIVEN a second consumer WHEN rendered THEN only its 3scale objects, its generated password and the README change', () => {
    expect(changedFiles(without, withSecond)).toEqual([
      'fixture/README.md',
      'fixture/gateway/application.apim.team-b.fraud.yaml',
      'fixture/gateway/application.apim.team-b.iris.yaml',
      'fixture/gateway/developeraccount.apim.team-b.yaml',
      'fixture/gateway/developeruser.apim.team-b.yaml',
      'fixture/gateway/externalsecret.apim.team-b-password.yaml',
      'fixture/gateway/password.apim.team-b-password.yaml',
    ]);
  });

  test('GIVEN the consumer removed WHEN diffed THEN its account, user and applications are flagged as data loss', () => {
    const stages = new Map([['fixture', 'dev']]);
    const flags = riskFlags(compareRevisions({ tree: withSecond, stages }, { tree: without, stages })).map((f) => f.message);
    expect(flags).toEqual([
      "Application apim/team-b.fraud removed: data loss in 3scale: the consumer's application and its credentials; its Keycloak client is deleted and gets no tokens",
      "Application apim/team-b.iris removed: data loss in 3scale: the consumer's application and its credentials; its Keycloak client is deleted and gets no tokens",
      "DeveloperAccount apim/team-b removed: data loss in 3scale: the consumer's account, users and applications; their Keycloak clients are deleted and get no tokens",
      "DeveloperUser apim/team-b removed: data loss in 3scale: the consumer's user and its developer portal login",
    ]);
  });

  test('GIVEN a consumer on a Product WHEN rendered THEN its Application names the account, the Product and the plan', () => {
    const application = withSecond.get('fixture/gateway/application.apim.team-b.fraud.yaml');
    expect(application).toContain('  accountCR:\n    name: team-b\n');
    expect(application).toContain('  productCR:\n    name: fraud-api\n');
    expect(application).toContain('  applicationPlanName: basic\n');
    // The 3scale application name is the object name: zync gives it to the Keycloak client, where the smoke Job finds it.
    expect(application).toContain('  name: team-b.fraud\n');
  });

  test('GIVEN a consumer WHEN rendered THEN its admin user signs in with a password generated in the cluster', () => {
    const user = withSecond.get('fixture/gateway/developeruser.apim.team-b.yaml');
    expect(user).toContain('  passwordCredentialsRef:\n    name: team-b-password\n    namespace: apim\n');
    expect(user).toContain('  role: admin\n');
    expect(withSecond.get('fixture/gateway/externalsecret.apim.team-b-password.yaml')).toContain('refreshPolicy: CreatedOnce');
  });

  test('the account and its admin user sync in one wave: the account waits for the user resource, the user for the account', () => {
    const wave = (file: string) => /argocd\.argoproj\.io\/sync-wave: "(\d+)"/.exec(withSecond.get(file) ?? '')?.[1];
    expect(wave('fixture/gateway/developeruser.apim.team-b.yaml')).toBe(wave('fixture/gateway/developeraccount.apim.team-b.yaml'));
    expect(Number(wave('fixture/gateway/application.apim.team-b.iris.yaml'))).toBeGreaterThan(Number(wave('fixture/gateway/developeraccount.apim.team-b.yaml')));
  });
});
