import type { Config, NodeField } from '../api/types';

/** valueOf is a field's value in obj, or its default when absent. */
export function valueOf(field: NodeField | undefined, obj: Config, name: string): unknown {
  const v = obj[name];
  return v === undefined ? field?.default : v;
}

/**
 * applies says whether a field is in use for the current values: a field
 * with `when` applies only while its sibling has one of the listed values.
 * A field that does not apply is neither shown nor required.
 */
export function applies(field: NodeField, obj: Config, siblings: NodeField[]): boolean {
  const when = field.when;
  if (!when?.field) return true;
  const other = siblings.find((f) => f.name === when.field);
  const v = valueOf(other, obj, when.field);
  return (when.equals ?? []).includes(v === undefined || v === null ? '' : String(v));
}

/** problemsFor picks the messages of one field (and its items: rules[1].field). */
export function problemsFor(problems: { field: string; message: string }[], name: string): string[] {
  return problems
    .filter((p) => p.field === name || p.field.startsWith(`${name}[`) || p.field.startsWith(`${name}.`))
    .map((p) => (p.field === name ? p.message : `${p.field}: ${p.message}`));
}
