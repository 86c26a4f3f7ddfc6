import { CLUSTER_ID_PATTERN, newClusterId } from './cluster-id';

describe('newClusterId', () => {
  const ids = Array.from({ length: 2_000 }, () => newClusterId());

  it('is 16 random bytes in base64url: 22 characters', () => {
    for (const id of ids) {
      expect(id).toMatch(CLUSTER_ID_PATTERN);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    }
  });

  it('never starts with "-" (a command line would take it for an option)', () => {
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
  });

  it('differs every time', () => {
    expect(new Set(ids).size).toBe(ids.length);
  });
});
