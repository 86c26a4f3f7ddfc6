import { create } from '@bufbuild/protobuf';
import { LearnerType as LearnerTypeMessage, localDateFromIso, PlacementPatternSchema, type PlacementPattern as PatternMessage } from '@traininghubs/contracts';
import type { LearnerType } from '../domain/learner-type';
import type { PlacementPattern } from '../domain/placement/placement-pattern';

/** The contracts' LearnerType of the domain's. */
export function learnerTypeMessage(learnerType: LearnerType): LearnerTypeMessage {
  return LearnerTypeMessage[learnerType];
}

export function patternMessage(pattern: PlacementPattern): PatternMessage {
  return create(PlacementPatternSchema, {
    startDate: localDateFromIso(pattern.startDate),
    endDate: localDateFromIso(pattern.endDate),
    wteHundredths: pattern.wteHundredths,
    sessionsPerWeek: pattern.sessionsPerWeek,
  });
}
