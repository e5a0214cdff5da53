import { readFileSync } from 'node:fs';

/** What {@link HostMemoryMonitor.stop} reports, in MB. */
export interface HostMemoryGrowth {
  /** Largest drop of the host's MemAvailable below its value at start. */
  availableDropMb: number;
  /** Largest growth of the host's kernel slab (Slab) above its value at start. */
  slabGrowthMb: number;
}

function meminfoKb(text: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

function sample(): { availableKb: number; slabKb: number } {
  const text = readFileSync('/proc/meminfo', 'utf8');
  return { availableKb: meminfoKb(text, 'MemAvailable'), slabKb: meminfoKb(text, 'Slab') };
}

/**
 * Tests only: samples the whole host's memory (/proc/meminfo) every few milliseconds while an
 * adversarial program runs, to assert that it did not take memory outside its limits — memory
 * no process counts, such as socket buffers in the kernel, included.
 */
export class HostMemoryMonitor {
  private readonly start = sample();
  private lowestAvailableKb = this.start.availableKb;
  private highestSlabKb = this.start.slabKb;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 25) {
    this.timer = setInterval(() => this.record(), intervalMs);
  }

  private record(): void {
    const now = sample();
    this.lowestAvailableKb = Math.min(this.lowestAvailableKb, now.availableKb);
    this.highestSlabKb = Math.max(this.highestSlabKb, now.slabKb);
  }

  /** Stops sampling and reports the largest growth seen. */
  stop(): HostMemoryGrowth {
    clearInterval(this.timer);
    this.record();
    return {
      availableDropMb: Math.round((this.start.availableKb - this.lowestAvailableKb) / 1024),
      slabGrowthMb: Math.round((this.highestSlabKb - this.start.slabKb) / 1024),
    };
  }
}
