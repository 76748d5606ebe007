import { BatchGates } from './batch-gates';

/** 'pending', 'passed' or the rejection's message, without waiting for a pending promise. */
async function stateOf(promise: Promise<void>): Promise<string> {
  const pending = Symbol('pending');
  try {
    const turn = new Promise<symbol>((resolve) => setImmediate(() => resolve(pending)));
    const settled = await Promise.race([promise.then(() => 'passed'), turn]);
    return settled === pending ? 'pending' : 'passed';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('BatchGates', () => {
  it('keeps every step pending until the batch passes it', async () => {
    const gates = new BatchGates();
    expect(await stateOf(gates.points.emailsRecorded)).toBe('pending');
    expect(await stateOf(gates.points.customersWritten)).toBe('pending');
    gates.pass('emailsRecorded');
    expect(await stateOf(gates.points.emailsRecorded)).toBe('passed');
    expect(await stateOf(gates.points.customersWritten)).toBe('pending');
    gates.pass('customersWritten');
    expect(await stateOf(gates.points.customersWritten)).toBe('passed');
  });

  it('fails the steps not yet passed, and leaves passed ones passed', async () => {
    const gates = new BatchGates();
    gates.pass('emailsRecorded');
    gates.fail(new Error('batch rolled back'));
    expect(await stateOf(gates.points.emailsRecorded)).toBe('passed');
    expect(await stateOf(gates.points.customersWritten)).toBe('batch rolled back');
  });

  it('turns a thrown non-Error into an Error, and ignores a second failure', async () => {
    const gates = new BatchGates();
    gates.fail('connection lost');
    gates.fail(new Error('later'));
    gates.pass('customersWritten');
    expect(await stateOf(gates.points.emailsRecorded)).toBe('connection lost');
    expect(await stateOf(gates.points.customersWritten)).toBe('connection lost');
  });

  it('never leaves an unhandled rejection when no later batch awaits a failed step', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      new BatchGates().fail(new Error('last batch failed'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
