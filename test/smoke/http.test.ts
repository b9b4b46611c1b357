import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { send, urlProblem } from '../../lib/smoke/http';

describe('urlProblem', () => {
  test('accepts https anywhere and http to loopback only', () => {
    expect(['https://kc.example.com/t', 'http://127.0.0.1:8080/t', 'http://localhost/t', 'http://[::1]:80/t'].map(urlProblem)).toEqual([
      undefined, undefined, undefined, undefined,
    ]);
  });

  test('refuses http to any other host, including a name that merely starts like loopback', () => {
    expect(urlProblem('http://127.0.0.1.example.com/t')).toBe(
      'refusing http://127.0.0.1.example.com/t: plain http is allowed only to loopback (127.0.0.1, localhost, ::1); use https',
    );
  });

  test('refuses other schemes, credentials in the URL, and text that is not a URL', () => {
    expect(urlProblem('ftp://kc.example.com/t')).toBe('refusing ftp://kc.example.com/t: only https (or http to loopback) is supported');
    expect(urlProblem('https://user:pw@kc.example.com/t')).toBe('https://kc.example.com: credentials in a URL are not accepted');
    expect(urlProblem('kc.example.com/t')).toBe('"kc.example.com/t" is not a URL');
  });
});

describe('send', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // GIVEN a server that accepts requests and never answers
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('gives up after the timeout, saying so', async () => {
    await expect(send({ method: 'GET', url }, { timeoutMs: 200 })).rejects.toThrow(`GET ${url}: no response within 0.2 s`);
  });
});

