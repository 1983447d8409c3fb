import { channels, eventTypes } from '../catalog/api';
import { ChannelPicker, EventTypePicker } from '../catalog/Pickers';
import { useLoaded } from '../catalog/useLoaded';

interface Props {
  value: string[];
  onChange: (next: string[]) => void;
  problems: string[];
}

/** TriggerEventsPicker chooses the platform events that start the flow. */
export function TriggerEventsPicker({ value, onChange, problems }: Props) {
  const { data, error } = useLoaded(eventTypes);
  return (
    <EventTypePicker
      types={data}
      error={error}
      value={value}
      onChange={onChange}
      problems={problems}
      heading={
        <>
          Events<span className="required" aria-label="required" title="required">*</span>
        </>
      }
      help={`The events that start the flow. ${value.length === 0 ? 'Pick at least one.' : `${value.length} chosen.`}`}
    />
  );
}

/**
 * TriggerChannelsPicker chooses the business numbers (WABA numbers) and
 * chat sources whose events start the flow; none means all of them. A
 * number not registered yet can be typed in.
 */
export function TriggerChannelsPicker({ value, onChange, problems }: Props) {
  const { data, error } = useLoaded(channels);
  return (
    <ChannelPicker
      channels={data}
      error={error}
      value={value}
      onChange={onChange}
      problems={problems}
      typing
      heading="Business numbers"
      help={
        value.length === 0
          ? 'None chosen: the flow starts for events of every business number and chat source.'
          : 'The flow starts only for events of these numbers and chat sources.'
      }
      empty="No business numbers are registered yet. Type one below."
    />
  );
}
