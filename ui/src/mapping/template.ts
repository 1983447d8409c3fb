// {{ path }} templates as internal/mapping parses them and engine/render.go
// renders them: a template that is one placeholder alone keeps the JSON
// type of what it names; otherwise each value is written as text (strings
// as they are, null and missing as nothing, the rest as JSON).
import { resolve, type RunData } from './context';

export type Part = { text: string } | { path: string };

/** parseTemplate parses s, or says what is wrong, in the words of the server. */
export function parseTemplate(s: string): { parts: Part[] } | { error: string } {
  const parts: Part[] = [];
  let rest = s;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open < 0) {
      if (rest.includes('}}')) return { error: 'template has "}}" without an opening {{' };
      if (rest !== '') parts.push({ text: rest });
      return { parts };
    }
    if (open > 0) parts.push({ text: rest.slice(0, open) });
    const end = rest.indexOf('}}', open + 2);
    if (end < 0) return { error: 'template has {{ without a closing }}' };
    const path = rest.slice(open + 2, end).trim();
    if (path === '') return { error: 'template has an empty {{ }}' };
    parts.push({ path });
    rest = rest.slice(end + 2);
  }
}

/** hasPlaceholders reports whether s holds a {{ at all. */
export function hasPlaceholders(s: string): boolean {
  return s.includes('{{');
}

/** single is the path of a template that is one placeholder alone, spaces aside. */
export function single(parts: Part[]): string | undefined {
  let path: string | undefined;
  for (const p of parts) {
    if ('path' in p) {
      if (path !== undefined) return undefined;
      path = p.path;
    } else if (p.text.trim() !== '') {
      return undefined;
    }
  }
  return path;
}

/** asText is a value as a template writes it inside text. */
export function asText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Preview is what a template gives against the samples. */
export type Preview =
  | { kind: 'value'; value: unknown; single: boolean; missing: string[] }
  | { kind: 'error'; message: string };

/** previewTemplate renders src against data. Missing paths render as nothing and are listed. */
export function previewTemplate(src: string, data: RunData): Preview {
  const parsed = parseTemplate(src);
  if ('error' in parsed) return { kind: 'error', message: parsed.error };
  const missing: string[] = [];
  const read = (path: string): unknown => {
    const r = resolve(data, path);
    if (r.found) return r.value;
    missing.push(r.reason);
    return undefined;
  };
  const one = single(parsed.parts);
  if (one !== undefined) {
    const value = read(one);
    return { kind: 'value', value: value === undefined ? null : value, single: true, missing };
  }
  const text = parsed.parts.map((p) => ('path' in p ? asText(read(p.path)) : p.text)).join('');
  return { kind: 'value', value: text, single: false, missing };
}

/** hasTemplates reports whether any string in a JSON value holds a {{. */
export function hasTemplates(v: unknown): boolean {
  if (typeof v === 'string') return hasPlaceholders(v);
  if (Array.isArray(v)) return v.some(hasTemplates);
  if (v !== null && typeof v === 'object') return Object.values(v).some(hasTemplates);
  return false;
}

/**
 * previewJSON renders a JSON field as the server does: keys and literals
 * as they are, each string with placeholders as previewTemplate gives it
 * (one placeholder alone keeps its type, a missing one is null). A string
 * that cannot be read is named by its place in the value.
 */
export function previewJSON(v: unknown, data: RunData): Preview {
  const missing: string[] = [];
  const walk = (x: unknown, at: string): unknown => {
    if (typeof x === 'string') {
      if (!hasPlaceholders(x)) return x;
      const p = previewTemplate(x, data);
      if (p.kind === 'error') throw new Error(`${at || 'the value'}: ${p.message}`);
      missing.push(...p.missing);
      return p.value;
    }
    if (Array.isArray(x)) return x.map((e, i) => walk(e, `${at}[${i}]`));
    if (x !== null && typeof x === 'object') {
      return Object.fromEntries(Object.entries(x).map(([k, e]) => [k, walk(e, at ? `${at}.${k}` : k)]));
    }
    return x;
  };
  try {
    const value = walk(v, '');
    return { kind: 'value', value, single: true, missing: [...new Set(missing)] };
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
}
