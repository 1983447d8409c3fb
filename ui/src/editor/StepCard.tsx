import { Handle, Position, type NodeProps } from '@xyflow/react';
import { portsOf, type StepNode } from './graph';
import { useEditorInfo } from './EditorContext';

/** StepCard draws one node: its input on the left, one handle per output port on the right. */
export function StepCard({ id, data, selected }: NodeProps<StepNode>) {
  const { specs, problems } = useEditorInfo();
  const spec = specs.get(data.type);
  const ports = portsOf(spec, data.config);
  const count = problems.filter((p) => p.nodeId === id).length;
  const kind = spec?.kind ?? 'action';
  const title = data.name || spec?.label || data.type;
  const sub = `${spec ? spec.label : `Unknown type ${data.type}`} · ${id}`;
  return (
    <div className={`step step-${kind}${selected ? ' selected' : ''}${count ? ' has-problem' : ''}`}>
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
