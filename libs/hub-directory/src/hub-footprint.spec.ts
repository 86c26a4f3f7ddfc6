import { footprintOn, isActiveOn, outsideActiveSpan } from './hub-footprint';

const footprints = [
  { effectiveFrom: '2025-04-01', icbCode: 'QMJ', regionCode: 'Y56' },
  { effectiveFrom: '2026-04-01', icbCode: 'Z9B2Z', regionCode: 'Y56' },
];

describe('a hub footprint by date', () => {
  it('gives the ICB the hub served on the day, before and after its ICB merged', () => {
    expect(footprintOn(footprints, '2025-06-02')?.icbCode).toBe('QMJ');
    expect(footprintOn(footprints, '2026-03-31')?.icbCode).toBe('QMJ');
    expect(footprintOn(footprints, '2026-04-01')?.icbCode).toBe('Z9B2Z');
    expect(footprintOn([...footprints].reverse(), '2027-01-01')?.icbCode).toBe('Z9B2Z');
    expect(footprintOn(footprints, '2025-03-31')).toBeUndefined();
  });

  it('keeps a record to the days the hub operates, naming why not', () => {
    const span = { activeFrom: '2020-04-01', activeUntil: '2026-04-01' };
    expect(isActiveOn(span, '2020-04-01')).toBe(true);
    expect(isActiveOn(span, '2026-03-31')).toBe(true);
    expect(isActiveOn(span, '2026-04-01')).toBe(false);
    expect(outsideActiveSpan('NEL Training Hub', span, '2020-03-31')).toBe('NEL Training Hub is active from 2020-04-01: a record dated 2020-03-31 is before it');
    expect(outsideActiveSpan('NEL Training Hub', span, '2026-04-01')).toMatch(/stopped operating on 2026-04-01/);
    expect(outsideActiveSpan('NEL Training Hub', { activeFrom: null, activeUntil: null }, '1999-01-01')).toBeUndefined();
  });
});
