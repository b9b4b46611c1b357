import { formatProblems, parseEnvironment } from '../../lib/config/load';
import { DEFAULT_SMOKE_IMAGE } from '../../lib/config/smoke';

const BASE = `stage: dev
cluster:
  appsDomain: apps.example.com
gitops:
  repoURL: https://git.example.com/maas.git
identity:
  generation: rhbk
  operator: { namespace: kc, name: rhbk-operator, channel: stable-v26.0 }
  keycloak: { postgres: {} }
gateway:
  operator: { namespace: threescale, name: 3scale-operator, channel: threescale-2.15 }
`;

function load(extra: string) {
  const result = parseEnvironment('test', BASE + extra);
  if (!result.ok) throw new Error(formatProblems('environments/test.yaml', result.problems));
  return result.environment;
}

describe('smoke section', () => {
  test('defaults: no PostSync Job, the pinned default image, 10 s per request', () => {
    expect(load('').smoke).toEqual({ postSync: false, image: DEFAULT_SMOKE_IMAGE, timeoutSeconds: 10 });
  });

  test('the default image is pinned by digest', () => {
    expect(DEFAULT_SMOKE_IMAGE).toMatch(/@sha256:[a-f0-9]{64}$/);
  });

  test('opting in keeps the other defaults', () => {
    expect(load('smoke:\n  postSync: true\n').smoke).toEqual({ postSync: true, image: DEFAULT_SMOKE_IMAGE, timeoutSeconds: 10 });
  });

  test('fails when the image is not pinned by digest', () => {
    // WHEN
    const result = parseEnvironment('test', BASE + 'smoke:\n  image: registry.access.redhat.com/ubi9/nodejs-20-minimal:latest\n');

    // THEN
    expect(result.ok ? [] : result.problems).toEqual([
      {
        line: 13,
        path: 'smoke.image',
        message:
          '"registry.access.redhat.com/ubi9/nodejs-20-minimal:latest" is not pinned by digest; use "<registry>/<repository>@sha256:<64 hex digits>" ' +
          '(skopeo inspect docker://<image> prints the digest)',
      },
    ]);
  });

  test('fails when postSync is not a boolean', () => {
    const result = parseEnvironment('test', BASE + 'smoke:\n  postSync: yes\n');
    expect(result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual(['smoke.postSync: "yes" is not a boolean']);
  });
});
