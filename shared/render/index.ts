export * from './model';
export { escapeHtml, jsonForScript } from './escape';
export { directionOf, formatDate, formatDateTime, labelsFor } from './labels';
export { renderReleaseHtml, figureHtml } from './html';
export { renderReleaseText } from './text';
export { newsArticleJsonLd } from './jsonld';
