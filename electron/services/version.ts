import pkg from '../../package.json';

/** The Pressdesk version, as in package.json. */
export const PRESSDESK_VERSION: string = pkg.version;
export const PRODUCT_NAME: string = pkg.productName;
