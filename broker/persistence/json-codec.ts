// JSON for opaque MQTT 5 property bags, keeping Buffers (correlation data, binary user data) byte-exact.
// A Buffer is written as {"$buffer":"<base64>"}; plain JSON would turn it into {type,data} and lose the type.

const BUFFER_KEY = '$buffer';

export function encodeJson(value: Record<string, unknown> | undefined): string | null {
  if (value === undefined) return null;
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const original = this[key];
    if (Buffer.isBuffer(original)) return { [BUFFER_KEY]: original.toString('base64') };
    return v;
  });
}

export function decodeJson(text: string | null): Record<string, unknown> | undefined {
  if (text === null) return undefined;
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const encoded = (v as Record<string, unknown>)[BUFFER_KEY];
      if (keys.length === 1 && typeof encoded === 'string') return Buffer.from(encoded, 'base64');
    }
    return v;
  }) as Record<string, unknown>;
}
