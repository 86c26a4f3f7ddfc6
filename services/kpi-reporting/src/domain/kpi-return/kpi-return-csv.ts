import { csvField } from '@traininghubs/csv';
import type { KpiRestatement } from './kpi-return-lifecycle';

interface KpiFigureForExport {
  id: string;
  name: string;
  area: string;
  unit: string;
  value: number | null;
}

export interface KpiReturnForExport {
  hubId: string;
  period: string;
  state: string;
  submissionNumber: number;
  currentValues: readonly KpiFigureForExport[];
  frozenValues: readonly KpiFigureForExport[] | null;
  restatements: readonly KpiRestatement[];
}

export const KPI_RETURN_CSV_HEADER = ['hub_id', 'period', 'state', 'submission_number', 'kpi_id', 'kpi', 'area', 'unit', 'value', 'frozen_value', 'restated_value'];


/**
 * A return as CSV, one row per KPI: `value` is the KPI now, `frozen_value` what was submitted
 * (empty for a draft), `restated_value` the current value where late events changed it (empty
 * where the frozen figure still stands).
 */
export function kpiReturnCsv(kpiReturn: KpiReturnForExport): string {
  const frozen = new Map((kpiReturn.frozenValues ?? []).map((k) => [k.id, k.value]));
  const restated = new Map(kpiReturn.restatements.map((r) => [r.kpiId, r.currentValue]));
  const rows = kpiReturn.currentValues.map((kpi) => [
    kpiReturn.hubId,
    kpiReturn.period,
    kpiReturn.state,
    kpiReturn.submissionNumber,
    kpi.id,
    kpi.name,
    kpi.area,
    kpi.unit,
    kpi.value,
    frozen.has(kpi.id) ? (frozen.get(kpi.id) as number | null) : null,
    restated.has(kpi.id) ? (restated.get(kpi.id) as number | null) : null,
  ]);
  return [KPI_RETURN_CSV_HEADER, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
