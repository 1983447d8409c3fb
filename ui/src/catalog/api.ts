// The event catalog and the channels (business numbers and chat sources)
// that event triggers, outbound webhooks and the settings pick from.
import { must, request } from '../api/client';
import type { components } from '../api/schema';

export type EventType = components['schemas']['EventType'];
export type Channel = components['schemas']['Channel'];

let eventTypesOnce: Promise<EventType[]> | null = null;

/** eventTypes is the platform-event catalog; it is asked for once a page load. */
export function eventTypes(): Promise<EventType[]> {
  eventTypesOnce ??= must(request<{ items: EventType[] }>('GET', '/api/event-types')).then(
    (r) => r.items,
    (err: unknown) => {
      eventTypesOnce = null;
      throw err;
    },
  );
  return eventTypesOnce;
}

/** channels lists the business numbers and chat sources. */
export async function channels(): Promise<Channel[]> {
  return (await must(request<{ items: Channel[] }>('GET', '/api/channels'))).items;
}
