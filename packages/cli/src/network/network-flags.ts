import { InvalidInputError, type NetworkPolicy } from '@code-interpreter/core';
import { UsageError } from '../usage-error';

/** One `--secret-header <host>=<Header-Name>:env:<VAR>`, its value not read yet. */
export interface SecretHeaderFlag {
  /** The host pattern, as `--allow-net` takes it (without the `http://` marker). */
  host: string;
  /** The header's name. */
  header: string;
  /** The environment variable that holds the header's value. */
  envVar: string;
  /** Written `http://<host>=...`: the header also goes with plain http requests. */
  allowHttp: boolean;
  /** The flag as written (it holds no secret: only a variable's name). */
  text: string;
}

/** What `--allow-net`, `--deny-net` and `--secret-header` asked for. */
export interface NetworkFlags {
  /** `--allow-net`, in order. */
  allow: string[];
  /** `--deny-net`, in order. */
  deny: string[];
  /** `--secret-header`, in order. */
  secretHeaders: SecretHeaderFlag[];
}

const envVarName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const syntax = '<host>=<Header-Name>:env:<ENV_VAR>';

/**
 * Parses one `--secret-header`. The value must come from an environment variable: a literal one
 * would land in the shell's history and in `ps`, so it is refused, and never quoted back.
 */
export function parseSecretHeaderFlag(text: string): SecretHeaderFlag {
  const equals = text.indexOf('=');
  let host = equals < 0 ? '' : text.slice(0, equals).trim();
  const rest = equals < 0 ? '' : text.slice(equals + 1);
  const colon = rest.indexOf(':');
  const header = (colon < 0 ? rest : rest.slice(0, colon)).trim();
  if (host === '' || header === '') {
    throw new UsageError(
      `--secret-header takes ${syntax}, such as api.github.com=Authorization:env:GITHUB_AUTH.`,
    );
  }
  const source = colon < 0 ? '' : rest.slice(colon + 1);
  const where = `--secret-header for ${host} (${header})`;
  if (!source.startsWith('env:')) {
    throw new UsageError(
      `${where}: the value must come from an environment variable, never from the command line (it would stay in the shell's history and show in ps). Write ${host}=${header}:env:<ENV_VAR> and set ENV_VAR to the whole value (e.g. 'Bearer …').`,
    );
  }
  const envVar = source.slice('env:'.length);
  if (!envVarName.test(envVar)) {
    throw new UsageError(
      `${where}: '${envVar}' is not an environment variable name (letters, digits and _, not starting with a digit).`,
    );
  }
  let allowHttp = false;
  const scheme = /^(https?):\/\//i.exec(host);
  if (scheme) {
    allowHttp = scheme[1]?.toLowerCase() === 'http';
    host = host.slice(scheme[0].length);
  }
  return { host, header, envVar, allowHttp, text };
}

/**
 * The interpreter's `network` policy from the flags, each secret header's value read now from
 * `env` (the CLI's own environment, at start). `undefined` when no flag was given (no network).
 * Throws {@link UsageError} for an unset or empty variable (naming it), for `--deny-net` or
 * `--secret-header` without `--allow-net`, and for a header given twice for a host.
 */
export function networkPolicyFromFlags(
  flags: NetworkFlags | undefined,
  env: Readonly<Record<string, string | undefined>>,
): NetworkPolicy | undefined {
  if (!flags) return undefined;
  if (flags.allow.length === 0) {
    throw new UsageError(
      '--deny-net and --secret-header narrow what --allow-net allows: give the hosts the code may reach with --allow-net <host> (without it the code has no network).',
    );
  }
  const secrets: NonNullable<NetworkPolicy['secrets']> = {};
  for (const flag of flags.secretHeaders) {
    const value = env[flag.envVar];
    if (value === undefined || value === '') {
      throw new UsageError(
        `--secret-header ${flag.text}: the environment variable ${flag.envVar} is ${value === undefined ? 'not set' : 'empty'}. Set it to the header's value before starting code-interpreter.`,
      );
    }
    secrets[flag.host] ??= { headers: {}, allowHttp: flag.allowHttp };
    const entry = secrets[flag.host] as { headers: Record<string, string>; allowHttp?: boolean };
    if (entry.allowHttp !== flag.allowHttp) {
      throw new UsageError(
        `--secret-header: write every header for ${flag.host} the same way, all with http:// (also sent over plain http) or none.`,
      );
    }
    const taken = Object.keys(entry.headers).some(
      (name) => name.toLowerCase() === flag.header.toLowerCase(),
    );
    if (taken) {
      throw new UsageError(`--secret-header: ${flag.header} is given twice for ${flag.host}.`);
    }
    entry.headers[flag.header] = value;
  }
  return {
    allow: [...flags.allow],
    ...(flags.deny.length > 0 ? { deny: [...flags.deny] } : {}),
    ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
  };
}

/**
 * `error` with the interpreter's complaints about the network policy said in terms of the flags
 * that gave it (`--allow-net 'api github.com': ...`), as a {@link UsageError}; any other error
 * as it is.
 */
export function withNetworkFlagNames(error: unknown, flags: NetworkFlags | undefined): unknown {
  if (!flags || !InvalidInputError.isInstance(error)) return error;
  const issues = error.issues.filter((issue) => issue.path.startsWith('network'));
  if (issues.length === 0) return error;
  const explained = issues.map(({ path, message }) => {
    const listed = /^network\.(allow|deny)\[(\d+)\]/.exec(path);
    if (listed) {
      const value = (listed[1] === 'allow' ? flags.allow : flags.deny)[Number(listed[2])] ?? '';
      // The interpreter's message starts with the entry, which the flag already shows.
      const quoted = `${JSON.stringify(value)} `;
      const reason = message.startsWith(quoted) ? message.slice(quoted.length) : message;
      return `--${listed[1]}-net '${value}': ${reason}`;
    }
    const secret = /^network\.secrets\[("(?:[^"\\]|\\.)*")\](?:\.headers\.(.+))?/.exec(path);
    if (secret?.[1]) {
      const host = JSON.parse(secret[1]) as string;
      const header = secret[2]?.toLowerCase();
      const flag = flags.secretHeaders.find(
        (entry) => entry.host === host && (!header || entry.header.toLowerCase() === header),
      );
      return `--secret-header ${flag ? flag.text : `for ${host}`}: ${message}`;
    }
    return `${path}: ${message}`;
  });
  return new UsageError(`${explained.join('; ')}.`);
}
