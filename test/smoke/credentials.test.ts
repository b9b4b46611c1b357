import { credentialsFromVariables, parseCredentialsFile } from '../../lib/smoke/credentials';

describe('credentialsFromVariables', () => {
  test('reads MAAS_CLIENT_ID and MAAS_CLIENT_SECRET, ignoring empty values', () => {
    expect(credentialsFromVariables({ MAAS_CLIENT_ID: 'ai-client', MAAS_CLIENT_SECRET: 's' })).toEqual({ clientId: 'ai-client', clientSecret: 's' });
    expect(credentialsFromVariables({ MAAS_CLIENT_ID: '', MAAS_CLIENT_SECRET: ' ' })).toEqual({ clientId: undefined, clientSecret: undefined });
  });
});

describe('parseCredentialsFile', () => {
  test('reads KEY=VALUE lines with comments, quotes and export', () => {
    const text = '# from the Keycloak operator Secret\nexport CLIENT_ID="ai-client"\nCLIENT_SECRET=\'s=1\'\n';
    expect(parseCredentialsFile(text, 'creds.env')).toEqual({ clientId: 'ai-client', clientSecret: 's=1' });
  });

  test('reads a JSON object with OAuth or camel-case names', () => {
    expect(parseCredentialsFile('{"client_id": "a", "client_secret": "s"}', 'c.json')).toEqual({ clientId: 'a', clientSecret: 's' });
    expect(parseCredentialsFile('{"clientSecret": "s"}', 'c.json')).toEqual({ clientId: undefined, clientSecret: 's' });
  });

  test('fails when there is no secret, naming the accepted keys', () => {
    expect(() => parseCredentialsFile('CLIENT_ID=a\n', 'creds.env')).toThrow(
      'creds.env: no client secret found; expected one of the keys MAAS_CLIENT_SECRET, CLIENT_SECRET, clientSecret, client_secret',
    );
  });

  test('fails on a line that is not KEY=VALUE, without showing the line', () => {
    expect(() => parseCredentialsFile('CLIENT_SECRET=s\nthe-secret-pasted-alone\n', 'creds.env')).toThrow(/^creds\.env: line 2 is not KEY=VALUE$/);
  });

  test('fails on JSON that is not an object', () => {
    expect(() => parseCredentialsFile('{"a": ', 'c.json')).toThrow(/^c\.json: not valid JSON/);
    expect(() => parseCredentialsFile('["s"]', 'c.json')).toThrow('c.json: the JSON is not an object');
  });
});
