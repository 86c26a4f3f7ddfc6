import { describeError } from './describe-error';

describe('describing errors', () => {
  it('names the error and its machine-readable kind on one line', () => {
    const error = Object.assign(new Error('could not serialize access\ndue to concurrent update'), { name: 'QueryFailedError', code: '40001' });
    expect(describeError(error)).toBe('QueryFailedError [40001]: could not serialize access due to concurrent update');
  });

  it('takes the kind from the cause when the wrapper has none', () => {
    const cause = Object.assign(new Error('too big'), { type: 'MESSAGE_TOO_LARGE' });
    expect(describeError(Object.assign(new Error('retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded', cause }))).toBe(
      'KafkaJSNumberOfRetriesExceeded [MESSAGE_TOO_LARGE]: retries exceeded',
    );
  });

  it('describes error-like objects from another realm, strings and plain values', () => {
    expect(describeError({ name: 'TypeError', message: 'bad bytes', code: 'ERR_ENCODING_INVALID_ENCODED_DATA' })).toBe(
      'TypeError [ERR_ENCODING_INVALID_ENCODED_DATA]: bad bytes',
    );
    expect(describeError('plain')).toBe('plain');
    expect(describeError({ reason: 1 })).toBe('{"reason":1}');
  });

  it('truncates long descriptions', () => {
    expect(describeError('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
