/**
 * The renderer's entry: connect to the engine (bridge or WebSocket) and mount the shell. If
 * even mounting fails, the page says why instead of staying blank.
 */
import { mount } from 'svelte';
import App from './App.svelte';
import { connect } from './lib/connect.js';
import { readableError } from './lib/errors.js';
import './app.css';

const target = document.getElementById('app')!;
try {
  target.replaceChildren();
  mount(App, { target, props: { connecting: connect() } });
} catch (e) {
  const p = document.createElement('p');
  p.className = 'fatal';
  p.textContent = `Isotrope could not start its window: ${readableError(e)}`;
  target.replaceChildren(p);
}
