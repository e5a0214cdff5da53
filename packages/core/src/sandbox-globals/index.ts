// The web globals that run inside sandbox isolates (JavaScript runtime and Pyodide).

export { installTimers } from './install-timers';
export {
  installWebGlobals,
  prepareWebGlobals,
  type WebGlobalsHost,
  type WebGlobalsStart,
} from './install-web-globals';
export { createTimerQueue, type TimerQueue } from './timer-queue';
