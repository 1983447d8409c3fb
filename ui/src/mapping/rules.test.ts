import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRunData } from './context';
import { rulesToExpression, expressionToRules } from './convert';
import { getPath } from './gjson';
import { decide, parseFloatGo, type Rule } from './rules';
import { previewTemplate } from './template';
import { specs, state } from './testkit';

// The table the engine's TestCondition_RuleOperators runs: each case must
// take the same port here as in a run.
const table = JSON.parse(readFileSync(resolve(process.cwd(), '../engine/testdata/condition_rules.json'), 'utf8')) as {
  body: unknown;
  mappings: { name: string; path: string }[];
  cases: { name: string; combinator?: string; rules: Rule[]; want?: boolean; error?: string }[];
};

describe('rules agree with the Go runtime', () => {
  const data = buildRunData(
    {
      nodes: [
        { id: 'trigger', type: 'webhook', config: { mappings: table.mappings } },
        { id: 'check', type: 'condition', config: {} },
      ],
      edges: [{ from: 'trigger', to: 'check' }],
    },
    'check',
    { trigger: { flowId: 'f', nodeId: 'trigger', data: { method: 'POST', headers: {}, query: {}, body: table.body }, source: 'manual', updatedAt: '' } },
    specs,
    'f',
  );
  it('has the shared table', () => {
    expect(table.cases.length).toBeGreaterThan(60);
  });
  for (const c of table.cases) {
    it(c.name, () => {
      const d = decide(c.rules, c.combinator === 'any', data);
      if (c.error) {
        expect(d.kind).toBe('error');
        expect(d.kind === 'error' && d.message).toContain(c.error);
      } else {
        expect(d).toMatchObject({ kind: 'result', result: c.want });
      }
    });
  }
});

describe('decide', () => {
  const data = state('check').data;
  it('names the rule that decided', () => {
    const rules: Rule[] = [
      { field: 'trigger.body.amount', operator: 'gt', value: '100' },
      { field: 'trigger.body.assignedAgent.email', operator: 'eq', value: 'someone@example.com' },
    ];
    expect(decide(rules, false, data)).toMatchObject({ kind: 'result', result: false, decidedBy: 1 });
    expect(decide(rules, true, data)).toMatchObject({ kind: 'result', result: true, decidedBy: 0 });
  });
  it('stops on a rule that cannot be built, wherever it stands', () => {
    const rules: Rule[] = [
      { field: 'trigger.body.amount', operator: 'gt', value: '100' },
      { field: 'trigger.body.customer.name', operator: 'matches', value: '(' },
    ];
    expect(decide(rules, true, data)).toMatchObject({ kind: 'error', rule: 1 });
    expect(decide([{ field: 'body.amount', operator: 'eq', value: '1' }], false, data)).toMatchObject({ kind: 'error', rule: 0 });
  });
  it('reads nodes and variables of the steps before', () => {
    const d = state('check', { mappings: [{ name: 'agent', path: 'body.assignedAgent.email' }] }).data;
    expect(decide([{ field: 'nodes.lookup.body.ownerId', operator: 'eq', value: 'own_7' }, { field: 'vars.agent', operator: 'ends_with', value: '@example.com' }], false, d)).toMatchObject({ result: true });
    // "other" runs after the condition: its sample is not there.
    expect(decide([{ field: 'nodes.other.status', operator: 'exists' }], false, d)).toMatchObject({ result: false });
  });
});

describe('parseFloatGo', () => {
  it.each([
    ['150', 150],
    ['-1.5e2', -150],
    ['.5', 0.5],
    ['5.', 5],
    ['0x1p-2', 0.25],
    ['0x10', undefined],
    ['1e400', undefined],
    ['Infinity', undefined],
    ['1_000', undefined],
    ['', undefined],
  ])('%s', (s, want) => expect(parseFloatGo(s)).toBe(want));
});

describe('getPath', () => {
  const v = { a: { 'b.c': 1, list: [{ id: 'x' }, { id: 'y' }] }, n: null };
  it('reads keys, escapes, indexes, # and wildcards', () => {
    expect(getPath(v, 'a.b\\.c')).toEqual({ found: true, value: 1 });
    expect(getPath(v, 'a.list.1.id')).toEqual({ found: true, value: 'y' });
    expect(getPath(v, 'a.list.#')).toEqual({ found: true, value: 2 });
    expect(getPath(v, 'a.list.#.id')).toEqual({ found: true, value: ['x', 'y'] });
    expect(getPath(v, 'a.li*.0.id')).toEqual({ found: true, value: 'x' });
    expect(getPath(v, 'n')).toEqual({ found: true, value: null });
    expect(getPath(v, 'a.nothing')).toEqual({ found: false });
    expect(getPath(v, 'a.list.#(id=="x")')).toMatchObject({ found: false, unsupported: expect.any(String) });
  });
});

describe('previewTemplate', () => {
  const data = state('check', { mappings: [{ name: 'customer_number', path: 'body.customer.phoneNumber' }] }).data;
  it('keeps the type of a lone placeholder and writes text otherwise', () => {
    expect(previewTemplate('{{ trigger.body.amount }}', data)).toMatchObject({ kind: 'value', value: 150, single: true });
    expect(previewTemplate('Call {{ vars.customer_number }} about {{ trigger.body.tags }}', data)).toMatchObject({
      value: 'Call +919876543210 about ["vip","new"]',
      missing: [],
    });
  });
  it('says which path is missing and why', () => {
    const p = previewTemplate('{{ trigger.body.zip }}-{{ nodes.other.status }}', data);
    expect(p).toMatchObject({ kind: 'value', value: '-' });
    expect(p.kind === 'value' && p.missing).toEqual([
      'trigger.body.zip is not in the captured request',
      'step “other” does not run before this one',
    ]);
    expect(previewTemplate('{{ trigger.body.amount', data)).toMatchObject({ kind: 'error' });
  });
});

describe('rules and expressions convert', () => {
  const rules: Rule[] = [
    { field: 'trigger.body.amount', operator: 'gt', value: '100' },
    { field: 'vars.agent', operator: 'eq', value: 'ravi@example.com' },
    { field: 'trigger.body.tags', operator: 'not_contains', value: 'blocked' },
    { field: 'trigger.body.customer.phoneNumber', operator: 'not_empty' },
    { field: 'vars.agent', operator: 'eq', value: '{{ nodes.lookup.body.email }}' },
  ];
  it('writes rules as an expression and reads them back', () => {
    const { expression, skipped } = rulesToExpression(rules, false);
    expect(skipped).toEqual([]);
    expect(expression).toBe(
      'trigger.body.amount > 100 && vars.agent == "ravi@example.com" && not (trigger.body.tags contains "blocked") && ' +
        '(trigger.body.customer.phoneNumber != nil && trigger.body.customer.phoneNumber != "") && vars.agent == nodes.lookup.body.email',
    );
    expect(expressionToRules(expression)).toEqual({ rules, any: false });
    expect(expressionToRules('vars.a == "x" || vars.b startsWith "y"')).toEqual({
      rules: [
        { field: 'vars.a', operator: 'eq', value: 'x' },
        { field: 'vars.b', operator: 'starts_with', value: 'y' },
      ],
      any: true,
    });
  });
  it('writes numbers as numbers only where the rule compares numbers', () => {
    const holdsNumber = (p: string) => p === 'trigger.body.amount';
    expect(
      rulesToExpression(
        [
          { field: 'trigger.body.customer.phoneNumber', operator: 'starts_with', value: '91981' },
          { field: 'trigger.body.customer.phoneNumber', operator: 'eq', value: '919812345678' },
          { field: 'trigger.body.amount', operator: 'eq', value: '150' },
          { field: 'trigger.body.score', operator: 'lte', value: '2.5' },
        ],
        false,
        holdsNumber,
      ).expression,
    ).toBe(
      'trigger.body.customer.phoneNumber startsWith "91981" && trigger.body.customer.phoneNumber == "919812345678" && ' +
        'trigger.body.amount == 150 && trigger.body.score <= 2.5',
    );
  });
  it('leaves out what does not convert', () => {
    expect(rulesToExpression([{ field: 'trigger.headers.content-type', operator: 'eq', value: 'x' }, rules[0] ?? {}], true)).toEqual({
      expression: 'trigger.body.amount > 100',
      skipped: [0],
    });
    expect(expressionToRules('vars.a == "x" || vars.b == "y" && vars.c == "z"')).toBeUndefined();
    expect(expressionToRules('len(trigger.body.tags) > 1')).toBeUndefined();
  });
});
