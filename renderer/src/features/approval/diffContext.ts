/** How much unchanged text stays on each side of a change; the rest of a long text is left out („…“). */
const CONTEXT = 60;

/**
 * An unchanged stretch of a word diff, shortened to the words next to the
 * changes before and after it (whole words only), so a long body shows what
 * changed and not the whole text again.
 */
export function unchangedContext(text: string, changeBefore: boolean, changeAfter: boolean): string {
  if (text.length <= CONTEXT * 2 + 10) return text;
  const start = text.slice(0, CONTEXT);
  const end = text.slice(-CONTEXT);
  // Cut at the last space before (the first after) the cut, so no word is split.
  const head = changeBefore ? start.slice(0, start.lastIndexOf(' ') + 1) : '';
  const tail = changeAfter ? end.slice(Math.max(end.indexOf(' '), 0)) : '';
  return `${head}…${tail}`;
}
