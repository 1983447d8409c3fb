import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { Config } from '../api/types';
import { conditionSpecFields, state, WithMapping } from '../mapping/testkit';
import { SpecForm } from './SpecForm';

const mapping = state('check', { mappings: [{ name: 'agent', path: 'body.assignedAgent.email' }] });

function Builder({ initial }: { initial: Config }) {
  const [value, setValue] = useState(initial);
  return (
    <WithMapping value={mapping}>
      <SpecForm fields={conditionSpecFields} value={value} onChange={setValue} nodeType="condition" />
      <output data-testid="config">{JSON.stringify(value)}</output>
    </WithMapping>
  );
}

const config = () => JSON.parse(screen.getByTestId('config').textContent ?? '{}') as Config;
const verdict = () => screen.getAllByRole('status').map((s) => s.textContent ?? '').join(' ');

const twoRules = {
  mode: 'rules',
  rules: [
    { field: 'trigger.body.amount', operator: 'gt', value: '100' },
    { field: 'vars.agent', operator: 'eq', value: 'someone@example.com' },
  ],
};

afterEach(() => vi.unstubAllGlobals());

describe('ConditionBuilder', { timeout: 20_000 }, () => {
  it('starts from an empty rule when switched to rules', async () => {
    const user = userEvent.setup();
    render(<Builder initial={{}} />);
    expect((screen.getByRole('radio', { name: 'An expression' }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'Rules' }));
    expect(config()).toEqual({ mode: 'rules', rules: [{}] });
    expect(screen.getByRole('group', { name: 'Rule 1' })).toBeTruthy();
  });

  it('edits rows: the field by picking, the operators of the spec, the value only where it is needed', async () => {
    const user = userEvent.setup();
    render(<Builder initial={{ mode: 'rules', rules: [{}] }} />);
    const row = screen.getByRole('group', { name: 'Rule 1' });
    const ops = within(row).getByLabelText('Operator') as HTMLSelectElement;
    expect(ops.options.length).toBe(15);
    expect(ops.value).toBe('eq');
    await user.click(within(row).getByRole('button', { name: 'Insert field', description: 'Field of rule 1' }));
    await user.type(screen.getByRole('searchbox'), 'amount');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'amount' }));
    expect((within(row).getByLabelText('Field') as HTMLInputElement).value).toBe('trigger.body.amount');
    expect(within(row).getByText('150')).toBeTruthy(); // the field's preview
    await user.selectOptions(ops, 'gte');
    await user.type(within(row).getByLabelText('Value'), '150');
    expect(config().rules).toEqual([{ field: 'trigger.body.amount', operator: 'gte', value: '150' }]);
    expect(verdict()).toContain('True on the sample');
    await user.selectOptions(ops, 'not_exists');
    expect(within(row).queryByLabelText('Value')).toBeNull();
    expect(verdict()).toContain('False on the sample');

    await user.click(screen.getByRole('button', { name: '+ Add rule' }));
    expect(screen.getByRole('group', { name: 'Rule 2' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Remove rule 1' }));
    expect(screen.queryByRole('group', { name: 'Rule 2' })).toBeNull();
    expect(config().rules).toEqual([{}]);
  });

  it('switches between All and Any and says which rule decided', async () => {
    const user = userEvent.setup();
    render(<Builder initial={twoRules} />);
    expect(verdict()).toContain(
      'False on the sample: the run continues on the False port. Rule 2 does not hold: vars.agent is "ravi@example.com", and the rule asks that it is equal to "someone@example.com".',
    );
    await user.click(screen.getByRole('radio', { name: 'Any rule holds' }));
    expect(config().combinator).toBe('any');
    expect(verdict()).toContain('True on the sample: the run continues on the True port. Rule 1 holds.');
    expect(screen.getAllByText('Holds on the sample.').length).toBe(1);
    expect(screen.getByText('Does not hold on the sample: the field is "ravi@example.com".')).toBeTruthy();
  });

  it.each([
    ['trigger.body.amount', 'eq', '150.0', true],
    ['trigger.body.tags', 'contains', 'vi', false],
    ['trigger.body.tags', 'contains', 'vip', true],
    ['trigger.body.customer.phoneNumber', 'starts_with', '+91', true],
    ['trigger.body.wabaNumber', 'gt', '9', true],
    ['trigger.body.customer.zip', 'empty', '', true],
    ['trigger.body.customer.zip', 'lt', '10', false],
    ['vars.agent', 'matches', '^ravi@', true],
    ['nodes.lookup.body.ownerId', 'eq', '{{ nodes.lookup.body.ownerId }}', true],
  ])('previews %s %s %j as the run decides', (field, operator, value, want) => {
    render(<Builder initial={{ mode: 'rules', rules: [{ field, operator, value }] }} />);
    expect(verdict()).toContain(want ? 'True on the sample' : 'False on the sample');
  });

  it('says when a rule would make the step fail', () => {
    render(<Builder initial={{ mode: 'rules', rules: [{ field: 'vars.agent', operator: 'matches', value: '(' }] }} />);
    expect(verdict()).toMatch(/would fail: rule 1: "\(" is not a valid regular expression/);
  });

  it('turns rules into an expression and back, keeping what converts', async () => {
    const user = userEvent.setup();
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ status: 'succeeded', output: { result: false } }))));
    render(<Builder initial={twoRules} />);
    await user.click(screen.getByRole('radio', { name: 'An expression' }));
    expect(config().expression).toBe('trigger.body.amount > 100 && vars.agent == "someone@example.com"');
    const box = screen.getByLabelText('Expression') as HTMLTextAreaElement;
    expect(box.value).toBe(config().expression);
    await user.clear(box);
    await user.type(box, 'trigger.body.amount > 100 || vars.agent endsWith "@example.com"');
    await user.click(screen.getByRole('radio', { name: 'Rules' }));
    expect(config()).toMatchObject({
      mode: 'rules',
      combinator: 'any',
      rules: [
        { field: 'trigger.body.amount', operator: 'gt', value: '100' },
        { field: 'vars.agent', operator: 'ends_with', value: '@example.com' },
      ],
    });
    await user.click(screen.getByRole('radio', { name: 'An expression' }));
    const again = screen.getByLabelText('Expression');
    await user.clear(again);
    await user.type(again, 'len(trigger.body.tags) > 1');
    await user.click(screen.getByRole('radio', { name: 'Rules' }));
    expect(screen.getByText(/This expression is more than rules can say, so the rules you had before are shown/)).toBeTruthy();
    expect(config()).toMatchObject({ mode: 'rules', expression: 'len(trigger.body.tags) > 1' });
    expect((config().rules as unknown[]).length).toBe(2);
  });

  it('previews an expression through the server without keeping a sample', async () => {
    const user = userEvent.setup();
    const fetch = vi.fn(async (_url: string, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as { nodes: { id: string; config: { expression?: string } }[] };
      const result = body.nodes.find((n) => n.id === 'check')?.config.expression?.includes('> 100') === true;
      return new Response(JSON.stringify({ nodeId: 'check', status: 'succeeded', output: { result } }));
    });
    vi.stubGlobal('fetch', fetch);
    render(<Builder initial={{ mode: 'expression' }} />);
    await user.type(screen.getByLabelText('Expression'), 'trigger.body.amount > 100');
    expect(await screen.findByText(/True on the sample/, undefined, { timeout: 3000 })).toBeTruthy();
    // Typing is debounced: one call for the whole expression.
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/flows/flw_1/nodes/check/test?sample=false');
    // The flow goes as edited: this node with what the form holds, the others as they are.
    const sent = JSON.parse(String(init?.body)) as { nodes: { id: string; config: unknown }[]; edges: unknown[] };
    expect(sent.nodes.map((n) => n.id)).toEqual(['trigger', 'lookup', 'check', 'other']);
    expect(sent.nodes[2]?.config).toEqual({ mode: 'expression', expression: 'trigger.body.amount > 100' });
    expect(sent.edges).toContainEqual({ from: 'trigger', to: 'lookup' });
  });

  it('shows compile errors in plain words', async () => {
    const user = userEvent.setup();
    const problem = 'expression does not compile: unknown name amount (1:1)\n | amount > 1\n | ^';
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        new Response(
          JSON.stringify({ message: 'the node cannot be tested', problems: [{ nodeId: 'check', field: 'expression', message: problem }] }),
          { status: 422 },
        ),
      ),
    );
    render(<Builder initial={{ mode: 'expression' }} />);
    await user.type(screen.getByLabelText('Expression'), 'amount > 1');
    expect(
      await screen.findByText('“amount” is not a name hookflow knows: start paths with trigger, vars, nodes or run.', undefined, { timeout: 3000 }),
    ).toBeTruthy();
  });
});
