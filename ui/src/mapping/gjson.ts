// Reading run data by gjson path in the browser, for previews. It covers
// the paths a person builds by clicking and typing: keys (with \-escapes),
// array indexes, * and ? in keys, # (an array's length) and #.key (a key of
// every item). Queries #(...) and @modifiers are left to the server: such a
// path is "unsupported" rather than read wrongly.

/** Lookup is the value at a path: found or not, or a path the preview cannot read. */
export type Lookup = { found: true; value: unknown } | { found: false; unsupported?: string };

const notFound: Lookup = { found: false };

/** splitPath cuts a path at its unescaped dots (and pipes), keeping escapes in each part. */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    const c = path.charAt(i);
    if (c === '\\' && i + 1 < path.length) {
      cur += c + path.charAt(i + 1);
      i++;
    } else if (c === '.' || c === '|') {
      parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  return parts;
}

function unescape(part: string): string {
  return part.replace(/\\(.)/g, '$1');
}

function hasWildcard(part: string): boolean {
  return /(^|[^\\])[*?]/.test(part);
}

/** wildcardMatch matches a key against a part with * and ?, as gjson does. */
function wildcardMatch(key: string, part: string): boolean {
  let re = '^';
  for (let i = 0; i < part.length; i++) {
    const c = part.charAt(i);
    if (c === '\\' && i + 1 < part.length) {
      re += part.charAt(i + 1).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    } else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`${re}$`, 'u').test(key);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function step(value: unknown, parts: string[]): Lookup {
  const [raw, ...rest] = parts;
  if (raw === undefined) return { found: true, value };
  if (raw.startsWith('@') || raw.startsWith('#(') || raw === '') {
    return { found: false, unsupported: 'queries and modifiers are read only when the flow runs' };
  }
  if (Array.isArray(value)) {
    if (raw === '#') {
      if (rest.length === 0) return { found: true, value: value.length };
      const items: unknown[] = [];
      for (const item of value) {
        const r = step(item, rest);
        if ('unsupported' in r && r.unsupported) return r;
        if (r.found) items.push(r.value);
      }
      return { found: true, value: items };
    }
    if (!/^\d+$/.test(raw)) return notFound;
    const i = Number(raw);
    return i < value.length ? step(value[i], rest) : notFound;
  }
  if (isObject(value)) {
    if (hasWildcard(raw)) {
      const key = Object.keys(value).find((k) => wildcardMatch(k, raw));
      return key === undefined ? notFound : step(value[key], rest);
    }
    const key = unescape(raw);
    return Object.prototype.hasOwnProperty.call(value, key) ? step(value[key], rest) : notFound;
  }
  return notFound;
}

/** getPath reads path inside value; the empty path is value itself. */
export function getPath(value: unknown, path: string): Lookup {
  if (path === '') return value === undefined ? notFound : { found: true, value };
  if (value === undefined) return notFound;
  return step(value, splitPath(path));
}
