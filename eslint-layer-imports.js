// Our own lint rule for the layers of app/ (see ARCHITECTURE.md). A layer imports only layers
// below it, and only through their public lists: index.ts, plus the few modules named below that
// must load without the rest of their layer. Deep imports are how the insides of layers grow into
// each other; the lists keep each layer's surface explicit.
import { dirname, relative, resolve, sep } from 'node:path';

const ROOT = import.meta.dirname;
const APP = resolve(ROOT, 'app');
/** Checked: the engine and its two clients. Tests may reach inside a layer: they test its insides. */
const CHECKED = /^(app|main|renderer)\//;

/** Bottom to top: a layer may import the layers before it. */
export const LAYER_ORDER = [
  'math',
  'options',
  'image',
  'volume',
  'compute',
  'sample',
  'sr',
  'run',
  'api',
  'cli',
];

/**
 * Every layer's tagged errors and plain types are public: the contract (schemas.ts, bundled by
 * the renderer) names them without loading the layer.
 */
const ALWAYS_PUBLIC = ['errors.js', 'types.js'];

/** Public lists beyond index.ts: each is loaded where the rest of its layer must not be. */
const EXTRA_PUBLIC = {
  // The PNG encoders need node:zlib; index.ts stays browser-safe for the renderer.
  image: ['node.js'],
  // The contract and its clients without the engine (the renderer bundle, Electron's main
  // process), and the main process's client of the engine host.
  api: ['contract.js', 'host-client.js'],
  // Option schemas: the contract (schemas.ts, bundled by the renderer) composes them, so they
  // must not load the engines behind them.
  compute: ['compute-options.js'],
  sr: ['training/train-options.js', 'profile/profile-options.js'],
  run: ['run-options.js'],
  volume: ['export-options.js'],
};

/** The layer a file belongs to: its top folder under app/ (app/cli.ts belongs to cli); null outside app/. */
function layerOf(file) {
  const rel = relative(APP, file);
  if (rel.startsWith('..')) return null;
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0] : parts[0].replace(/\.[jt]s$/, '');
}

function isPublic(layer, target) {
  const inside = relative(resolve(APP, layer), target).split(sep).join('/');
  return (
    inside === 'index.js' || ALWAYS_PUBLIC.includes(inside) || (EXTRA_PUBLIC[layer] ?? []).includes(inside)
  );
}

export const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'app/ layers import lower layers only, through their public lists' },
    schema: [],
    messages: {
      deep: "'{{source}}' reaches inside the {{layer}} layer: import it from {{index}}",
      upward: "'{{source}}': the {{here}} layer may not import the {{layer}} layer, which is above it",
    },
  },
  create(context) {
    const file = context.filename;
    if (!CHECKED.test(relative(ROOT, file).split(sep).join('/'))) return {};
    const here = layerOf(file);
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(dirname(file), source);
      const layer = layerOf(target);
      if (layer === null || layer === here) return;
      if (here !== null && LAYER_ORDER.indexOf(layer) > LAYER_ORDER.indexOf(here)) {
        context.report({ node: node.source, messageId: 'upward', data: { source, layer, here } });
        return;
      }
      if (isPublic(layer, target)) return;
      const index = relative(dirname(file), resolve(APP, layer, 'index.js'));
      context.report({ node: node.source, messageId: 'deep', data: { source, layer, index } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
