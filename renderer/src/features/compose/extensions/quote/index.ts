export { Quote, type QuoteOptions } from './quote';
