export * from './model';
export { escapeHtml, jsonForScript } from './escape';
export { directionOf, formatDate, formatDateTime, formatPageDate, labelsFor } from './labels';
export { captionWithCredit, quoteNamesSpeaker } from './office';
export { renderReleaseHtml, figureHtml } from './html';
export { renderReleaseText } from './text';
export { newsArticleJsonLd } from './jsonld';
