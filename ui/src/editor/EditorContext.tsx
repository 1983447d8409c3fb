import { createContext, useContext } from 'react';
import type { NodeSpec, Problem } from '../api/types';

/** EditorInfo is what every canvas node needs beyond its own data. */
export interface EditorInfo {
  specs: Map<string, NodeSpec>;
  problems: Problem[];
  /** Steps no trigger reaches (see unconnectedSteps); absent where it does not apply. */
  unconnected?: Set<string>;
}

export const EditorContext = createContext<EditorInfo>({ specs: new Map(), problems: [] });

export function useEditorInfo(): EditorInfo {
  return useContext(EditorContext);
}
