import { KpiArea as KpiAreaMessage, KpiUnit as KpiUnitMessage } from '@traininghubs/contracts';
import type { KpiArea, KpiUnit } from '../kpi/kpi-definitions';
import type { FrozenKpiValue } from './kpi-return-lifecycle';

const AREAS: Record<KpiArea, KpiAreaMessage> = {
  'workforce planning': KpiAreaMessage.WORKFORCE_PLANNING,
  'careers and retention': KpiAreaMessage.CAREERS_AND_RETENTION,
  'educational design': KpiAreaMessage.EDUCATIONAL_DESIGN,
  'leadership and management': KpiAreaMessage.LEADERSHIP_AND_MANAGEMENT,
};

/** How a KPI's value travels in KpiFigure: a whole number in the unit's scale. */
const UNITS: Record<KpiUnit, { unit: KpiUnitMessage; scale: number }> = {
  count: { unit: KpiUnitMessage.COUNT, scale: 1 },
  hours: { unit: KpiUnitMessage.MINUTES, scale: 60 },
  weeks: { unit: KpiUnitMessage.WEEKS_HUNDREDTHS, scale: 100 },
  FTE: { unit: KpiUnitMessage.FTE_HUNDREDTHS, scale: 100 },
  percent: { unit: KpiUnitMessage.PERCENT_HUNDREDTHS, scale: 100 },
};

export interface KpiFigureInit {
  indicatorCode: string;
  kpiArea: KpiAreaMessage;
  value: bigint;
  unit: KpiUnitMessage;
  commentary: string;
}

/** The figures of a KpiReturnSubmitted event; a KPI with no value (no denominator) is left out. */
export function figuresOf(frozen: readonly FrozenKpiValue[]): KpiFigureInit[] {
  return frozen
    .filter((k) => k.value !== null)
    .map((k) => ({
      indicatorCode: k.id,
      kpiArea: AREAS[k.area],
      value: BigInt(Math.round((k.value as number) * UNITS[k.unit].scale)),
      unit: UNITS[k.unit].unit,
      commentary: '',
    }));
}
