import { stdSerializers } from 'pino';
import { QueryFailedError } from 'typeorm';
import { serializeError } from './logger-options';

describe('serializeError', () => {
  it('logs a failed query without its parameters, with the driver code and a bounded query', () => {
    const driverError = Object.assign(new Error('deadlock detected'), {
      code: '40P01',
      detail: 'Process 1 waits for ShareLock on transaction 2; blocked by process 3.',
      where: 'while inserting index tuple (3322,31) in relation "customers"',
      routine: 'DeadLockReport',
      parameters: ['[{"email":"ann@shop.example"}]'],
    });
    const query = `INSERT INTO customers ${'x'.repeat(2000)}`;
    const error = new QueryFailedError(query, ['[{"email":"ann@shop.example"}]'], driverError);

    const logged = serializeError(error);

    expect(JSON.stringify(logged)).not.toContain('ann@shop.example');
    expect(logged).toMatchObject({
      type: 'QueryFailedError',
      message: 'deadlock detected',
      driverError: {
        code: '40P01',
        detail: 'Process 1 waits for ShareLock on transaction 2; blocked by process 3.',
        where: 'while inserting index tuple (3322,31) in relation "customers"',
        routine: 'DeadLockReport',
      },
    });
    expect(logged.query).toBe(`${query.slice(0, 500)}…`);
    expect(logged.stack).toEqual(expect.stringContaining('QueryFailedError'));
  });

  it('takes the standard serialization pino-http hands it as well as an Error', () => {
    const error = new QueryFailedError('SELECT 1', ['secret@shop.example'], new Error('boom'));
    const logged = serializeError(stdSerializers.err(error));
    expect(JSON.stringify(logged)).not.toContain('secret@shop.example');
    expect(logged).toMatchObject({ type: 'QueryFailedError', message: 'boom', query: 'SELECT 1' });
  });

  it('logs any other error as pino does', () => {
    const logged = serializeError(new TypeError('bad input'));
    expect(logged).toMatchObject({ type: 'TypeError', message: 'bad input' });
    expect(logged).not.toHaveProperty('query');
    expect(logged).not.toHaveProperty('driverError');
  });
});
