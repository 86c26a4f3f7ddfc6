import { InboxDeadLetterEntity } from './inbox/inbox-dead-letter.entity';
import { InboxRecordEntity } from './inbox/inbox-record.entity';
import { CreateMessagingInbox1763683200001 } from './inbox/inbox.migration';
import { OutboxDeadLetterEntity } from './outbox/outbox-dead-letter.entity';
import { OutboxMessageEntity } from './outbox/outbox-message.entity';
import { CreateMessagingOutbox1763683200000 } from './outbox/outbox.migration';

/**
 * What a service adds to its TypeORM data source. A service that publishes needs the outbox; a
 * service that consumes needs the inbox; most do both and take `messaging*`.
 */
export const outboxEntities = [OutboxMessageEntity, OutboxDeadLetterEntity];
export const outboxMigrations = [CreateMessagingOutbox1763683200000];
export const inboxEntities = [InboxRecordEntity, InboxDeadLetterEntity];
export const inboxMigrations = [CreateMessagingInbox1763683200001];
export const messagingEntities = [...outboxEntities, ...inboxEntities];
export const messagingMigrations = [...outboxMigrations, ...inboxMigrations];
