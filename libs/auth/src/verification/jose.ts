import type * as Jose from 'jose';

/**
 * jose, loaded when a token is first verified or signed rather than when the library is imported:
 * code that only marks routes public or checks coverage does not load the cryptography.
 */
export function loadJose(): Promise<typeof Jose> {
  return import('jose');
}
