import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { JsonTree } from './JsonTree';
import { escapeKey, joinPath, suggestName } from './path';

const request = {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: {
    customer: { name: 'Asha', phoneNumber: '919812345678' },
    assignedAgent: { email: 'ravi@example.com' },
    items: [{ id: 'it_1' }, { id: 'it_2' }],
    'odd.key': true,
  },
};

describe('JsonTree', () => {
  it('gives the gjson path of a clicked field', () => {
    const pick = vi.fn();
    render(<JsonTree value={request} onPick={pick} openDepth={5} />);
    fireEvent.click(screen.getByRole('button', { name: 'phoneNumber' }));
    expect(pick).toHaveBeenLastCalledWith('body.customer.phoneNumber');
    fireEvent.click(screen.getAllByRole('button', { name: 'id' })[0]!);
    expect(pick).toHaveBeenLastCalledWith('body.items.0.id');
    fireEvent.click(screen.getByRole('button', { name: 'odd.key' }));
    expect(pick).toHaveBeenLastCalledWith('body.odd\\.key');
  });

  it('prefixes paths with the root path', () => {
    const pick = vi.fn();
    render(<JsonTree value={request} rootPath="trigger" onPick={pick} openDepth={5} />);
    fireEvent.click(screen.getByRole('button', { name: 'email' }));
    expect(pick).toHaveBeenLastCalledWith('trigger.body.assignedAgent.email');
  });

  it('collapses and expands objects', () => {
    render(<JsonTree value={request} openDepth={1} />);
    expect(screen.queryByRole('button', { name: 'customer' })).toBeNull();
    fireEvent.click(screen.getAllByRole('button', { name: 'Expand' })[1]!);
    expect(screen.getByRole('button', { name: 'customer' })).toBeTruthy();
  });
});

describe('JsonTree search and types', () => {
  it('shows only the fields whose key or value holds the search text', () => {
    render(<JsonTree value={request} openDepth={0} search="RAVI" />);
    expect(screen.getByRole('button', { name: 'email' })).toBeTruthy();
    expect(screen.getByText('"ravi@example.com"')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'phoneNumber' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'headers' })).toBeNull();
  });

  it('shows all a container holds when its key matches', () => {
    render(<JsonTree value={request} openDepth={5} search="customer" />);
    expect(screen.getByRole('button', { name: 'name' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'phoneNumber' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'email' })).toBeNull();
  });

  it('says so when nothing matches', () => {
    render(<JsonTree value={request} search="nowhere" />);
    expect(screen.getByText(/No field or value holds “nowhere”/)).toBeTruthy();
  });

  it('shows the JSON type of each value', () => {
    const { container } = render(<JsonTree value={{ n: 1, s: 'x', b: false, z: null, a: [] }} showTypes />);
    const types = [...container.querySelectorAll('.json-type')].map((e) => e.textContent);
    expect(types).toEqual(['object', 'number', 'string', 'boolean', 'null', 'array']);
  });
});

describe('paths', () => {
  it('escapes gjson syntax in keys', () => {
    expect(escapeKey('a.b*c?d')).toBe('a\\.b\\*c\\?d');
    expect(joinPath('', 'body')).toBe('body');
    expect(joinPath('body.items', 3)).toBe('body.items.3');
  });
  it('suggests a variable name from a path', () => {
    expect(suggestName('body.customer.phoneNumber')).toBe('phone_number');
    expect(suggestName('body.items.0')).toBe('items');
    expect(suggestName('body.2fa')).toBe('field_2fa');
  });
});
