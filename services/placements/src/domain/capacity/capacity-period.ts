import type { CalendarDay } from '../calendar-day';
import { PlacementsRuleBroken } from '../placements-rule.error';

/**
 * A period capacity is declared for: an academic year `AY2025-26` (1 September to 31 August),
 * or an NHS financial-year half `2025-26-H1` (1 April to 30 September) / `2025-26-H2`
 * (1 October to 31 March), the Training Hub reporting periods.
 */
export interface CapacityPeriod {
  code: string;
  startsOn: CalendarDay;
  endsOn: CalendarDay;
}

const ACADEMIC_YEAR = /^AY(\d{4})-(\d{2})$/;
const FINANCIAL_HALF = /^(\d{4})-(\d{2})-H([12])$/;

export function capacityPeriod(code: string): CapacityPeriod {
  const academic = ACADEMIC_YEAR.exec(code);
  const half = FINANCIAL_HALF.exec(code);
  const match = academic ?? half;
  if (!match) {
    throw new PlacementsRuleBroken('invalid-period', `"${code}" is not a period: use an academic year like AY2025-26 or a financial-year half like 2025-26-H1.`);
  }
  const first = Number(match[1]);
  if ((first + 1) % 100 !== Number(match[2])) {
    throw new PlacementsRuleBroken('invalid-period', `"${code}" is not a period: the second year must follow the first (e.g. 2025-26).`);
  }
  if (academic) return { code, startsOn: `${first}-09-01`, endsOn: `${first + 1}-08-31` };
  return half?.[3] === '1'
    ? { code, startsOn: `${first}-04-01`, endsOn: `${first}-09-30` }
    : { code, startsOn: `${first}-10-01`, endsOn: `${first + 1}-03-31` };
}
