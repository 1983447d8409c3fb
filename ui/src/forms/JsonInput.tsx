import { useEffect, useState } from 'react';

interface Props {
  id: string;
  value: unknown;
  onChange: (v: unknown) => void;
  'aria-describedby'?: string;
  placeholder?: string;
}

function show(v: unknown): string {
  return v === undefined ? '' : JSON.stringify(v, null, 2);
}

/** JsonInput edits any JSON value as text, and keeps text that does not parse until it does. */
export function JsonInput({ id, value, onChange, placeholder, ...rest }: Props) {
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
  return (
    <>
      <textarea
        id={id}
        className="mono"
        rows={5}
        value={text}
        placeholder={placeholder}
        aria-describedby={rest['aria-describedby']}
        aria-invalid={error !== '' || undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') {
            setError('');
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(e.target.value));
            setError('');
          } catch {
            setError('This is not valid JSON yet: check quotes, commas and brackets.');
          }
        }}
      />
      {error && <p className="field-problem">{error}</p>}
    </>
  );
}
