import { StaffGroup, WorkforceSource, type WorkforceSnapshotImported } from '@traininghubs/contracts';
import type { PracticeWorkforce } from '../domain/snapshots/gpw-practice-file';
import { snapshotEvents, SNAPSHOT_IMPORTED } from './snapshot-imports.service';

const HUB = '0b9c8f52-4f6f-4c59-9f43-2a3f8d9a1e01';
const practice = (code: string, pcn: string, gp: number): PracticeWorkforce => ({
  line: 2,
  practiceOdsCode: code,
  practiceName: null,
  pcnOdsCode: pcn,
  subIcbCode: null,
  icbCode: 'QOX',
  hubId: HUB,
  groups: {
    GP: { headcount: gp, fteHundredths: gp * 80 },
    NURSE: { headcount: 1, fteHundredths: 60 },
    DIRECT_PATIENT_CARE: { headcount: 0, fteHundredths: 0 },
    ADMIN_NON_CLINICAL: { headcount: 2, fteHundredths: 150 },
  },
  roles: [{ roleCode: 'GP_PTNR_PROV', staffGroup: 'GP', headcount: gp, fteHundredths: gp * 80 }],
});

describe('WorkforceSnapshotImported', () => {
  it('is one event per PCN, keyed by the PCN, with its practices counted and summed by staff group', () => {
    const events = snapshotEvents('import-1', '2025-09-30', 'GPW_PRACTICE', [practice('F83004', 'U83547', 2), practice('F83005', 'U83547', 3), practice('F83006', 'U12345', 1)]);
    expect(events.map((e) => [e.key, e.topic, e.type])).toEqual([
      ['U83547', 'traininghubs.workforce.plan.v1', SNAPSHOT_IMPORTED],
      ['U12345', 'traininghubs.workforce.plan.v1', SNAPSHOT_IMPORTED],
    ]);
    const message = events[0].message as WorkforceSnapshotImported;
    expect(message).toMatchObject({ hubId: HUB, pcnOdsCode: 'U83547', icbOdsCode: 'QOX', importId: 'import-1', practiceCount: 2, dataSource: WorkforceSource.GPW_PRACTICE });
    expect(message.staffGroupTotals.map((t) => [t.staffGroup, t.headcount, t.fteHundredths])).toEqual([
      [StaffGroup.GP, 5, 400n],
      [StaffGroup.NURSE, 2, 120n],
      [StaffGroup.DIRECT_PATIENT_CARE, 0, 0n],
      [StaffGroup.ADMIN_NON_CLINICAL, 4, 300n],
    ]);
    expect(message.figures.map((f) => [f.organisationOdsCode, f.roleCode, f.headcount])).toEqual([
      ['F83004', 'GP_PTNR_PROV', 2],
      ['F83005', 'GP_PTNR_PROV', 3],
    ]);
  });

  it('carries no names: only ODS codes, role codes and counts', () => {
    const [event] = snapshotEvents('import-1', '2025-09-30', 'LOCAL_RETURN', [{ ...practice('F83004', 'U83547', 1), practiceName: 'Dr Smith and Partners' }]);
    expect(JSON.stringify(event.message, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toMatch(/Smith/);
    expect((event.message as WorkforceSnapshotImported).dataSource).toBe(WorkforceSource.LOCAL_RETURN);
  });

  it('happened at the start of the London day of the snapshot (the month end it describes), not when it was imported', () => {
    const summer = snapshotEvents('import-1', '2025-09-30', 'GPW_PRACTICE', [practice('F83004', 'U83547', 1), practice('F83006', 'U12345', 1)]);
    expect(summer.map((e) => e.occurredAt.toISOString())).toEqual(['2025-09-29T23:00:00.000Z', '2025-09-29T23:00:00.000Z']);
    const [winter] = snapshotEvents('import-2', '2025-12-31', 'GPW_PRACTICE', [practice('F83004', 'U83547', 1)]);
    expect(winter.occurredAt.toISOString()).toBe('2025-12-31T00:00:00.000Z');
  });
});
