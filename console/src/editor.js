// The SQL editor: CodeMirror 6 with SQL highlighting; Ctrl/Cmd+Enter runs the statement.
import { basicSetup } from 'codemirror';
import { EditorView, keymap } from '@codemirror/view';
import { Prec } from '@codemirror/state';
import { sql, StandardSQL } from '@codemirror/lang-sql';

export function createEditor(parent, initialText, onRun) {
  const runKey = Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => { onRun(); return true; } }]));
  const view = new EditorView({
    doc: initialText,
    extensions: [basicSetup, sql({ dialect: StandardSQL, upperCaseKeywords: true }), runKey, EditorView.lineWrapping],
    parent,
  });
  return {
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
  };
}
