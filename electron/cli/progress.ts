/**
 * One status line on stderr that rewrites itself (carriage return, then
 * erase to the end of the line), for long work in a terminal. stdout is left
 * alone: it carries the command's result, which scripts read.
 */
export interface ProgressLine {
  /** Shows `text` in place of the previous text. */
  show(text: string): void;
  /** Ends the line so that what follows starts on a line of its own (only if anything was shown). */
  finish(): void;
}

export function progressLine(write: (chunk: string) => void): ProgressLine {
  let shown = false;
  let last = '';
  return {
    show(text) {
      if (text === last) return;
      last = text;
      shown = true;
      write(`\r${text}\u001b[K`);
    },
    finish() {
      if (shown) write('\n');
      shown = false;
      last = '';
    },
  };
}

/** A line that shows nothing (no terminal, or --json without --progress). */
export const silentProgress: ProgressLine = { show: () => undefined, finish: () => undefined };
