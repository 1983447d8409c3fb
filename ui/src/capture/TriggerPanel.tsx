import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Config, Flow } from '../api/types';
import { JsonTree } from '../json/JsonTree';
import { usePick } from '../forms/PickContext';
import { samplesChanged } from '../mapping/api';
import { addMapping } from '../mapping/mappings';
import { captureWait, useCapture } from './useCapture';

interface Props {
  flow: Flow;
  nodeId: string;
  type: string;
  config: Config;
  onConfigChange: (next: Config) => void;
  /** Saves unsaved changes, so the server knows the trigger being captured. */
  beforeCapture: () => Promise<void>;
}

/**
 * TriggerPanel is the trigger's own part of the side panel: its webhook URL,
 * Capture Response, and the captured request as a tree whose fields map
 * into variables with a click.
 */
export function TriggerPanel({ flow, nodeId, type, config, onConfigChange, beforeCapture }: Props) {
  const { state, start, cancel } = useCapture(flow.id, nodeId);
  const [sample, setSample] = useState<unknown>(undefined);
  const [copied, setCopied] = useState(false);
  const { target, setTarget } = usePick();
  const url = flow.trigger.webhookUrl ?? '';

  useEffect(() => {
    let live = true;
    api
      .samples(flow.id)
      .then((s) => live && setSample(s[nodeId]?.data))
      .catch(() => live && setSample(undefined));
    return () => {
      live = false;
    };
  }, [flow.id, nodeId]);
  useEffect(() => {
    if (state.phase === 'captured') {
      setSample(state.entry.data);
      samplesChanged();
    }
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };

  // A click on a field fills the focused path input, or adds a mapping.
  const pick = (path: string) => {
    if (target) {
      target.apply(path);
      return;
    }
    onConfigChange(addMapping(config, path));
  };

  return (
    <section className="trigger-panel">
      {type === 'webhook' && (
        <div className="webhook-url">
          <label htmlFor="webhook-url">Webhook URL</label>
          <div className="row">
            <input id="webhook-url" className="mono" readOnly value={url} onFocus={(e) => e.target.select()} />
            <button type="button" onClick={copy} disabled={!url}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <p className="field-help">Paste this URL into the tool that sends the webhooks. Treat it as a secret.</p>
        </div>
      )}

      <div className="capture">
        {state.phase === 'waiting' ? (
          <div className="capture-waiting" role="status">
            <span className="spinner" aria-hidden="true" />
            Waiting for a request… {state.elapsed}s of {captureWait}s. Send one to the URL now.
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        ) : (
          <button type="button" className="primary" onClick={() => void start(beforeCapture)}>
            Capture Response
          </button>
        )}
        {state.phase === 'timeout' && (
          <p className="notice">No request came in {captureWait} seconds. Send one to the URL and try again.</p>
        )}
        {state.phase === 'error' && (
          <p className="notice error" role="alert">
            {state.message}
          </p>
        )}
      </div>

      {sample === undefined ? (
        <p className="muted">
          No response data yet. Click Capture Response, then send a request to the URL: its headers, query and body show
          here, and a click on a field maps it.
        </p>
      ) : (
        <div className="sample">
          <h4>Response data</h4>
          <p className="field-help">
            {target
              ? `Click a field to fill “${target.label}”.`
              : 'Click a field to map it to a variable that later steps use.'}
            {target && (
              <button type="button" className="link" onClick={() => setTarget(null)}>
                Stop filling
              </button>
            )}
          </p>
          <JsonTree value={sample} onPick={pick} openDepth={3} />
        </div>
      )}
    </section>
  );
}
