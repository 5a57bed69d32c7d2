// Plain constants of the domain, free of schemas so that the UI can import
// them without the validation library.

export const RELEASE_STATUSES = ['draft', 'review', 'approved', 'published', 'withdrawn'] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

/** Language of a new release. */
export const DEFAULT_LANGUAGE = 'de';
