import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

// @xyflow/react watches node sizes and jsdom has no ResizeObserver. The stand-in
// is installed once for the whole run, not per test: React runs passive effects
// after a test's own afterEach hooks may have restored stubbed globals, and a
// canvas mounting in that gap must still find it.
if (!('ResizeObserver' in globalThis)) {
  class NoResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  Object.defineProperty(globalThis, 'ResizeObserver', { value: NoResizeObserver, writable: true, configurable: true });
}

afterEach(() => cleanup());
