import { useMapping } from './MappingContext';
import { resolve } from './context';
import { hasPlaceholders, hasTemplates, previewJSON, previewTemplate, type Preview } from './template';
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
  return <PreviewOf p={previewTemplate(value, m.data)} id={id} />;
}

/** JSONPreview shows what a JSON field whose strings hold templates gives against the samples. */
export function JSONPreview({ value, id }: { value: unknown; id?: string }) {
  const m = useMapping();
  if (!m || !hasTemplates(value)) return null;
  return <PreviewOf p={previewJSON(value, m.data)} id={id} block />;
}

/** PreviewOf shows a preview: the value (a block of indented JSON when block is set), then what was missing. */
function PreviewOf({ p, id, block }: { p: Preview; id?: string; block?: boolean }) {
  if (p.kind === 'error') {
    return (
      <p className="preview preview-problem" id={id} aria-live="polite">
        This template cannot be read: {p.message}.
      </p>
    );
  }
  return (
    <div className="preview" id={id} aria-live="polite">
      {block ? (
        <>
          <p className="preview-label">Preview:</p>
          <pre className="preview-block">{showBlock(p.value)}</pre>
        </>
      ) : (
        !(p.single && p.missing.length > 0) && (
          <p>
            <span className="preview-label">Preview:</span> <code>{show(p.value, p.single)}</code>
          </p>
        )
      )}
      {p.missing.map((reason) => (
        <p key={reason} className="preview-missing">
          Missing: {reason}.
        </p>
      ))}
    </div>
  );
}

const maxBlock = 2000;

/** showBlock writes a value as indented JSON, cut short past maxBlock characters. */
function showBlock(value: unknown): string {
  const s = JSON.stringify(value, null, 2) ?? 'null';
  return s.length > maxBlock ? `${s.slice(0, maxBlock)}\n…` : s;
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
