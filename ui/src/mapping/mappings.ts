// A trigger's named mappings (config.mappings: [{name, path}]), as a click
// in the captured request edits them.
import type { Config } from '../api/types';
import { suggestName } from '../json/path';

type Mapping = { name?: string; path?: string };

function mappingsOf(config: Config): Mapping[] {
  return Array.isArray(config.mappings) ? (config.mappings as Mapping[]) : [];
}

/**
 * addMapping maps path to a variable: a path already mapped stays as it
 * is, a mapping without a path yet gets this one, otherwise a new mapping
 * is added, named after the path's last key and made unique.
 */
export function addMapping(config: Config, path: string): Config {
  const mappings = mappingsOf(config);
  if (mappings.some((m) => m.path === path)) return config;
  const open = mappings.findIndex((m) => !m.path);
  if (open >= 0) {
    const next = mappings.map((m, i) => (i === open ? { name: m.name || uniqueName(mappings, path), path } : m));
    return { ...config, mappings: next };
  }
  return { ...config, mappings: [...mappings, { name: uniqueName(mappings, path), path }] };
}

function uniqueName(mappings: Mapping[], path: string): string {
  const taken = new Set(mappings.map((m) => m.name));
  const base = suggestName(path);
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  return name;
}
