import { describe, expect, it } from 'vitest';
import { changedPath, emptyHistory, foldWindow, historyKey, ownsKeys, record, redo, undo, historyScope } from './history';

describe('history', () => {
  it('undoes and redoes in order', () => {
    let h = emptyHistory<string>();
    h = record(h, 'a');
    h = record(h, 'b');
    // present is "c"
    const u1 = undo(h, 'c')!;
    expect(u1.state).toBe('b');
    const u2 = undo(u1.history, 'b')!;
    expect(u2.state).toBe('a');
    expect(undo(u2.history, 'a')).toBeNull();
    const r1 = redo(u2.history, 'a')!;
    expect(r1.state).toBe('b');
    const r2 = redo(r1.history, 'b')!;
    expect(r2.state).toBe('c');
    expect(redo(r2.history, 'c')).toBeNull();
  });

  it('forgets the undone states when a new change comes', () => {
    let h = record(record(emptyHistory<string>(), 'a'), 'b');
    h = undo(h, 'c')!.history;
    h = record(h, 'b');
    expect(h.future).toEqual([]);
    expect(redo(h, 'x')).toBeNull();
  });

  it('keeps at most its limit of steps, dropping the oldest', () => {
    let h = emptyHistory<number>(3);
    for (let i = 0; i < 10; i++) h = record(h, i);
    expect(h.past).toEqual([7, 8, 9]);
    let present = 10;
    const seen: number[] = [];
    for (let r = undo(h, present); r; r = undo(h, present)) {
      h = r.history;
      present = r.state;
      seen.push(present);
    }
    expect(seen).toEqual([9, 8, 7]);
  });

  it('folds a burst of edits under one key into one step', () => {
    let h = emptyHistory<string>();
    h = record(h, '', 'field:name', 0);
    h = record(h, 'A', 'field:name', 200);
    h = record(h, 'As', 'field:name', 400);
    h = record(h, 'Ash', 'field:name', 400 + foldWindow + 1);
    expect(h.past).toEqual(['', 'Ash']);
    h = record(h, 'Asha', 'field:other', 1500);
    expect(h.past).toEqual(['', 'Ash', 'Asha']);
  });

  it('keeps one gesture reported as two changes once', () => {
    const state = { nodes: [1] };
    let h = record(emptyHistory<typeof state>(), state);
    h = record(h, state);
    expect(h.past).toHaveLength(1);
  });
});

describe('changedPath', () => {
  it('names the value that changed, or the list that gained an item', () => {
    const before = { name: 'Set', config: { values: [{ name: 'a', value: '' }] } };
    expect(changedPath(before, before)).toBe('');
    expect(changedPath(before, { ...before, name: 'Set 2' })).toBe('name');
    expect(changedPath(before, { ...before, config: { values: [{ name: 'ab', value: '' }] } })).toBe('config.values.0.name');
    expect(changedPath(before, { ...before, config: { values: [{ name: 'a', value: '' }, { name: '' }] } })).toBe('config.values[]');
    expect(changedPath(before, { ...before, config: { values: [{ name: 'a', value: '' }], extra: 1 } })).toBe('config.extra');
    expect(changedPath({ values: [{}] }, { values: [{ name: 'w' }] })).toBe('values.0.name');
    expect(changedPath({ a: undefined }, {})).toBe('');
  });
});

describe('historyKey', () => {
  const key = (k: string, mods: Partial<KeyboardEvent> = {}) =>
    historyKey({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  it('reads Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and Ctrl+Y', () => {
    expect(key('z', { ctrlKey: true })).toBe('undo');
    expect(key('z', { metaKey: true })).toBe('undo');
    expect(key('Z', { ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(key('z', { metaKey: true, shiftKey: true })).toBe('redo');
    expect(key('y', { ctrlKey: true })).toBe('redo');
    expect(key('z')).toBeNull();
    expect(key('x', { ctrlKey: true })).toBeNull();
    expect(key('z', { ctrlKey: true, altKey: true })).toBeNull();
  });
});

describe('ownsKeys', () => {
  it('leaves text fields outside the history to the browser', () => {
    document.body.innerHTML = `
      <div ${historyScope}><input id="in-form" /><textarea id="ta"></textarea></div>
      <input id="search" type="search" /><input id="box" type="checkbox" /><button id="btn">b</button>`;
    const el = (id: string) => document.getElementById(id);
    expect(ownsKeys(el('in-form'))).toBe(true);
    expect(ownsKeys(el('ta'))).toBe(true);
    expect(ownsKeys(el('search'))).toBe(false);
    expect(ownsKeys(el('box'))).toBe(true);
    expect(ownsKeys(el('btn'))).toBe(true);
    expect(ownsKeys(document.body)).toBe(true);
  });
});
