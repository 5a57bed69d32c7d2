export interface AutosaveSchedulerOptions {
  /** How long typing must pause before the text is saved on its own. */
  readonly delayMs: number;
  /** How long to wait before trying again after a failed save. */
  readonly retryDelayMs: number;
  /**
   * Whether the text should be saved on its own now: it is loaded, it changed
   * since the last save, and no conflict waits for the user's choice.
   */
  readonly wanted: () => boolean;
  /**
   * A scheduled save is due. The owner reads what is pending and saves through
   * `run` if there is still something to save (the pause may have taken a change back).
   */
  readonly due: () => void;
}

/**
 * When the compose screen saves on its own, and that it saves one at a time:
 * after typing pauses, again after a failed save, at once when flushed. The
 * owner decides what a save sends and reports how it ended (`saved`, `failed`).
 */
export class AutosaveScheduler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<boolean> | null = null;

  constructor(private readonly options: AutosaveSchedulerOptions) {}

  /** Whether a save is scheduled (waiting for the pause or the retry). */
  get scheduled(): boolean {
    return this.timer !== null;
  }

  /** The text changed: it is saved once typing pauses, and every change starts the pause anew. */
  changed(): void {
    this.schedule(this.options.delayMs);
  }

  /**
   * A save was stored. What was typed while it ran is saved after another
   * pause; when nothing is wanted now, a save scheduled meanwhile stays (it
   * decides when it is due, once a pending change has been read).
   */
  saved(): void {
    if (this.options.wanted()) this.changed();
  }

  /**
   * A save failed but may work later (engine unreachable, disk full): it is
   * tried again after the retry delay, unless newer typing has scheduled a save already.
   */
  failed(): void {
    if (this.timer === null) this.schedule(this.options.retryDelayMs);
  }

  /** Drops the scheduled save (another release opened, or a save runs now anyway). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Runs a save now, taking the place of a scheduled one. One save at a time:
   * while another is on its way this one starts after its answer, so it is
   * based on the version that save stored. With none on its way it starts at
   * once (it takes the text as it is at this moment).
   */
  run(save: () => Promise<boolean>): Promise<boolean> {
    this.cancel();
    const run = this.inFlight ? this.inFlight.then(() => save()) : save();
    this.inFlight = run;
    const settled = (): void => {
      if (this.inFlight === run) this.inFlight = null;
    };
    // The caller handles a failed save; this bookkeeping must not report it a second time as unhandled.
    void run.then(settled, settled);
    return run;
  }

  /**
   * Before the text must be safe (blur, leaving, closing, a status change):
   * drops the scheduled save, waits for the answer of the save on its way
   * (which may still fail) and then runs `next`, which saves what is left.
   * With no save on its way `next` runs at once, so a last save still starts
   * while the window is closing.
   */
  flush<T>(next: () => Promise<T>): Promise<T> {
    this.cancel();
    return this.inFlight ? this.inFlight.then(() => next()) : next();
  }

  private schedule(delayMs: number): void {
    this.cancel();
    if (!this.options.wanted()) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.options.due();
    }, delayMs);
  }
}
