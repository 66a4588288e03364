/**
 * Rate limiting of events that may come faster than a UI can use them: at most one per
 * `intervalMs`, the latest one winning; `urgent` ones pass at once; `flush` sends what is held.
 *
 * @example
 *   const t = throttle<number>(100, (v) => console.log(v));
 *   t.push(1); t.push(2); // 1 now, 2 after 100 ms
 */
export interface Throttle<T> {
  push(value: T, urgent?: boolean): void;
  /** Sends a held value now (at the end of a job). */
  flush(): void;
  /** Drops a held value and its timer. */
  cancel(): void;
}

export function throttle<T>(intervalMs: number, send: (value: T) => void): Throttle<T> {
  let last = -Infinity;
  let held: { value: T } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = (): void => {
    timer = undefined;
    if (!held) return;
    const { value } = held;
    held = undefined;
    last = Date.now();
    send(value);
  };
  return {
    push(value, urgent = false) {
      held = { value };
      const wait = last + intervalMs - Date.now();
      if (urgent || wait <= 0) {
        clearTimeout(timer);
        fire();
        return;
      }
      timer ??= setTimeout(fire, wait);
    },
    flush() {
      clearTimeout(timer);
      fire();
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      held = undefined;
    },
  };
}
