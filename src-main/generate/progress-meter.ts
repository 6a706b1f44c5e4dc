/** Speed and ETA of a job's current run (work done before a resume does not count towards speed). */
export class ProgressMeter {
  private readonly started = performance.now();
  private tokens = 0;
  private items = 0;

  add(tokensOut: number): void {
    this.tokens += tokensOut;
    this.items++;
  }

  get seconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  get tokensPerSecond(): number {
    return this.tokens / Math.max(this.seconds, 1e-6);
  }

  /** Seconds left for `remaining` items at this run's pace; null before the first item. */
  eta(remaining: number): number | null {
    return this.items ? remaining / (this.items / Math.max(this.seconds, 1e-6)) : null;
  }
}
