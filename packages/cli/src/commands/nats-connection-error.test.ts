import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error';
import { connectOrExplain, isNatsUnreachable } from './nats-connection-error';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('connectOrExplain', () => {
  it('turns an unreachable NATS server into a usage error naming the servers', async () => {
    const refused = Object.assign(new Error('connection refused'), { name: 'ConnectionError' });
    const attempt = connectOrExplain(['nats://127.0.0.1:1'], () => Promise.reject(refused));
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(
      'Could not reach NATS at nats://127.0.0.1:1 (connection refused): start nats-server there or fix --nats.',
    );
  });

  it('turns refused credentials into a usage error naming the flags', async () => {
    const refused = Object.assign(new Error('Authorization Violation'), {
      name: 'AuthorizationError',
    });
    const attempt = connectOrExplain(['nats://n:4222'], () => Promise.reject(refused));
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(
      "NATS at nats://n:4222 refused this connection's credentials (Authorization Violation): check --nats-creds or --nats-token-env.",
    );
  });

  it('passes other errors through unchanged', async () => {
    const other = new Error('Unknown language');
    await expect(connectOrExplain(['nats://x'], () => Promise.reject(other))).rejects.toBe(other);
    await expect(connectOrExplain(['nats://x'], async () => 42)).resolves.toBe(42);
  });

  it('recognises name resolution failures and refusals by their code', () => {
    expect(isNatsUnreachable(withCode('getaddrinfo ENOTFOUND nats', 'ENOTFOUND'))).toBe(true);
    expect(isNatsUnreachable(withCode('connect ECONNREFUSED', 'ECONNREFUSED'))).toBe(true);
    expect(isNatsUnreachable(withCode('out of memory', 'ERR_WORKER_OUT_OF_MEMORY'))).toBe(false);
    expect(isNatsUnreachable('connection refused')).toBe(false);
  });
});
