import { createHash } from 'node:crypto';
import { decodeEvent, eventDefinition } from '@traininghubs/contracts';
import { parseEnvelope } from '@traininghubs/messaging';
import { countByType, encodeDemoEvent, generateNationalDataset, readIcbs, seededRandom } from './national-dataset';

const digest = (seed: number, years = 1) => {
  const hash = createHash('sha256');
  for (const event of generateNationalDataset({ seed, years, eventsPerHubMonth: 10 }).events) {
    const record = encodeDemoEvent(event);
    hash.update(record.topic).update(record.key).update(record.value).update(JSON.stringify(record.headers));
  }
  return hash.digest('hex');
};

describe('national dataset generator', () => {
  const icbs = readIcbs();
  const dataset = generateNationalDataset({ seed: 42, firstYear: 2022, years: 4 });

  it('is deterministic: the same seed gives byte-identical records, another seed different ones', () => {
    expect(digest(7)).toBe(digest(7));
    expect(digest(7)).not.toBe(digest(8));
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it('has one ICS-level hub per ICB and some locality hubs, in every region', () => {
    expect(icbs).toHaveLength(42);
    const ics = dataset.hubs.filter((h) => h.level === 'ics');
    expect(ics.map((h) => h.icbCode).sort()).toEqual(icbs.map((i) => i.icbCode).sort());
    expect(dataset.hubs.filter((h) => h.level === 'locality').length).toBeGreaterThan(10);
    expect(new Set(dataset.hubs.map((h) => h.regionCode))).toEqual(new Set(['Y56', 'Y58', 'Y59', 'Y60', 'Y61', 'Y62', 'Y63']));
    expect(new Set(dataset.hubs.map((h) => h.hubId)).size).toBe(dataset.hubs.length);
  });

  it('has every event type the KPIs are computed from, each hub registered before its activity', () => {
    const counts = countByType(dataset.events);
    for (const type of [
      'uk.nhs.traininghubs.hubregistry.hub_registered.v1',
      'uk.nhs.traininghubs.trainingcatalogue.course_delivered.v1',
      'uk.nhs.traininghubs.placements.placement_offered.v1',
      'uk.nhs.traininghubs.placements.placement_filled.v1',
      'uk.nhs.traininghubs.placements.placement_completed.v1',
      'uk.nhs.traininghubs.placements.learning_environment_approved.v1',
      'uk.nhs.traininghubs.workforce.gp_recruited.v1',
      'uk.nhs.traininghubs.workforce.gp_retained.v1',
      'uk.nhs.traininghubs.workforce.fellowship_enrolled.v1',
      'uk.nhs.traininghubs.workforce.arrs_plan_submitted.v1',
    ]) {
      expect(counts[type]).toBeGreaterThan(0);
    }
    expect(counts['uk.nhs.traininghubs.hubregistry.hub_registered.v1']).toBe(dataset.hubs.length);
    // offered > filled > completed, as in a real pipeline
    expect(counts['uk.nhs.traininghubs.placements.placement_offered.v1']).toBeGreaterThan(counts['uk.nhs.traininghubs.placements.placement_filled.v1']);
    expect(counts['uk.nhs.traininghubs.placements.placement_filled.v1']).toBeGreaterThan(counts['uk.nhs.traininghubs.placements.placement_completed.v1']);
    const registeredAt = new Map(dataset.events.filter((e) => e.type.endsWith('hub_registered.v1')).map((e) => [e.key, e.time.getTime()]));
    const beforeRegistration = dataset.events.filter((e) => !(e.time.getTime() >= (registeredAt.get((e.init as { hubId: string }).hubId) ?? Infinity)));
    expect(beforeRegistration).toEqual([]);
  });

  it('orders events by time within the financial years asked for, with unique ids', () => {
    const times = dataset.events.map((e) => e.time.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const activity = dataset.events.filter((e) => !e.type.endsWith('hub_registered.v1'));
    expect(Math.min(...activity.map((e) => e.time.getTime()))).toBeGreaterThanOrEqual(Date.UTC(2022, 3, 1));
    expect(Math.max(...activity.map((e) => e.time.getTime()))).toBeLessThan(Date.UTC(2026, 3, 1));
    expect(new Set(dataset.events.map((e) => e.id)).size).toBe(dataset.events.length);
  });

  it('encodes records the consumers read: protobuf payload, CloudEvents headers, the catalogue topic', () => {
    for (const event of dataset.events.filter((_, i) => i % 97 === 0)) {
      const record = encodeDemoEvent(event);
      expect(record.topic).toBe(eventDefinition(event.type).topic);
      const envelope = parseEnvelope(record.headers);
      expect(envelope).toMatchObject({ id: event.id, type: event.type, source: `/traininghubs/${eventDefinition(event.type).owner}` });
      expect(envelope.time.getTime()).toBe(event.time.getTime());
      expect(decodeEvent(event.type, record.value)).toMatchObject({ hubId: (event.init as { hubId: string }).hubId });
    }
  });

  it('scales with the activity asked for', () => {
    const small = generateNationalDataset({ seed: 3, years: 1, eventsPerHubMonth: 10 }).events.length;
    const large = generateNationalDataset({ seed: 3, years: 1, eventsPerHubMonth: 40 }).events.length;
    expect(large / small).toBeGreaterThan(2.5);
    expect(dataset.events.length).toBeGreaterThan(50_000);
  });
});
