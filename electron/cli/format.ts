/** Pads or cuts text to a column width for the human-readable tables. */
export function pad(text: string, width: number): string {
  const t = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return t.padEnd(width);
}
