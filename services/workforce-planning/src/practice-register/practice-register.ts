import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { localDateToIso, OrganisationType, topics, type OrganisationRecorded } from '@traininghubs/contracts';
import { InboxRegistry, PermanentEventError, type EventHandler, type ReceivedEvent } from '@traininghubs/messaging';
import { checkPlaceOfWork, checkPracticeInArea, type PlaceOfWork, type RegisteredOrganisation } from '../domain/practices/place-of-work';

export const ORGANISATION_RECORDED = 'uk.nhs.traininghubs.hubregistry.organisation_recorded.v1';
const GROUP = 'workforce-planning.practice-register';

const KINDS: Partial<Record<OrganisationType, RegisteredOrganisation['kind']>> = {
  [OrganisationType.PCN]: 'pcn',
  [OrganisationType.GP_PRACTICE]: 'gp_practice',
};

/** Replaces what the register holds for the organisation with the complete record in the event. */
async function record(event: ReceivedEvent<OrganisationRecorded>, manager: EntityManager): Promise<void> {
  const organisation = event.payload.organisation;
  if (!organisation?.odsCode || !organisation.name) throw new PermanentEventError('OrganisationRecorded names no ODS code or name');
  const memberships = event.payload.memberships.map((m) => {
    if (!m.parentOdsCode) throw new PermanentEventError(`OrganisationRecorded ${organisation.odsCode}: a membership names no parent`);
    return { parentOdsCode: m.parentOdsCode, validFrom: m.validFrom ? localDateToIso(m.validFrom) : null, validTo: m.validTo ? localDateToIso(m.validTo) : null };
  });
  await manager.query(
    `INSERT INTO registered_organisation (ods_code, kind, name, close_date, memberships, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (ods_code) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, close_date = EXCLUDED.close_date,
       memberships = EXCLUDED.memberships, recorded_at = EXCLUDED.recorded_at`,
    [
      organisation.odsCode,
      KINDS[organisation.type] ?? 'other',
      organisation.name,
      event.payload.closeDate ? localDateToIso(event.payload.closeDate) : null,
      JSON.stringify(memberships),
      event.envelope.time,
    ],
  );
}

/**
 * The practice register: consumer group `workforce-planning.practice-register` on hub-registry's
 * organisation stream (other event types there are skipped), and look-ups of what it holds.
 */
@Injectable()
export class PracticeRegister implements OnModuleInit {
  constructor(
    private readonly inbox: InboxRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.inbox.register({
      group: GROUP,
      topics: [topics.organisation.name],
      fromBeginning: true,
      handlers: { [ORGANISATION_RECORDED]: record as EventHandler<never> },
    });
  }

  /**
   * Refuses (WorkforceRuleBroken) a place of work unknown to the registry or outside the hub's
   * area on the record's day (`checkPlaceOfWork`): `hubIcbOnDay` is the ICB the hub served that
   * day (`HubScope.knownHubOn`), and the PCN's ICB is its membership in the register that day.
   */
  async assertPlaceOfWork(place: PlaceOfWork, hubIcbOnDay: string | undefined, manager?: EntityManager): Promise<void> {
    const codes = place.practiceOdsCode === undefined ? [place.pcnOdsCode] : [place.pcnOdsCode, place.practiceOdsCode];
    checkPlaceOfWork(place, hubIcbOnDay, await this.lookup(codes, manager));
  }

  /** Refuses a practice unknown to the registry or outside the hub's area on the day (`checkPracticeInArea`). */
  async assertPracticeInArea(practiceOdsCode: string, day: string, hubIcbOnDay: string | undefined, manager?: EntityManager): Promise<void> {
    const found = await this.lookup([practiceOdsCode], manager);
    const parents = [...new Set(found.get(practiceOdsCode)?.memberships.map((m) => m.parentOdsCode) ?? [])];
    for (const [code, organisation] of await this.lookup(parents, manager)) found.set(code, organisation);
    checkPracticeInArea(practiceOdsCode, day, hubIcbOnDay, found);
  }

  /** The recorded organisations among `codes`, by ODS code. */
  private async lookup(codes: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, RegisteredOrganisation>> {
    if (codes.length === 0) return new Map();
    const rows: Array<{ ods_code: string; kind: RegisteredOrganisation['kind']; name: string; memberships: RegisteredOrganisation['memberships'] }> =
      await manager.query('SELECT ods_code, kind, name, memberships FROM registered_organisation WHERE ods_code = ANY($1)', [[...codes]]);
    return new Map(rows.map((r) => [r.ods_code, { odsCode: r.ods_code, kind: r.kind, name: r.name, memberships: r.memberships }]));
  }
}
