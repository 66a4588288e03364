/** The native menu: its items, accelerators, Open recent from the engine, and the actions that reach the renderer. */
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuAction } from '../../app/api/bridge.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electron);
const { menuTemplate, RECENT_LIMIT, installMenu } = await import('../../main/menu.js');
const { electron } = await import('./fake-electron.js');

function setup(
  platform: NodeJS.Platform,
  recent: { path: string; kind: 'volume' | 'run' | 'model' }[] = [],
  chosen: string | null = '/data/stack.tif',
) {
  const sent: MenuAction[] = [];
  const choose = vi.fn(async () => chosen);
  const template = menuTemplate({
    platform,
    recent: recent.map((r) => ({ ...r, usedAt: '2026-11-25T10:00:00Z' })),
    send: (a) => sent.push(a),
    choose,
  });
  const file = template.find((m) => m.label === 'File')!.submenu as MenuItemConstructorOptions[];
  const item = (id: string) => file.find((i) => i.id === id)!;
  const click = async (entry: MenuItemConstructorOptions) => {
    (entry.click as () => void)();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { template, file, item, click, sent, choose };
}

describe('menuTemplate', () => {
  it('has File, Edit, View, Window and Help; an app menu only on macOS', () => {
    expect(setup('linux').template.map((m) => m.label ?? m.role)).toEqual([
      'File',
      'editMenu',
      'viewMenu',
      'windowMenu',
      'help',
    ]);
    expect(setup('darwin').template.map((m) => m.label ?? m.role)).toEqual([
      'appMenu',
      'File',
      'editMenu',
      'viewMenu',
      'windowMenu',
      'help',
    ]);
    expect(setup('linux').file.at(-1)).toEqual({ role: 'quit' });
    expect(setup('darwin').file.at(-1)).toEqual({ role: 'close' });
  });

  it('lists the file actions with their shortcuts', () => {
    const { file } = setup('linux');
    expect(file.filter((i) => i.id).map((i) => [i.label, i.accelerator])).toEqual([
      ['Open stack…', 'CmdOrCtrl+O'],
      ['Open folder…', 'CmdOrCtrl+Shift+O'],
      ['Open recent', undefined],
      ['Resume run…', undefined],
      ['Export…', 'CmdOrCtrl+E'],
    ]);
  });

  it('Open stack… and Open folder… ask for a path and send it to the renderer', async () => {
    const s = setup('linux');
    await s.click(s.item('open-stack'));
    await s.click(s.item('open-folder'));
    expect(s.choose.mock.calls.map((c) => (c as unknown[])[0])).toEqual(['file', 'folder']);
    expect(s.sent).toEqual([
      { action: 'open', path: '/data/stack.tif' },
      { action: 'open', path: '/data/stack.tif' },
    ]);
  });

  it('sends nothing when the dialog is cancelled', async () => {
    const s = setup('linux', [], null);
    await s.click(s.item('open-stack'));
    await s.click(s.item('resume-run'));
    expect(s.sent).toEqual([]);
  });

  it('Resume run… picks a folder and asks the renderer to resume it; Export… goes straight to the renderer', async () => {
    const s = setup('linux', [], '/runs/brain');
    await s.click(s.item('resume-run'));
    await s.click(s.item('export'));
    expect(s.choose.mock.calls[0]).toEqual(['folder', 'Choose a run directory to resume']);
    expect(s.sent).toEqual([{ action: 'resumeRun', runDir: '/runs/brain' }, { action: 'export' }]);
  });

  it("Open recent lists the engine's recent files by kind, at most RECENT_LIMIT", async () => {
    const recent = [
      { path: '/data/a.tif', kind: 'volume' as const },
      { path: '/runs/r1', kind: 'run' as const },
      { path: '/models/m1', kind: 'model' as const },
      ...Array.from({ length: 12 }, (_, i) => ({ path: `/data/old${i}.tif`, kind: 'volume' as const })),
    ];
    const s = setup('linux', recent);
    const items = s.item('open-recent').submenu as MenuItemConstructorOptions[];
    expect(items).toHaveLength(RECENT_LIMIT);
    expect(items.slice(0, 3).map((i) => [i.label, i.sublabel])).toEqual([
      ['/data/a.tif', 'volume'],
      ['/runs/r1', 'run'],
      ['/models/m1', 'model'],
    ]);
    for (const i of items.slice(0, 3)) await s.click(i);
    expect(s.sent).toEqual([
      { action: 'open', path: '/data/a.tif' },
      { action: 'showRun', runDir: '/runs/r1' },
      { action: 'showModel', modelDir: '/models/m1' },
    ]);
  });

  it('says so when there is nothing recent', () => {
    expect(setup('linux').item('open-recent').submenu).toEqual([
      { label: 'No recent files', enabled: false },
    ]);
  });

  it('installMenu builds the template and makes it the application menu', () => {
    installMenu({ platform: 'linux', recent: [], send: () => undefined, choose: async () => null });
    const built = electron.Menu.buildFromTemplate.mock.results.at(-1)!.value;
    expect(electron.Menu.setApplicationMenu).toHaveBeenLastCalledWith(built);
    expect((built as { template: MenuItemConstructorOptions[] }).template[0].label).toBe('File');
  });
});
