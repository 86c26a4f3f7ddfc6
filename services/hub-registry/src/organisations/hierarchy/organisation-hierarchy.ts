import { withinDays } from '../../calendar/calendar-day';
import type { OrganisationRecord, ParentLink, Succession } from '../organisation-kind';

/** The part of the hierarchy around some organisations: what an "as of" question is answered from. */
export interface HierarchyExtract {
  organisations: ReadonlyMap<string, OrganisationRecord>;
  links: readonly ParentLink[];
  successions: readonly Succession[];
}

export function isOpenOn(organisation: Pick<OrganisationRecord, 'openDate' | 'closeDate'>, day: string): boolean {
  return withinDays(day, organisation.openDate, organisation.closeDate);
}

/** The parent of an organisation on a day, if it had one. */
export function parentOn(extract: HierarchyExtract, childCode: string, day: string): string | undefined {
  return extract.links.find((l) => l.childCode === childCode && withinDays(day, l.validFrom, l.validTo))?.parentCode;
}

/**
 * The ICB that an ICB closed before `day` became, following successions effective on or before
 * it. Only an unambiguous chain is followed: an ICB that split has no single successor, so a
 * practice once under it is placed by its own (re-imported) parent link instead.
 */
export function successorOn(extract: HierarchyExtract, icbCode: string, day: string): string | undefined {
  let code = icbCode;
  for (let step = 0; step < 10; step++) {
    const organisation = extract.organisations.get(code);
    if (organisation && isOpenOn(organisation, day)) return code;
    const next = [...new Set(extract.successions.filter((s) => s.predecessorCode === code && s.effectiveDate <= day).map((s) => s.successorCode))];
    if (next.length !== 1) return undefined;
    code = next[0];
  }
  return undefined;
}

/**
 * The ICB of an organisation (practice, PCN or ICB) on a day: up its parent links valid that day,
 * then on to the successor when the ICB it reached had closed by then.
 */
export function icbOn(extract: HierarchyExtract, odsCode: string, day: string): string | undefined {
  let code: string | undefined = odsCode;
  for (let step = 0; code && step < 10; step++) {
    const organisation = extract.organisations.get(code);
    if (!organisation) return undefined;
    if (organisation.kind === 'icb') return successorOn(extract, code, day);
    if (organisation.kind === 'nhse_region') return undefined;
    // A practice or PCN whose link has lapsed still belongs where it last was, rolled forward.
    code = parentOn(extract, code, day) ?? lastParent(extract, code, day);
  }
  return undefined;
}

/** The region of an ICB on a day. */
export function regionOn(extract: HierarchyExtract, icbCode: string, day: string): string | undefined {
  return parentOn(extract, icbCode, day) ?? lastParent(extract, icbCode, day);
}

function lastParent(extract: HierarchyExtract, childCode: string, day: string): string | undefined {
  const earlier = extract.links.filter((l) => l.childCode === childCode && (!l.validFrom || l.validFrom <= day));
  earlier.sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));
  return earlier.at(-1)?.parentCode;
}
