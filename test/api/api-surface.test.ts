/**
 * The API's surface as a snapshot: command names, which are binary, event names, and each
 * command's argument JSON Schema. A change here changes what three UIs code against: update
 * the snapshot (vitest -u) only on purpose, and tell them.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ApiEvent, COMMAND_NAMES, commands, isBinaryCommand } from '../../app/api/schemas.js';
import { HostMessage, ParentMessage } from '../../app/api/host-protocol.js';
import * as api from '../../app/api/index.js';

describe('API surface', () => {
  it('commands, binary commands and events', () => {
    expect({
      commands: [...COMMAND_NAMES].sort(),
      binary: COMMAND_NAMES.filter(isBinaryCommand).sort(),
      events: ApiEvent.options.map((o) => o.shape.event.value).sort(),
    }).toMatchSnapshot();
  });

  it('argument schemas', () => {
    const schemas = Object.fromEntries(
      [...COMMAND_NAMES].sort().map((name) => [name, z.toJSONSchema(commands[name].args)]),
    );
    expect(schemas).toMatchSnapshot();
  });

  it('host protocol', () => {
    expect({
      parent: z.toJSONSchema(ParentMessage, { unrepresentable: 'any' }),
      host: z.toJSONSchema(HostMessage, { unrepresentable: 'any' }),
    }).toMatchSnapshot();
  });

  it("the index module's exports", () => {
    expect(Object.keys(api).sort()).toMatchSnapshot();
  });
});
