import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import type { Config, NodeField } from '../api/types';
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
});
