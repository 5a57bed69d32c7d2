/** The engine's HTML import uses the one conversion the editor's paste uses too. */
export { htmlToDocument } from '../../../shared/document/fromHtml';
