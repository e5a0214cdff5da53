import { describe, expect, it } from 'vitest';
import {
  cancelledRequestIdsIn,
  hostnameOf,
  isLoopback,
  originHost,
  toolCallIdsIn,
} from './http-request-checks';

describe('http request checks', () => {
  it('takes the host name out of a Host header, IPv6 included', () => {
    expect(hostnameOf('127.0.0.1:3000')).toBe('127.0.0.1');
    expect(hostnameOf('localhost')).toBe('localhost');
    expect(hostnameOf('[::1]:3000')).toBe('[::1]');
    expect(hostnameOf('evil.example:3000')).toBe('evil.example');
  });

  it('reads the host of an Origin, and nothing from a non-URL one', () => {
    expect(originHost('http://localhost:6274')).toBe('localhost:6274');
    expect(originHost('null')).toBe('');
  });

  it('knows loopback listen addresses', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
  });
});

describe('JSON-RPC messages the quotas count', () => {
  const call = (id: number, name = 'run_code') => ({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name, arguments: {} },
  });

  it('finds the calls of the tool, in one message or a batch', () => {
    expect(toolCallIdsIn(call(1), 'run_code')).toEqual([1]);
    expect(toolCallIdsIn([call(1), call(2, 'other'), call(3)], 'run_code')).toEqual([1, 3]);
    expect(toolCallIdsIn({ jsonrpc: '2.0', id: 4, method: 'tools/list' }, 'run_code')).toEqual([]);
    expect(toolCallIdsIn(null, 'run_code')).toEqual([]);
  });

  it('finds the requests a cancellation names', () => {
    expect(
      cancelledRequestIdsIn({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: 7, reason: 'user' },
      }),
    ).toEqual([7]);
    expect(cancelledRequestIdsIn(call(1))).toEqual([]);
  });
});
