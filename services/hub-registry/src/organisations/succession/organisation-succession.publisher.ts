import { create } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  localDateFromIso,
  OrganisationRefSchema,
  OrganisationSucceededSchema,
  OrganisationType,
  PredecessorSchema,
  SuccessionKind,
  topics,
} from '@traininghubs/contracts';
import { OutboxWriter } from '@traininghubs/messaging';
import type { OrganisationKind, SuccessionKind as DomainSuccessionKind } from '../organisation-kind';

export const ORGANISATION_SUCCEEDED = 'uk.nhs.traininghubs.hubregistry.organisation_succeeded.v1';

export const ORGANISATION_TYPES: Readonly<Record<OrganisationKind, OrganisationType>> = {
  nhse_region: OrganisationType.NHSE_REGION,
  icb: OrganisationType.ICB,
  pcn: OrganisationType.PCN,
  gp_practice: OrganisationType.GP_PRACTICE,
};

/** The kind of the whole event: a successor that existed gains territory; a new one is a merger unless one split predecessor made it. */
export function eventKind(steps: ReadonlyArray<{ kind: DomainSuccessionKind; successorIsNew: boolean }>): SuccessionKind {
  if (steps.some((s) => !s.successorIsNew)) return SuccessionKind.TERRITORY_TRANSFER;
  if (steps.length === 1 && steps[0].kind === 'split') return SuccessionKind.SPLIT;
  return SuccessionKind.MERGER;
}

interface StepRow {
  predecessor_code: string;
  predecessor_name: string;
  predecessor_kind: OrganisationKind;
  successor_name: string;
  successor_kind: OrganisationKind;
  kind: DomainSuccessionKind;
  predecessor_closes: boolean;
  successor_is_new: boolean;
}

/** Publishes OrganisationSucceeded (key: the successor's ODS code) for one successor's succession, in the caller's transaction. */
@Injectable()
export class OrganisationSuccessionPublisher {
  constructor(private readonly outbox: OutboxWriter) {}

  async publish(manager: EntityManager, successorCode: string, effectiveDate: string): Promise<void> {
    const steps: StepRow[] = await manager.query(
      `SELECT s.predecessor_code, p.name AS predecessor_name, p.kind AS predecessor_kind, o.name AS successor_name,
              o.kind AS successor_kind, s.kind, s.predecessor_closes, s.successor_is_new
         FROM organisation_succession s
         JOIN organisation p ON p.ods_code = s.predecessor_code
         JOIN organisation o ON o.ods_code = s.successor_code
        WHERE s.successor_code = $1 AND s.effective_date = $2
        ORDER BY s.predecessor_code`,
      [successorCode, effectiveDate],
    );
    if (steps.length === 0) return;
    const codes = [successorCode, ...steps.map((s) => s.predecessor_code)];
    const hubs: Array<{ id: string }> = await manager.query('SELECT id FROM hub WHERE icb_code = ANY($1) ORDER BY id', [codes]);
    const message = create(OrganisationSucceededSchema, {
      successor: create(OrganisationRefSchema, { odsCode: successorCode, name: steps[0].successor_name, type: ORGANISATION_TYPES[steps[0].successor_kind] }),
      predecessors: steps.map((s) =>
        create(PredecessorSchema, {
          organisation: create(OrganisationRefSchema, { odsCode: s.predecessor_code, name: s.predecessor_name, type: ORGANISATION_TYPES[s.predecessor_kind] }),
          closes: s.predecessor_closes,
        }),
      ),
      effectiveDate: localDateFromIso(effectiveDate),
      kind: eventKind(steps.map((s) => ({ kind: s.kind, successorIsNew: s.successor_is_new }))),
      successorIsNew: steps.every((s) => s.successor_is_new),
      hubIds: hubs.map((h) => h.id),
    });
    await this.outbox.append(manager, {
      topic: topics.organisation.name,
      key: successorCode,
      aggregateType: 'organisation',
      aggregateId: successorCode,
      type: ORGANISATION_SUCCEEDED,
      message,
      occurredAt: new Date(`${effectiveDate}T00:00:00Z`),
      subject: successorCode,
    });
  }
}
