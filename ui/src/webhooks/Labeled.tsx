import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

/** Labeled is a field whose label names only its control (given its id here); help and problems follow it. */
export function Labeled({ label, after, children }: { label: string; after?: ReactNode; children: ReactElement<{ id?: string }> }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {cloneElement(children, { id })}
      {after}
    </div>
  );
}
