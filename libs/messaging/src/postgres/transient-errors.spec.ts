import { isTransientDatabaseError } from './transient-errors';

const pgError = (code: string, message = 'error') => Object.assign(new Error(message), { code });

describe('transient database errors', () => {
  it.each([
    ['serialization failure', pgError('40001')],
    ['deadlock', pgError('40P01')],
    ['server shutting down', pgError('57P01', 'terminating connection due to administrator command')],
    ['connection failure class', pgError('08006')],
    ['refused connection', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['connection dropped by the driver', new Error('Connection terminated unexpectedly')],
    ['pool could not connect', new Error('timeout exceeded when trying to connect')],
    ['wrapped by TypeORM', Object.assign(new Error('Query failed'), { name: 'QueryFailedError', driverError: pgError('40P01') })],
  ])('retries a %s', (_, error) => {
    expect(isTransientDatabaseError(error)).toBe(true);
  });

  it.each([
    ['unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['check violation', pgError('23514')],
    ['missing table', pgError('42P01')],
    ['programming error', new TypeError('cannot read properties of undefined')],
    ['not an error', 'oops'],
  ])('does not retry a %s', (_, error) => {
    expect(isTransientDatabaseError(error)).toBe(false);
  });
});
