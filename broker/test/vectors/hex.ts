// Annotated hex: whitespace-separated bytes, `//` comments to the end of the line.
export function hex(annotated: string): Buffer {
  const bytes = annotated
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, ''))
    .join(' ')
    .replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(bytes)) throw new Error(`bad hex vector: ${bytes}`);
  return Buffer.from(bytes, 'hex');
}
