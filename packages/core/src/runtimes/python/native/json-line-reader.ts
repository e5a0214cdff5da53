/**
 * Splits a byte stream into newline-terminated JSON messages, refusing any line longer than
 * `maxLineBytes` (the sandbox is untrusted: it must not make the host buffer without bound).
 */
export class JsonLineReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failed = false;

  constructor(
    /** Largest line accepted, in bytes; may be raised or lowered between messages. */
    public maxLineBytes: number,
    private readonly onMessage: (message: unknown) => void,
    private readonly onError: (reason: string) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.failed) return;
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      if (newline === -1) break;
      const piece = chunk.subarray(start, newline);
      start = newline + 1;
      if (this.buffered + piece.length > this.maxLineBytes) {
        this.fail();
        return;
      }
      const line = this.chunks.length ? Buffer.concat([...this.chunks, piece]) : piece;
      this.chunks = [];
      this.buffered = 0;
      let message: unknown;
      try {
        message = JSON.parse(line.toString('utf8'));
      } catch {
        this.fail('a message from the sandbox was not valid JSON');
        return;
      }
      this.onMessage(message);
      if (this.failed) return;
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0) return;
    if (this.buffered + rest.length > this.maxLineBytes) {
      this.fail();
      return;
    }
    this.chunks.push(Buffer.from(rest));
    this.buffered += rest.length;
  }

  private fail(reason = `a message from the sandbox exceeded ${this.maxLineBytes} bytes`): void {
    this.failed = true;
    this.chunks = [];
    this.buffered = 0;
    this.onError(reason);
  }
}
