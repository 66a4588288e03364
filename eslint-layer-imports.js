// A lint rule of our own: a module of one layer (a top-level folder of app/) may use another
// layer only through that layer's public list, its index.ts. Deep imports across layers are what
// let the layers' insides grow into each other; the index makes each layer's surface explicit.
import { dirname, relative, resolve, sep } from 'node:path';

const APP = resolve(import.meta.dirname, 'app');

/** The layer folder (e.g. 'sr') a file under app/ belongs to, or null outside app/ or at its root. */
function layerOf(file) {
  const rel = relative(APP, file);
  if (rel.startsWith('..')) return null;
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0] : null;
}

export const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'refuse deep imports across the layers of app/: import another layer from its index.js' },
    schema: [],
    messages: { deep: "'{{source}}' reaches inside the {{layer}} layer: import it from {{index}}" },
  },
  create(context) {
    const file = context.filename;
    const here = layerOf(file);
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(dirname(file), source);
      const layer = layerOf(target);
      if (layer === null || layer === here) return;
      const inside = relative(resolve(APP, layer), target);
      if (inside === 'index.js') return;
      const index = relative(dirname(file), resolve(APP, layer, 'index.js'));
      context.report({ node: node.source, messageId: 'deep', data: { source, layer, index } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};
