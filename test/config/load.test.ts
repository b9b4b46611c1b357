import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblems, loadEnvironments, parseEnvironment, type LoadResult } from '../../lib/config/load';
import { ROOT } from '../helpers';

const VALID = `stage: staging
cluster:
  appsDomain: apps.example.com
gitops:
  repoURL: https://git.example.com/maas.git
identity:
  generation: rhsso
  operator:
    namespace: sso
    name: rhsso-operator
    channel: stable
models:
  - name: m1
    namespace: models
    modelFormat: { name: sklearn }
    runtime: kserve-sklearnserver
    storageUri: s3://models/m1
gateway:
  operator:
    namespace: threescale
    name: 3scale-operator
    channel: threescale-2.15
`;

/** The problems of a result as the render command prints them. */
function report(result: LoadResult): string {
  if (result.ok) throw new Error('expected the file to be invalid');
  return formatProblems('environments/test.yaml', result.problems);
}

describe('parseEnvironment', () => {
  test('accepts a minimal file and applies the defaults', () => {
    // WHEN
    const result = parseEnvironment('test', VALID);

    // THEN
    if (!result.ok) throw new Error(formatProblems('test', result.problems));
    expect(result.environment.name).toBe('test');
    expect(result.environment.gitops).toEqual({
      repoURL: 'https://git.example.com/maas.git',
      targetRevision: 'main',
      destinationServer: 'https://kubernetes.default.svc',
      namespace: 'openshift-gitops',
      automated: true,
      // What OpenShift GitOps 1.15 ships (lib/upstream/argocd.ts), and its default instance.
      argocdVersion: '2.13',
      argocdInstance: 'openshift-gitops',
    });
    expect(result.environment.identity.operator.installPlanApproval).toBe('Automatic');
    expect(result.environment.identity.operator.source).toBe('redhat-operators');
  });

  test('every shipped environment file loads', () => {
    for (const name of ['dev', 'staging', 'prod']) {
      const result = parseEnvironment(name, readFileSync(join(ROOT, 'environments', `${name}.yaml`), 'utf8'));
      expect(result.ok ? 'valid' : formatProblems(name, result.problems)).toBe('valid');
    }
  });

  test('reports every problem at once, with line, field path, what was found and what is allowed', () => {
    // GIVEN a typo in a key, a wrong enum value, a wrong type and a name that is not a DNS label
    const text = VALID.replace('repoURL:', 'repoUrl:')
      .replace('stage: staging', 'stage: production')
      .replace('channel: stable\n', 'channel: 7\n')
      .replace('name: m1', 'name: Model_1');

    // THEN
    expect(report(parseEnvironment('test', text))).toBe(
      [
        'environments/test.yaml is invalid (5 problems):',
        '  line 1   stage: "production" is not one of dev, staging, prod',
        '  line 4   gitops.repoURL: is required (string)',
        '  line 5   gitops.repoUrl: unknown key (did you mean "repoURL"?); allowed keys: repoURL, targetRevision, destinationServer, namespace, automated, argocdVersion, argocdInstance',
        '  line 11  identity.operator.channel: 7 is not a string',
        '  line 13  models[0].name: "Model_1" is not a DNS label: use lowercase letters, digits and "-", start and end with a letter or digit, at most 63 characters',
      ].join('\n'),
    );
  });

  test('fails when a boolean is written the YAML 1.1 way', () => {
    const text = VALID.replace('gitops:\n', 'gitops:\n  automated: yes\n');
    expect(report(parseEnvironment('test', text))).toBe(
      ['environments/test.yaml is invalid (1 problem):', '  line 5  gitops.automated: "yes" is not a boolean'].join('\n'),
    );
  });

  test('fails when a URL is not https or carries credentials', () => {
    const text = VALID.replace('https://git.example.com/maas.git', 'https://user:pw@git.example.com/maas.git');
    expect(report(parseEnvironment('test', text))).toBe(
      [
        'environments/test.yaml is invalid (1 problem):',
        '  line 5  gitops.repoURL: "https://user:pw@git.example.com/maas.git" is not an https URL without credentials, e.g. "https://host.example.com/path"',
      ].join('\n'),
    );
  });

  test('fails when a key appears twice', () => {
    const text = VALID.replace('stage: staging\n', 'stage: staging\nstage: dev\n');
    expect(report(parseEnvironment('test', text))).toBe(
      ['environments/test.yaml is invalid (1 problem):', '  line 2  YAML syntax: Map keys must be unique'].join('\n'),
    );
  });

  test('fails when the file is not YAML', () => {
    expect(report(parseEnvironment('test', 'stage: [dev\n'))).toMatch(/^environments\/test\.yaml is invalid \(1 problem\):\n {2}line 2 {2}YAML syntax: /);
  });

  test('fails when a required section is missing, at the line of its parent', () => {
    const text = VALID.replace(/^gateway:[\s\S]*$/m, '');
    expect(report(parseEnvironment('test', text))).toBe(
      ['environments/test.yaml is invalid (1 problem):', '  line 1  gateway: is required (object)'].join('\n'),
    );
  });

  test('fails when two models share a name', () => {
    const text = VALID.replace('models:\n', 'models:\n  - name: m1\n    namespace: other\n    modelFormat: { name: sklearn }\n    runtime: kserve-sklearnserver\n    storageUri: s3://models/m1\n');
    expect(report(parseEnvironment('test', text))).toBe(
      [
        'environments/test.yaml is invalid (1 problem):',
        '  line 18  models[1].name: "m1" is already used by models[0]; model names must be unique in an environment',
      ].join('\n'),
    );
  });

  test('fails when prod operators are not pinned and manually approved, even alongside structural errors', () => {
    // GIVEN a prod file with a structural error elsewhere
    const text = VALID.replace('stage: staging', 'stage: prod').replace('namespace: models', 'namespace: 42');

    // THEN the stage rules are reported too
    expect(report(parseEnvironment('test', text))).toBe(
      [
        'environments/test.yaml is invalid (5 problems):',
        '  line 8   identity.operator.installPlanApproval: "Automatic" is not allowed in prod; use "Manual" so that a person approves every operator upgrade',
        '  line 8   identity.operator.startingCSV: is required in prod; pin the ClusterServiceVersion to install, e.g. "<package>.v<version>"',
        '  line 14  models[0].namespace: 42 is not a string',
        '  line 19  gateway.operator.installPlanApproval: "Automatic" is not allowed in prod; use "Manual" so that a person approves every operator upgrade',
        '  line 19  gateway.operator.startingCSV: is required in prod; pin the ClusterServiceVersion to install, e.g. "<package>.v<version>"',
      ].join('\n'),
    );
  });

  test('fails when the file name is not a DNS label', () => {
    expect(report(parseEnvironment('Prod_EU', VALID))).toBe(
      [
        'environments/test.yaml is invalid (1 problem):',
        '  line 1  the file name "Prod_EU" is not a DNS label; it names dist/<env>/ and Argo CD applications',
      ].join('\n'),
    );
  });
});

describe('loadEnvironments', () => {
  test('fails when the folder does not exist, saying which option names it', () => {
    expect(() => loadEnvironments(join(ROOT, 'no-such-folder'), ROOT)).toThrow(
      'no-such-folder is invalid (1 problem):\n  line 1  does not exist; pass the folder of the environment files (--environments DIR)',
    );
  });
});
