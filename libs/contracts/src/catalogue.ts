import type { DescMessage, Message, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import {
  HubContactChangedSchema,
  HubDeactivatedSchema,
  HubRegisteredSchema,
  HubUpdatedSchema,
} from './gen/traininghubs/hubregistry/v1/hub_events_pb';
import { OrganisationRecordedSchema, OrganisationSucceededSchema } from './gen/traininghubs/hubregistry/v1/organisation_events_pb';
import { KpiReturnApprovedSchema, KpiReturnRestatedSchema, KpiReturnReturnedSchema, KpiReturnSubmittedSchema } from './gen/traininghubs/kpireporting/v1/kpi_return_events_pb';
import { LearningEnvironmentApprovedSchema } from './gen/traininghubs/placements/v1/learning_environment_events_pb';
import {
  PlacementCancelledSchema,
  PlacementCompletedSchema,
  PlacementFilledSchema,
  PlacementOfferedSchema,
} from './gen/traininghubs/placements/v1/placement_events_pb';
import { CourseScheduledSchema } from './gen/traininghubs/trainingcatalogue/v1/course_events_pb';
import {
  BookingConfirmedSchema,
  CourseDeliveredSchema,
  SessionCancelledSchema,
} from './gen/traininghubs/trainingcatalogue/v1/session_events_pb';
import { ArrsPlanSubmittedSchema, WorkforceSnapshotImportedSchema } from './gen/traininghubs/workforce/v1/plan_events_pb';
import {
  FellowshipEnrolledSchema,
  GpRecruitedSchema,
  GpRetainedSchema,
  StaffLeftSchema,
  StaffRecruitedSchema,
} from './gen/traininghubs/workforce/v1/staff_events_pb';

/** A domain stream: one Kafka topic per aggregate, as declared in infra/kafka/topics.yaml. */
export interface TopicDefinition {
  /** Logical topic name; a deployment may prefix it. */
  readonly name: string;
  /** The only service that publishes to the topic. */
  readonly owner: string;
  /** What the record key is; all events of one key keep their order. */
  readonly keyDescription: string;
}

/**
 * The platform's domain streams. Mirrors infra/kafka/topics.yaml; a unit test fails when the two
 * differ.
 */
export const topics = {
  organisation: {
    name: 'traininghubs.hubregistry.organisation.v1',
    owner: 'hub-registry',
    keyDescription: 'ODS code of the organisation (region, ICB, PCN or practice)',
  },
  hub: { name: 'traininghubs.hubregistry.hub.v1', owner: 'hub-registry', keyDescription: 'hub id (uuid)' },
  course: { name: 'traininghubs.trainingcatalogue.course.v1', owner: 'training-catalogue', keyDescription: 'course id (uuid)' },
  session: { name: 'traininghubs.trainingcatalogue.session.v1', owner: 'training-catalogue', keyDescription: 'session id (uuid)' },
  learningEnvironment: {
    name: 'traininghubs.placements.learning-environment.v1',
    owner: 'placements',
    keyDescription: 'learning environment id (uuid)',
  },
  placement: { name: 'traininghubs.placements.placement.v1', owner: 'placements', keyDescription: 'placement id (uuid)' },
  staff: { name: 'traininghubs.workforce.staff.v1', owner: 'workforce-planning', keyDescription: 'pseudonymous staff id' },
  workforcePlan: { name: 'traininghubs.workforce.plan.v1', owner: 'workforce-planning', keyDescription: 'PCN ODS code' },
  kpiReturn: { name: 'traininghubs.kpireporting.kpi-return.v1', owner: 'kpi-reporting', keyDescription: 'hub id (uuid)' },
} as const satisfies Record<string, TopicDefinition>;

/** Every event: its CloudEvents type (`ce_type`), the stream it travels on and its payload. */
const definitions = {
  'uk.nhs.traininghubs.hubregistry.organisation_succeeded.v1': { topic: topics.organisation, schema: OrganisationSucceededSchema },
  'uk.nhs.traininghubs.hubregistry.organisation_recorded.v1': { topic: topics.organisation, schema: OrganisationRecordedSchema },

  'uk.nhs.traininghubs.hubregistry.hub_registered.v1': { topic: topics.hub, schema: HubRegisteredSchema },
  'uk.nhs.traininghubs.hubregistry.hub_updated.v1': { topic: topics.hub, schema: HubUpdatedSchema },
  'uk.nhs.traininghubs.hubregistry.hub_contact_changed.v1': { topic: topics.hub, schema: HubContactChangedSchema },
  'uk.nhs.traininghubs.hubregistry.hub_deactivated.v1': { topic: topics.hub, schema: HubDeactivatedSchema },

  'uk.nhs.traininghubs.trainingcatalogue.course_scheduled.v1': { topic: topics.course, schema: CourseScheduledSchema },

  'uk.nhs.traininghubs.trainingcatalogue.session_cancelled.v1': { topic: topics.session, schema: SessionCancelledSchema },
  'uk.nhs.traininghubs.trainingcatalogue.booking_confirmed.v1': { topic: topics.session, schema: BookingConfirmedSchema },
  'uk.nhs.traininghubs.trainingcatalogue.course_delivered.v1': { topic: topics.session, schema: CourseDeliveredSchema },

  'uk.nhs.traininghubs.placements.learning_environment_approved.v1': {
    topic: topics.learningEnvironment,
    schema: LearningEnvironmentApprovedSchema,
  },

  'uk.nhs.traininghubs.placements.placement_offered.v1': { topic: topics.placement, schema: PlacementOfferedSchema },
  'uk.nhs.traininghubs.placements.placement_filled.v1': { topic: topics.placement, schema: PlacementFilledSchema },
  'uk.nhs.traininghubs.placements.placement_completed.v1': { topic: topics.placement, schema: PlacementCompletedSchema },
  'uk.nhs.traininghubs.placements.placement_cancelled.v1': { topic: topics.placement, schema: PlacementCancelledSchema },

  'uk.nhs.traininghubs.workforce.gp_recruited.v1': { topic: topics.staff, schema: GpRecruitedSchema },
  'uk.nhs.traininghubs.workforce.staff_recruited.v1': { topic: topics.staff, schema: StaffRecruitedSchema },
  'uk.nhs.traininghubs.workforce.gp_retained.v1': { topic: topics.staff, schema: GpRetainedSchema },
  'uk.nhs.traininghubs.workforce.staff_left.v1': { topic: topics.staff, schema: StaffLeftSchema },
  'uk.nhs.traininghubs.workforce.fellowship_enrolled.v1': { topic: topics.staff, schema: FellowshipEnrolledSchema },

  'uk.nhs.traininghubs.workforce.arrs_plan_submitted.v1': { topic: topics.workforcePlan, schema: ArrsPlanSubmittedSchema },
  'uk.nhs.traininghubs.workforce.workforce_snapshot_imported.v1': {
    topic: topics.workforcePlan,
    schema: WorkforceSnapshotImportedSchema,
  },

  'uk.nhs.traininghubs.kpireporting.kpi_return_submitted.v1': { topic: topics.kpiReturn, schema: KpiReturnSubmittedSchema },
  'uk.nhs.traininghubs.kpireporting.kpi_return_approved.v1': { topic: topics.kpiReturn, schema: KpiReturnApprovedSchema },
  'uk.nhs.traininghubs.kpireporting.kpi_return_returned.v1': { topic: topics.kpiReturn, schema: KpiReturnReturnedSchema },
  'uk.nhs.traininghubs.kpireporting.kpi_return_restated.v1': { topic: topics.kpiReturn, schema: KpiReturnRestatedSchema },
} as const satisfies Record<string, { topic: TopicDefinition; schema: DescMessage }>;

type Definitions = typeof definitions;

/** A CloudEvents type (`ce_type`) of the platform, e.g. `uk.nhs.traininghubs.placements.placement_filled.v1`. */
export type EventType = keyof Definitions;

/** The generated message descriptor of an event type's payload. */
export type EventSchema<T extends EventType> = Definitions[T]['schema'];

/** The payload of an event type, e.g. `PlacementFilled` for `...placement_filled.v1`. */
export type EventMessage<T extends EventType> = MessageShape<EventSchema<T>>;

/** What `create` accepts for an event type's payload: a message or a plain initialiser object. */
export type EventInit<T extends EventType> = MessageInitShape<EventSchema<T>>;

/** One entry of the event catalogue. */
export interface EventDefinition<T extends EventType = EventType> {
  /** CloudEvents type, sent in the `ce_type` header. */
  readonly type: T;
  /** Logical Kafka topic the event is published to. */
  readonly topic: string;
  /** The service that publishes it. */
  readonly owner: string;
  /** The generated descriptor of the payload. */
  readonly schema: EventSchema<T>;
  /** What the record key is, as declared for the topic. */
  readonly keyDescription: string;
}

/** Any catalogue entry, narrowed by its `type`. */
export type AnyEventDefinition = { [T in EventType]: EventDefinition<T> }[EventType];

/** Any event payload of the platform; narrow on `$typeName`. */
export type AnyEventMessage = { [T in EventType]: EventMessage<T> }[EventType];

function definitionOf<T extends EventType>(type: T): EventDefinition<T> {
  const { topic, schema } = definitions[type];
  return { type, topic: topic.name, owner: topic.owner, schema, keyDescription: topic.keyDescription };
}

const byType = new Map<string, AnyEventDefinition>(
  (Object.keys(definitions) as EventType[]).map((type) => [type, definitionOf(type) as AnyEventDefinition]),
);
const byTypeName = new Map<string, AnyEventDefinition>([...byType.values()].map((d) => [d.schema.typeName, d]));

/** Every event of the platform, in the order of infra/kafka/topics.yaml. */
export const eventCatalogue: readonly AnyEventDefinition[] = Object.freeze([...byType.values()]);

/** A `ce_type` that is not one of the platform's events. */
export class UnknownEventTypeError extends Error {
  constructor(readonly eventType: string) {
    super(`Unknown event type "${eventType}": it is not in the event catalogue of @traininghubs/contracts`);
    this.name = 'UnknownEventTypeError';
  }
}

/** True when `type` is one of the platform's CloudEvents types. */
export function isEventType(type: string): type is EventType {
  return byType.has(type);
}

/** The catalogue entry of an event type; throws UnknownEventTypeError for anything else. */
export function eventDefinition<T extends EventType>(type: T): EventDefinition<T>;
export function eventDefinition(type: string): AnyEventDefinition;
export function eventDefinition(type: string): AnyEventDefinition {
  const definition = byType.get(type);
  if (!definition) throw new UnknownEventTypeError(type);
  return definition;
}

/**
 * The catalogue entry for a payload message, found by its protobuf type name: what a publisher
 * needs to put the `ce_type` header on and to pick the topic. Undefined for a message that is
 * not an event (e.g. a LocalDate).
 */
export function eventDefinitionOf(message: Message): AnyEventDefinition | undefined {
  return byTypeName.get(message.$typeName);
}
