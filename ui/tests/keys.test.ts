// The window's shortcuts: one table of keys for every page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { keyAction } from "../src/keys";

const press = (key: string, o: { ctrl?: boolean; alt?: boolean; typing?: boolean; composing?: boolean } = {}) =>
  keyAction({ key, ctrl: o.ctrl ?? false, alt: o.alt ?? false, typing: o.typing ?? false, composing: o.composing });

test("Ctrl+N, Ctrl+F and Ctrl+S are new, find and save, in a text box too", () => {
  assert.equal(press("n", { ctrl: true }), "new");
  assert.equal(press("F", { ctrl: true, typing: true }), "find");
  assert.equal(press("s", { ctrl: true, typing: true }), "save");
  assert.equal(press("x", { ctrl: true }), null);
  assert.equal(press("s", { ctrl: true, alt: true }), null);
});

test("Esc goes back and ? opens the help, except while typing a question mark", () => {
  assert.equal(press("Escape"), "back");
  assert.equal(press("?"), "help");
  assert.equal(press("?", { typing: true }), null);
});

test("no key is a shortcut while a Chinese input method is composing", () => {
  assert.equal(press("Escape", { composing: true }), null);
  assert.equal(press("s", { ctrl: true, composing: true }), null);
});
