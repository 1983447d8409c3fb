import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Config, Credential, Flow, NodeSpec, Problem } from '../api/types';
import { TriggerPanel } from '../capture/TriggerPanel';
import { SpecForm } from '../forms/SpecForm';
import { usePick } from '../forms/PickContext';
import { JsonTree } from '../json/JsonTree';
import type { Graph } from '../mapping/context';
import { MappingProvider } from '../mapping/MappingContext';
import { useEditorInfo } from './EditorContext';
import type { StepData } from './graph';

interface Props {
  flow: Flow;
  nodeId: string;
  data: StepData;
  spec: NodeSpec | undefined;
  triggerId: string | undefined;
  /** Variables the trigger's mappings declare. */
  vars: string[];
  problems: Problem[];
  credentials: Credential[];
  onChange: (next: StepData) => void;
  onDelete: () => void;
  beforeCapture: () => Promise<void>;
  /** The flow as edited, for the field picker and the previews. */
  graph: Graph;
}

/** NodePanel is the side panel of the selected node: its form, and its data to map from. */
export function NodePanel(props: Props) {
  const { flow, nodeId, data, spec, problems, credentials, onChange, onDelete } = props;
  const setConfig = (config: Config) => onChange({ ...data, config });
  const own = problems.filter((p) => p.nodeId === nodeId);
  const isTrigger = spec?.kind === 'trigger';
  const { specs } = useEditorInfo();
  return (
    <aside className="panel" aria-label="Step settings">
      <header>
        <h2>{spec?.label ?? data.type}</h2>
        <p className="muted small">
          Step id <code>{nodeId}</code>
        </p>
        {spec?.description && <p className="field-help">{spec.description}</p>}
      </header>
      <div className="field">
        <label htmlFor="step-name" className="field-label">
          Name on the canvas
        </label>
        <input
          id="step-name"
          value={data.name ?? ''}
          placeholder={spec?.label}
          onChange={(e) => onChange({ ...data, name: e.target.value || undefined })}
        />
      </div>
      {own
        .filter((p) => p.field === '' || !spec?.fields.some((f) => p.field === f.name || p.field.startsWith(`${f.name}[`)))
        .map((p) => (
          <p key={p.field + p.message} className="notice error" role="alert">
            {p.message}
          </p>
        ))}
      {!spec && <p className="notice error">This hookflow does not know the step type “{data.type}”.</p>}
      {isTrigger && (
        <TriggerPanel
          flow={flow}
          nodeId={nodeId}
          type={data.type}
          config={data.config}
          onConfigChange={setConfig}
          beforeCapture={props.beforeCapture}
        />
      )}
      {spec && (
        <MappingProvider flowId={flow.id} nodeId={nodeId} graph={props.graph} specs={specs}>
          <SpecForm
            fields={spec.fields}
            value={data.config}
            onChange={setConfig}
            problems={own}
            credentials={credentials}
            nodeType={data.type}
          />
        </MappingProvider>
      )}
      {!isTrigger && props.triggerId && <TriggerData flowId={flow.id} triggerId={props.triggerId} vars={props.vars} />}
      {!isTrigger && (
        <button type="button" className="danger" onClick={onDelete}>
          Delete step
        </button>
      )}
    </aside>
  );
}

/** TriggerData shows the trigger's sample and variables, to click into the focused field. */
function TriggerData({ flowId, triggerId, vars }: { flowId: string; triggerId: string; vars: string[] }) {
  const [sample, setSample] = useState<unknown>(undefined);
  const { target } = usePick();
  useEffect(() => {
    let live = true;
    api
      .samples(flowId)
      .then((s) => live && setSample(s[triggerId]?.data))
      .catch(() => live && setSample(undefined));
    return () => {
      live = false;
    };
  }, [flowId, triggerId]);
  const pick = (path: string) => target?.apply(path);
  return (
    <details className="trigger-data" open>
      <summary>Data to use</summary>
      <p className="field-help">
        {target ? `Click a value to put it into “${target.label}”.` : 'Click into a field above, then click a value here.'}
      </p>
      {vars.length > 0 && (
        <ul className="vars">
          {vars.map((v) => (
            <li key={v}>
              <button type="button" className="json-key" onClick={() => pick(`vars.${v}`)}>
                vars.{v}
              </button>
            </li>
          ))}
        </ul>
      )}
      {sample === undefined ? (
        <p className="muted small">No captured request yet: use Capture Response on the trigger.</p>
      ) : (
        <JsonTree value={sample} rootPath="trigger" onPick={pick} openDepth={1} />
      )}
    </details>
  );
}
