import { HttpException } from '@nestjs/common';
import { WorkforceRuleBroken } from '../domain/workforce-rule.error';
import type { RowRejection } from './past-activity-file';

/**
 * Why a row was not imported, from what the single-record command threw for it: a broken
 * workforce rule (its code and words), or a 4xx problem of the hub directory or of scope (its
 * code, e.g. outside-hub-active-span, else its type's last segment). Anything else (the database
 * failing, a 5xx such as a hub not yet known here) is not about the row: undefined, and the chunk
 * fails rather than reject a good row.
 */
export function rowRejectionOf(error: unknown): RowRejection | undefined {
  if (error instanceof WorkforceRuleBroken) return { code: error.code, reason: error.message };
  if (!(error instanceof HttpException) || error.getStatus() >= 500) return undefined;
  const body = error.getResponse();
  if (typeof body === 'string') return { code: `http-${error.getStatus()}`, reason: body };
  const record = body as { code?: unknown; type?: unknown; detail?: unknown; message?: unknown };
  const code = typeof record.code === 'string' ? record.code : typeof record.type === 'string' ? (record.type.split('/').pop() ?? '') : '';
  const reason = typeof record.detail === 'string' ? record.detail : typeof record.message === 'string' ? record.message : error.message;
  return { code: code === '' ? `http-${error.getStatus()}` : code, reason };
}

/** The unique key of (hub, kind, record_ref) was taken meanwhile: another import of the same rows committed first. */
export function isRecordRefTaken(error: unknown): boolean {
  const failure = error as { code?: unknown; constraint?: unknown; driverError?: { code?: unknown; constraint?: unknown } } | null;
  const code = failure?.code ?? failure?.driverError?.code;
  const constraint = failure?.constraint ?? failure?.driverError?.constraint;
  return code === '23505' && constraint === 'past_activity_record_pkey';
}
