/*
 * process.c: the process list (SymInitialize, SymCleanup), search paths and
 * registered callbacks.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dbghelp_private.h"

/* The process list: a small array, guarded by dbghelp_lock. */
static struct process **processes;
static size_t nprocesses, processes_cap;

/* Under the lock: the live process registered for this handle. */
static struct process *process_lookup(HANDLE handle)
{
    size_t i;

    for (i = 0; i < nprocesses; i++)
        if (processes[i]->handle == handle) return processes[i];
    return NULL;
}

struct process *process_get(HANDLE handle)
{
    struct process *pcs;

    AcquireSRWLockShared(&dbghelp_lock);
    if ((pcs = process_lookup(handle))) InterlockedIncrement(&pcs->refs);
    ReleaseSRWLockShared(&dbghelp_lock);
    return pcs;
}

struct process *process_enter(HANDLE handle)
{
    struct process *pcs = process_get(handle);

    if (!pcs) SetLastError(ERROR_INVALID_HANDLE);
    return pcs;
}

BOOL process_is_known(HANDLE handle)
{
    BOOL known;

    AcquireSRWLockShared(&dbghelp_lock);
    known = process_lookup(handle) != NULL;
    ReleaseSRWLockShared(&dbghelp_lock);
    return known;
}

void process_release(struct process *pcs)
{
    if (InterlockedDecrement(&pcs->refs)) return;
    free(pcs->search_path);
    free(pcs);
}

/* Append "sep" + src to a malloc'ed string. */
static WCHAR *append_path(WCHAR *path, const WCHAR *src)
{
    size_t len = path ? wcslen(path) : 0, add = wcslen(src);
    WCHAR *ret = realloc(path, (len + add + 2) * sizeof(WCHAR));

    if (!ret)
    {
        free(path);
        return NULL;
    }
    if (len) ret[len++] = ';';
    memcpy(ret + len, src, (add + 1) * sizeof(WCHAR));
    return ret;
}

static WCHAR *append_env(WCHAR *path, const WCHAR *var)
{
    DWORD len = GetEnvironmentVariableW(var, NULL, 0);
    WCHAR *value;

    if (!len || !path) return path;
    if (!(value = malloc(len * sizeof(WCHAR))))
    {
        free(path);
        return NULL;
    }
    if (GetEnvironmentVariableW(var, value, len) && *value) path = append_path(path, value);
    free(value);
    return path;
}

/* The default: the current directory as ".", then _NT_SYMBOL_PATH and
 * _NT_ALT_SYMBOL_PATH when set (as Wine's builtin builds it). */
static WCHAR *default_search_path(void)
{
    DWORD err = GetLastError();
    WCHAR *path = _wcsdup(L".");

    path = append_env(path, L"_NT_SYMBOL_PATH");
    path = append_env(path, L"_NT_ALT_SYMBOL_PATH");
    SetLastError(err);
    return path;
}

static WCHAR *dup_path(const WCHAR *path)
{
    WCHAR *ret;

    if (!path) return default_search_path();
    if ((ret = malloc((wcslen(path) + 1) * sizeof(WCHAR)))) wcscpy(ret, path);
    return ret;
}

BOOL WINAPI SymInitializeW(HANDLE handle, PCWSTR search_path, BOOL invade)
{
    struct process *pcs, **grown;
    BOOL live;

    if (!(pcs = calloc(1, sizeof(*pcs))) || !(pcs->search_path = dup_path(search_path)))
    {
        free(pcs);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    pcs->refs = 1;
    pcs->handle = handle;
    modindex_init(&pcs->index);
    live = process_is_live(handle);

    AcquireSRWLockExclusive(&dbghelp_lock);
    if (process_lookup(handle))
    {
        /* Current Windows refuses a second SymInitialize on one handle. */
        ReleaseSRWLockExclusive(&dbghelp_lock);
        process_release(pcs);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!live && invade)
    {
        /* Nothing to invade behind a handle that is not a process. */
        ReleaseSRWLockExclusive(&dbghelp_lock);
        process_release(pcs);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (nprocesses == processes_cap)
    {
        size_t cap = processes_cap ? processes_cap * 2 : 8;

        if (!(grown = realloc(processes, cap * sizeof(*processes))))
        {
            ReleaseSRWLockExclusive(&dbghelp_lock);
            process_release(pcs);
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return FALSE;
        }
        processes = grown;
        processes_cap = cap;
    }
    processes[nprocesses++] = pcs;
    InterlockedIncrement(&pcs->refs); /* ours for the invasion below */
    ReleaseSRWLockExclusive(&dbghelp_lock);

    if (invade) module_refresh_list(pcs);
    process_release(pcs);
    SetLastError(ERROR_SUCCESS);
    return TRUE;
}

BOOL WINAPI SymInitialize(HANDLE handle, PCSTR search_path, BOOL invade)
{
    WCHAR *pathW = NULL;
    BOOL ret;

    if (search_path && !(pathW = dbg_strdup_AtoW(search_path)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = SymInitializeW(handle, pathW, invade);
    free(pathW);
    return ret;
}

BOOL WINAPI SymCleanup(HANDLE handle)
{
    struct process *pcs;
    size_t i;

    AcquireSRWLockExclusive(&dbghelp_lock);
    for (i = 0; i < nprocesses; i++)
        if (processes[i]->handle == handle) break;
    if (i == nprocesses)
    {
        ReleaseSRWLockExclusive(&dbghelp_lock);
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    pcs = processes[i];
    memmove(processes + i, processes + i + 1, (nprocesses - i - 1) * sizeof(*processes));
    nprocesses--;
    pcs->cleaned = TRUE;
    /* Modules go now (a snapshot may keep some alive a little longer);
     * no CBA_* action is raised, as in Microsoft's and Wine's dbghelp. */
    module_remove_all(pcs);
    ReleaseSRWLockExclusive(&dbghelp_lock);
    process_release(pcs);
    return TRUE;
}

BOOL WINAPI SymSetSearchPathW(HANDLE handle, PCWSTR search_path)
{
    struct process *pcs = process_enter(handle);
    WCHAR *path, *old;

    if (!pcs) return FALSE;
    if (!(path = dup_path(search_path)))
    {
        process_release(pcs);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    AcquireSRWLockExclusive(&dbghelp_lock);
    old = pcs->search_path;
    pcs->search_path = path;
    ReleaseSRWLockExclusive(&dbghelp_lock);
    free(old);
    process_release(pcs);
    return TRUE;
}

BOOL WINAPI SymSetSearchPath(HANDLE handle, PCSTR search_path)
{
    WCHAR *pathW = NULL;
    BOOL ret;

    if (search_path && !(pathW = dbg_strdup_AtoW(search_path)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = SymSetSearchPathW(handle, pathW);
    free(pathW);
    return ret;
}

/* Copy the search path, truncated to len characters including the NUL. */
BOOL WINAPI SymGetSearchPathW(HANDLE handle, PWSTR buffer, DWORD len)
{
    struct process *pcs = process_enter(handle);
    size_t n;

    if (!pcs) return FALSE;
    if (!buffer || !len)
    {
        process_release(pcs);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    AcquireSRWLockShared(&dbghelp_lock);
    n = wcslen(pcs->search_path);
    if (n > len - 1) n = len - 1;
    memcpy(buffer, pcs->search_path, n * sizeof(WCHAR));
    buffer[n] = 0;
    ReleaseSRWLockShared(&dbghelp_lock);
    process_release(pcs);
    return TRUE;
}

BOOL WINAPI SymGetSearchPath(HANDLE handle, PSTR buffer, DWORD len)
{
    WCHAR *bufW;
    BOOL ret;

    if (!buffer || !len)
    {
        struct process *pcs = process_get(handle);

        if (pcs) process_release(pcs);
        SetLastError(pcs ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!(bufW = malloc(len * sizeof(WCHAR))))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    if ((ret = SymGetSearchPathW(handle, bufW, len))) dbg_WtoA(bufW, buffer, (int)len);
    free(bufW);
    return ret;
}

static BOOL register_callback(HANDLE handle, enum callback_kind kind, void *func, ULONG64 ctx)
{
    struct process *pcs = process_enter(handle);

    if (!pcs) return FALSE;
    AcquireSRWLockExclusive(&dbghelp_lock);
    pcs->cb_kind = func ? kind : CALLBACK_NONE;
    pcs->cb_func = func;
    pcs->cb_context = ctx;
    ReleaseSRWLockExclusive(&dbghelp_lock);
    process_release(pcs);
    return TRUE;
}

BOOL WINAPI SymRegisterCallback(HANDLE handle, DBG_REGISTERED_CALLBACK32 func, PVOID ctx)
{
    return register_callback(handle, CALLBACK_32, (void *)func, (ULONG64)(ULONG_PTR)ctx);
}

BOOL WINAPI SymRegisterCallback64(HANDLE handle, PSYMBOL_REGISTERED_CALLBACK64 func, ULONG64 ctx)
{
    return register_callback(handle, CALLBACK_64, (void *)func, ctx);
}

BOOL WINAPI SymRegisterCallbackW64(HANDLE handle, PSYMBOL_REGISTERED_CALLBACK64 func, ULONG64 ctx)
{
    return register_callback(handle, CALLBACK_W64, (void *)func, ctx);
}

/* SymEnumProcesses: every handle SymInitialize accepted and SymCleanup
 * has not released, in initialization order; the callback returns FALSE
 * to stop. */
typedef BOOL (CALLBACK *enum_processes_cb)(HANDLE handle, PVOID user);
BOOL WINAPI SymEnumProcesses(enum_processes_cb cb, PVOID user);

BOOL WINAPI SymEnumProcesses(enum_processes_cb cb, PVOID user)
{
    HANDLE *handles = NULL;
    size_t i, n = 0;

    if (!cb)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    AcquireSRWLockShared(&dbghelp_lock);
    if (nprocesses && (handles = malloc(nprocesses * sizeof(*handles))))
        for (i = 0; i < nprocesses; i++)
            if (!processes[i]->cleaned) handles[n++] = processes[i]->handle;
    ReleaseSRWLockShared(&dbghelp_lock);
    for (i = 0; i < n; i++)
        if (!cb(handles[i], user)) break;
    free(handles);
    return TRUE;
}

void process_callback_all(ULONG action, void *data)
{
    struct process **list = NULL;
    size_t i, n = 0;

    AcquireSRWLockShared(&dbghelp_lock);
    if (nprocesses && (list = malloc(nprocesses * sizeof(*list))))
        for (i = 0; i < nprocesses; i++)
            if (processes[i]->cb_kind != CALLBACK_NONE)
            {
                InterlockedIncrement(&processes[i]->refs);
                list[n++] = processes[i];
            }
    ReleaseSRWLockShared(&dbghelp_lock);
    for (i = 0; i < n; i++)
    {
        process_callback(list[i], action, data);
        process_release(list[i]);
    }
    free(list);
}

void process_debug_info(struct process *pcs, const WCHAR *fmt, ...)
{
    WCHAR line[512];
    va_list args;

    if (!(dbghelp_options & SYMOPT_DEBUG)) return;
    va_start(args, fmt);
    _vsnwprintf(line, ARRAY_SIZE(line) - 1, fmt, args);
    va_end(args);
    line[ARRAY_SIZE(line) - 1] = 0;
    process_callback(pcs, CBA_DEBUG_INFO, line);
}

/* Raise an action; `data` is the Unicode form of the payload, converted
 * for ANSI and 32-bit callbacks.  Called without the lock held. */
BOOL process_callback(struct process *pcs, ULONG action, void *data)
{
    enum callback_kind kind;
    void *func;
    ULONG64 ctx;
    IMAGEHLP_DEFERRED_SYMBOL_LOAD64 dsl64;
    DBG_IMAGEHLP_DEFERRED_SYMBOL_LOAD32 dsl32;
    char *strA = NULL;
    void *payload = data;
    BOOL ret;

    AcquireSRWLockShared(&dbghelp_lock);
    kind = pcs->cb_kind;
    func = pcs->cb_func;
    ctx = pcs->cb_context;
    ReleaseSRWLockShared(&dbghelp_lock);
    if (kind == CALLBACK_NONE) return FALSE;

    switch (action)
    {
    case CBA_DEFERRED_SYMBOL_LOAD_START:
    case CBA_DEFERRED_SYMBOL_LOAD_COMPLETE:
    case CBA_DEFERRED_SYMBOL_LOAD_FAILURE:
    case CBA_DEFERRED_SYMBOL_LOAD_PARTIAL:
    case CBA_DEFERRED_SYMBOL_LOAD_CANCEL:
    {
        const IMAGEHLP_DEFERRED_SYMBOL_LOADW64 *w = data;

        if (kind == CALLBACK_64)
        {
            memset(&dsl64, 0, sizeof(dsl64));
            dsl64.SizeOfStruct = sizeof(dsl64);
            dsl64.BaseOfImage = w->BaseOfImage;
            dsl64.CheckSum = w->CheckSum;
            dsl64.TimeDateStamp = w->TimeDateStamp;
            dbg_WtoA(w->FileName, dsl64.FileName, sizeof(dsl64.FileName));
            dsl64.Reparse = w->Reparse;
            dsl64.hFile = w->hFile;
            dsl64.Flags = w->Flags;
            payload = &dsl64;
        }
        else if (kind == CALLBACK_32)
        {
            memset(&dsl32, 0, sizeof(dsl32));
            dsl32.SizeOfStruct = sizeof(dsl32);
            dsl32.BaseOfImage = (DWORD)w->BaseOfImage;
            dsl32.CheckSum = w->CheckSum;
            dsl32.TimeDateStamp = w->TimeDateStamp;
            dbg_WtoA(w->FileName, dsl32.FileName, sizeof(dsl32.FileName));
            dsl32.Reparse = w->Reparse;
            dsl32.hFile = w->hFile;
            payload = &dsl32;
        }
        break;
    }
    case CBA_DEBUG_INFO:
        if (kind != CALLBACK_W64) payload = strA = dbg_strdup_WtoA(data);
        break;
    default:
        break;
    }
    if (kind == CALLBACK_32)
        ret = ((DBG_REGISTERED_CALLBACK32)func)(pcs->handle, action, payload,
                                                (PVOID)(ULONG_PTR)ctx);
    else
        ret = ((PSYMBOL_REGISTERED_CALLBACK64)func)(pcs->handle, action,
                                                    (ULONG64)(ULONG_PTR)payload, ctx);
    free(strA);
    return ret;
}
