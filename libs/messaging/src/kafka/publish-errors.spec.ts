import { classifyPublishError } from './publish-errors';

const protocolError = (type: string, retriable: boolean) => Object.assign(new Error(type), { name: 'KafkaJSProtocolError', type, retriable });

describe('classifying publish failures', () => {
  it('treats a record the broker can never accept as rejected', () => {
    expect(classifyPublishError(protocolError('MESSAGE_TOO_LARGE', false))).toBe('record-rejected');
    expect(classifyPublishError(protocolError('INVALID_RECORD', false))).toBe('record-rejected');
  });

  it('looks through the client wrapping the broker error', () => {
    const wrapped = Object.assign(new Error('wrapped'), { name: 'KafkaJSNonRetriableError', retriable: false, cause: protocolError('RECORD_LIST_TOO_LARGE', false) });
    expect(classifyPublishError(wrapped)).toBe('record-rejected');
  });

  it('retries outages, exhausted client retries, authorisation problems and unknown errors', () => {
    const outage = Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError', retriable: true });
    const exhausted = Object.assign(new Error('retries'), { name: 'KafkaJSNumberOfRetriesExceeded', retriable: false, cause: outage });
    expect(classifyPublishError(outage)).toBe('retriable');
    expect(classifyPublishError(exhausted)).toBe('retriable');
    expect(classifyPublishError(protocolError('NOT_ENOUGH_REPLICAS', true))).toBe('retriable');
    expect(classifyPublishError(protocolError('TOPIC_AUTHORIZATION_FAILED', false))).toBe('retriable');
    expect(classifyPublishError(new TypeError('boom'))).toBe('retriable');
  });
});
