import { create } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { localDateFromIso, OrganisationMembershipSchema, OrganisationRecordedSchema, OrganisationRefSchema, topics } from '@traininghubs/contracts';
import { OutboxWriter } from '@traininghubs/messaging';
import { BEGINNING_OF_RECORDS, today } from '../../calendar/calendar-day';
import type { OrganisationKind } from '../organisation-kind';
import { ORGANISATION_TYPES } from '../succession/organisation-succession.publisher';

export const ORGANISATION_RECORDED = 'uk.nhs.traininghubs.hubregistry.organisation_recorded.v1';

interface OrganisationRow {
  ods_code: string;
  kind: OrganisationKind;
  name: string;
  postcode: string | null;
  open_date: string | null;
  close_date: string | null;
}

interface MembershipRow {
  child_code: string;
  parent_code: string;
  valid_from: string;
  valid_to: string | null;
}

/**
 * Publishes OrganisationRecorded (key: the ODS code) for PCNs and practices an import created or
 * changed, in the import chunk's transaction: the complete record, every membership, and the hubs
 * serving it today. Three statements per chunk, whatever its size.
 */
@Injectable()
export class OrganisationRecordPublisher {
  constructor(private readonly outbox: OutboxWriter) {}

  async publish(manager: EntityManager, codes: readonly string[]): Promise<void> {
    if (codes.length === 0) return;
    const day = today();
    const organisations: OrganisationRow[] = await manager.query(
      `SELECT ods_code, kind, name, postcode, open_date::text AS open_date, close_date::text AS close_date
         FROM organisation WHERE ods_code = ANY($1) ORDER BY ods_code`,
      [codes],
    );
    const links: MembershipRow[] = await manager.query(
      `SELECT child_code, parent_code, valid_from::text AS valid_from, valid_to::text AS valid_to
         FROM organisation_link WHERE child_code = ANY($1) ORDER BY child_code, valid_from`,
      [codes],
    );
    // The organisation, its parent today and that parent's parent (practice, PCN, ICB), and the
    // active hubs whose coverage includes any of them today.
    const served: Array<{ ods_code: string; hub_ids: string[] }> = await manager.query(
      `WITH recorded AS (SELECT unnest($1::text[]) AS ods_code),
       parent AS (
         SELECT r.ods_code, l.parent_code FROM recorded r
           JOIN organisation_link l ON l.child_code = r.ods_code AND l.valid_from <= $2 AND (l.valid_to IS NULL OR l.valid_to >= $2)
       ),
       chain AS (
         SELECT ods_code, ods_code AS via FROM recorded
         UNION ALL SELECT ods_code, parent_code FROM parent
         UNION ALL SELECT p.ods_code, l.parent_code FROM parent p
           JOIN organisation_link l ON l.child_code = p.parent_code AND l.valid_from <= $2 AND (l.valid_to IS NULL OR l.valid_to >= $2)
       )
       SELECT c.ods_code, array_agg(DISTINCT h.id::text) AS hub_ids
         FROM chain c
         JOIN hub_coverage cov ON cov.ods_code = c.via AND cov.valid_from <= $2 AND (cov.valid_to IS NULL OR cov.valid_to >= $2)
         JOIN hub h ON h.id = cov.hub_id AND h.active_from <= $2 AND (h.deactivated_on IS NULL OR h.deactivated_on > $2)
        GROUP BY c.ods_code`,
      [codes, day],
    );
    const membershipsOf = new Map<string, MembershipRow[]>();
    for (const link of links) membershipsOf.set(link.child_code, [...(membershipsOf.get(link.child_code) ?? []), link]);
    const hubsOf = new Map(served.map((s) => [s.ods_code, [...s.hub_ids].sort()]));
    const occurredAt = new Date();
    await this.outbox.appendAll(
      manager,
      organisations.map((o) => ({
        topic: topics.organisation.name,
        key: o.ods_code,
        aggregateType: 'organisation',
        aggregateId: o.ods_code,
        type: ORGANISATION_RECORDED,
        occurredAt,
        message: create(OrganisationRecordedSchema, {
          organisation: create(OrganisationRefSchema, { odsCode: o.ods_code, name: o.name, type: ORGANISATION_TYPES[o.kind] }),
          postcode: o.postcode ?? '',
          openDate: o.open_date ? localDateFromIso(o.open_date) : undefined,
          closeDate: o.close_date ? localDateFromIso(o.close_date) : undefined,
          memberships: (membershipsOf.get(o.ods_code) ?? []).map((m) =>
            create(OrganisationMembershipSchema, {
              parentOdsCode: m.parent_code,
              validFrom: m.valid_from === BEGINNING_OF_RECORDS ? undefined : localDateFromIso(m.valid_from),
              validTo: m.valid_to ? localDateFromIso(m.valid_to) : undefined,
            }),
          ),
          hubIds: hubsOf.get(o.ods_code) ?? [],
        }),
      })),
    );
  }
}
