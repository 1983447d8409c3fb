import type { Problem } from '../api/types';

interface Props {
  problems: Problem[];
  onSelect: (nodeId: string) => void;
  /** Names where a problem is, in the words of the canvas (see problemPlace). */
  place: (p: Problem) => string;
}

/** ProblemList shows what publishing found, each problem a link to its step. */
export function ProblemList({ problems, onSelect, place }: Props) {
  if (problems.length === 0) return null;
  return (
    <div className="problems" role="alert">
      <strong>{problems.length === 1 ? '1 problem to fix before publishing' : `${problems.length} problems to fix before publishing`}</strong>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            {p.nodeId ? (
              <button type="button" className="link" onClick={() => onSelect(p.nodeId)}>
                {place(p)}
              </button>
            ) : (
              <span>{place(p)}</span>
            )}
            : {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
