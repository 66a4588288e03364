/** doctor's Node check: the engines ranges package.json fields use, and forms it cannot read. */
import { describe, expect, it } from 'vitest';
import { meetsRange } from '../../app/cli/doctor-facts.js';

describe('meetsRange', () => {
  it('reads >=, >, <, <=, = and ^ comparators and || alternatives', () => {
    expect(meetsRange('v20.20.2', '>=20.19')).toBe(true);
    expect(meetsRange('v20.18.9', '>=20.19')).toBe(false);
    expect(meetsRange('v22.12.0', '>=22.12.0')).toBe(true);
    expect(meetsRange('v20.20.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(meetsRange('v21.0.0', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(meetsRange('v23.1.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(meetsRange('v20.0.0', '>=18 <21')).toBe(true);
    expect(meetsRange('v21.0.0', '>=18 <21')).toBe(false);
    expect(meetsRange('v20.1.0', '20.1.0')).toBe(true);
  });

  it('returns null for a range it cannot read', () => {
    expect(meetsRange('v20.20.2', '20.x')).toBeNull();
    expect(meetsRange('v20.20.2', '')).toBeNull();
    expect(meetsRange('nonsense', '>=20')).toBeNull();
  });
});
