/** What `code-interpreter --help` prints. */
export const helpText = `Usage: code-interpreter <command> [options]

Commands:
  run FILE        Run a file (.js .mjs .cjs .ts .mts .cts .py); FILE '-' reads stdin.
  repl            Read-eval-print loop; state persists between entries.
  mcp             Start the MCP server on stdio (or Streamable HTTP with --http).
  host            Run a sandbox host: run the code that 'mcp --nats' servers send over
                  NATS (needs --nats), until SIGINT/SIGTERM.

Options:
  -l, --language <javascript|typescript|python>
                  Language of the code (run: default from the extension; repl: javascript).
      --json      Print the full result as JSON (run).
      --raw       Print the program's output as it produced it (run, repl). Otherwise
                  control characters in its output, value and errors are shown as
                  escapes (ESC as \\x1b, CR as \\r, backspace as \\b, bidi overrides
                  as \\u202e), on a terminal or in a pipe, so the program cannot move
                  the cursor, rewrite lines, set the title or write the clipboard.
                  Newlines and tabs stay as they are.
      --timeout <ms>
                  Time limit of each run, 100-30000 ms (default 30000).
      --memory-limit <mb>
                  Memory limit of each run, 8-512 MB (default 128).
      --python <pyodide|native>
                  Python runtime: pyodide (default, standard library) or native
                  (the machine's python3 under bubblewrap, Linux).
      --allow-net <host>
                  Let the code make HTTP requests (JavaScript fetch; Python
                  urllib.request, http.client) to this host: api.github.com,
                  *.example.org (its subdomains), example.com:8443, host:* (any
                  port), an IP or a CIDR. Without a port: 80 for http, 443 for
                  https. Loopback and private addresses only by IP. Repeatable.
                  Without it the code has no network. Every request is checked
                  here, redirects too, and listed in the result (run --json).
      --deny-net <host>
                  Refuse this host even where --allow-net covers it (every port
                  unless one is given). Repeatable.
      --secret-header <host>=<Header-Name>:env:<VAR>
                  Add this header to the code's requests to host, its value read
                  from environment variable VAR when the command starts (never
                  written on the command line). The code cannot read it. Sent
                  over https only; write http://<host>=... to send it over plain
                  http too. Repeatable. An unset VAR is exit 2.
      --http      mcp: serve Streamable HTTP instead of stdio.
      --port <n>  mcp --http: port (default 3000; 0 picks a free one).
      --host <a>  mcp --http: address (default 127.0.0.1). Any other than loopback
                  needs --tokens-file or --token-env (else exit 2).
      --tokens-file <path>
                  mcp --http: accept only requests with Authorization: Bearer <token>
                  for a token in this file (one a line, # comments, 16+ characters).
                  Others get 401 with WWW-Authenticate pointing at the OAuth
                  protected-resource metadata (/.well-known/oauth-protected-resource).
      --token-env <VAR>
                  mcp --http: tokens from environment variable VAR (comma-separated);
                  with --tokens-file, both are accepted.
      --authorization-server <url>
                  mcp --http: list this OAuth issuer in the metadata. Repeatable.
      --resource-url <url>
                  mcp --http: the endpoint's public URL for the metadata (behind a
                  proxy; default http://<Host header>/mcp).
      --max-concurrent-runs-per-token <n>
                  mcp --http: run_code calls one token may have running (default 4).
      --max-runs-per-minute-per-token <n>
                  mcp --http: run_code calls one token may start per minute (default
                  60). Beyond a quota: HTTP 429 with Retry-After, naming the quota.
      --tools-from "<command line>"
                  mcp: start that MCP server (over stdio, no shell; quotes group
                  words) and let code run_code runs call its tools: JavaScript
                  await tools.name({ ... }), Python await tools.name(...). Its
                  tools are listed in run_code's description. Repeatable; the
                  servers are closed with this one. A server that cannot start
                  stops this one with what it said (exit 2). With --nats the
                  servers run here too and the hosts send the calls back.
      --nats <url>
                  host: the NATS server to serve on (nats://host:4222; repeatable).
                  mcp: run the code on the sandbox hosts of this NATS server instead
                  of here; --timeout, --memory-limit, --python, --allow-net,
                  --deny-net and --secret-header then belong on the hosts (exit 2
                  with mcp --nats); --language still narrows; --tools-from works.
      --name <id> host: its name in the NATS services framework (default the
                  machine's hostname).
      --workers <n>
                  host: worker processes of its interpreter.
      --max-sessions <n>
                  host: most sessions it holds at once (default 16).
      --session-idle-timeout <s>
                  host: end a session after this many seconds without a run,
                  command or file call (default 1800, 30 minutes); a session with
                  a run in progress is never idle. 'mcp' front ends tell the model
                  sessions end after 30 minutes idle, whatever the hosts use.
      --nats-creds <file>
                  host, mcp --nats: NATS credentials from a .creds file.
      --nats-token-env <VAR>
                  host, mcp --nats: the NATS token, read from this environment
                  variable (never give a secret on the command line).
      --nats-ca <file>
                  host, mcp --nats: CA (PEM) of the NATS server's certificate;
                  TLS is then required.
      --nats-cert <file>, --nats-key <file>
                  host, mcp --nats: client certificate and key (PEM) for a NATS
                  server that verifies clients.
      --session-key-file <file>
                  mcp --http --nats: sign session handles with the key in this
                  file (32+ random bytes, e.g. openssl rand -base64 48), so every
                  front end started with the same file and NATS serves them; the
                  hosts end idle sessions (host --session-idle-timeout, default
                  30 minutes).
  -h, --help      Show this help.
  -v, --version   Show the version.

Code mode (mcp --tools-from): the model writes one program that calls the other
server's tools as many times as it needs (a loop, a filter, a join) instead of
one tool call per model turn.

Network (--allow-net): no network unless asked for. Each request leaves through this
process, which resolves the name and refuses private, loopback and cloud metadata
addresses unless allowed by IP; data can still leave through a host you allow.

Scaling out (--nats): NATS carries runs and sessions between 'mcp --nats' and any
number of 'host' processes; anyone who can publish on that NATS server can run code
on the hosts, so keep it private or require credentials and TLS (--nats-creds,
--nats-token-env, --nats-ca) with the permissions in @code-interpreter/remote's README.

Exit codes: 0 the code ran, 1 the code failed (error, timeout, limit), 2 the command was wrong.

Examples:
  code-interpreter run script.py
  echo 'console.log(6 * 7)' | code-interpreter run - --language javascript
  code-interpreter repl --language python
  code-interpreter mcp --http --port 3000
  openssl rand -hex 32 > tokens && code-interpreter mcp --http --host 0.0.0.0 --tokens-file tokens
  nats-server -p 4222 & code-interpreter host --nats nats://127.0.0.1:4222 &
  code-interpreter mcp --http --nats nats://127.0.0.1:4222
  code-interpreter mcp --tools-from "npx -y @modelcontextprotocol/server-everything"
  GITHUB_AUTH="Bearer $TOKEN" code-interpreter mcp --allow-net api.github.com \\
      --secret-header api.github.com=Authorization:env:GITHUB_AUTH
`;
