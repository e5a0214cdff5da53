import { describe, expect, it } from 'vitest';
import { networkErrorMessage, requestFailureMessage } from './network-error-message';
import { ResponseDecodeError, ResponseTooLargeError } from './read-response-body';

const withCode = (message: string, code: unknown) => Object.assign(new Error(message), { code });

describe('networkErrorMessage', () => {
  it('keeps only a known code, never the original message', () => {
    expect(
      networkErrorMessage(
        withCode('connect ECONNREFUSED 10.9.8.7:9 /home/app/.proxyrc', 'ECONNREFUSED'),
        'api.test:9',
      ),
    ).toBe('The request to api.test:9 failed: the connection was refused (ECONNREFUSED).');
    expect(networkErrorMessage(withCode('x', 'DEPTH_ZERO_SELF_SIGNED_CERT'), 'api.test:443')).toBe(
      "The request to api.test:443 failed: the server's TLS certificate was not accepted (DEPTH_ZERO_SELF_SIGNED_CERT).",
    );
    expect(networkErrorMessage(withCode('x', 'HPE_INVALID_CONSTANT'), 'a:1')).toBe(
      'The request to a:1 failed: the server sent an invalid HTTP response (HPE_INVALID_CONSTANT).',
    );
    expect(networkErrorMessage(withCode('Bearer secret', 'Bearer secret'), 'a:1')).toBe(
      'The request to a:1 failed: the request failed.',
    );
    expect(networkErrorMessage(new Error('/etc/shadow'), 'a:1')).toBe(
      'The request to a:1 failed: the request failed.',
    );
    expect(networkErrorMessage(null, 'a:1')).toBe('The request to a:1 failed: the request failed.');
  });

  it('names why a request was cancelled before what failed', () => {
    const refused = withCode('x', 'ECONNREFUSED');
    expect(requestFailureMessage(refused, 'timeout', 'a:1', 150)).toBe(
      'The request to a:1 took longer than 150 ms (the request time limit) and was cancelled.',
    );
    expect(requestFailureMessage(refused, 'deadline', 'a:1', 150)).toBe(
      'The request was cancelled: the run reached its time limit.',
    );
    expect(requestFailureMessage(refused, 'ended', 'a:1', 150)).toBe(
      'The request was cancelled: the run ended.',
    );
    expect(requestFailureMessage(refused, 'caller', 'a:1', 150)).toBe('The request was aborted.');
    expect(requestFailureMessage(new ResponseTooLargeError(5), undefined, 'a:1', 150)).toBe(
      'The response from a:1 is larger than 5 bytes, the most a request may receive (maxResponseBytes): ask for less, such as a smaller page or range.',
    );
    expect(requestFailureMessage(new ResponseDecodeError('bad gzip'), undefined, 'a:1', 150)).toBe(
      'bad gzip',
    );
    expect(requestFailureMessage(refused, undefined, 'a:1', 150)).toBe(
      'The request to a:1 failed: the connection was refused (ECONNREFUSED).',
    );
  });
});
