/**
 * A set of listeners: one way to subscribe (the result unsubscribes) and to notify them all.
 * The channels and the client core each keep a few; this keeps them from growing apart.
 */
export interface Listeners<T> {
  add(listener: (value: T) => void): () => void;
  emit(value: T): void;
  clear(): void;
}

export function listeners<T>(): Listeners<T> {
  const set = new Set<(value: T) => void>();
  return {
    add(listener) {
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    emit(value) {
      for (const listener of set) listener(value);
    },
    clear: () => set.clear(),
  };
}
