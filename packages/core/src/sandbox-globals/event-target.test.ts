import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock, createGlobalsRealm, drainTimers, type GlobalsRealm } from './test-realm';

let realm: GlobalsRealm;
beforeAll(async () => {
  realm = await createGlobalsRealm();
});

describe('Event and EventTarget', () => {
  it('dispatches to listeners in order with the event fields set, like Node', () => {
    const script = `
      const target = new EventTarget();
      const log = [];
      function first(e) { log.push(['first', e.type, e.target === target, e.currentTarget === target, e.eventPhase, this === target]) }
      target.addEventListener('ping', first);
      target.addEventListener('ping', first); // duplicate: ignored
      target.addEventListener('ping', { handleEvent(e) { log.push(['object', e.type]) } });
      target.addEventListener('ping', () => log.push(['once']), { once: true });
      const event = new Event('ping', { cancelable: true });
      const notCanceled = target.dispatchEvent(event);
      target.dispatchEvent(new Event('ping'));
      log.push([notCanceled, event.eventPhase, event.currentTarget, event.target === target, event.defaultPrevented]);
      return log;
    `;
    const ours = realm.run(`(() => { ${script} })()`);
    expect(ours).toEqual(new Function(script)());
  });

  it('supports preventDefault (not in passive listeners), stopImmediatePropagation, removal and signal', () => {
    const result = realm.run(`(() => {
      const target = new EventTarget();
      const log = [];
      const controller = new AbortController();
      target.addEventListener('x', (e) => { e.preventDefault(); log.push('passive ' + e.defaultPrevented) }, { passive: true });
      target.addEventListener('x', (e) => { e.preventDefault(); log.push('active ' + e.defaultPrevented) });
      target.addEventListener('x', (e) => { e.stopImmediatePropagation(); log.push('stopper') });
      target.addEventListener('x', () => log.push('never'));
      const removed = () => log.push('removed');
      target.addEventListener('y', removed);
      target.removeEventListener('y', removed);
      target.addEventListener('y', () => log.push('signal'), { signal: controller.signal });
      const result = target.dispatchEvent(new Event('x', { cancelable: true }));
      target.dispatchEvent(new Event('y'));
      controller.abort();
      target.dispatchEvent(new Event('y'));
      return [result, log];
    })()`);
    expect(result).toEqual([false, ['passive false', 'active true', 'stopper', 'signal']]);
  });

  it('reports listener errors and keeps calling the other listeners', async () => {
    const fresh = await createGlobalsRealm();
    const result = fresh.run(`(() => {
      const target = new EventTarget();
      const log = [];
      target.addEventListener('e', () => { throw new Error('listener failed') });
      target.addEventListener('e', () => log.push('second'));
      target.dispatchEvent(new Event('e'));
      return log;
    })()`);
    expect(result).toEqual(['second']);
    expect(fresh.errors.map((e) => (e as Error).message)).toEqual(['listener failed']);
  });

  it('refuses to dispatch an event twice at once and needs an Event', () => {
    const result = realm.run(`(() => {
      const target = new EventTarget();
      const out = [];
      target.addEventListener('x', (e) => { try { target.dispatchEvent(e) } catch (err) { out.push(err.name) } });
      target.dispatchEvent(new Event('x'));
      try { target.dispatchEvent({ type: 'x' }) } catch (err) { out.push(err.code) }
      try { new Event() } catch (err) { out.push(err.code) }
      out.push(new CustomEvent('c', { detail: { d: 1 } }).detail.d, new Event('t').timeStamp >= 0);
      return out;
    })()`);
    expect(result).toEqual([
      'InvalidStateError',
      'ERR_INVALID_ARG_TYPE',
      'ERR_MISSING_ARGS',
      1,
      true,
    ]);
  });
});

describe('AbortController and AbortSignal', () => {
  it('aborts with a default AbortError or the given reason, once, firing abort listeners and onabort', () => {
    const result = realm.run(`(() => {
      const controller = new AbortController();
      const signal = controller.signal;
      const log = [];
      signal.addEventListener('abort', (e) => log.push('listener ' + e.type));
      signal.onabort = () => log.push('onabort');
      const before = [signal.aborted, signal.reason];
      controller.abort();
      controller.abort('again');
      let thrown;
      try { signal.throwIfAborted() } catch (e) { thrown = [e.name, e.message, e.code, e instanceof DOMException] }
      const custom = new AbortController();
      custom.abort('why');
      return [before, signal.aborted, log, thrown, custom.signal.reason, AbortSignal.abort().reason.name];
    })()`);
    expect(result).toEqual([
      [false, undefined],
      true,
      ['listener abort', 'onabort'],
      ['AbortError', 'This operation was aborted', 20, true],
      'why',
      'AbortError',
    ]);
  });

  it('AbortSignal.any follows the first source to abort; new AbortSignal() is illegal', () => {
    const result = realm.run(`(() => {
      const a = new AbortController();
      const b = new AbortController();
      const any = AbortSignal.any([a.signal, b.signal]);
      b.abort('b first');
      a.abort('a later');
      let illegal;
      try { new AbortSignal() } catch (e) { illegal = [e.name, e.message] }
      return [any.aborted, any.reason, AbortSignal.any([AbortSignal.abort('pre')]).reason, illegal];
    })()`);
    expect(result).toEqual([true, 'b first', 'pre', ['TypeError', 'Illegal constructor']]);
  });

  it('AbortSignal.timeout aborts with TimeoutError on the timer queue without keeping it alive', async () => {
    const clock = createFakeClock();
    const fresh = await createGlobalsRealm({ now: clock.now });
    fresh.run(
      `globalThis.signal = AbortSignal.timeout(50); globalThis.log = []; signal.onabort = () => log.push(signal.reason.name)`,
    );
    expect(fresh.run('__queue.pending()')).toBe(0);
    expect(fresh.run('__queue.nextDelay()')).toBe(-1);
    // Another timer keeps the program alive past 50 ms: the timeout fires on the way.
    fresh.run('setTimeout(() => log.push("timer"), 100)');
    drainTimers(fresh, clock);
    expect(fresh.run('log')).toEqual(['TimeoutError', 'timer']);
  });
});
