import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { guardLeaving, pageTitle, parseRoute, useRoute } from './router';

afterEach(() => {
  guardLeaving(null);
  window.history.replaceState(null, '', '/');
});

describe('useRoute', () => {
  it('navigates without a guard', () => {
    const { result } = renderHook(() => useRoute());
    act(() => result.current[1]('/flows/flw_1'));
    expect(result.current[0]).toEqual({ page: 'editor', flowId: 'flw_1' });
    expect(window.location.pathname).toBe('/flows/flw_1');
  });

  it('stays when the guard says no, and goes when it says yes', () => {
    const { result } = renderHook(() => useRoute());
    act(() => result.current[1]('/flows/flw_1'));
    const guard = vi.fn(() => false);
    guardLeaving(guard);
    act(() => result.current[1]('/runs'));
    expect(guard).toHaveBeenCalledTimes(1);
    expect(result.current[0]).toEqual({ page: 'editor', flowId: 'flw_1' });
    expect(window.location.pathname).toBe('/flows/flw_1');
    guard.mockReturnValue(true);
    act(() => result.current[1]('/runs'));
    expect(result.current[0]).toEqual({ page: 'runs' });
  });

  it('asks on the back button too, and puts the address back when the answer is no', () => {
    const { result } = renderHook(() => useRoute());
    act(() => result.current[1]('/flows/flw_1'));
    guardLeaving(() => false);
    act(() => {
      window.history.replaceState(null, '', '/'); // what the browser has done by the time popstate fires
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(result.current[0]).toEqual({ page: 'editor', flowId: 'flw_1' });
    expect(window.location.pathname).toBe('/flows/flw_1');
    guardLeaving(null);
    act(() => {
      window.history.replaceState(null, '', '/settings/keys');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(result.current[0]).toEqual(parseRoute('/settings/keys'));
  });
});

describe('pageTitle', () => {
  it('names the page in the browser tab', () => {
    expect(pageTitle(parseRoute('/'))).toBe('Flows · hookflow');
    expect(pageTitle(parseRoute('/flows/flw_1/runs'))).toBe('Runs · hookflow');
    expect(pageTitle(parseRoute('/settings/credentials'))).toBe('Settings · hookflow');
  });
});
