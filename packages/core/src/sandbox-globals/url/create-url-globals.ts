import { markNotCloneable } from '../builtin-kind';
import { fixName } from '../define-global';
import { createUrlClass } from './url';
import { createUrlSearchParamsClass } from './url-search-params';

type UrlGlobals = {
  URL: ReturnType<typeof createUrlClass>;
  URLSearchParams: ReturnType<typeof createUrlSearchParamsClass>['URLSearchParams'];
};

let created: UrlGlobals | undefined;

/**
 * Builds the `URL` and `URLSearchParams` classes of this realm on first call (the lazy `URL` /
 * `URLSearchParams` globals call it on first access), then returns the same pair.
 */
export function createUrlGlobals(): UrlGlobals {
  if (created === undefined) {
    const { URLSearchParams, internals } = createUrlSearchParamsClass();
    created = { URL: createUrlClass(internals), URLSearchParams };
    fixName(created.URL, 'URL');
    fixName(URLSearchParams, 'URLSearchParams');
    markNotCloneable(created.URL.prototype);
    markNotCloneable(URLSearchParams.prototype);
  }
  return created;
}
