import { describe, expect, it } from 'vitest';
import { hostnameOf, isLoopback, originHost } from './http-request-checks';

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
