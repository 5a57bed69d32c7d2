/** A release body of plain paragraphs, one per text, as tests write them. */
export const paragraphsDoc = (...paragraphs: string[]) => ({
  type: 'doc' as const,
  content: paragraphs.map((text) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] })),
});
