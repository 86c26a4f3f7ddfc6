import { callerFromClaims, claimsOfCaller, formatScope, InvalidCallerClaimsError, parseScope } from './caller-claims';
import type { Caller } from './caller';

const HUB = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const claims = (role: unknown, scope: unknown, sub: unknown = 'user-1') => ({ sub, th_role: role, th_scope: scope });

describe('callerFromClaims', () => {
  it.each<[string, string, Caller['scope']]>([
    ['national', 'national', { kind: 'national' }],
    ['region', 'region:Y56', { kind: 'region', code: 'Y56' }],
    ['icb', 'icb:QOX', { kind: 'icb', code: 'QOX' }],
    ['icb', 'icb:S1Y5D', { kind: 'icb', code: 'S1Y5D' }],
    ['hub_admin', `hub:${HUB}`, { kind: 'hub', hubId: HUB }],
    ['analyst', 'national', { kind: 'national' }],
    ['analyst', 'region:Y58', { kind: 'region', code: 'Y58' }],
    ['analyst', 'icb:QT6', { kind: 'icb', code: 'QT6' }],
    ['analyst', `hub:${HUB}`, { kind: 'hub', hubId: HUB }],
  ])('reads %s with %s', (role, scope, expected) => {
    expect(callerFromClaims(claims(role, scope))).toEqual({ subject: 'user-1', role, scope: expected });
  });

  it.each([
    ['national', 'region:Y56'],
    ['region', 'national'],
    ['region', 'icb:QOX'],
    ['icb', 'region:Y56'],
    ['icb', `hub:${HUB}`],
    ['hub_admin', 'icb:QOX'],
    ['hub_admin', 'national'],
  ])('refuses role %s holding scope %s', (role, scope) => {
    expect(() => callerFromClaims(claims(role, scope))).toThrow(new RegExp(`th_role ${role} cannot hold th_scope`));
  });

  it.each([
    ['an unknown role', claims('superuser', 'national'), /th_role must be one of/],
    ['a role in the wrong case', claims('National', 'national'), /th_role must be one of/],
    ['no role', { sub: 'u', th_scope: 'national' }, /th_role/],
    ['no scope', { sub: 'u', th_role: 'national' }, /th_scope must be a string/],
    ['a scope that is not a string', claims('national', ['national']), /th_scope must be a string/],
    ['no subject', { th_role: 'national', th_scope: 'national' }, /sub must be/],
    ['an empty subject', claims('national', 'national', '  '), /sub must be/],
    ['a subject that is not a string', claims('national', 'national', 42), /sub must be/],
  ])('refuses %s', (_label, given, message) => {
    expect(() => callerFromClaims(given)).toThrow(InvalidCallerClaimsError);
    expect(() => callerFromClaims(given)).toThrow(message);
  });
});

describe('parseScope', () => {
  it.each([
    'nationwide',
    'region:',
    'region:London',
    'region:y56',
    'region:Y5',
    'icb:qox',
    'icb:XOX',
    'icb:QOXX',
    'icb:S1Y5D6',
    'hub:not-a-uuid',
    `hub:${HUB.toUpperCase()}`,
    ':Y56',
    'practice:A81001',
    '',
  ])('refuses %j', (text) => {
    expect(() => parseScope(text)).toThrow(InvalidCallerClaimsError);
  });

  it.each(['national', 'region:Y63', 'icb:QE1', 'icb:D7T5G', `hub:${HUB}`])('formats %s back to the same text', (text) => {
    expect(formatScope(parseScope(text))).toBe(text);
  });
});

describe('claimsOfCaller', () => {
  it('is what callerFromClaims reads back', () => {
    const caller: Caller = { subject: 'ics-digital@qox', role: 'icb', scope: { kind: 'icb', code: 'QOX' } };
    expect(claimsOfCaller(caller)).toEqual({ sub: 'ics-digital@qox', th_role: 'icb', th_scope: 'icb:QOX' });
    expect(callerFromClaims(claimsOfCaller(caller))).toEqual(caller);
  });
});
