/** Speed and ETA of a job's current run (work done before a resume does not count towards speed). */
export class ProgressMeter {
  private readonly started = performance.now();
  private tokens = 0;
  private items = 0;
  private unknownTokens = false;

  /** One finished item and its output tokens; null when the backend did not report them. */
  add(tokensOut: number | null): void {
    if (tokensOut === null) this.unknownTokens = true;
    else this.tokens += tokensOut;
    this.items++;
  }

  get seconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  /** Output tokens per second; null while nothing is counted or once any item's tokens were unknown (not 0). */
  get tokensPerSecond(): number | null {
    if (this.unknownTokens || this.items === 0) return null;
    return this.tokens / Math.max(this.seconds, 1e-6);
  }

  /** Seconds left for `remaining` items at this run's pace; null before the first item. */
  eta(remaining: number): number | null {
    return this.items ? remaining / (this.items / Math.max(this.seconds, 1e-6)) : null;
  }
}
