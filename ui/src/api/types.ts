// Names for the API's shapes, generated from server/openapi.yaml into
// schema.d.ts (npm run gen:api).
import type { components } from './schema';

type Schemas = components['schemas'];

export type Flow = Schemas['Flow'];
export type FlowInput = Schemas['FlowInput'];
export type FlowNode = Schemas['Node'];
export type FlowEdge = Schemas['Edge'];
export type NodeSpec = Schemas['NodeSpec'];
export type NodeField = Schemas['NodeField'];
export type FieldKind = NodeField['kind'];
export type Problem = Schemas['Problem'];
export type Run = Schemas['Run'];
export type Step = Schemas['Step'];
export type InboxEntry = Schemas['InboxEntry'];
export type Sample = Schemas['Sample'];
export type Credential = Schemas['Credential'];
export type APIKey = Schemas['APIKey'];
export type ApiErrorBody = Schemas['Error'];

/** A JSON value as the API sends it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A node's config object. */
export type Config = Record<string, unknown>;
