// gjson paths, the way hookflow addresses run data: keys joined by dots,
// array items by their index (body.items.0.id). Characters that gjson
// reads as syntax are escaped with a backslash.

const special = /[\\.*?|#@]/g;

/** escapeKey makes one object key safe as a gjson path component. */
export function escapeKey(key: string): string {
  return key.replace(special, (c) => `\\${c}`);
}

/** joinPath adds a key or an array index to a path. */
export function joinPath(base: string, key: string | number): string {
  const part = typeof key === 'number' ? String(key) : escapeKey(key);
  return base === '' ? part : `${base}.${part}`;
}

/** suggestName is the variable name a mapping could take from a path: its last key, in snake_case. */
export function suggestName(path: string): string {
  const parts = path.split(/(?<!\\)\./).filter((p) => !/^\d+$/.test(p));
  const last = parts[parts.length - 1] ?? 'value';
  const name = last
    .replace(/\\/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(name) ? name : `field_${name}`;
}
