/**
 * Keeps at most `limit` characters of a stream: the first half and the last half, with a note
 * saying how much was cut in between (the same shape the in-sandbox driver produces).
 */
export class CappedStreamText {
  private head = '';
  private tail = '';
  private total = 0;
  private readonly headLimit: number;
  private readonly tailLimit: number;

  constructor(
    private readonly limit: number,
    private readonly label: 'stdout' | 'stderr',
  ) {
    this.headLimit = limit - Math.floor(limit / 2);
    this.tailLimit = Math.floor(limit / 2);
  }

  add(text: string): void {
    this.total += text.length;
    const room = this.headLimit - this.head.length;
    if (room > 0) {
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (!text || this.tailLimit === 0) return;
    this.tail += text;
    if (this.tail.length > 2 * this.tailLimit + 4096) this.tail = this.tail.slice(-this.tailLimit);
  }

  get truncated(): boolean {
    return this.total > this.limit;
  }

  /**
   * True once the stream holds as much as the limit allows. The sandbox streams no more than the
   * limit, so for a run stopped midway this is the only sign that more output was cut.
   */
  get full(): boolean {
    return this.total >= this.limit;
  }

  text(): string {
    if (!this.truncated) return this.head + this.tail;
    const tail = this.tailLimit ? this.tail.slice(-this.tailLimit) : '';
    const cut = this.total - this.head.length - tail.length;
    return `${this.head}\n… [${cut} characters of ${this.label} cut] …\n${tail}`;
  }

  /** Caps a whole string at once. */
  static cap(
    text: string,
    limit: number,
    label: 'stdout' | 'stderr',
  ): { text: string; truncated: boolean } {
    const capped = new CappedStreamText(limit, label);
    capped.add(text);
    return { text: capped.text(), truncated: capped.truncated };
  }
}
