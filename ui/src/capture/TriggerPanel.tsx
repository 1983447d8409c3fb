import { useEffect, useRef, useState } from 'react';
import type { Config, Flow, Problem, Sample } from '../api/types';
import { JsonTree } from '../json/JsonTree';
import { usePick } from '../forms/PickContext';
import { problemsFor } from '../forms/visibility';
import { eventTypes, type EventType } from '../catalog/api';
import { TriggerChannelsPicker, TriggerEventsPicker } from './EventPicker';
import { Inbox } from './Inbox';
import { addMapping } from '../mapping/mappings';
import { captureWait, useCapture } from './useCapture';
import './capture.css';

interface Props {
  flow: Flow;
  nodeId: string;
  type: string;
  config: Config;
  onConfigChange: (next: Config) => void;
  /** Saves unsaved changes, so the server knows the trigger being captured. */
  beforeCapture: () => Promise<void>;
  /** The trigger's sample, as the server has it. */
  sample: Sample | undefined;
  /** Called when the server's sample changed (captured, or chosen from the inbox). */
  onSampleChange: () => void;
  /** The problems of this node. */
  problems: Problem[];
}

/** The field names of the event trigger that this panel sets instead of the generic form. */
export const eventPickerFields = ['eventTypes', 'channels'];

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Shown is the data the panel shows and where it came from. */
interface Shown {
  data: unknown;
  note: string;
}

/**
 * shownData picks what View Response Data shows: the sample, or for an
 * event trigger with nothing captured, the catalog's example of its first
 * event type, in the shape the trigger data takes.
 */
export function shownData(type: string, sample: Sample | undefined, config: Config, catalog: EventType[]): Shown | null {
  if (sample && sample.source !== 'catalog') {
    const when = new Date(sample.updatedAt).toLocaleString();
    const from: Record<string, string> = {
      capture: `Captured on ${when}.`,
      inbox: `Chosen from the recent requests on ${when}.`,
      manual: `Set by hand on ${when}.`,
      test: `From a test on ${when}.`,
    };
    return { data: sample.data, note: from[sample.source] ?? '' };
  }
  if (type === 'event') {
    const first = strings(config.eventTypes)[0];
    const name = first === 'COVERSATION_OPENED' ? 'CONVERSATION_OPENED' : first;
    const t = catalog.find((c) => c.name === name);
    if (t) {
      const channel = strings(config.channels)[0] ?? '';
      return {
        data: { event: { type: t.name, channel, data: t.example } },
        note: `An example of “${t.label}” from the event catalog. Capture a real event to replace it.`,
      };
    }
  }
  return sample ? { data: sample.data, note: '' } : null;
}

/**
 * TriggerPanel is the trigger's own part of the side panel: its webhook URL
 * or its events and business numbers, Capture Response, the recent
 * requests, and the response data as a tree whose fields map into
 * variables with a click.
 */
export function TriggerPanel(props: Props) {
  const { flow, nodeId, type, config, onConfigChange, beforeCapture, sample, onSampleChange, problems } = props;
  const { state, start, cancel } = useCapture(flow.id, nodeId);
  const [catalog, setCatalog] = useState<EventType[]>([]);
  const [copied, setCopied] = useState(false);
  const [showData, setShowData] = useState(true);
  const [search, setSearch] = useState('');
  const [inboxReload, setInboxReload] = useState(0);
  const { target, setTarget } = usePick();
  const url = flow.trigger.webhookUrl ?? '';
  const isEvent = type === 'event';
  const noun = isEvent ? 'event' : 'request';

  useEffect(() => {
    if (!isEvent) return;
    let live = true;
    eventTypes().then(
      (c) => live && setCatalog(c),
      () => live && setCatalog([]),
    );
    return () => {
      live = false;
    };
  }, [isEvent]);
  // The editor hands a new onSampleChange on every render: call the latest.
  const sampleChanged = useRef(onSampleChange);
  sampleChanged.current = onSampleChange;
  useEffect(() => {
    if (state.phase !== 'captured') return;
    setShowData(true);
    setInboxReload((n) => n + 1);
    sampleChanged.current();
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
  const setList = (field: string) => (next: string[]) => {
    const c = { ...config };
    if (next.length) c[field] = next;
    else delete c[field];
    onConfigChange(c);
  };

  const captured = state.phase === 'captured' ? state.entry : undefined;
  const shown: Shown | null = captured
    ? { data: captured.data, note: `Captured on ${new Date(captured.receivedAt).toLocaleString()}.` }
    : shownData(type, sample, config, catalog);

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
      {isEvent && (
        <>
          <TriggerEventsPicker
            value={strings(config.eventTypes)}
            onChange={setList('eventTypes')}
            problems={problemsFor(problems, 'eventTypes')}
          />
          <TriggerChannelsPicker
            value={strings(config.channels)}
            onChange={setList('channels')}
            problems={problemsFor(problems, 'channels')}
          />
        </>
      )}

      <div className="capture">
        {state.phase === 'waiting' ? (
          <div className="capture-waiting" role="status">
            <span className="spinner" aria-hidden="true" />
            Waiting for {isEvent ? 'an event' : 'a request'}… {state.elapsed}s of {captureWait}s.{' '}
            {isEvent ? 'Make it happen on the platform now.' : 'Send one to the URL now.'}
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
          <p className="notice">
            No {noun} came in {captureWait} seconds. {isEvent ? 'Make one happen' : 'Send one to the URL'} and try again.
          </p>
        )}
        {state.phase === 'error' && (
          <p className="notice error" role="alert">
            {state.message}
          </p>
        )}
      </div>

      {shown === null ? (
        <p className="muted">
          No response data yet. Click Capture Response, then {isEvent ? 'make the event happen' : 'send a request to the URL'}:
          its fields show here, and a click on a field maps it.
        </p>
      ) : (
        <div className="sample">
          <button
            type="button"
            className="link sample-toggle"
            aria-expanded={showData}
            onClick={() => setShowData(!showData)}
          >
            {showData ? 'Hide Response Data' : 'View Response Data'}
          </button>
          {shown.note && <p className="muted small">{shown.note}</p>}
          {showData && (
            <>
              <input
                type="search"
                aria-label="Search the response data"
                placeholder="Search fields and values"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
              />
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
              <JsonTree value={shown.data} onPick={pick} openDepth={isEvent ? 4 : 3} search={search} showTypes />
            </>
          )}
        </div>
      )}

      <Inbox
        flowId={flow.id}
        nodeId={nodeId}
        noun={noun}
        reload={inboxReload}
        onChosen={() => {
          // The chosen entry replaces what was captured.
          if (state.phase === 'captured') cancel();
          onSampleChange();
        }}
      />
    </section>
  );
}
