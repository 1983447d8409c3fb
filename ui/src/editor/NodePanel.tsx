import type { Config, Credential, Flow, NodeSpec, Problem, Sample, Step } from '../api/types';
import { eventPickerFields, TriggerPanel } from '../capture/TriggerPanel';
import { SpecForm } from '../forms/SpecForm';
import { usePick } from '../forms/PickContext';
import { JsonTree } from '../json/JsonTree';
import type { Graph } from '../mapping/context';
import { MappingProvider } from '../mapping/MappingContext';
import { useEditorInfo } from './EditorContext';
import type { Inlet, StepData } from './graph';
import { historyScope } from './history';
import { TestStep } from './TestStep';

/** Upstream is a node before the selected one, with the words to name it. */
export interface Upstream {
  id: string;
  label: string;
}

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
  /** Every node's sample, by node id. */
  samples: Record<string, Sample>;
  /** The nodes before this one other than the trigger, nearest first. */
  upstream: Upstream[];
  onSamplesChange: () => void;
  /** Shows the problems a test met, on the canvas and the fields. */
  onProblems: (problems: Problem[]) => void;
  /** The ports that may lead into this step, and the ones that do (see inletValue). */
  inlets: Inlet[];
  incoming: string[];
  /** Makes one port the only way into this step; "" disconnects it. */
  onInlet: (value: string) => void;
  onChange: (next: StepData) => void;
  onDelete: () => void;
  /** Saves unsaved changes, so that the server captures and tests the draft as shown; throws when it could not. */
  ensureSaved: () => Promise<void>;
  /** The flow as edited, for the field picker and the previews. */
  graph: Graph;
}

/** NodePanel is the side panel of the selected node: its form, a test of it, and the data to map from. */
export function NodePanel(props: Props) {
  const { flow, nodeId, data, spec, problems, credentials, samples, onChange, onDelete } = props;
  const setConfig = (config: Config) => onChange({ ...data, config });
  const own = problems.filter((p) => p.nodeId === nodeId);
  const isTrigger = spec?.kind === 'trigger';
  const isEvent = data.type === 'event';
  const fields = spec ? (isEvent ? spec.fields.filter((f) => !eventPickerFields.includes(f.name)) : spec.fields) : [];
  const historyAttr = { [historyScope]: '' };
  const { specs } = useEditorInfo();
  const triggerSpecs = [...specs.values()].filter((s) => s.kind === 'trigger');
  return (
    <aside className="panel" aria-label="Step settings">
      <header>
        <h2>{spec?.label ?? data.type}</h2>
        <p className="muted small">
          Step id <code>{nodeId}</code>
        </p>
        {spec?.description && <p className="field-help">{spec.description}</p>}
      </header>
      <div className="field" {...historyAttr}>
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
      {!isTrigger && <InletPicker inlets={props.inlets} incoming={props.incoming} onInlet={props.onInlet} />}
      {isTrigger && triggerSpecs.length > 1 && (
        <div className="field">
          <label htmlFor="trigger-type" className="field-label">
            Starts on
          </label>
          <select
            id="trigger-type"
            value={data.type}
            onChange={(e) => {
              const next = triggerSpecs.find((s) => s.type === e.target.value);
              if (next) onChange({ type: next.type, typeVersion: next.version, config: {} });
            }}
          >
            {triggerSpecs.map((s) => (
              <option key={s.type} value={s.type}>
                {s.label}
              </option>
            ))}
          </select>
          <p className="field-help">Changing it starts the trigger's settings afresh; Undo brings them back.</p>
        </div>
      )}
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
          beforeCapture={props.ensureSaved}
          sample={samples[nodeId]}
          onSampleChange={props.onSamplesChange}
          problems={own}
        />
      )}
      {spec && (
        <div {...historyAttr}>
          <MappingProvider flowId={flow.id} nodeId={nodeId} graph={props.graph} specs={specs}>
            <SpecForm
              fields={fields}
              value={data.config}
              onChange={setConfig}
              problems={own}
              credentials={credentials}
              nodeType={data.type}
            />
          </MappingProvider>
        </div>
      )}
      {spec && (
        <TestStep
          flowId={flow.id}
          nodeId={nodeId}
          sample={isTrigger ? undefined : samples[nodeId]}
          beforeTest={props.ensureSaved}
          onTested={(st: Step) => st.status === 'succeeded' && props.onSamplesChange()}
          onProblems={props.onProblems}
        />
      )}
      {!isTrigger && props.triggerId && (
        <DataToUse triggerSample={samples[props.triggerId]} vars={props.vars} upstream={props.upstream} samples={samples} />
      )}
      {!isTrigger && (
        <button type="button" className="danger" onClick={onDelete}>
          Delete step
        </button>
      )}
    </aside>
  );
}

interface DataProps {
  triggerSample: Sample | undefined;
  vars: string[];
  upstream: Upstream[];
  samples: Record<string, Sample>;
}

/** DataToUse shows the trigger's data, its variables and the output of the steps before, to click into the focused field. */
function DataToUse({ triggerSample, vars, upstream, samples }: DataProps) {
  const { target } = usePick();
  const pick = (path: string) => target?.apply(path);
  const tested = upstream.filter((u) => samples[u.id] !== undefined);
  const untested = upstream.filter((u) => samples[u.id] === undefined);
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
      <h4>Trigger</h4>
      {triggerSample === undefined ? (
        <p className="muted small">No captured request yet: use Capture Response on the trigger.</p>
      ) : (
        <JsonTree value={triggerSample.data} rootPath="trigger" onPick={pick} openDepth={1} />
      )}
      {tested.map((u) => (
        <div key={u.id}>
          <h4>{u.label}</h4>
          <JsonTree value={samples[u.id]!.data} rootPath={`nodes.${u.id}`} onPick={pick} openDepth={1} />
        </div>
      ))}
      {untested.length > 0 && (
        <p className="muted small">
          Test {untested.map((u) => `“${u.label}”`).join(', ')} to use {untested.length === 1 ? 'its' : 'their'} output here.
        </p>
      )}
    </details>
  );
}

/**
 * InletPicker connects a step from the keyboard or without aiming at small
 * handles: choosing the step (and port) it runs after replaces the arrows
 * into it, as one undo step.
 */
function InletPicker({ inlets, incoming, onInlet }: Pick<Props, 'inlets' | 'incoming' | 'onInlet'>) {
  const several = incoming.length > 1;
  return (
    <div className="field">
      <label htmlFor="step-inlet" className="field-label">
        Runs after
      </label>
      <select id="step-inlet" value={several ? 'several' : (incoming[0] ?? '')} onChange={(e) => onInlet(e.target.value)}>
        <option value="">Nothing yet: not connected, never runs</option>
        {several && (
          <option value="several" disabled>
            {incoming.length} steps, as the arrows on the canvas show
          </option>
        )}
        {inlets.map((i) => (
          <option key={i.value} value={i.value}>
            {i.label}
          </option>
        ))}
      </select>
      <p className="field-help">The step whose output leads here, as an arrow on the canvas does. Choosing one replaces the arrows into this step.</p>
    </div>
  );
}
