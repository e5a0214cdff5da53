// WHATWG fetch inside sandbox isolates: requests are built here and performed by the host.

export { Blob } from './blob';
export { createFetch, NO_NETWORK_MESSAGE } from './fetch';
export { File } from './file';
export { FormData } from './form-data';
export { Headers } from './headers';
export {
  createFetchGlobals,
  type FetchGlobals,
  installFetch,
  installFetchGlobals,
} from './install-fetch';
export { Request } from './request';
export { Response } from './response';
export type {
  HttpRequestMessage,
  HttpResponseMessage,
  SendHttpRequest,
} from './send-http-request';
