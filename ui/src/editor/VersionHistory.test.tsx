import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import type { Flow } from '../api/types';
import { VersionHistory } from './VersionHistory';

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

const flow = {
  id: 'flw_1',
  name: 'Assigned chat',
  status: 'active',
  version: 2,
  nodes: [],
  edges: [],
  hookToken: 'whk_1',
  trigger: {},
  settings: {},
  createdAt: '2026-11-22T10:00:00Z',
  updatedAt: '2026-11-22T10:00:00Z',
} as Flow;

afterEach(() => vi.unstubAllGlobals());

describe('VersionHistory', () => {
  it('lists the versions and restores one after a confirmation', async () => {
    const fetch = vi.fn(async (_url: string, init?: RequestInit) => {
      if (init?.method === 'POST') return json({ ...flow, name: 'Old name' });
      return json({
        items: [
          { version: 2, name: 'Assigned chat', nodes: 3, publishedAt: '2026-11-22T10:00:00Z' },
          { version: 1, name: 'Old name', nodes: 1, publishedAt: '2026-11-21T10:00:00Z' },
        ],
      });
    });
    vi.stubGlobal('fetch', fetch);
    const restored = vi.fn();
    render(<VersionHistory flow={flow} dirty onRestored={restored} onClose={() => {}} />);
    expect(await screen.findByText('Version 2')).toBeTruthy();
    expect(screen.getByText('runs')).toBeTruthy();
    expect(screen.getByText(/· 1 step$/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Restore version 1' }));
    expect(screen.getByText(/your unsaved changes are lost/)).toBeTruthy();
    expect(fetch).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Restore' }));
    await vi.waitFor(() => expect(restored).toHaveBeenCalled());
    expect(fetch.mock.calls[1]![0]).toBe('/api/flows/flw_1/versions/1/restore');
    expect(restored).toHaveBeenCalledWith(expect.objectContaining({ name: 'Old name' }), 1);
  });

  it('says so when nothing was published', async () => {
    vi.stubGlobal('fetch', async () => json({ items: [] }));
    render(<VersionHistory flow={{ ...flow, version: 0 }} dirty={false} onRestored={() => {}} onClose={() => {}} />);
    expect(await screen.findByText(/Nothing published yet/)).toBeTruthy();
  });
});
