// The two notices every page shows: a failure in words, announced at once,
// and a result, announced politely. Neither takes room while empty.

/** ErrorNotice shows a failure in words; nothing when there is none. */
export function ErrorNotice({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <p className="notice error" role="alert">
      {error}
    </p>
  );
}

/** StatusNotice shows what an action did; nothing when there is none. */
export function StatusNotice({ text }: { text?: string }) {
  if (!text) return null;
  return (
    <p className="notice" role="status">
      {text}
    </p>
  );
}
