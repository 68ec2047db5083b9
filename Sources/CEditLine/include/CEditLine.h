#ifndef CEDITLINE_H
#define CEDITLINE_H

// Typed wrappers for libedit's variadic el_set, el_get and history calls,
// which Swift cannot call directly. Every wrapper forwards to one operation.

#include <histedit.h>
#include <stdio.h>

typedef char *(*CEditLinePromptFunction)(EditLine *);

// Opens an editor on the process's standard streams, which Swift 6 cannot
// name as globals without a concurrency error.
static inline EditLine *CEditLine_initStandard(const char *program) {
  return el_init(program, stdin, stdout, stderr);
}

static inline void CEditLine_flushStandardOutput(void) {
  fflush(stdout);
}
typedef unsigned char (*CEditLineCommandFunction)(EditLine *, int);

static inline int CEditLine_setPrompt(EditLine *editor, CEditLinePromptFunction prompt) {
  return el_set(editor, EL_PROMPT, prompt);
}

static inline int CEditLine_setEditor(EditLine *editor, const char *mode) {
  return el_set(editor, EL_EDITOR, mode);
}

static inline int CEditLine_setHistory(EditLine *editor, History *history) {
  return el_set(editor, EL_HIST, history, history);
}

static inline int CEditLine_setSignalHandling(EditLine *editor, int enabled) {
  return el_set(editor, EL_SIGNAL, enabled);
}

static inline int CEditLine_addFunction(EditLine *editor, const char *name, const char *help,
                                        CEditLineCommandFunction function) {
  return el_set(editor, EL_ADDFN, name, help, function);
}

static inline int CEditLine_bindKey(EditLine *editor, const char *key, const char *function) {
  return el_set(editor, EL_BIND, key, function, NULL);
}

// Sets a terminal mode flag that libedit keeps while it edits a line, such as
// "-isig", which delivers Ctrl-C to the editor as a key instead of a signal.
static inline int CEditLine_fixEditMode(EditLine *editor, const char *mode) {
  return el_set(editor, EL_SETTY, "-d", mode, NULL);
}

static inline int CEditLine_setClientData(EditLine *editor, void *data) {
  return el_set(editor, EL_CLIENTDATA, data);
}

static inline void *CEditLine_clientData(EditLine *editor) {
  void *data = NULL;
  el_get(editor, EL_CLIENTDATA, &data);
  return data;
}

static inline int CEditLine_historySetSize(History *store, HistEvent *event, int size) {
  return history(store, event, H_SETSIZE, size);
}

static inline int CEditLine_historySetUnique(History *store, HistEvent *event, int unique) {
  return history(store, event, H_SETUNIQUE, unique);
}

static inline int CEditLine_historyEnter(History *store, HistEvent *event, const char *line) {
  return history(store, event, H_ENTER, line);
}

static inline int CEditLine_historyLoad(History *store, HistEvent *event, const char *path) {
  return history(store, event, H_LOAD, path);
}

static inline int CEditLine_historySave(History *store, HistEvent *event, const char *path) {
  return history(store, event, H_SAVE, path);
}

#endif
