/** The steps of a batch's transaction that the next batch's transaction waits for. */
export interface BatchPoints {
  emailsRecorded: Promise<void>;
  customersWritten: Promise<void>;
}

/** A batch being written: its steps, and its commit. */
export interface BatchWrite extends BatchPoints {
  committed: Promise<void>;
}

type Settle = (error?: Error) => void;

interface Gate {
  promise: Promise<void>;
  settle: Settle;
}

function openGate(): Gate {
  let settle: Settle = () => undefined;
  const promise = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error));
  });
  promise.catch(() => undefined); // awaited by the next batch, if there is one
  return { promise, settle };
}

/**
 * Passed as the batch's transaction reaches each step; all fail if the transaction fails.
 * Settling twice is a no-op (a promise settles once): steps already passed stay passed.
 */
export class BatchGates {
  private readonly gates: Record<keyof BatchPoints, Gate> = {
    emailsRecorded: openGate(),
    customersWritten: openGate(),
  };

  readonly points: BatchPoints = {
    emailsRecorded: this.gates.emailsRecorded.promise,
    customersWritten: this.gates.customersWritten.promise,
  };

  pass(name: keyof BatchPoints): void {
    this.gates[name].settle();
  }

  fail(error: unknown): void {
    const reason = error instanceof Error ? error : new Error(String(error));
    for (const gate of Object.values(this.gates)) gate.settle(reason);
  }
}
