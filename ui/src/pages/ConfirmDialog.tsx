import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  body: ReactNode;
  confirm: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** ConfirmDialog asks before something that cannot be undone; Escape cancels. */
export function ConfirmDialog({ title, body, confirm, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    }
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="dialog-title" onCancel={onCancel}>
      <h2 id="dialog-title">{title}</h2>
      {typeof body === 'string' ? <p>{body}</p> : body}
      <div className="row end">
        <button type="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
