// The child side of fake-electron.ts's utilityProcess: a plain Node child (child_process.fork,
// advanced serialization) given Electron's `process.parentPort` and MessagePortMain-like ports,
// relayed over Node IPC. Then it loads the script named in argv[2].
import { EventEmitter } from 'node:events';
import process from 'node:process';
import { setImmediate } from 'node:timers';
import { pathToFileURL } from 'node:url';

/** Queues 'message' events until a listener (parentPort) or start() (ports) opens the queue, as Electron does. */
class QueuedEmitter extends EventEmitter {
  queue = [];
  open = false;
  deliver(event) {
    if (this.open) this.emit('message', event);
    else this.queue.push(event);
  }
  flush() {
    this.open = true;
    for (const event of this.queue.splice(0)) this.emit('message', event);
  }
}

class ChildPort extends QueuedEmitter {
  constructor(portId) {
    super();
    this.portId = portId;
  }
  postMessage(data) {
    if (process.connected) process.send({ fakePort: this.portId, data });
  }
  start() {
    setImmediate(() => this.flush());
  }
  close() {
    if (process.connected) process.send({ fakePortClose: this.portId });
  }
}

const parentPort = new QueuedEmitter();
parentPort.postMessage = (data) => process.send({ fakeParent: data });
parentPort.on('newListener', (name) => {
  if (name === 'message') setImmediate(() => parentPort.flush());
});
const ports = new Map();
process.on('message', (message) => {
  if ('fakePort' in message) ports.get(message.fakePort)?.deliver({ data: message.data });
  else if ('fakePortClose' in message) ports.get(message.fakePortClose)?.emit('close');
  else if ('fakeParent' in message) {
    const given = message.portIds.map((portId) => {
      const port = new ChildPort(portId);
      ports.set(portId, port);
      return port;
    });
    parentPort.deliver({ data: message.fakeParent, ports: given });
  }
});
process.parentPort = parentPort;
await import(pathToFileURL(process.argv[2]).href);
