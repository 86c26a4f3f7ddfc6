import { ForbiddenException, HttpException, NotFoundException } from '@nestjs/common';
import type { Caller } from '../caller/caller';
import { assertCanRead, assertCanWrite } from './assert-access';

const HUB = '11111111-1111-4111-8111-111111111111';
const OTHER_HUB = '22222222-2222-4222-8222-222222222222';
const ownHub = { hubId: HUB, icbCode: 'QOX', regionCode: 'Y58' };
const otherHub = { hubId: OTHER_HUB, icbCode: 'QOX', regionCode: 'Y58' };
const hubAdmin: Caller = { subject: 'h', role: 'hub_admin', scope: { kind: 'hub', hubId: HUB } };
const icbAnalyst: Caller = { subject: 'a', role: 'analyst', scope: { kind: 'icb', code: 'QOX' } };

function thrown(action: () => void): HttpException {
  try {
    action();
  } catch (error) {
    return error as HttpException;
  }
  throw new Error('expected the access check to refuse');
}

describe('assertCanRead', () => {
  it('lets a caller read a record its scope covers', () => {
    expect(() => assertCanRead(hubAdmin, ownHub)).not.toThrow();
  });

  it('answers 403, naming the caller scope, for a record outside it', () => {
    const error = thrown(() => assertCanRead(hubAdmin, otherHub));
    expect(error).toBeInstanceOf(ForbiddenException);
    expect(error.getResponse()).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/out-of-scope', detail: `This record is outside your scope (hub:${HUB}).` });
  });

  it('answers 404 where existence must not leak, exactly as for a record that is not there', () => {
    const hidden = thrown(() => assertCanRead(hubAdmin, otherHub, { hideExistence: true, notFoundDetail: `No hub ${OTHER_HUB}` }));
    expect(hidden).toBeInstanceOf(NotFoundException);
    expect(hidden.getResponse()).toEqual({ type: 'https://traininghubs.nhs.uk/problems/not-found', title: 'Not found', detail: `No hub ${OTHER_HUB}` });
    expect(JSON.stringify(hidden.getResponse())).not.toContain('scope');
  });
});

describe('assertCanWrite', () => {
  it('lets a hub admin change its own hub', () => {
    expect(() => assertCanWrite(hubAdmin, ownHub)).not.toThrow();
  });

  it('answers 403 read-only to an analyst changing a record it can read', () => {
    const error = thrown(() => assertCanWrite(icbAnalyst, ownHub, { hideExistence: true }));
    expect(error).toBeInstanceOf(ForbiddenException);
    expect(error.getResponse()).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/read-only-role' });
  });

  it('answers 404 (hidden) or 403 to a caller changing a record it cannot even read', () => {
    expect(thrown(() => assertCanWrite(hubAdmin, otherHub, { hideExistence: true }))).toBeInstanceOf(NotFoundException);
    expect(thrown(() => assertCanWrite(hubAdmin, otherHub)).getResponse()).toMatchObject({ type: 'https://traininghubs.nhs.uk/problems/out-of-scope' });
  });
});
