import { redactUrl, sanitizeForPrint } from '../lib/redact';

describe('redactUrl', () => {
  test('hides a URL\'s user and password, and secret-looking query parameters', () => {
    expect(redactUrl('https://user:ghp_token@github.com/org/repo.git')).toBe('https://***@github.com/org/repo.git');
    expect(redactUrl('clone https://x-access-token:abc@h/r and http://h/p?access_token=abc&page=2')).toBe('clone https://***@h/r and http://h/p?access_token=***&page=2');
    expect(redactUrl('https://host.example.com/path')).toBe('https://host.example.com/path');
  });
});

describe('sanitizeForPrint', () => {
  test('hides Basic and Bearer values, JWTs and JSON secrets; shows control characters as escapes', () => {
    expect(sanitizeForPrint('Authorization: Basic YWk6c2VjcmV0 and Bearer abcdefgh.ijk')).toBe('Authorization: Basic *** and Bearer ***');
    expect(sanitizeForPrint('token eyJhbGciOi.eyJzdWIi.c2ln here')).toBe('token *** here');
    expect(sanitizeForPrint('{"access_token":"abc","x":1}')).toBe('{"access_token":"***","x":1}');
    expect(sanitizeForPrint('a\u001b[31mb\r\nc')).toBe('a\\x1b[31mb\\x0d\\x0ac');
    expect(sanitizeForPrint('POST https://h/openid-connect/token: TLS certificate not trusted')).toBe('POST https://h/openid-connect/token: TLS certificate not trusted');
  });
});
