/**
 * WebIDL pair iterators (`keys`, `values`, `entries`, `forEach`, `@@iterator`) for `Headers` and
 * `FormData`, as undici defines them: the iterator is live (it reads the current pairs at each
 * `next()`), and its prototype inherits from %IteratorPrototype% with the tag `<Name> Iterator`.
 */
import { defineToStringTag } from '../define-global';
import {
  IteratorPrototype,
  ObjectCreate,
  ObjectSetPrototypeOf,
  ReflectApply,
  SymbolIterator,
  TypeErrorCtor,
} from '../primordials';
import { defineData } from './webidl';

type Kind = 'keys' | 'values' | 'entries';

/** Reads the pairs of a target (throws the brand-check error for anything else). */
type PairsOf = (target: unknown) => ArrayLike<readonly [string, unknown]>;

/** Adds the pair-iterable members to `prototype` (an interface named `name`). */
export function definePairIterable(prototype: object, name: string, pairsOf: PairsOf): void {
  const iteratorPrototype = ObjectCreate(IteratorPrototype) as object;
  let step: (iterator: unknown) => IteratorResult<unknown>;
  let create: (target: unknown, kind: Kind) => object;

  class PairIterator {
    readonly #target: unknown;
    readonly #kind: Kind;
    #index = 0;

    constructor(target: unknown, kind: Kind) {
      this.#target = target;
      this.#kind = kind;
    }

    static {
      create = (target, kind) => {
        const iterator = new PairIterator(target, kind);
        ObjectSetPrototypeOf(iterator, iteratorPrototype);
        return iterator;
      };
      step = (iterator) => {
        if (iterator === null || typeof iterator !== 'object' || !(#kind in iterator)) {
          throw new TypeErrorCtor(
            `'next' called on an object that does not implement interface ${name} Iterator.`,
          );
        }
        const pairs = pairsOf(iterator.#target);
        const index = iterator.#index;
        if (index >= pairs.length) return { value: undefined, done: true };
        iterator.#index = index + 1;
        const pair = pairs[index] as readonly [string, unknown];
        const kind = iterator.#kind;
        return {
          value: kind === 'keys' ? pair[0] : kind === 'values' ? pair[1] : [pair[0], pair[1]],
          done: false,
        };
      };
    }
  }

  const iteratorMethods = {
    next(this: unknown) {
      return step(this);
    },
  };
  defineData(iteratorPrototype, 'next', iteratorMethods.next, true);
  defineToStringTag(iteratorPrototype, `${name} Iterator`);

  const methods = {
    keys(this: unknown) {
      pairsOf(this);
      return create(this, 'keys');
    },
    values(this: unknown) {
      pairsOf(this);
      return create(this, 'values');
    },
    entries(this: unknown) {
      pairsOf(this);
      return create(this, 'entries');
    },
    forEach(this: unknown, callback: unknown, thisArg: unknown = undefined) {
      pairsOf(this);
      if (typeof callback !== 'function') {
        throw new TypeErrorCtor(
          `Failed to execute 'forEach' on '${name}': parameter 1 is not of type 'Function'.`,
        );
      }
      for (let i = 0; ; i++) {
        const pairs = pairsOf(this);
        if (i >= pairs.length) return;
        const pair = pairs[i] as readonly [string, unknown];
        ReflectApply(callback, thisArg, [pair[1], pair[0], this]);
      }
    },
  };
  defineData(prototype, 'keys', methods.keys, true);
  defineData(prototype, 'values', methods.values, true);
  defineData(prototype, 'entries', methods.entries, true);
  defineData(prototype, 'forEach', methods.forEach, true);
  defineData(prototype, SymbolIterator, methods.entries, false);
}
