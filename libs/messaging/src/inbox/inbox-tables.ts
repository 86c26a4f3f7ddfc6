import { qualifiedTable } from '../postgres/sql-names';

export const INBOX_TABLE = 'inbox';
export const INBOX_DEAD_LETTER_TABLE = 'inbox_dead_letter';

export interface InboxTables {
  inbox: string;
  deadLetter: string;
}

export function inboxTables(schema: string): InboxTables {
  return { inbox: qualifiedTable(schema, INBOX_TABLE), deadLetter: qualifiedTable(schema, INBOX_DEAD_LETTER_TABLE) };
}
