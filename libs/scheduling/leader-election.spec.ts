import { terminateConnections, useTestDatabase } from '../../test/support/test-database';
import { LeaderElection, type LedJob } from './leader-election';

const database = useTestDatabase('leader_election');
const elections: LeaderElection[] = [];

afterEach(async () => {
  await Promise.all(elections.splice(0).map((election) => election.close()));
});

/** A process: its own election (its own connections). */
const aProcess = (name: string, enabled = true) => {
  const election = new LeaderElection({
    connectionString: database.url,
    applicationName: `test-${name}`,
    enabled,
    retryMs: 50,
  });
  elections.push(election);
  return election;
};

/** A job that records whether it runs. */
class Job implements LedJob {
  running = false;
  starts = 0;
  stops = 0;
  start(): void {
    this.running = true;
    this.starts += 1;
  }
  stop(): Promise<void> {
    this.running = false;
    this.stops += 1;
    return Promise.resolve();
  }
}

async function until(what: string, probe: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (probe()) return;
    await new Promise((resume) => setTimeout(resume, 10));
  }
  throw new Error(`never: ${what}`);
}

describe('leader election for background jobs', () => {
  it('runs each job in exactly one of two processes, and in the other when the leader stops', async () => {
    const [one, two] = [aProcess('one'), aProcess('two')];
    const [onOne, onTwo] = [new Job(), new Job()];
    await one.lead('closing', onOne);
    await two.lead('closing', onTwo);

    expect([onOne.running, onTwo.running]).toEqual([true, false]);
    expect([one.leading, two.leading]).toEqual([['closing'], []]);
    await new Promise((resume) => setTimeout(resume, 200)); // the follower keeps campaigning, in vain
    expect(onTwo.starts).toBe(0);

    await one.close();
    expect(onOne.running).toBe(false);
    await until('the follower takes over', () => onTwo.running);
    expect(two.leading).toEqual(['closing']);
  });

  it('elects each job on its own: two jobs may be led by two processes', async () => {
    const [one, two] = [aProcess('one'), aProcess('two')];
    await one.lead('a', new Job());
    await two.lead('b', new Job());
    await two.lead('a', new Job());
    expect([one.leading, two.leading]).toEqual([['a'], ['b']]);
  });

  it('never runs a job in a process that may not lead (the API role)', async () => {
    const api = aProcess('api', false);
    const job = new Job();
    await api.lead('closing', job);
    await new Promise((resume) => setTimeout(resume, 150));
    expect(job.starts).toBe(0);
  });

  it('stops the job when the leader’s connection dies, and one process leads again', async () => {
    const [one, two] = [aProcess('one'), aProcess('two')];
    const [onOne, onTwo] = [new Job(), new Job()];
    await one.lead('ledger', onOne);
    await two.lead('ledger', onTwo);
    await terminateConnections(database, 'test-one:lead:ledger');
    await until('the old leader stops', () => onOne.stops === 1);
    await until('one of them leads again', () => onOne.running !== onTwo.running);
    expect(onOne.starts + onTwo.starts).toBe(2);
  });
});
