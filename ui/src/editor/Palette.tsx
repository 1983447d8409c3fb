import type { NodeSpec } from '../api/types';

export const dragType = 'application/x-hookflow-node-type';

const groups: { kind: NodeSpec['kind']; title: string }[] = [
  { kind: 'trigger', title: 'Triggers' },
  { kind: 'logic', title: 'Logic' },
  { kind: 'action', title: 'Actions' },
];

interface Props {
  specs: NodeSpec[];
  /** Adds a node of the type in the middle of the view (keyboard and click). */
  onAdd: (type: string) => void;
}

/** Palette lists the node types to drag onto the canvas, grouped by kind. */
export function Palette({ specs, onAdd }: Props) {
  return (
    <nav className="palette" aria-label="Node types">
      {groups.map((g) => {
        const items = specs.filter((s) => s.kind === g.kind);
        if (items.length === 0) return null;
        return (
          <section key={g.kind}>
            <h3>{g.title}</h3>
            {items.map((s) => (
              <button
                key={s.type}
                type="button"
                className={`palette-item palette-${s.kind}`}
                draggable
                title={s.description}
                onDragStart={(e) => {
                  e.dataTransfer.setData(dragType, s.type);
                  e.dataTransfer.effectAllowed = 'move';
                }}
                onClick={() => onAdd(s.type)}
              >
                {s.label}
              </button>
            ))}
          </section>
        );
      })}
      <p className="muted small">Drag a step onto the canvas, or click it to add it.</p>
    </nav>
  );
}
