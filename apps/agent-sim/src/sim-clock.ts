/**
 * The clock the simulated PCs live by: simulated time runs `speed` times faster than the wall
 * clock, so with speed 60 a 2-minute poll interval takes 2 s and a 10-minute credential prompt
 * (D10) takes 10 s. All durations inside the simulator are in simulated milliseconds.
 */
export class SimClock {
  private readonly startedAt: number;

  constructor(
    readonly speed: number,
    private readonly realNow: () => number = () => performance.now(),
  ) {
    if (!Number.isFinite(speed) || speed <= 0)
      throw new Error(`speed must be a positive number, got ${speed}`);
    this.startedAt = realNow();
  }

  /** Simulated milliseconds since the fleet started. */
  now(): number {
    return (this.realNow() - this.startedAt) * this.speed;
  }

  /** Wall-clock milliseconds that a simulated duration takes. */
  toRealMs(simMs: number): number {
    return simMs / this.speed;
  }

  /** Simulated milliseconds that a wall-clock duration stands for. */
  toSimMs(realMs: number): number {
    return realMs * this.speed;
  }

  /** Waits a simulated duration; resolves false when aborted first (the fleet is stopping). */
  sleep(simMs: number, signal: AbortSignal): Promise<boolean> {
    return sleepReal(this.toRealMs(simMs), signal);
  }
}

/** Waits wall-clock milliseconds; resolves false at once if the signal aborts. */
export function sleepReal(realMs: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      },
      Math.max(0, realMs),
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Waits before retry number `attempt` (0.5 s, doubling, at most 30 s of wall clock); false if the signal aborts. */
export function backOff(attempt: number, signal: AbortSignal): Promise<boolean> {
  return sleepReal(Math.min(30_000, 500 * 2 ** attempt), signal);
}

/** Formats simulated milliseconds as h:mm:ss for progress lines. */
export function formatSimTime(simMs: number): string {
  const total = Math.floor(simMs / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
