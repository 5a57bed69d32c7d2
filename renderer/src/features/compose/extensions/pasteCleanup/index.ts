export { PasteCleanup } from './pasteCleanup';
export { cleanPastedHtml } from './cleanPastedHtml';
