/**
 * Failures shown to the user as readable lines (never a blank screen), newest last, each
 * dismissable. Aborts we asked for are not failures and are dropped here, once.
 */
import { isAborted, readableError } from '../lib/errors.js';

export interface Notice {
  id: number;
  message: string;
}

export class Notices {
  list = $state<Notice[]>([]);
  private next = 1;

  /** Shows a failure as `context: message` (or the message alone); ignores aborts. */
  report(error: unknown, context?: string): void {
    if (isAborted(error)) return;
    const message = readableError(error);
    this.list.push({ id: this.next++, message: context ? `${context}: ${message}` : message });
    // Keep the last few: a flood of one failure should not push the app off screen.
    if (this.list.length > 5) this.list.splice(0, this.list.length - 5);
  }

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }
}
