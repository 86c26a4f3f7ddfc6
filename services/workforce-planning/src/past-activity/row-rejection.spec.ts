import { NotFoundException, ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import { WorkforceRuleBroken } from '../domain/workforce-rule.error';
import { isRecordRefTaken, rowRejectionOf } from './row-rejection';

describe('why a row was not imported', () => {
  it('is the broken rule’s code and words', () => {
    expect(rowRejectionOf(new WorkforceRuleBroken('unknown-pcn', 'U99999 is not a primary care network recorded in the hub registry; import it there first.'))).toEqual({
      code: 'unknown-pcn',
      reason: 'U99999 is not a primary care network recorded in the hub registry; import it there first.',
    });
  });

  it('is a 4xx problem’s code, else the last segment of its type', () => {
    const span = new UnprocessableEntityException({ type: 'https://traininghubs.nhs.uk/problems/outside-hub-active-span', title: 'Outside', detail: 'active from 2020-04-01', code: 'outside-hub-active-span' });
    expect(rowRejectionOf(span)).toEqual({ code: 'outside-hub-active-span', reason: 'active from 2020-04-01' });
    expect(rowRejectionOf(new NotFoundException({ type: 'https://traininghubs.nhs.uk/problems/not-found', title: 'Not found', detail: 'No member of staff x' }))).toEqual({ code: 'not-found', reason: 'No member of staff x' });
  });

  it('is nothing for a failure that is not about the row (5xx, database errors): the chunk fails instead', () => {
    expect(rowRejectionOf(new ServiceUnavailableException({ code: 'hub-not-known-yet' }))).toBeUndefined();
    expect(rowRejectionOf(new Error('connection terminated'))).toBeUndefined();
  });

  it('recognises the reference taken by another import meanwhile, and only that unique key', () => {
    expect(isRecordRefTaken({ code: '23505', constraint: 'past_activity_record_pkey' })).toBe(true);
    expect(isRecordRefTaken({ driverError: { code: '23505', constraint: 'past_activity_record_pkey' } })).toBe(true);
    expect(isRecordRefTaken({ code: '23505', constraint: 'staff_post_pkey' })).toBe(false);
    expect(isRecordRefTaken(null)).toBe(false);
  });
});
