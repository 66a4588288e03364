/** The contract suite over the engine host: dist/app/api/engine-host.js forked as Electron would start it, through hostClient. */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { forkHostPort, hostClient } from '../../app/api/host-client.js';
import { packageInfo } from '../../app/api/version.js';
import { describeContract } from './contract-suite.js';

describeContract('engine host', async () => {
  const child = fork(join(packageInfo().root, 'dist/app/api/engine-host.js'), [], {
    serialization: 'advanced',
  });
  const port = forkHostPort(child);
  const client = hostClient(port);
  const exited = new Promise<void>((resolve) => port.onExit(() => resolve()));
  return {
    client,
    close: async () => {
      client.close();
      child.disconnect();
      await exited;
    },
  };
});
