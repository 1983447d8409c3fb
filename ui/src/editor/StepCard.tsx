import { Handle, Position, type NodeProps } from '@xyflow/react';
import { portsOf, stepName, stepSubtitle, type StepNode } from './graph';
import { useEditorInfo } from './EditorContext';

/** StepCard draws one node: its input on the left, one handle per output port on the right. */
export function StepCard({ id, data, selected }: NodeProps<StepNode>) {
  const { specs, problems, unconnected } = useEditorInfo();
  const spec = specs.get(data.type);
  const ports = portsOf(spec, data.config);
  const count = problems.filter((p) => p.nodeId === id).length;
  const kind = spec?.kind ?? 'action';
  const title = stepName(data, spec, data.type);
  const sub = stepSubtitle(spec, data, id);
  const loose = unconnected?.has(id) ?? false;
  return (
    <div className={`step step-${kind}${selected ? ' selected' : ''}${count ? ' has-problem' : ''}${loose ? ' unconnected' : ''}`}>
      {kind !== 'trigger' && <Handle type="target" position={Position.Left} id="in" />}
      <div className="step-head">
        <span className="step-kind">{kind}</span>
        {count > 0 && (
          <span className="step-problems" title={`${count} problem(s) to fix`}>
            {count}
          </span>
        )}
      </div>
      <div className="step-title" title={title}>
        {title}
      </div>
      <div className="step-sub" title={sub}>
        {sub}
      </div>
      {loose && (
        <div className="step-unconnected" title="No path of arrows leads here from the trigger. Drag from a step's output to this step's left edge, or delete it.">
          Not connected: never runs
        </div>
      )}
      {ports.length > 0 && (
        <ul className="step-ports">
          {ports.map((p) => (
            <li key={p.name} className={p.error ? 'port port-error' : 'port'}>
              {ports.length > 1 && <span>{p.label}</span>}
              <Handle type="source" position={Position.Right} id={p.name} className={p.error ? 'handle-error' : undefined} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
