// The web globals that run inside sandbox isolates (JavaScript runtime and Pyodide).

export { installTimers } from './install-timers';
export { installWebGlobals, type WebGlobalsHost } from './install-web-globals';
export { createTimerQueue, type TimerQueue } from './timer-queue';
