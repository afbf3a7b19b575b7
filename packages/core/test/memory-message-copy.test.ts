import { describe, expect, it } from 'vitest';
import { copyMessage } from '../src/memory/message-copy.js';

describe('memory hub message copy', () => {
  it('copies plain objects and arrays deeply, sharing no object with the original', () => {
    const original = { id: 'a:1', data: { tags: ['x', { deep: [1, 2] }], nested: { n: 1, s: 'text', b: true, z: null } } };
    const copy = copyMessage(original);
    expect(copy).toEqual(original);
    expect(copy.data).not.toBe(original.data);
    expect(copy.data.tags).not.toBe(original.data.tags);
    expect(copy.data.tags[1]).not.toBe(original.data.tags[1]);
    (copy.data.nested as { n: number }).n = 2;
    expect(original.data.nested.n).toBe(1);
  });

  it('copies what is not plain data as structuredClone does (dates, maps, cycles)', () => {
    const when = new Date(1_700_000_000_000);
    const map = new Map([['k', { v: 1 }]]);
    const copy = copyMessage({ when, map });
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when).not.toBe(when);
    expect(copy.when.getTime()).toBe(when.getTime());
    expect(copy.map).not.toBe(map);
    expect(copy.map.get('k')).toEqual({ v: 1 });

    const cyclic: { name: string; self?: unknown } = { name: 'loop' };
    cyclic.self = cyclic;
    const cyclicCopy = copyMessage(cyclic) as typeof cyclic;
    expect(cyclicCopy).not.toBe(cyclic);
    expect(cyclicCopy.self).toBe(cyclicCopy);
  });

  it('refuses what structuredClone refuses', () => {
    expect(() => copyMessage({ handler: { fn: () => 1, nested: new Map([['f', () => 2]]) } })).toThrow();
  });
});
