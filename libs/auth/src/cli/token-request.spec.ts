import { parseTokenRequest, UsageError } from './token-request';

const HUB = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

describe('npm run token -- <role> [scope]', () => {
  it.each([
    [['national'], 'national', { kind: 'national' }],
    [['national', 'national'], 'national', { kind: 'national' }],
    [['region', 'Y56'], 'region', { kind: 'region', code: 'Y56' }],
    [['region', 'region:y56'], 'region', { kind: 'region', code: 'Y56' }],
    [['icb', 'QOX'], 'icb', { kind: 'icb', code: 'QOX' }],
    [['icb', 's1y5d'], 'icb', { kind: 'icb', code: 'S1Y5D' }],
    [['hub_admin', HUB], 'hub_admin', { kind: 'hub', hubId: HUB }],
    [['hub-admin', `hub:${HUB.toUpperCase()}`], 'hub_admin', { kind: 'hub', hubId: HUB }],
    [['analyst'], 'analyst', { kind: 'national' }],
    [['analyst', 'region:Y58'], 'analyst', { kind: 'region', code: 'Y58' }],
    [['analyst', 'QOX'], 'analyst', { kind: 'icb', code: 'QOX' }],
    [['analyst', HUB], 'analyst', { kind: 'hub', hubId: HUB }],
  ])('%j is a %s caller', (args, role, scope) => {
    expect(parseTokenRequest(args)).toEqual({ kind: 'token', caller: { subject: `developer-${role.replace('_', '-')}`, role, scope }, expiresIn: undefined });
  });

  it('takes a subject and a lifetime', () => {
    expect(parseTokenRequest(['icb', 'QOX', '--subject', 'ics-digital', '--expires-in', '30m'])).toMatchObject({ caller: { subject: 'ics-digital' }, expiresIn: '30m' });
  });

  it('prints the public key or the usage on request', () => {
    expect(parseTokenRequest(['--public-jwk'])).toEqual({ kind: 'public-jwk' });
    expect(parseTokenRequest(['--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /give a role/],
    [['superuser'], /unknown role superuser; the roles are national, region, icb, hub_admin, analyst/],
    [['region'], /region role needs a scope, e.g. region Y56/],
    [['hub_admin'], /hub_admin role needs a scope/],
    [['region', 'London'], /London is not a region code/],
    [['region', 'QOX'], /th_role region cannot hold th_scope icb:QOX/],
    [['national', 'region:Y56'], /th_role national cannot hold/],
    [['hub_admin', 'hub:42'], /a hub is named by its lower-case uuid/],
    [['icb', 'QOX', 'extra'], /too many arguments: extra/],
    [['icb', 'QOX', '--expires-in', 'forever'], /--expires-in forever/],
    [['icb', 'QOX', '--subject'], /--subject needs a value/],
    [['icb', 'QOX', '--scope', 'x'], /unknown option --scope/],
  ])('refuses %j with a clear message', (args, message) => {
    expect(() => parseTokenRequest(args)).toThrow(UsageError);
    expect(() => parseTokenRequest(args)).toThrow(message);
  });
});
