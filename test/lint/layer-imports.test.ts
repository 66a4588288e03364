/** The layer rule of eslint.config.js: public lists only, lower layers only, tests and in-layer imports free. */
import { resolve } from 'node:path';
import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
// @ts-expect-error: the rule is plain JavaScript, loaded by the lint configuration
import { layerImports } from '../../eslint-layer-imports.js';

RuleTester.describe = describe;
RuleTester.it = it;

const root = resolve(import.meta.dirname, '../..');
const at = (path: string): string => resolve(root, path);
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });

tester.run('isotrope/layer-imports', layerImports, {
  valid: [
    { filename: at('app/run/execute-run.ts'), code: "import { openVolume } from '../volume/index.js';" },
    { filename: at('app/run/execute-run.ts'), code: "import { RunError } from './errors.js';" },
    { filename: at('app/api/errors.ts'), code: "import { isSrError } from '../sr/errors.js';" },
    {
      filename: at('app/api/schemas.ts'),
      code: "import { TrainOptionsSchema } from '../sr/training/train-options.js';",
    },
    { filename: at('app/run/compare.ts'), code: "import { compareImages } from '../image/node.js';" },
    {
      filename: at('renderer/src/lib/connect.ts'),
      code: "import { connectWebSocket } from '../../../app/api/contract.js';",
    },
    { filename: at('test/sr/plane.test.ts'), code: "import { reflect } from '../../app/sr/plane.js';" },
    {
      filename: at('app/sr/training/train.ts'),
      code: "const { tf } = await import('../../compute/index.js');",
    },
  ],
  invalid: [
    {
      filename: at('app/run/execute-run.ts'),
      code: "import { openVolume } from '../volume/open.js';",
      errors: [{ messageId: 'deep' }],
    },
    {
      filename: at('renderer/src/compare/view.ts'),
      code: "import { commands } from '../../../app/api/schemas.js';",
      errors: [{ messageId: 'deep' }],
    },
    {
      filename: at('app/cli.ts'),
      code: "export { runRun } from './run/execute-run.js';",
      errors: [{ messageId: 'deep' }],
    },
    {
      filename: at('app/sample/generate.ts'),
      code: "import { train } from '../sr/index.js';",
      errors: [{ messageId: 'upward' }],
    },
    {
      filename: at('app/volume/open.ts'),
      code: "const { createRun } = await import('../run/index.js');",
      errors: [{ messageId: 'upward' }],
    },
  ],
});
