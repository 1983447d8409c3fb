import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { Config, NodeField } from '../api/types';
import { SpecForm } from '../forms/SpecForm';
import { addMapping } from './mappings';
import { state, WithMapping } from './testkit';
import type { MappingState } from './MappingContext';

const httpFields: NodeField[] = [
  { name: 'url', label: 'URL', kind: 'string', required: true, templates: true },
  { name: 'note', label: 'Note', kind: 'text', templates: true },
  { name: 'headers', label: 'Headers', kind: 'keyvalue', templates: true },
];

function Form({ fields, initial, mapping }: { fields: NodeField[]; initial: Config; mapping: MappingState }) {
  const [value, setValue] = useState(initial);
  return (
    <WithMapping value={mapping}>
      <SpecForm fields={fields} value={value} onChange={setValue} />
      <output data-testid="config">{JSON.stringify(value)}</output>
    </WithMapping>
  );
}

const config = () => JSON.parse(screen.getByTestId('config').textContent ?? '{}') as Config;

describe('Insert field', { timeout: 20_000 }, () => {
  it('opens with the samples of the trigger and of the steps before, not after', async () => {
    const user = userEvent.setup();
    render(<Form fields={httpFields} initial={{}} mapping={state('check')} />);
    const button = screen.getByRole('button', { name: 'Insert field', description: 'URL' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    await user.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Fields to insert', description: 'URL' });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(within(dialog).getByText('On Webhook')).toBeTruthy();
    expect(within(dialog).getByText('Find owner')).toBeTruthy();
    expect(within(dialog).queryByText('other')).toBeNull();
    // The search box has the focus: typing filters at once.
    expect(document.activeElement).toBe(within(dialog).getByRole('searchbox', { name: 'Search fields' }));
  });

  it('filters by key or value and inserts {{ path }} at the cursor', async () => {
    const user = userEvent.setup();
    render(<Form fields={httpFields} initial={{ url: 'https://crm.example.com/owners/?x=1' }} mapping={state('check')} />);
    const url = screen.getByLabelText(/^URL/) as HTMLInputElement;
    url.focus();
    url.setSelectionRange(31, 31); // after "/owners/"
    await user.click(screen.getByRole('button', { name: 'Insert field', description: 'URL' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByRole('searchbox'), 'phone');
    expect(within(dialog).queryByRole('button', { name: 'event' })).toBeNull();
    expect(within(dialog).queryByRole('button', { name: 'ownerId' })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'phoneNumber' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(url.value).toBe('https://crm.example.com/owners/{{ trigger.body.customer.phoneNumber }}?x=1');
    expect(config().url).toBe(url.value);
    expect(document.activeElement).toBe(url);
    expect(url.selectionStart).toBe(31 + '{{ trigger.body.customer.phoneNumber }}'.length);
    expect(screen.getByText('https://crm.example.com/owners/+919876543210?x=1')).toBeTruthy();
  });

  it('searches values too, and says when nothing matches', async () => {
    const user = userEvent.setup();
    render(<Form fields={httpFields} initial={{}} mapping={state('check')} />);
    await user.click(screen.getByRole('button', { name: 'Insert field', description: 'Note' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByRole('searchbox'), 'own_7');
    await user.click(within(dialog).getByRole('button', { name: 'ownerId' }));
    expect(config().note).toBe('{{ nodes.lookup.body.ownerId }}');
    expect(screen.getByText('"own_7"')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Insert field', description: 'Note' }));
    await user.type(screen.getByRole('searchbox'), 'zzz');
    expect(screen.getAllByText('No field or value holds “zzz”.').length).toBeGreaterThan(0);
  });

  it('closes on Escape and gives the focus back to its button', async () => {
    const user = userEvent.setup();
    render(<Form fields={httpFields} initial={{}} mapping={state('check')} />);
    const button = screen.getByRole('button', { name: 'Insert field', description: 'URL' });
    button.focus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('dialog')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('previews a template and names the missing path', async () => {
    render(<Form fields={httpFields} initial={{ url: 'https://x.test/{{ trigger.body.customer.zip }}' }} mapping={state('check')} />);
    expect(screen.getByText('Missing: trigger.body.customer.zip is not in the captured request.')).toBeTruthy();
  });

  it('works on the values of key-value fields', async () => {
    const user = userEvent.setup();
    render(<Form fields={httpFields} initial={{ headers: { 'X-Agent': '' } }} mapping={state('check')} />);
    await user.click(screen.getByRole('button', { name: 'Insert field', description: 'Value of X-Agent' }));
    await user.type(screen.getByRole('searchbox'), 'email');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'email' }));
    expect(config().headers).toEqual({ 'X-Agent': '{{ trigger.body.assignedAgent.email }}' });
    expect(screen.getByText('"ravi@example.com"')).toBeTruthy();
  });

  it('previews a JSON body as the server renders it: typed values, text, and what is missing', async () => {
    const user = userEvent.setup();
    const body = { phone: '{{ trigger.body.customer.phoneNumber }}', amount: '{{ trigger.body.amount }}', note: 'Hi {{ trigger.body.customer.name }}', zip: '{{ trigger.body.customer.zip }}', fixed: [1, 'a'] };
    render(<Form fields={[{ name: 'body', label: 'Body', kind: 'json', templates: true }]} initial={{ body }} mapping={state('check')} />);
    const block = document.querySelector('.preview-block');
    expect(JSON.parse(block?.textContent ?? '')).toEqual({ phone: '+919876543210', amount: 150, note: 'Hi Asha Verma', zip: null, fixed: [1, 'a'] });
    expect(screen.getByText('Missing: trigger.body.customer.zip is not in the captured request.')).toBeTruthy();
    // While the text does not parse, the problem shows instead of a stale preview.
    const area = screen.getByLabelText(/^Body/);
    await user.type(area, '{{');
    expect(screen.getByText(/not valid JSON yet/)).toBeTruthy();
    expect(document.querySelector('.preview-block')).toBeNull();
  });

  it('says which string of a JSON body cannot be read', () => {
    render(<Form fields={[{ name: 'body', label: 'Body', kind: 'json', templates: true }]} initial={{ body: { a: [{ b: '{{ trigger.body' }] } }} mapping={state('check')} />);
    expect(screen.getByText(/a\[0\]\.b: template has \{\{ without a closing \}\}/)).toBeTruthy();
  });

  it('shows no picker outside a node form', () => {
    render(<SpecForm fields={httpFields} value={{}} onChange={() => {}} />);
    expect(screen.queryByRole('button', { name: 'Insert field' })).toBeNull();
  });
});

describe('trigger mappings', { timeout: 20_000 }, () => {
  const triggerFields: NodeField[] = [
    {
      name: 'mappings',
      label: 'Field mappings',
      kind: 'list',
      declaresVars: true,
      fields: [
        { name: 'name', label: 'Variable name', kind: 'string', required: true },
        { name: 'path', label: 'Field', kind: 'path', required: true },
      ],
    },
  ];

  it('maps customer number, agent and WABA number by click, each with its preview', async () => {
    const user = userEvent.setup();
    // Seed 002: a click in the captured request adds a named mapping.
    let cfg: Config = {};
    for (const p of ['body.customer.phoneNumber', 'body.assignedAgent.email', 'body.wabaNumber', 'body.customer.phoneNumber']) {
      cfg = addMapping(cfg, p);
    }
    expect(cfg.mappings).toEqual([
      { name: 'phone_number', path: 'body.customer.phoneNumber' },
      { name: 'email', path: 'body.assignedAgent.email' },
      { name: 'waba_number', path: 'body.wabaNumber' },
    ]);
    render(<Form fields={triggerFields} initial={cfg} mapping={state('trigger', cfg)} />);
    expect(screen.getByText('"+919876543210"')).toBeTruthy();
    expect(screen.getByText('"ravi@example.com"')).toBeTruthy();
    expect(screen.getByText('"919999900000"')).toBeTruthy();
    // The picker of a mapping's path shows the request itself and sets the path.
    await user.click(screen.getAllByRole('button', { name: 'Insert field', description: 'Field' })[1]!);
    await user.type(screen.getByRole('searchbox'), 'asha');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'name' }));
    expect((config().mappings as Config[])[1]).toEqual({ name: 'email', path: 'body.customer.name' });
    expect(screen.getByText('"Asha Verma"')).toBeTruthy();
  });

  it('fills a mapping that has a name but no path yet', () => {
    expect(addMapping({ mappings: [{ name: 'agent' }] }, 'body.assignedAgent.email')).toEqual({
      mappings: [{ name: 'agent', path: 'body.assignedAgent.email' }],
    });
    expect(addMapping({ mappings: [{ name: 'email', path: 'x' }] }, 'body.assignedAgent.email').mappings).toEqual([
      { name: 'email', path: 'x' },
      { name: 'email_2', path: 'body.assignedAgent.email' },
    ]);
  });

  it('says when nothing has been captured yet', () => {
    const cfg = { mappings: [{ name: 'agent', path: 'body.assignedAgent.email' }] };
    render(<Form fields={triggerFields} initial={cfg} mapping={state('trigger', cfg, null)} />);
    expect(screen.getByText('Missing: no request has been captured yet.')).toBeTruthy();
  });
});
