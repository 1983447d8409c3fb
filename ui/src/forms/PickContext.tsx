import { createContext, useContext } from 'react';

/** PickTarget is the field a click in a sample tree writes into. */
export interface PickTarget {
  /** The input's id. */
  id: string;
  label: string;
  /** Takes a path into the run data, as the tree shows it. */
  apply: (path: string) => void;
}

export interface PickState {
  target: PickTarget | null;
  setTarget: (t: PickTarget | null) => void;
}

export const PickContext = createContext<PickState>({ target: null, setTarget: () => {} });

export function usePick(): PickState {
  return useContext(PickContext);
}
