import { describe, expect, it } from 'vitest';
import { mount, unmount } from 'svelte';
import App from '../../renderer/src/App.svelte';
describe('smoke', () => { it('mounts', () => { const t = document.createElement('div'); const a = mount(App, { target: t }); expect(t.textContent).toContain('hi'); unmount(a); }); });
