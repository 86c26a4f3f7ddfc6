import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { toProblem } from './problem-details.filter';

describe('toProblem', () => {
  it('turns validation messages into field errors', () => {
    const problem = toProblem(new BadRequestException(['capacity must not be less than 1', 'property colour should not exist']));
    expect(problem.status).toBe(400);
    expect(problem.type).toMatch(/validation$/);
    expect(problem.errors).toEqual([
      { field: 'capacity', message: 'capacity must not be less than 1' },
      { field: 'property', message: 'property colour should not exist' },
    ]);
  });

  it('keeps a domain problem thrown with its own type and title', () => {
    const problem = toProblem(new ConflictException({ type: 'https://traininghubs.nhs.uk/problems/hub-overlap', title: 'An active ICS-level hub already covers this ICB', detail: 'QOX' }));
    expect(problem).toMatchObject({ status: 409, title: 'An active ICS-level hub already covers this ICB', detail: 'QOX' });
  });

  it('names the status in the title', () => {
    expect(toProblem(new NotFoundException('No hub 42')).title).toBe('Not found');
  });

  it('never leaks the message of an unexpected error', () => {
    const problem = toProblem(new Error('password authentication failed for user "placements"'));
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('password');
  });

  it("keeps the body parser's client errors as what they are, with their message", () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, statusCode: 413, expose: true, type: 'entity.too.large' });
    expect(toProblem(tooLarge)).toMatchObject({ status: 413, title: 'Payload too large', detail: 'request entity too large' });
    const malformed = Object.assign(new SyntaxError('Unexpected token } in JSON at position 9'), { status: 400, expose: true, type: 'entity.parse.failed' });
    expect(toProblem(malformed)).toMatchObject({ status: 400, title: 'Bad request' });
  });

  it('does not trust a status on an error that is not meant for the caller', () => {
    expect(toProblem(Object.assign(new Error('pool exhausted'), { status: 400 })).status).toBe(500);
    expect(toProblem(Object.assign(new Error('upstream'), { status: 502, expose: true })).status).toBe(500);
  });

  it('answers an exhausted connection pool or a Postgres refusing connections with 503 and a retry delay, never 500', () => {
    for (const exhausted of [
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
      Object.assign(new Error('query failed'), { driverError: { code: '57P03' } }),
    ]) {
      expect(toProblem(exhausted)).toMatchObject({ status: 503, type: 'https://traininghubs.nhs.uk/problems/service-busy', retryAfterSeconds: 1 });
    }
    expect(toProblem(Object.assign(new Error('duplicate key'), { code: '23505' })).status).toBe(500);
  });
});

