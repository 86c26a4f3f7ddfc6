import { mapSection, sectionOf } from './section';

describe('sections of an aggregated read', () => {
  it('keeps the data of a 2xx answer', () => {
    expect(sectionOf('placements', { kind: 'answered', httpStatus: 200, body: { places: 4 } })).toEqual({ status: 'ok', data: { places: 4 } });
  });

  it.each([401, 403, 404])('marks a %s as forbidden and shows no data', (httpStatus) => {
    const section = sectionOf('kpi-reporting', { kind: 'answered', httpStatus, body: { title: 'Not found', detail: 'No hub', items: ['secret'] } });
    expect(section).toEqual({ status: 'forbidden', error: { service: 'kpi-reporting', httpStatus, detail: 'Not found: No hub' } });
  });

  it('marks a server error or an unreachable service as unavailable, and a slow one as timed out', () => {
    expect(sectionOf('placements', { kind: 'answered', httpStatus: 503, body: 'x' }).status).toBe('unavailable');
    expect(sectionOf('placements', { kind: 'answered', httpStatus: 400, body: {} }).status).toBe('unavailable');
    expect(sectionOf('placements', { kind: 'failed', reason: 'ECONNREFUSED' })).toEqual({ status: 'unavailable', error: { service: 'placements', detail: 'placements could not be reached (ECONNREFUSED)' } });
    expect(sectionOf('placements', { kind: 'timed-out', afterMs: 300 })).toEqual({ status: 'timeout', error: { service: 'placements', detail: 'placements did not answer within 300 ms' } });
  });

  it('maps only the data of a section that came back', () => {
    expect(mapSection({ status: 'ok', data: 2 }, (n: number) => n * 2)).toEqual({ status: 'ok', data: 4 });
    const marked = { status: 'timeout' as const, error: { service: 's', detail: 'd' } };
    expect(mapSection(marked, (n: number) => n * 2)).toEqual(marked);
  });
});
