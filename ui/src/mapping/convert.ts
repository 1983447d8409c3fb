// Turning a condition's rules into an expression and back, for the switch
// between the two: what converts is kept, what does not is said.
import { parseFloatGo, type Rule } from './rules';
import { parseTemplate, single } from './template';

const ident = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * literal writes a rule's value as an expr literal, or a path for a lone
 * {{ path }}. A number is written as a number only where the rule compares
 * numbers: an ordering, or equality with a field that holds a number.
 */
function literal(value: string, asNumber: boolean): string | undefined {
  if (value.includes('{{')) {
    const parsed = parseTemplate(value);
    if ('error' in parsed) return undefined;
    const path = single(parsed.parts);
    return path !== undefined && ident.test(path) ? path : undefined;
  }
  if (asNumber && /^-?\d+(\.\d+)?$/.test(value) && parseFloatGo(value) !== undefined) return value;
  return JSON.stringify(value);
}

const binary: Record<string, string> = {
  eq: '==',
  neq: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  contains: 'contains',
  starts_with: 'startsWith',
  ends_with: 'endsWith',
  matches: 'matches',
};

const ordering = new Set(['gt', 'gte', 'lt', 'lte']);

/**
 * ruleToExpression writes one rule as an expression, or undefined when it
 * cannot be. holdsNumber says whether the field's sample is a number.
 */
export function ruleToExpression(rule: Rule, holdsNumber: (path: string) => boolean = () => false): string | undefined {
  const f = (rule.field ?? '').trim();
  if (!ident.test(f)) return undefined;
  const op = rule.operator ?? 'eq';
  switch (op) {
    case 'exists':
      return `${f} != nil`;
    case 'not_exists':
      return `${f} == nil`;
    case 'empty':
      return `(${f} == nil || ${f} == "")`;
    case 'not_empty':
      return `(${f} != nil && ${f} != "")`;
  }
  const v = literal(rule.value ?? '', ordering.has(op) || ((op === 'eq' || op === 'neq') && holdsNumber(f)));
  if (v === undefined) return undefined;
  if (op === 'not_contains') return `not (${f} contains ${v})`;
  const sym = binary[op];
  return sym ? `${f} ${sym} ${v}` : undefined;
}

/** rulesToExpression joins the rules that convert; skipped lists the others (0-based). */
export function rulesToExpression(
  rules: Rule[],
  any: boolean,
  holdsNumber?: (path: string) => boolean,
): { expression: string; skipped: number[] } {
  const terms: string[] = [];
  const skipped: number[] = [];
  rules.forEach((r, i) => {
    const t = ruleToExpression(r, holdsNumber);
    if (t === undefined) skipped.push(i);
    else terms.push(t);
  });
  return { expression: terms.join(any ? ' || ' : ' && '), skipped };
}

/** splitTop cuts s at the top-level && or || (outside quotes and brackets). */
function splitTop(s: string): { terms: string[]; ops: Set<string> } {
  const terms: string[] = [];
  const ops = new Set<string>();
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && (s.startsWith('&&', i) || s.startsWith('||', i))) {
      ops.add(s.slice(i, i + 2));
      terms.push(s.slice(start, i).trim());
      start = i + 2;
      i++;
    }
  }
  terms.push(s.slice(start).trim());
  return { terms, ops };
}

const path = '([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)';
const lit = '("(?:[^"\\\\]|\\\\.)*"|-?\\d+(?:\\.\\d+)?|true|false|[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)';

function fromLiteral(l: string): string | undefined {
  if (l.startsWith('"')) {
    try {
      return JSON.parse(l) as string;
    } catch {
      return undefined;
    }
  }
  if (/^-?\d/.test(l) || l === 'true' || l === 'false') return l;
  return l === 'nil' ? undefined : `{{ ${l} }}`;
}

const opOf: Record<string, string> = Object.fromEntries(Object.entries(binary).map(([k, v]) => [v, k]));

/** termToRule reads one term written as ruleToExpression writes it. */
function termToRule(t: string): Rule | undefined {
  let m = new RegExp(`^${path} (!=|==) nil$`).exec(t);
  if (m) return { field: m[1], operator: m[2] === '!=' ? 'exists' : 'not_exists' };
  m = new RegExp(`^\\(${path} == nil \\|\\| ${path} == ""\\)$`).exec(t);
  if (m && m[1] === m[2]) return { field: m[1], operator: 'empty' };
  m = new RegExp(`^\\(${path} != nil && ${path} != ""\\)$`).exec(t);
  if (m && m[1] === m[2]) return { field: m[1], operator: 'not_empty' };
  m = new RegExp(`^not \\(${path} contains ${lit}\\)$`).exec(t);
  if (m) {
    const value = fromLiteral(m[2] ?? '');
    return value === undefined ? undefined : { field: m[1], operator: 'not_contains', value };
  }
  m = new RegExp(`^${path}\\s*(==|!=|>=|<=|>|<|\\scontains\\s|\\sstartsWith\\s|\\sendsWith\\s|\\smatches\\s)\\s*${lit}$`).exec(t);
  if (!m) return undefined;
  const operator = opOf[(m[2] ?? '').trim()];
  const value = fromLiteral(m[3] ?? '');
  return operator && value !== undefined ? { field: m[1], operator, value } : undefined;
}

/** expressionToRules reads an expression made of simple checks joined by only && or only ||. */
export function expressionToRules(expression: string): { rules: Rule[]; any: boolean } | undefined {
  const e = expression.trim();
  if (e === '') return undefined;
  const { terms, ops } = splitTop(e);
  if (ops.size > 1) return undefined;
  const rules: Rule[] = [];
  for (const t of terms) {
    const r = termToRule(t);
    if (!r) return undefined;
    rules.push(r);
  }
  return { rules, any: ops.has('||') };
}
