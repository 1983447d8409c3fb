import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import type { Config, Credential, NodeField } from '../api/types';
import { SpecForm } from './SpecForm';
import { useState } from 'react';

// The fields of the webhook trigger's auth setting, as GET /api/node-types gives them.
const fields: NodeField[] = [
  {
    name: 'auth',
    label: 'Authentication',
    kind: 'select',
    default: 'none',
    options: [
      { value: 'none', label: 'None' },
      { value: 'bearer', label: 'Bearer token' },
      { value: 'header', label: 'Secret header' },
    ],
  },
  { name: 'token', label: 'Token', kind: 'string', required: true, secret: true, when: { field: 'auth', equals: ['bearer'] } },
  { name: 'headerName', label: 'Header name', kind: 'string', required: true, when: { field: 'auth', equals: ['header'] } },
  { name: 'url', label: 'URL', kind: 'string', required: true, templates: true, help: 'The full address to call.' },
  { name: 'retries', label: 'Retries', kind: 'integer' },
  { name: 'enabled', label: 'Enabled', kind: 'bool', default: true },
  {
    name: 'mappings',
    label: 'Mappings',
    kind: 'list',
    fields: [
      { name: 'name', label: 'Name', kind: 'string', required: true },
      { name: 'path', label: 'Path', kind: 'path', required: true },
    ],
  },
];

function Harness({ initial, onChange }: { initial: Config; onChange?: (c: Config) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <SpecForm
      fields={fields}
      value={value}
      onChange={(c) => {
        setValue(c);
        onChange?.(c);
      }}
      problems={[{ field: 'url', message: 'URL is required' }]}
    />
  );
}

describe('SpecForm', () => {
  it('marks required fields and shows help and problems', () => {
    render(<Harness initial={{}} />);
    const url = screen.getByLabelText(/^URL/);
    expect(url.getAttribute('aria-required')).toBe('true');
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('The full address to call.')).toBeTruthy();
    expect(screen.getByText('URL is required')).toBeTruthy();
    const label = screen.getByText('URL').closest('label');
    expect(label?.querySelector('.required')).toBeTruthy();
    expect(screen.getByText('Retries').closest('label')?.querySelector('.required')).toBeNull();
  });

  it('hides fields whose when condition does not hold, using defaults', () => {
    render(<Harness initial={{}} />);
    expect(screen.queryByLabelText(/^Token/)).toBeNull();
    expect(screen.queryByLabelText(/^Header name/)).toBeNull();
    fireEvent.change(screen.getByLabelText('Authentication'), { target: { value: 'header' } });
    expect(screen.getByLabelText(/^Header name/)).toBeTruthy();
    expect(screen.queryByLabelText(/^Token/)).toBeNull();
  });

  it('renders secret fields as password inputs', () => {
    render(<Harness initial={{ auth: 'bearer' }} />);
    expect((screen.getByLabelText(/^Token/) as HTMLInputElement).type).toBe('password');
    expect((screen.getByLabelText(/^URL/) as HTMLInputElement).type).toBe('text');
  });

  it('keeps numbers as numbers and removes emptied fields', () => {
    const change = vi.fn();
    render(<Harness initial={{ url: 'https://x' }} onChange={change} />);
    fireEvent.change(screen.getByLabelText('Retries'), { target: { value: '3' } });
    expect(change).toHaveBeenLastCalledWith({ url: 'https://x', retries: 3 });
    fireEvent.change(screen.getByLabelText(/^URL/), { target: { value: '' } });
    expect(change).toHaveBeenLastCalledWith({ retries: 3 });
    expect((screen.getByLabelText('Enabled') as HTMLInputElement).checked).toBe(true);
  });

  it('adds list items with their own fields', () => {
    const change = vi.fn();
    render(<Harness initial={{}} onChange={change} />);
    fireEvent.click(screen.getByRole('button', { name: /add mapping/i }));
    fireEvent.change(screen.getByLabelText(/^Path/), { target: { value: 'body.customer.phoneNumber' } });
    expect(change).toHaveBeenLastCalledWith({ mappings: [{ path: 'body.customer.phoneNumber' }] });
  });

  it('offers "Choose…" only for a select without a default', () => {
    const selects: NodeField[] = [
      { name: 'auth', label: 'Authentication', kind: 'select', default: 'none', options: [{ value: 'none', label: 'None' }, { value: 'bearer', label: 'Bearer token' }] },
      { name: 'provider', label: 'Provider', kind: 'select', required: true, options: [{ value: 'hubspot', label: 'HubSpot' }] },
    ];
    render(<SpecForm fields={selects} value={{}} onChange={() => {}} />);
    const texts = (label: RegExp) => [...(screen.getByLabelText(label) as HTMLSelectElement).options].map((o) => o.textContent);
    expect(texts(/^Authentication/)).toEqual(['None', 'Bearer token']);
    expect(texts(/^Provider/)).toEqual(['Choose…', 'HubSpot']);
  });

  describe('credential pickers', () => {
    const credentialField: NodeField = {
      name: 'credential',
      label: 'Credential',
      kind: 'credential',
      required: true,
      credentialTypes: ['hubspot', 'zoho'],
    };
    const stored = (id: string, name: string, type: string): Credential => ({
      id,
      name,
      type,
      fields: {},
      secrets: {},
      createdAt: '2026-12-01T00:00:00Z',
      updatedAt: '2026-12-01T00:00:00Z',
    });

    it('offers only the stored credentials of the types the field takes', () => {
      const onChange = vi.fn();
      const credentials = [stored('crd_1', 'Sales HubSpot', 'hubspot'), stored('crd_2', 'Sheets bot', 'google')];
      render(<SpecForm fields={[credentialField]} value={{}} onChange={onChange} credentials={credentials} />);
      const picker = screen.getByLabelText(/^Credential/) as HTMLSelectElement;
      expect([...picker.options].map((o) => o.textContent)).toEqual(['Choose a stored credential…', 'Sales HubSpot (hubspot)']);
      fireEvent.change(picker, { target: { value: 'crd_1' } });
      expect(onChange).toHaveBeenCalledWith({ credential: 'crd_1' });
      expect(screen.getByRole('link', { name: 'Add another in Settings → Credentials' }).getAttribute('target')).toBe('_blank');
    });

    it('says where to add one when none of its types is stored', () => {
      render(<SpecForm fields={[credentialField]} value={{}} onChange={() => {}} credentials={[stored('crd_2', 'Sheets bot', 'google')]} />);
      expect(screen.getByText('No stored credential of this kind yet')).toBeTruthy();
      const link = screen.getByRole('link', { name: 'Add one in Settings → Credentials' });
      expect(link.getAttribute('href')).toBe('/settings/credentials');
      expect(link.getAttribute('target')).toBe('_blank');
    });
  });
});
