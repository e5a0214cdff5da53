import { defineToStringTag, makeEnumerable } from '../define-global';
import { MathTrunc, NumberCtor } from '../primordials';
import { Blob, blobConstructionToken, blobInternals } from './blob';
import { DateNow, NumberIsFinite } from './fetch-intrinsics';
import { codedTypeError, isObject, toUSVString } from './webidl';

/** Access to File internals for FormData and `formData()` (not public API). */
export const fileInternals = {
  isFile: undefined as unknown as (value: unknown) => value is File,
  nameOf: undefined as unknown as (file: File) => string,
  lastModifiedOf: undefined as unknown as (file: File) => number,
  /** A File over `bytes` (taken, not copied). */
  create: undefined as unknown as (
    bytes: Uint8Array,
    name: string,
    type: string,
    lastModified: number,
  ) => File,
};

const constructionToken = blobConstructionToken;

/** The File API `File`: a `Blob` with a `name` and a `lastModified` time (ms since the epoch). */
export class File extends Blob {
  #name: string;
  #lastModified: number;

  constructor(fileBits: unknown, fileName: unknown, options: unknown = undefined) {
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    if (arguments.length < 2) {
      throw codedTypeError(
        'ERR_MISSING_ARGS',
        'The "fileBits" and "fileName" arguments must be specified',
      );
    }
    super(fileBits === constructionToken ? constructionToken : fileBits, options);
    this.#name = fileBits === constructionToken ? '' : toUSVString(fileName);
    let lastModified = DateNow();
    if (fileBits !== constructionToken && isObject(options)) {
      const value = (options as { lastModified?: unknown }).lastModified;
      if (value !== undefined) {
        const n = NumberCtor(value);
        lastModified = NumberIsFinite(n) ? MathTrunc(n) : 0;
      }
    }
    this.#lastModified = lastModified;
  }

  get name(): string {
    if (!(#name in this))
      throw codedTypeError('ERR_INVALID_THIS', 'Value of "this" must be of type File');
    return this.#name;
  }

  get lastModified(): number {
    if (!(#name in this))
      throw codedTypeError('ERR_INVALID_THIS', 'Value of "this" must be of type File');
    return this.#lastModified;
  }

  static {
    fileInternals.isFile = (value): value is File => isObject(value) && #name in value;
    fileInternals.lastModifiedOf = (file) => file.#lastModified;
    fileInternals.nameOf = (file) => file.#name;
    fileInternals.create = (bytes, name, type, lastModified) => {
      const file = new File(constructionToken, '');
      file.#name = name;
      file.#lastModified = lastModified;
      blobInternals.setData(file, bytes, type);
      return file;
    };
  }
}

makeEnumerable(File.prototype, ['name', 'lastModified']);
defineToStringTag(File.prototype, 'File');
