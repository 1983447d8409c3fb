import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { message } from '../api/client';
import type { NodeSpec, Sample } from '../api/types';
import { loadSamples, samplesEvent } from './api';
import { buildRunData, type Graph, type RunData } from './context';

/** MappingState is what the fields of one node's form map from. */
export interface MappingState {
  flowId: string;
  /** The flow as edited, saved or not. */
  graph: Graph;
  data: RunData;
  /** The samples could not be loaded: the words to show. */
  error: string;
  reload: () => void;
}

/** MappingContext is null outside a node's form: fields then show no picker and no preview. */
export const MappingContext = createContext<MappingState | null>(null);

export function useMapping(): MappingState | null {
  return useContext(MappingContext);
}

interface ProviderProps {
  flowId: string;
  nodeId: string;
  graph: Graph;
  specs: Map<string, NodeSpec>;
  children: ReactNode;
}

/** MappingProvider loads the flow's samples and gives the node's form the run data it maps from. */
export function MappingProvider({ flowId, nodeId, graph, specs, children }: ProviderProps) {
  const [samples, setSamples] = useState<Record<string, Sample>>({});
  const [error, setError] = useState('');
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    let live = true;
    loadSamples(flowId)
      .then((s) => {
        if (!live) return;
        setSamples(s);
        setError('');
      })
      .catch((err) => live && setError(`The samples could not be loaded: ${message(err)}`));
    return () => {
      live = false;
    };
  }, [flowId, generation]);
  useEffect(() => {
    window.addEventListener(samplesEvent, reload);
    return () => window.removeEventListener(samplesEvent, reload);
  }, [reload]);
  const data = useMemo(() => buildRunData(graph, nodeId, samples, specs, flowId), [graph, nodeId, samples, specs, flowId]);
  const state = useMemo(() => ({ flowId, graph, data, error, reload }), [flowId, graph, data, error, reload]);
  return <MappingContext.Provider value={state}>{children}</MappingContext.Provider>;
}

/** toGraph turns the editor's canvas nodes and edges into the flow's nodes and edges, as saving does. */
export function toGraph(
  nodes: { id: string; data: { type: string; typeVersion?: number; name?: string; config: Record<string, unknown> } }[],
  edges: { source: string; sourceHandle?: string | null; target: string }[],
): Graph {
  return {
    nodes: nodes.map((n) => ({ id: n.id, type: n.data.type, typeVersion: n.data.typeVersion, name: n.data.name, config: n.data.config })),
    edges: edges.map((e) => {
      const port = e.sourceHandle ?? 'out';
      return port === 'out' ? { from: e.source, to: e.target } : { from: e.source, port, to: e.target };
    }),
  };
}
