import type sharp from 'sharp';

let loading: Promise<typeof sharp> | undefined;

/**
 * sharp and its native image libraries are loaded when the first image is
 * handled, not when the engine opens: listing, searching, saving and most
 * CLI commands never need them (they cost start time and memory).
 */
export function loadSharp(): Promise<typeof sharp> {
  loading ??= import('sharp').then(
    (module) => module.default,
    (error: unknown) => {
      // A failed load is tried again next time rather than remembered.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
