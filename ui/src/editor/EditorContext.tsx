import { createContext, useContext } from 'react';
import type { NodeSpec, Problem } from '../api/types';

/** EditorInfo is what every canvas node needs beyond its own data. */
export interface EditorInfo {
  specs: Map<string, NodeSpec>;
  problems: Problem[];
  /** Steps no trigger reaches (see unconnectedSteps); absent where it does not apply. */
  unconnected?: Set<string>;
  /** Names where a problem is in the canvas's words (see problemPlace); the raw ids where absent. */
  place?: (p: Problem) => string;
}

export const EditorContext = createContext<EditorInfo>({ specs: new Map(), problems: [] });

export function useEditorInfo(): EditorInfo {
  return useContext(EditorContext);
}
