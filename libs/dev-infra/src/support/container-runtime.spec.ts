import { containersAllowed } from './container-runtime';

describe('containersAllowed', () => {
  it('allows containers unless TRAININGHUBS_CONTAINERS turns them off', () => {
    expect(containersAllowed({})).toBe(true);
    expect(containersAllowed({ TRAININGHUBS_CONTAINERS: 'true' })).toBe(true);
    for (const off of ['false', '0', 'OFF', 'no', ' never ']) expect(containersAllowed({ TRAININGHUBS_CONTAINERS: off })).toBe(false);
  });
});
