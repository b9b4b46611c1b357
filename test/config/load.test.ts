import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
serving: { platformRuntimes: [kserve-sklearnserver] }
gateway:
  operator:
    namespace: threescale
    name: 3scale-operator
    channel: threescale-2.15
`;

/** The line of text appended to VALID. */
const AFTER_VALID = VALID.split('\n').length;

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
        '  line 5  gitops.repoURL: "https://***@git.example.com/maas.git" is not an https URL without credentials, e.g. "https://host.example.com/path"',
      ].join('\n'),
    );
  });

  test('fails when a key appears twice', () => {
    const text = VALID.replace('stage: staging\n', 'stage: staging\nstage: dev\n');
    expect(report(parseEnvironment('test', text))).toBe(
      ['environments/test.yaml is invalid (1 problem):', '  line 2  YAML syntax: the key "stage" appears twice (first at line 1); map keys must be unique'].join('\n'),
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
        '  line 20  gateway.operator.installPlanApproval: "Automatic" is not allowed in prod; use "Manual" so that a person approves every operator upgrade',
        '  line 20  gateway.operator.startingCSV: is required in prod; pin the ClusterServiceVersion to install, e.g. "<package>.v<version>"',
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

describe('parseEnvironment: hostile and careless input', () => {
  const problems = (text: string, name = 'test') => report(parseEnvironment(name, text));

  test('an undefined alias is one problem at its line', () => {
    expect(problems(`${VALID}x: *nope\n`)).toBe(
      `environments/test.yaml is invalid (1 problem):\n  line ${AFTER_VALID}  YAML syntax: the alias *nope refers to no anchor &nope before it`,
    );
  });

  test('an alias bomb is one problem, without expanding it', () => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    expect(problems(bomb)).toBe(
      'environments/test.yaml is invalid (1 problem):\n  line 2  YAML: the aliases expand to too many copies (more than 1000); write the values out',
    );
  });

  test('a file that is not a mapping (e.g. a linked .env file) is reported without its content', () => {
    const result = problems('SECRET_TOKEN=ghp_abcdef0123456789\nmore\n');
    expect(result).toBe('environments/test.yaml is invalid (1 problem):\n  line 1  holds a single value, not a mapping of fields; is it an environment file?');
    expect(problems('- a\n')).toBe('environments/test.yaml is invalid (1 problem):\n  line 1  holds a list, not a mapping of fields; is it an environment file?');
  });

  test('a second document is reported without the library\'s advice', () => {
    expect(problems(`${VALID}---\nstage: dev\n`)).toBe(
      `environments/test.yaml is invalid (1 problem):\n  line ${AFTER_VALID}  YAML syntax: a second document (\`---\`); an environment file is one YAML document`,
    );
  });

  test('a missing stage says it is required, and .inf is shown as .inf', () => {
    expect(problems(VALID.replace('stage: staging\n', ''))).toContain('  line 1  stage: is required (one of dev, staging, prod)');
    expect(problems(VALID.replace('stage: staging', 'stage: .inf'))).toContain('  line 1  stage: .inf is not one of dev, staging, prod');
  });

  test('keys "constructor" and "__proto__" are reported at their line, never dropped or crashing the render', () => {
    const text = VALID.replace('    storageUri: s3://models/m1\n', '    storageUri: s3://models/m1\n    nodeSelector:\n      constructor: x\n      __proto__: y\n');
    expect(problems(text)).toBe([
      'environments/test.yaml is invalid (2 problems):',
      '  line 19  the key "constructor" cannot be rendered (the manifest libraries treat it as an object\'s own machinery); rename it',
      '  line 20  the key "__proto__" cannot be rendered (the manifest libraries treat it as an object\'s own machinery); rename it',
    ].join('\n'));
  });

  test('a lone surrogate escape is reported at its line', () => {
    expect(problems(VALID.replace('    storageUri: s3://models/m1\n', '    storageUri: s3://models/m1\n    displayName: "a\\ud800"\n'))).toBe(
      'environments/test.yaml is invalid (1 problem):\n  line 18  holds a lone UTF-16 surrogate escape (\\uD800–\\uDFFF without its pair), which no YAML file can carry; write the character itself',
    );
  });

  test('an environment name longer than 58 characters is reported: Argo CD names "maas-<env>" are DNS labels', () => {
    expect(problems(VALID, 'e'.repeat(59))).toBe(
      `environments/test.yaml is invalid (1 problem):\n  line 1  the file name "${'e'.repeat(59)}" is 59 characters; at most 58, since it names the Argo CD Application "maas-<env>", a DNS label of at most 63`,
    );
    expect(parseEnvironment('e'.repeat(58), VALID).ok).toBe(true);
  });

  test('unknown keys cost linear time: ten times the keys, far less than a hundred times the time', () => {
    const time = (count: number) => {
      const text = `${VALID}${Array.from({ length: count }, (_, i) => `k${i}: 1`).join('\n')}\n`;
      const started = performance.now();
      const result = parseEnvironment('test', text);
      expect(result.ok ? 0 : result.problems.length).toBe(count);
      return performance.now() - started;
    };
    time(1_000);
    const small = time(3_000);
    const large = time(30_000);
    expect(large / small).toBeLessThan(40);
  });
});

describe('loadEnvironments: files that are not plain environment files', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  /** A folder with one valid environment (dev.yaml) and whatever `setup` adds. */
  function folder(setup: (dir: string) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'maas-load-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'dev.yaml'), VALID);
    setup(dir);
    return dir;
  }
  const load = (dir: string) => {
    try {
      loadEnvironments(dir, dir);
      return 'loaded';
    } catch (error) {
      return (error as Error).message;
    }
  };

  test('*.yml and *.YAML are errors, never silently skipped', () => {
    const dir = folder((d) => {
      writeFileSync(join(d, 'staging.yml'), VALID);
      writeFileSync(join(d, 'prod.YAML'), VALID);
    });
    expect(load(dir)).toBe([
      'prod.YAML is invalid (1 problem):',
      '  line 1  environment files end in ".yaml"; rename it to prod.yaml (it is not rendered until then)',
      'staging.yml is invalid (1 problem):',
      '  line 1  environment files end in ".yaml"; rename it to staging.yaml (it is not rendered until then)',
    ].join('\n'));
  });

  test('a folder named *.yaml, a FIFO and a dangling link are one line each; hidden files (editor locks) are not environments', () => {
    const dir = folder((d) => {
      mkdirSync(join(d, 'folder.yaml'));
      spawnSync('mkfifo', [join(d, 'fifo.yaml')]);
      symlinkSync(join(d, 'nowhere'), join(d, 'dangling.yaml'));
      symlinkSync('user@host.1234:1700000000', join(d, '.#dev.yaml'));
    });
    expect(load(dir)).toBe([
      'dangling.yaml is invalid (1 problem):',
      '  line 1  cannot be read (ENOENT: a symbolic link to nothing?)',
      'fifo.yaml is invalid (1 problem):',
      '  line 1  is not a regular file (a FIFO, socket or device); an environment file must be a regular file',
      'folder.yaml is invalid (1 problem):',
      '  line 1  is a folder, not an environment file',
    ].join('\n'));
  });

  test('invalid UTF-8 (a Latin-1 byte) is reported at its line and column', () => {
    const dir = folder((d) => writeFileSync(join(d, 'latin.yaml'), Buffer.concat([Buffer.from(VALID.slice(0, 20)), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from('\n')])));
    expect(load(dir)).toBe('latin.yaml is invalid (1 problem):\n  line 2  is not valid UTF-8 (byte 0xE9 at column 9); save the file as UTF-8');
  });
});

describe('derived names and values fit the fields they land in', () => {
  const problems = (text: string) => report(parseEnvironment('test', text));

  test('a model name whose derived host label would pass 63 characters', () => {
    const long = `m${'x'.repeat(51)}`;
    expect(problems(VALID.replace('name: m1', `name: ${long}`))).toBe(
      `environments/test.yaml is invalid (1 problem):\n  line 13  models[0].name: "${long}" is 52 characters; at most 51, since it derives DNS labels up to 12 characters longer (mxxxxxxx...-api-staging in the gateway's host)`,
    );
    expect(parseEnvironment('test', VALID.replace('name: m1', `name: m${'x'.repeat(50)}`)).ok).toBe(true);
  });

  test('a model named with a digit first', () => {
    expect(problems(VALID.replace('name: m1', 'name: "123"'))).toBe(
      'environments/test.yaml is invalid (1 problem):\n  line 13  models[0].name: "123" must start with a letter: it names Services (123-predictor), which are DNS-1035 labels',
    );
  });

  test('an int32 field given 4294967296', () => {
    const text = VALID.replace('    channel: stable\n', '    channel: stable\n  realm:\n    accessTokenLifespan: 4294967296\n');
    expect(problems(text)).toBe(
      'environments/test.yaml is invalid (1 problem):\n  line 13  identity.realm.accessTokenLifespan: 4294967296 is more than 2147483647, the largest value the field (a 32-bit integer) holds',
    );
  });

  test('URL fields with a leading space, a tab or NUL, or credentials', () => {
    const url = (value: string) => problems(VALID.replace('repoURL: https://git.example.com/maas.git', `repoURL: ${value}`));
    expect(url('" https://git.example.com/maas.git"')).toBe('environments/test.yaml is invalid (1 problem):\n  line 5  gitops.repoURL: " https://git.example.com/maas.git" holds whitespace or a control character; write the URL alone');
    expect(url('"https://git.example.com/\\tmaas.git"')).toContain('gitops.repoURL: "https://git.example.com/\\tmaas.git" holds whitespace or a control character; write the URL alone');
    expect(url('"https://git.example.com/maas.git\\0"')).toContain('gitops.repoURL: "https://git.example.com/maas.git\\u0000" holds whitespace or a control character; write the URL alone');
    expect(url('https://x-access-token:ghp_secret@git.example.com/maas.git')).toBe('environments/test.yaml is invalid (1 problem):\n  line 5  gitops.repoURL: "https://***@git.example.com/maas.git" is not an https URL without credentials, e.g. "https://host.example.com/path"');
  });
});
