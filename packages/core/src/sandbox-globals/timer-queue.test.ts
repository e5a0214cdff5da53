import { describe, expect, it } from 'vitest';
import { createFakeClock, createGlobalsRealm, drainTimers, type GlobalsRealm } from './test-realm';
import { createTimerQueue } from './timer-queue';

/** Runs `script` under Node's real event loop; it calls `log(x)` and finally `done()`. */
function runInNode(script: string): Promise<unknown[]> {
  return new Promise((resolve) => {
    const log: unknown[] = [];
    new Function('log', 'done', script)(
      (entry: unknown) => log.push(entry),
      () => resolve(log),
    );
  });
}

/** Runs `script` in a sandbox realm, driving its timers like the isolate embedder. */
async function runInSandbox(script: string): Promise<{ log: unknown[]; realm: GlobalsRealm }> {
  const clock = createFakeClock();
  const realm = await createGlobalsRealm({ now: clock.now });
  // A null-prototype log: scripts that tamper with Array.prototype cannot break the harness.
  realm.run(`globalThis.__log = Object.setPrototypeOf([], null); globalThis.__done = false;
    (function (log, done) { ${script} })((entry) => { __log[__log.length] = entry }, () => { __done = true });`);
  drainTimers(realm, clock);
  expect(realm.run('__done'), 'the script called done()').toBe(true);
  expect(realm.errors).toEqual([]);
  return { log: realm.run<unknown[]>('Array.from(__log)'), realm };
}

/** The classic ordering puzzles, each checked against Node's own event loop. */
const puzzles: Record<string, string> = {
  'a promise reaction queued by a timer callback runs before the next timer callback': `
    setTimeout(() => { log('a'); Promise.resolve().then(() => log('a.then')).then(() => log('a.then2')); }, 0);
    setTimeout(() => { log('b'); queueMicrotask(() => log('b.micro')); }, 0);
    setTimeout(done, 20);`,
  'timers run by due time, equal delays in creation order': `
    setTimeout(() => log('x10'), 10);
    setTimeout(() => log('y5'), 5);
    setTimeout(() => log('z10'), 10);
    setTimeout(() => log('w5'), 5);
    setTimeout(() => log('v1'), 1);
    setTimeout(done, 30);`,
  'nested setTimeout(0) chains interleave with promises': `
    let n = 0;
    function step() { log('step ' + n); Promise.resolve().then(() => log('micro ' + n)); if (++n < 4) setTimeout(step, 0); else setTimeout(done, 5); }
    setTimeout(step, 0);`,
  'setInterval runs N times, then clearInterval stops it': `
    let count = 0;
    const id = setInterval((tag) => { log(tag + ++count); if (count === 3) { clearInterval(id); setTimeout(done, 30); } }, 5, 'tick ');`,
  'clearTimeout inside another callback cancels it': `
    let b;
    setTimeout(() => { log('a'); clearTimeout(b); }, 5);
    b = setTimeout(() => log('b (cancelled)'), 5);
    setTimeout(() => { log('c'); done(); }, 10);`,
  'inside a timer callback, setImmediate runs before setTimeout(0)': `
    setTimeout(() => {
      setTimeout(() => { log('timeout'); setTimeout(done, 5); }, 0);
      setImmediate(() => log('immediate'));
      Promise.resolve().then(() => log('promise'));
    }, 0);`,
  'immediates queued by an immediate wait for the next loop iteration': `
    setTimeout(() => {
      setImmediate(() => { log('i1'); setImmediate(() => { log('i3'); setTimeout(done, 5); }); Promise.resolve().then(() => log('i1.then')); });
      setImmediate(() => log('i2'));
    }, 0);`,
  'extra arguments reach the callback; await on timers works': `
    setTimeout((a, b) => log(a + b), 1, 2, 3);
    (async () => {
      for (let i = 0; i < 3; i++) { await new Promise((r) => setTimeout(r, 2)); log('awaited ' + i); }
      setTimeout(done, 5);
    })();`,
  'clearImmediate cancels an immediate; clearTimeout with an interval id works': `
    setTimeout(() => {
      const i = setImmediate(() => log('never'));
      clearImmediate(i);
      const t = setInterval(() => log('never either'), 1);
      clearTimeout(t);
      setImmediate(() => { log('after'); setTimeout(done, 5); });
    }, 0);`,
};

describe('timers: Node ordering', () => {
  for (const [name, script] of Object.entries(puzzles)) {
    it(name, async () => {
      const [{ log }, expected] = await Promise.all([runInSandbox(script), runInNode(script)]);
      expect(log).toEqual(expected);
    });
  }
});

describe('timers: the globals', () => {
  it('validate the callback and coerce delays like Node', async () => {
    const clock = createFakeClock();
    const realm = await createGlobalsRealm({ now: clock.now });
    const error = (call: string) =>
      realm.run(
        `(() => { try { ${call}; return 'ok' } catch (e) { return [e.name, e.code, e.message] } })()`,
      );
    const nodeError = (call: () => unknown) => {
      try {
        call();
        return 'ok';
      } catch (e) {
        return [(e as Error).name, (e as { code?: string }).code, (e as Error).message];
      }
    };
    expect(error("setTimeout('code')")).toEqual(nodeError(() => setTimeout('code' as never)));
    expect(error('setInterval({})')).toEqual(nodeError(() => setInterval({} as never)));
    expect(error('setImmediate(null)')).toEqual(nodeError(() => setImmediate(null as never)));
    // Delays: negative, NaN and strings that are not numbers become 1 ms; numeric strings count.
    realm.run(`globalThis.fired = [];
      setTimeout(() => fired.push('neg'), -5);
      setTimeout(() => fired.push('nan'), 'soon');
      setTimeout(() => fired.push('str10'), '10');
      setTimeout(() => fired.push('huge'), 2 ** 31);`);
    clock.advance(1);
    while (realm.run('__queue.runNext()')) {}
    expect(realm.run('fired')).toEqual(['neg', 'nan', 'huge']);
    expect(realm.warnings).toEqual([
      [
        'TimeoutOverflowWarning',
        '2147483648 does not fit into a 32-bit signed integer.\nTimeout duration was set to 1.',
      ],
    ]);
    clock.advance(9);
    while (realm.run('__queue.runNext()')) {}
    expect(realm.run('fired')).toEqual(['neg', 'nan', 'huge', 'str10']);
  });

  it('return distinct positive numeric ids, are non-enumerable globals, and keep their names', async () => {
    const realm = await createGlobalsRealm();
    const result = realm.run<unknown[]>(`(() => {
      const a = setTimeout(() => {}, 1), b = setInterval(() => {}, 1), c = setImmediate(() => {});
      clearTimeout(a); clearInterval(b); clearImmediate(c);
      const names = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'];
      return [typeof a, a > 0 && b > a && c > b, names.every((n) => !Object.keys(globalThis).includes(n)),
        names.map((n) => globalThis[n].name).join(), setTimeout.length, clearTimeout('not an id')];
    })()`);
    expect(result).toEqual([
      'number',
      true,
      true,
      'setTimeout,clearTimeout,setInterval,clearInterval,setImmediate,clearImmediate',
      2,
      undefined,
    ]);
  });

  it('report callback errors through onError and keep running the other timers', async () => {
    const clock = createFakeClock();
    const realm = await createGlobalsRealm({ now: clock.now });
    realm.run(`globalThis.log = [];
      setTimeout(() => { throw new Error('first fails') }, 1);
      setTimeout(() => log.push('second runs'), 1);`);
    drainTimers(realm, clock);
    expect(realm.run('log')).toEqual(['second runs']);
    expect(realm.errors.map((e) => (e as Error).message)).toEqual(['first fails']);
  });

  it('survive user code that tampers with Array, Map and Function prototypes', async () => {
    const { log } = await runInSandbox(`
      Array.prototype.push = () => { throw new Error('push hijacked') };
      Object.defineProperty(Array.prototype, '0', { set() { throw new Error('index setter') }, configurable: true });
      Map.prototype.get = () => { throw new Error('get hijacked') };
      Map.prototype.set = () => { throw new Error('set hijacked') };
      Function.prototype.call = Function.prototype.apply = () => { throw new Error('call hijacked') };
      Reflect.apply = () => { throw new Error('apply hijacked') };
      const id = setInterval(() => { log('tick'); }, 1);
      setTimeout(() => { clearInterval(id); log('cleared'); done(); }, 3);`);
    expect(log).toEqual(['tick', 'tick', 'cleared']);
  });
});

describe('createTimerQueue', () => {
  it('counts pending timers, reports the next delay and cancels everything on clear()', () => {
    const clock = createFakeClock();
    const queue = createTimerQueue({ now: clock.now });
    expect([queue.pending(), queue.nextDelay(), queue.runNext()]).toEqual([0, -1, false]);
    const ran: string[] = [];
    queue.schedule(() => ran.push('t50'), 50, [], false);
    queue.schedule(() => ran.push('t20'), 20.5, [], false);
    const interval = queue.schedule(() => ran.push('iv'), 30, [], true);
    expect([queue.pending(), queue.nextDelay()]).toEqual([3, 21]);
    clock.advance(21);
    expect([queue.nextDelay(), queue.runNext(), queue.runNext()]).toEqual([0, true, false]);
    clock.advance(9);
    expect(queue.runNext()).toBe(true); // the interval, re-armed for 60
    expect([queue.pending(), queue.nextDelay()]).toEqual([2, 20]);
    queue.cancel(interval);
    expect(queue.pending()).toBe(1);
    queue.scheduleImmediate(() => ran.push('imm'), []);
    expect(queue.nextDelay()).toBe(0);
    queue.clear();
    expect([queue.pending(), queue.nextDelay(), queue.runNext()]).toEqual([0, -1, false]);
    clock.advance(1000);
    expect(queue.runNext()).toBe(false);
    expect(ran).toEqual(['t20', 'iv']);
  });

  it('clear() called from a running interval stops it (as when an error ends the run)', () => {
    const clock = createFakeClock();
    const queue = createTimerQueue({ now: clock.now });
    let runs = 0;
    queue.schedule(
      () => {
        runs++;
        queue.clear();
      },
      5,
      [],
      true,
    );
    clock.advance(5);
    queue.runNext();
    clock.advance(100);
    expect([queue.runNext(), runs, queue.pending()]).toEqual([false, 1, 0]);
  });

  it('runDue runs the whole iteration in one call (microtasks would run only afterwards)', () => {
    const clock = createFakeClock();
    const queue = createTimerQueue({ now: clock.now });
    const ran: string[] = [];
    queue.schedule(() => ran.push('a'), 1, [], false);
    queue.schedule(
      () => {
        ran.push('b');
        queue.schedule(() => ran.push('later'), 1, [], false);
      },
      1,
      [],
      false,
    );
    queue.scheduleImmediate(() => ran.push('immediate'), []);
    clock.advance(1);
    queue.runDue();
    expect(ran).toEqual(['a', 'b', 'immediate']);
    clock.advance(1);
    queue.runDue();
    expect(ran).toEqual(['a', 'b', 'immediate', 'later']);
  });

  it('never runs a timer early, and a clock that stands still never runs a 0 ms chain', () => {
    const clock = createFakeClock();
    const queue = createTimerQueue({ now: clock.now });
    let count = 0;
    const tick = () => {
      count++;
      queue.schedule(tick, 1, [], false);
    };
    queue.schedule(tick, 1, [], false);
    for (let i = 0; i < 10; i++) queue.runNext();
    expect(count).toBe(0);
    clock.advance(1);
    for (let i = 0; i < 10; i++) queue.runNext();
    expect(count).toBe(1);
  });
});
