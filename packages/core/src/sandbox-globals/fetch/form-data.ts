import { markNotCloneable } from '../builtin-kind';
import { defineToStringTag, makeEnumerable } from '../define-global';
import { ArrayPrototypeSplice, createList } from '../primordials';
import { type Blob, blobInternals } from './blob';
import { DateNow } from './fetch-intrinsics';
import { type File, fileInternals } from './file';
import { definePairIterable } from './pair-iterator';
import {
  illegalInvocation,
  isObject,
  requireArguments,
  toUSVString,
  toUserArray,
  webidlError,
} from './webidl';

/** One entry of a form: a name and a string or a File (a two-item list, as iterated). */
export type FormDataEntry = [name: string, value: string | File];

/** Access to a FormData's entries for the bodies (not public API). */
export const formDataInternals = {
  isFormData: undefined as unknown as (value: unknown) => value is FormData,
  /** The entries themselves (do not modify). */
  entriesOf: undefined as unknown as (formData: FormData) => FormDataEntry[],
  /** A FormData holding `entries` (taken, not copied). */
  create: undefined as unknown as (entries: FormDataEntry[]) => FormData,
};

/** The HTML Standard's "create an entry": Blobs become Files, named `blob` unless `filename`. */
export function makeEntry(name: string, value: string | Blob, filename?: string): FormDataEntry {
  let entryValue: string | File;
  if (typeof value === 'string') {
    entryValue = value;
  } else {
    const isFile = fileInternals.isFile(value);
    if (isFile && filename === undefined) {
      entryValue = value as File;
    } else {
      entryValue = fileInternals.create(
        blobInternals.bytesOf(value),
        filename ?? 'blob',
        blobInternals.typeOf(value),
        isFile ? fileInternals.lastModifiedOf(value as File) : DateNow(),
      );
    }
  }
  const entry = createList<unknown>() as unknown as FormDataEntry;
  entry[0] = name;
  entry[1] = entryValue;
  return entry;
}

/** The value and filename arguments of `append`/`set`, converted. */
function readValue(
  prefix: string,
  argumentCount: number,
  value: unknown,
  filename: unknown,
): { value: string | Blob; filename: string | undefined } {
  if (argumentCount === 3 || blobInternals.isBlob(value)) {
    if (!blobInternals.isBlob(value)) {
      const shown = typeof value === 'string' ? `"${value}"` : `${value as string}`;
      throw webidlError(prefix, `Expected value ("${shown}") to be an instance of Blob.`);
    }
    return { value, filename: filename === undefined ? undefined : toUSVString(filename) };
  }
  return { value: toUSVString(value), filename: undefined };
}

/**
 * The XHR Standard's `FormData` (without a form element): string and File entries, `append`,
 * `set`, `get`, `getAll`, `has`, `delete` and iteration. A Blob value becomes a File named
 * `blob` (or the given filename), as in undici.
 */
export class FormData {
  #entries: FormDataEntry[] = createList();

  constructor(form: unknown = undefined) {
    if (form !== undefined) {
      throw webidlError('FormData constructor', 'Argument 1 could not be converted to: undefined.');
    }
  }

  append(name: unknown, value: unknown, filename: unknown = undefined): void {
    if (!(#entries in this)) throw illegalInvocation();
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    const count = arguments.length;
    requireArguments(count, 2, 'FormData.append');
    const key = toUSVString(name);
    const read = readValue('FormData.append', count, value, filename);
    const entries = this.#entries;
    entries[entries.length] = makeEntry(key, read.value, read.filename);
  }

  delete(name: unknown): void {
    if (!(#entries in this)) throw illegalInvocation();
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    requireArguments(arguments.length, 1, 'FormData.delete');
    const key = toUSVString(name);
    const entries = this.#entries;
    for (let i = 0; i < entries.length; ) {
      if ((entries[i] as FormDataEntry)[0] === key) ArrayPrototypeSplice(entries, i, 1);
      else i++;
    }
  }

  get(name: unknown): string | File | null {
    if (!(#entries in this)) throw illegalInvocation();
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    requireArguments(arguments.length, 1, 'FormData.get');
    const key = toUSVString(name);
    const entries = this.#entries;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as FormDataEntry;
      if (entry[0] === key) return entry[1];
    }
    return null;
  }

  getAll(name: unknown): Array<string | File> {
    if (!(#entries in this)) throw illegalInvocation();
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    requireArguments(arguments.length, 1, 'FormData.getAll');
    const key = toUSVString(name);
    const values = createList<string | File>();
    const entries = this.#entries;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as FormDataEntry;
      if (entry[0] === key) values[values.length] = entry[1];
    }
    return toUserArray(values);
  }

  has(name: unknown): boolean {
    if (!(#entries in this)) throw illegalInvocation();
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    requireArguments(arguments.length, 1, 'FormData.has');
    const key = toUSVString(name);
    const entries = this.#entries;
    for (let i = 0; i < entries.length; i++) {
      if ((entries[i] as FormDataEntry)[0] === key) return true;
    }
    return false;
  }

  set(name: unknown, value: unknown, filename: unknown = undefined): void {
    if (!(#entries in this)) throw illegalInvocation();
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    const count = arguments.length;
    requireArguments(count, 2, 'FormData.set');
    const key = toUSVString(name);
    const read = readValue('FormData.set', count, value, filename);
    const entry = makeEntry(key, read.value, read.filename);
    const entries = this.#entries;
    let found = false;
    for (let i = 0; i < entries.length; ) {
      if ((entries[i] as FormDataEntry)[0] !== key) {
        i++;
      } else if (found) {
        ArrayPrototypeSplice(entries, i, 1);
      } else {
        entries[i] = entry;
        found = true;
        i++;
      }
    }
    if (!found) entries[entries.length] = entry;
  }

  static {
    formDataInternals.isFormData = (value): value is FormData =>
      isObject(value) && #entries in value;
    formDataInternals.entriesOf = (formData) => formData.#entries;
    formDataInternals.create = (entries) => {
      const formData = new FormData();
      formData.#entries = entries;
      return formData;
    };
  }
}

definePairIterable(FormData.prototype, 'FormData', (target) => {
  if (!formDataInternals.isFormData(target)) throw illegalInvocation();
  return formDataInternals.entriesOf(target);
});

makeEnumerable(FormData.prototype, ['append', 'delete', 'get', 'getAll', 'has', 'set']);
defineToStringTag(FormData.prototype, 'FormData');
markNotCloneable(FormData.prototype);
