/**
 * The keyboard shortcuts, listed once: the key handler and the help overlay both read this
 * table, so what the overlay says is what the keys do.
 */
export type ShortcutAction =
  { kind: 'open' } | { kind: 'tab'; index: number } | { kind: 'cancel' } | { kind: 'help' };

export interface Shortcut {
  keys: string;
  what: string;
  action: ShortcutAction;
}

export const TAB_NAMES = ['Open', 'Train', 'Run', 'Compare', '3D'] as const;
export type TabName = (typeof TAB_NAMES)[number];

export const SHORTCUTS: readonly Shortcut[] = [
  {
    keys: 'Ctrl/⌘ + O',
    what: 'Open a stack (focus the path field, or the native dialog in the desktop app)',
    action: { kind: 'open' },
  },
  ...TAB_NAMES.map((name, index): Shortcut => ({
    keys: `Alt + ${index + 1}`,
    what: `Show the ${name} tab`,
    action: { kind: 'tab', index },
  })),
  {
    keys: 'Esc',
    what: 'Cancel what is loading (opening, a plane, a preview); close this help',
    action: { kind: 'cancel' },
  },
  { keys: '?', what: 'Show or hide this help', action: { kind: 'help' } },
];

/** The action a key press asks for, or null. `?` is ignored while typing in a field. */
export function shortcutFor(
  e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
  typing: boolean,
): ShortcutAction | null {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'o') return { kind: 'open' };
  if (e.altKey && !e.ctrlKey && !e.metaKey) {
    // e.code, not e.key: Alt+digit types other characters on some layouts (macOS: ¡ ™ £ …).
    const digit = /^Digit([1-9])$/.exec(e.code)?.[1] ?? (/^[1-9]$/.test(e.key) ? e.key : undefined);
    if (digit && Number(digit) <= TAB_NAMES.length) return { kind: 'tab', index: Number(digit) - 1 };
  }
  if (e.key === 'Escape') return { kind: 'cancel' };
  if (e.key === '?' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) return { kind: 'help' };
  return null;
}
