import { useEffect, useRef, useState } from 'react';
import { InsertField } from '../mapping/InsertField';
import { JSONPreview } from '../mapping/Preview';

interface Props {
  id: string;
  value: unknown;
  onChange: (v: unknown) => void;
  'aria-describedby'?: string;
  placeholder?: string;
  /** The field's label when its strings take {{ }} templates: the field picker is shown. */
  templates?: string;
}

function show(v: unknown): string {
  return v === undefined ? '' : JSON.stringify(v, null, 2);
}

/** JsonInput edits any JSON value as text, and keeps text that does not parse until it does. */
export function JsonInput({ id, value, onChange, placeholder, templates, ...rest }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(() => show(value));
  const [error, setError] = useState('');
  useEffect(() => {
    setText((t) => {
      try {
        return JSON.stringify(JSON.parse(t)) === JSON.stringify(value) ? t : show(value);
      } catch {
        return t;
      }
    });
  }, [value]);
  const edit = (t: string) => {
    setText(t);
    if (t.trim() === '') {
      setError('');
      onChange(undefined);
      return;
    }
    try {
      onChange(JSON.parse(t));
      setError('');
    } catch {
      setError('This is not valid JSON yet: check quotes, commas and brackets.');
    }
  };
  return (
    <>
      <div className="with-insert">
        <textarea
          ref={ref}
          id={id}
          className="mono"
          rows={5}
          value={text}
          placeholder={placeholder}
          aria-describedby={rest['aria-describedby']}
          aria-invalid={error !== '' || undefined}
          onChange={(e) => edit(e.target.value)}
        />
        {templates && <InsertField label={templates} mode="template" target={ref} value={text} onChange={edit} />}
      </div>
      {error ? <p className="field-problem">{error}</p> : templates && <JSONPreview value={value} />}
    </>
  );
}
