// The installation's settings as the studio calls them: channels (business
// numbers; their list is in ../catalog/api), credentials and API keys.
import { must, request } from '../api/client';
import type { components, paths } from '../api/schema';
import type { Channel } from '../catalog/api';

type Schemas = components['schemas'];

export type { Channel };

export type ChannelInput = Schemas['ChannelInput'];
export type Credential = Schemas['Credential'];
export type CredentialInput = Schemas['CredentialInput'];
export type CredentialType = Schemas['CredentialType'];
export type CredentialField = Schemas['CredentialField'];
export type APIKey = Schemas['APIKey'];
/** CredentialUse is a flow whose steps name a credential. */
export type CredentialUse =
  paths['/api/credentials/{id}/uses']['get']['responses']['200']['content']['application/json']['items'][number];

/** NewKey is the answer to a key's creation: the only time the key itself is shown. */
export interface NewKey {
  key: string;
  apiKey: APIKey;
  message: string;
}

const enc = encodeURIComponent;

export const settingsApi = {
  addChannel: (body: ChannelInput) => must(request<Channel>('POST', '/api/channels', { body })),
  removeChannel: (number: string) => request<null>('DELETE', `/api/channels/${enc(number)}`),

  credentialTypes: async () => (await must(request<{ items: CredentialType[] }>('GET', '/api/credential-types'))).items,
  credentials: async () => (await must(request<{ items: Credential[] }>('GET', '/api/credentials'))).items,
  createCredential: (body: CredentialInput) => must(request<Credential>('POST', '/api/credentials', { body })),
  updateCredential: (id: string, body: CredentialInput) => must(request<Credential>('PUT', `/api/credentials/${enc(id)}`, { body })),
  /** deleteCredential deletes even a credential flows use: the studio asks first, naming them. */
  deleteCredential: (id: string) => request<null>('DELETE', `/api/credentials/${enc(id)}?force=true`),
  credentialUses: async (id: string) =>
    (await must(request<{ items: CredentialUse[] }>('GET', `/api/credentials/${enc(id)}/uses`))).items,

  keys: async () => (await must(request<{ items: APIKey[] }>('GET', '/api/keys'))).items,
  createKey: (name: string, admin: boolean) => must(request<NewKey>('POST', '/api/keys', { body: { name, admin } })),
  deleteKey: (id: string) => request<null>('DELETE', `/api/keys/${enc(id)}`),
  /** currentKey is the key this browser is signed in with. */
  currentKey: async () => (await must(request<{ apiKey: APIKey }>('GET', '/api/session'))).apiKey,
};
