/**
 * The stand-in's clock. Real by default, so that demos move on their own; manual for tests, so
 * that a job's lifecycle moves only when the test says, however fast or busy the machine is.
 */

/** How the stand-in's time moves. */
export type ClockOption =
  | "real"
  | "manual"
  | {
      /** A manual clock. */
      mode: "manual";
      /**
       * Moves the clock this many ms forward before each request is handled: a polling client
       * then sees the lifecycle advance by the number of its requests, never by wall time.
       */
      stepMs: number;
    };

/** A source of "now" for the stand-in's state. */
export class StandInClock {
  readonly manual: boolean;
  readonly #stepMs: number;
  #now = Date.now();

  constructor(option: ClockOption = "real") {
    this.manual = option !== "real";
    this.#stepMs = typeof option === "object" ? option.stepMs : 0;
    if (!(this.#stepMs >= 0 && Number.isFinite(this.#stepMs)))
      throw new RangeError(`clock.stepMs must be a finite number of ms ≥ 0, got ${this.#stepMs}`);
  }

  /** Milliseconds since the epoch, as the stand-in sees them. */
  now(): number {
    return this.manual ? this.#now : Date.now();
  }

  /** Moves a manual clock forward. */
  advance(ms: number): void {
    if (!this.manual) throw new Error('advance() needs startStandIn({ clock: "manual" })');
    if (!(ms >= 0 && Number.isFinite(ms)))
      throw new RangeError(`advance(ms) takes a finite number of ms ≥ 0, got ${ms}`);
    this.#now += ms;
  }

  /** Called once per request: the configured step, if any. */
  tick(): void {
    if (this.#stepMs > 0) this.#now += this.#stepMs;
  }
}
