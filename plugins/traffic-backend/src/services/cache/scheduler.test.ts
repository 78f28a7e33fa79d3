import { RequestGate, SyncScheduler } from './scheduler';

function busy(ms: number) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

describe('SyncScheduler', () => {
  it('lets a task continue within its slice and queues it after', async () => {
    const scheduler = new SyncScheduler(5);
    const first = scheduler.slice(0);
    if (first) await first;
    expect(scheduler.slice(0)).toBeUndefined();
    busy(6);
    const next = scheduler.slice(0);
    expect(next).toBeInstanceOf(Promise);
    await next;
  });

  it('resumes waiting tasks one per turn, lowest priority value first, and lets timers run between', async () => {
    const scheduler = new SyncScheduler(2);
    const order: string[] = [];
    const task = async (name: string, priority: number) => {
      for (let i = 0; i < 3; i++) {
        const turn = scheduler.slice(priority);
        if (turn) await turn;
        busy(3);
        order.push(`${name}${i}`);
      }
    };
    let timerRanAt = -1;
    setTimeout(() => {
      timerRanAt = order.length;
    }, 0);
    await Promise.all([task('b', 1), task('a', 0), task('c', 2)]);
    expect(order.filter(o => o.startsWith('a'))).toEqual(['a0', 'a1', 'a2']);
    // Cluster a (priority 0) completes before b and c.
    expect(order.indexOf('a2')).toBeLessThan(order.indexOf('b2'));
    expect(order.indexOf('b2')).toBeLessThan(order.indexOf('c2'));
    // The timer did not wait for all the work.
    expect(timerRanAt).toBeGreaterThanOrEqual(0);
    expect(timerRanAt).toBeLessThan(order.length);
    expect(scheduler.pending).toBe(0);
  });
});

describe('RequestGate', () => {
  it('bounds concurrent requests and hands slots over by priority', async () => {
    const gate = new RequestGate(2);
    const started: string[] = [];
    const request = async (name: string, priority: number) => {
      await gate.acquire(priority);
      started.push(name);
    };
    await request('a', 5);
    await request('b', 5);
    const waiting = [request('late', 9), request('urgent', 0), request('next', 5)];
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    expect(gate.state).toEqual({ active: 2, waiting: 3 });
    gate.release();
    gate.release();
    gate.release();
    await Promise.all(waiting);
    expect(started).toEqual(['a', 'b', 'urgent', 'next', 'late']);
    expect(gate.state).toEqual({ active: 2, waiting: 0 });
  });
});
