import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, fromWireJson, toWireJson } from './wire';

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

  it('refuses broken base64 instead of inventing bytes', () => {
    expect(() => fromWireJson('{"b":{"$pressdeskBytes":"@@@@"}}')).toThrow();
  });
});
