/**
 * At most `limit` holders at once; the others wait their turn in order. What the tool and
 * network brokers use to bound a run's calls in progress.
 */
export class ConcurrencySlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Resolves when a slot is held (at once when one is free); give it back with `release`. */
  take(): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.running++;
        resolve();
      });
    });
  }

  /** Gives a slot back: the longest waiter gets it. */
  release(): void {
    this.running--;
    this.waiting.shift()?.();
  }

  /** Lets every waiter through at once (the run ended: they will find it so and give up). */
  releaseWaiting(): void {
    for (const wake of this.waiting.splice(0)) wake();
  }
}
