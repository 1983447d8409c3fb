// The condition node's rules, evaluated as nodes/condition/rules.go
// evaluates them, so the preview says what a run will do. A value here is
// what gjson gives: found or missing, and when found a JSON value.
import { resolve, type RunData } from './context';
import { asText, hasPlaceholders, parseTemplate, single } from './template';

/** Rule is one rule of a condition's config. */
export interface Rule {
  field?: string;
  operator?: string;
  value?: string;
}

/** JValue is a gjson result: missing, or a JSON value. */
export type JValue = { exists: false } | { exists: true; v: unknown };

const missing: JValue = { exists: false };

/** Operators that look at the field alone. */
const noValueOps = new Set(['exists', 'not_exists', 'empty', 'not_empty']);

/** needsValue mirrors condition.NeedsValue. */
export function needsValue(op: string): boolean {
  return !noValueOps.has(op);
}

const knownOps = new Set([
  'eq', 'neq', 'contains', 'not_contains', 'starts_with', 'ends_with',
  'gt', 'gte', 'lt', 'lte', 'exists', 'not_exists', 'empty', 'not_empty', 'matches',
]);

/** text is a value as text: strings unquoted, null and missing empty, others their JSON. */
export function text(x: JValue): string {
  if (!x.exists || x.v === null) return '';
  if (typeof x.v === 'string') return x.v;
  return JSON.stringify(x.v);
}

const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const hexFloat = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/;

/** parseFloatGo is strconv.ParseFloat(s, 64) for finite results, or undefined. */
export function parseFloatGo(s: string): number | undefined {
  let n: number;
  if (decimal.test(s)) {
    n = Number(s);
  } else {
    const m = hexFloat.exec(s);
    if (!m || (m[2] === '' && m[3] === '')) return undefined;
    const [, sign = '', whole = '', frac = '', exp = '0'] = m;
    const mantissa = parseInt(whole + frac || '0', 16) / 16 ** frac.length;
    n = (sign === '-' ? -1 : 1) * mantissa * 2 ** Number(exp);
  }
  return Number.isFinite(n) ? n : undefined;
}

/** number reads a value as a number: a JSON number, or a string holding one. */
export function number(x: JValue): number | undefined {
  if (!x.exists) return undefined;
  if (typeof x.v === 'number') return x.v;
  if (typeof x.v === 'string') {
    const s = x.v.trim();
    return s === '' ? undefined : parseFloatGo(s);
  }
  return undefined;
}

const isNum = (x: JValue) => x.exists && typeof x.v === 'number';

/** equal compares numerically when one side is a JSON number and the other reads as one, else as text. */
export function equal(a: JValue, b: JValue): boolean {
  if (isNum(a) || isNum(b)) {
    const x = number(a);
    const y = number(b);
    if (x !== undefined && y !== undefined) return x === y;
  }
  return text(a) === text(b);
}

function contains(field: JValue, value: JValue): boolean {
  if (field.exists && Array.isArray(field.v)) return field.v.some((item) => equal({ exists: true, v: item }, value));
  if (field.exists && typeof field.v === 'object' && field.v !== null) {
    return Object.prototype.hasOwnProperty.call(field.v, text(value));
  }
  return text(field).includes(text(value));
}

/** compareText is Go's strings.Compare: by UTF-8 bytes, which is by code points. */
function compareText(a: string, b: string): number {
  const x = Array.from(a, (ch) => ch.codePointAt(0) ?? 0);
  const y = Array.from(b, (ch) => ch.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

function compare(op: string, a: JValue, b: JValue): boolean {
  if (!a.exists || !b.exists) return false;
  const x = number(a);
  const y = number(b);
  let c: number;
  if (x !== undefined && y !== undefined) c = x < y ? -1 : x > y ? 1 : 0;
  else c = compareText(text(a), text(b));
  switch (op) {
    case 'gt':
      return c > 0;
    case 'gte':
      return c >= 0;
    case 'lt':
      return c < 0;
  }
  return c <= 0;
}

/** isEmpty holds for a missing value, null, "", [] and {}. */
export function isEmpty(x: JValue): boolean {
  if (!x.exists || x.v === null) return true;
  if (typeof x.v === 'string') return x.v === '';
  if (Array.isArray(x.v)) return x.v.length === 0;
  if (typeof x.v === 'object') return Object.keys(x.v).length === 0;
  return false;
}

/**
 * goRegExp compiles a Go (RE2) regular expression as a JavaScript one: a
 * leading (?flags) becomes JavaScript flags. It returns an error message
 * for what JavaScript cannot read.
 */
export function goRegExp(src: string): RegExp | { error: string } {
  if (/\(\?<?[=!]|\\[1-9]/.test(src)) {
    return { error: `${JSON.stringify(src)} is not a valid regular expression: lookarounds and backreferences are not supported` };
  }
  let body = src;
  let flags = '';
  const m = /^\(\?([imsU]+)\)/.exec(body);
  if (m) {
    const [whole, given = ''] = m;
    if (given.includes('U')) return { error: 'the preview cannot check the U flag; the run will' };
    flags = given;
    body = body.slice(whole.length);
  }
  try {
    return new RegExp(body, `${flags}u`);
  } catch {
    try {
      return new RegExp(body, flags);
    } catch (err) {
      return { error: `${JSON.stringify(src)} is not a valid regular expression: ${(err as Error).message}` };
    }
  }
}

/** RuleResult is the outcome of one rule against the samples. */
export type RuleResult =
  | { kind: 'holds' | 'fails'; field: JValue; value?: JValue }
  | { kind: 'error'; message: string };

function fieldOf(data: RunData, path: string): JValue {
  const r = resolve(data, path);
  return r.found ? { exists: true, v: r.value } : missing;
}

/** valueOf is the rule's value: fixed text, or its template rendered as rc.Value renders it. */
function valueOf(data: RunData, src: string): JValue | { error: string } {
  if (!hasPlaceholders(src)) return { exists: true, v: src };
  const parsed = parseTemplate(src);
  if ('error' in parsed) return { error: parsed.error };
  const one = single(parsed.parts);
  if (one !== undefined) return fieldOf(data, one);
  const t = parsed.parts.map((p) => ('path' in p ? asText(valueAsAny(fieldOf(data, p.path))) : p.text)).join('');
  return { exists: true, v: t };
}

function valueAsAny(x: JValue): unknown {
  return x.exists ? x.v : undefined;
}

/** unfinished is checkRule's message for a rule whose field is not chosen yet. */
export const unfinished = 'choose the field to check';

/** checkRule finds what stops a rule from being built, as the node's Build does. */
export function checkRule(rule: Rule): string | undefined {
  const op = rule.operator ?? 'eq';
  if (!knownOps.has(op)) return `unknown operator "${op}"`;
  const field = (rule.field ?? '').trim();
  if (field === '') return unfinished;
  if (!/^(trigger|vars|nodes|run)(\.|$)/.test(field)) return `path "${field}" must start with trigger, vars, nodes or run`;
  const value = rule.value ?? '';
  if (!needsValue(op)) return undefined;
  if (hasPlaceholders(value)) {
    const parsed = parseTemplate(value);
    return 'error' in parsed ? parsed.error : undefined;
  }
  if (op === 'matches') {
    const re = goRegExp(value);
    if ('error' in re) return re.error;
  }
  return undefined;
}

/** evalRule evaluates one rule against the run data. */
export function evalRule(rule: Rule, data: RunData): RuleResult {
  const op = rule.operator ?? 'eq';
  const problem = checkRule(rule);
  if (problem) return { kind: 'error', message: problem };
  const field = fieldOf(data, (rule.field ?? '').trim());
  const verdict = (ok: boolean, value?: JValue): RuleResult => ({ kind: ok ? 'holds' : 'fails', field, value });
  switch (op) {
    case 'exists':
      return verdict(field.exists);
    case 'not_exists':
      return verdict(!field.exists);
    case 'empty':
      return verdict(isEmpty(field));
    case 'not_empty':
      return verdict(!isEmpty(field));
  }
  const value = valueOf(data, rule.value ?? '');
  if ('error' in value) return { kind: 'error', message: value.error };
  switch (op) {
    case 'eq':
      return verdict(equal(field, value), value);
    case 'neq':
      return verdict(!equal(field, value), value);
    case 'contains':
      return verdict(contains(field, value), value);
    case 'not_contains':
      return verdict(!contains(field, value), value);
    case 'starts_with':
      return verdict(text(field).startsWith(text(value)), value);
    case 'ends_with':
      return verdict(text(field).endsWith(text(value)), value);
    case 'matches': {
      const re = goRegExp(text(value));
      if ('error' in re) return { kind: 'error', message: re.error };
      return verdict(re.test(text(field)), value);
    }
  }
  return verdict(compare(op, field, value), value);
}

/** Decision is the condition's outcome: the port taken and the rule that decided it. */
export type Decision =
  | { kind: 'result'; result: boolean; decidedBy?: number; results: RuleResult[] }
  | { kind: 'error'; rule: number; message: string; results: RuleResult[] };

/**
 * decide runs the rules as the node does: a rule that cannot be built
 * stops the node before any runs; then, in order, the first rule that
 * fails decides "all" (false) and the first that holds decides "any" (true).
 */
export function decide(rules: Rule[], any: boolean, data: RunData): Decision {
  const results = rules.map((r) => evalRule(r, data));
  const unbuilt = rules.findIndex((r) => checkRule(r) !== undefined);
  if (unbuilt >= 0) return { kind: 'error', rule: unbuilt, message: checkRule(rules[unbuilt] ?? {}) ?? '', results };
  for (const [i, r] of results.entries()) {
    if (r.kind === 'error') return { kind: 'error', rule: i, message: r.message, results };
    if ((r.kind === 'holds') === any) return { kind: 'result', result: any, decidedBy: i, results };
  }
  return { kind: 'result', result: !any, results };
}
