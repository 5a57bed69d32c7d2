import { parseHTML } from 'linkedom';

/** The part of a DOM element that tests read. */
export interface TestElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): TestElement | null;
  querySelectorAll(selector: string): ArrayLike<TestElement> & Iterable<TestElement>;
}

export interface TestDocument extends TestElement {
  readonly documentElement: TestElement;
}

/** Parses an HTML page in Node for assertions (linkedom's own types rely on the DOM library). */
export function parsePage(html: string): TestDocument {
  return (parseHTML(html) as { document: unknown }).document as TestDocument;
}
