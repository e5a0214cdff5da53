/** An idle time in words: `30 minutes`, `1 minute`, `45 seconds`. */
export function describeIdleTime(ms: number): string {
  if (ms < 60_000) {
    const seconds = Math.max(1, Math.round(ms / 1000));
    return `${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  const minutes = Math.round((ms / 60_000) * 10) / 10;
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
