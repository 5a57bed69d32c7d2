import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, fromWireJson, isBytes, toWireJson } from './wire';

describe('wire JSON', () => {
  it('round-trips bytes of every length through base64', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64ToBytes(text)).toEqual(bytes);
    }
  });

  it('carries Uint8Array inside payloads', () => {
    const payload = { name: 'Foto.jpg', bytes: new Uint8Array([255, 216, 255, 0, 1]) };
    const back = fromWireJson(toWireJson(payload)) as typeof payload;
    expect(back.name).toBe('Foto.jpg');
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect([...back.bytes]).toEqual([255, 216, 255, 0, 1]);
  });

  it('carries bytes made in another realm (a worker, a frame, a test window) as bytes', () => {
    const foreign = runInNewContext('new Uint8Array([1, 2, 3])') as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    expect(isBytes(foreign)).toBe(true);
    expect(isBytes({ 0: 1, length: 1 })).toBe(false);
    expect(isBytes(new Uint16Array(2))).toBe(false);
    const back = fromWireJson(toWireJson({ bytes: foreign })) as { bytes: Uint8Array };
    expect([...back.bytes]).toEqual([1, 2, 3]);
  });

  it('refuses broken base64 instead of inventing bytes', () => {
    expect(() => fromWireJson('{"b":{"$pressdeskBytes":"@@@@"}}')).toThrow();
  });
});
