/**
 * How a sandbox host or a remote interpreter proves who it is to the NATS server. Give exactly
 * one kind. The server decides what each identity may publish and subscribe to: see the
 * package README ("Securing NATS") for the permissions hosts and clients need.
 */
export type NatsCredentials =
  | {
      /** A token the server's `authorization { token: ... }` accepts. */
      token: string;
    }
  | {
      /** A user of the server's `authorization { users: [...] }`. */
      user: string;
      /** That user's password. */
      password: string;
    }
  | {
      /**
       * The seed of a user NKey (`SU...`), as text or bytes; the server lists the user by its
       * public key (`U...`). The seed signs the server's nonce and never crosses the wire.
       */
      nkeySeed: string | Uint8Array;
    }
  | {
      /**
       * Path of a `.creds` file (a user JWT and its NKey seed, as `nsc generate creds` writes it),
       * for servers in operator (decentralized JWT) mode. Read once, when connecting.
       */
      credsFile: string;
    }
  | {
      /** The contents of a `.creds` file, as text or bytes. */
      creds: string | Uint8Array;
    };

/**
 * TLS toward the NATS server. Setting it (even `{}`) makes TLS required: a server that does not
 * offer TLS is refused. Each PEM may be given inline or as a file path (read when connecting).
 */
export interface NatsTlsOptions {
  /**
   * PEM of the certificate authority that signed the server's certificate.
   * @default the system's trusted authorities
   */
  ca?: string;
  /** Path of a PEM file with the certificate authority (instead of `ca`). */
  caFile?: string;
  /**
   * PEM of this client's certificate, for servers that verify clients (`verify: true`); needs
   * `key` or `keyFile`.
   */
  cert?: string;
  /** Path of a PEM file with this client's certificate (instead of `cert`). */
  certFile?: string;
  /** PEM of the private key of `cert`. */
  key?: string;
  /** Path of a PEM file with the private key (instead of `key`). */
  keyFile?: string;
  /**
   * Start TLS before the NATS protocol (the server needs `handshake_first: true`).
   * @default false
   */
  handshakeFirst?: boolean;
}

/** The security options `serveSandboxHost` and `createRemoteCodeInterpreter` share. */
export interface NatsSecurityOptions {
  /**
   * Credentials for the NATS server.
   * @default none (the server must allow anonymous connections)
   */
  credentials?: NatsCredentials;
  /**
   * TLS toward the NATS server (server verification with a CA, client certificates).
   * @default none (plain TCP unless the server requires TLS, which then fails)
   */
  tls?: NatsTlsOptions;
}
