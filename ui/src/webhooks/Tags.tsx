/** Tags lists short values (event names, numbers), the first few and how many more. */
export function Tags({ values, label, max = 6 }: { values: string[]; label: string; max?: number }) {
  if (values.length === 0) return <span className="muted">none</span>;
  const shown = values.slice(0, max);
  return (
    <ul className="wh-tags" aria-label={label}>
      {shown.map((v) => (
        <li key={v}>{v}</li>
      ))}
      {values.length > shown.length && <li title={values.slice(max).join(', ')}>+{values.length - shown.length} more</li>}
    </ul>
  );
}
