import { useMapping } from './MappingContext';
import { resolve } from './context';
import { hasPlaceholders, previewTemplate } from './template';
import './mapping.css';

const maxShown = 300;

/** show writes a previewed value: JSON for a typed value, the text itself for rendered text. */
export function show(value: unknown, typed: boolean): string {
  const s = typed ? (value === undefined ? 'null' : JSON.stringify(value)) : String(value);
  return s.length > maxShown ? `${s.slice(0, maxShown)}…` : s;
}

/** TemplatePreview shows what a template field gives against the samples. */
export function TemplatePreview({ value, id }: { value: string; id?: string }) {
  const m = useMapping();
  if (!m || !hasPlaceholders(value)) return null;
  const p = previewTemplate(value, m.data);
  if (p.kind === 'error') {
    return (
      <p className="preview preview-problem" id={id} aria-live="polite">
        This template cannot be read: {p.message}.
      </p>
    );
  }
  return (
    <div className="preview" id={id} aria-live="polite">
      {!(p.single && p.missing.length > 0) && (
        <p>
          <span className="preview-label">Preview:</span> <code>{show(p.value, p.single)}</code>
        </p>
      )}
      {p.missing.map((reason) => (
        <p key={reason} className="preview-missing">
          Missing: {reason}.
        </p>
      ))}
    </div>
  );
}

/** PathPreview shows the value a path field names in the samples. */
export function PathPreview({ path, id }: { path: string; id?: string }) {
  const m = useMapping();
  if (!m || path.trim() === '') return null;
  const r = resolve(m.data, path);
  return (
    <p className={r.found ? 'preview' : 'preview preview-missing'} id={id} aria-live="polite">
      {r.found ? (
        <>
          <span className="preview-label">Preview:</span> <code>{show(r.value, true)}</code>
        </>
      ) : (
        <>Missing: {r.reason}.</>
      )}
    </p>
  );
}
