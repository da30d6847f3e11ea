/*
 * callback.c: SymRegisterCallback64 / SymRegisterCallbackW64 /
 * SymRegisterCallback, and which CBA_* actions reach the callback.
 *
 * Observed on Wine 8.0 (and matched where native agrees): loading the
 * symbols of a PE image raises CBA_DEFERRED_SYMBOL_LOAD_START then
 * CBA_DEFERRED_SYMBOL_LOAD_COMPLETE, either inside SymLoadModuleEx or, with
 * SYMOPT_DEFERRED_LOADS, at the first use of the module's symbols;
 * SymSetOptions raises CBA_SET_OPTIONS; unloading and SymCleanup raise
 * nothing.
 */
#include <stdio.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include <dbghelp.h>




typedef BOOL (CALLBACK *registered_cb32)(HANDLE, ULONG, PVOID, PVOID);
typedef BOOL (WINAPI *register_func32)(HANDLE, registered_cb32, PVOID);
typedef BOOL (WINAPI *register_funcW64)(HANDLE, PSYMBOL_REGISTERED_CALLBACK64, ULONG64);

static HANDLE fake = (HANDLE)(ULONG_PTR)0xcafef00d;
static HANDLE fake2 = (HANDLE)(ULONG_PTR)0xcafef11d;
static HANDLE never = (HANDLE)(ULONG_PTR)0x0badf00d;
static char fixa_path[MAX_PATH];
static DWORD fixa_checksum, fixa_timestamp;

enum cb_kind { CB_A, CB_W, CB_32 };

struct cb_event
{
    ULONG action;
    enum cb_kind kind;
    HANDLE proc;
    ULONG64 ctx;
    DWORD size;             /* SizeOfStruct of a deferred-load payload */
    DWORD64 base;
    DWORD checksum;
    DWORD timestamp;
    BOOLEAN reparse;
    char file[MAX_PATH];    /* FileName, or the CBA_DEBUG_INFO text */
    BOOL null_data;
};

static struct
{
    unsigned count;
    struct cb_event ev[64];
    BOOL unload_on_start;   /* unload the module from its START callback */
    BOOL unload_ret;
    DWORD unload_err;
    unsigned unload_calls;
} cb_log;

static void log_clear(void)
{
    memset(&cb_log, 0, sizeof(cb_log));
}

static BOOL is_deferred_action(ULONG action)
{
    return action == CBA_DEFERRED_SYMBOL_LOAD_START || action == CBA_DEFERRED_SYMBOL_LOAD_COMPLETE ||
           action == CBA_DEFERRED_SYMBOL_LOAD_FAILURE || action == CBA_DEFERRED_SYMBOL_LOAD_PARTIAL;
}

static struct cb_event *log_add(HANDLE proc, ULONG action, ULONG64 ctx, enum cb_kind kind)
{
    struct cb_event *ev;

    if (cb_log.count >= ARRAY_SIZE(cb_log.ev)) return NULL;
    ev = &cb_log.ev[cb_log.count++];
    memset(ev, 0, sizeof(*ev));
    ev->action = action;
    ev->kind = kind;
    ev->proc = proc;
    ev->ctx = ctx;
    return ev;
}

static void maybe_unload(HANDLE proc, const struct cb_event *ev)
{
    if (!cb_log.unload_on_start || ev->action != CBA_DEFERRED_SYMBOL_LOAD_START) return;
    cb_log.unload_calls++;
    SetLastError(0xdeadbeef);
    cb_log.unload_ret = SymUnloadModule64(proc, ev->base);
    cb_log.unload_err = GetLastError();
}

/* Callbacks return FALSE: "not handled", the documented neutral answer. */
static BOOL CALLBACK cbA(HANDLE proc, ULONG action, ULONG64 data, ULONG64 ctx)
{
    struct cb_event *ev = log_add(proc, action, ctx, CB_A);

    if (!ev) return FALSE;
    ev->null_data = !data;
    if (is_deferred_action(action) && data)
    {
        const IMAGEHLP_DEFERRED_SYMBOL_LOAD64 *dsl = (void *)(ULONG_PTR)data;
        ev->size = dsl->SizeOfStruct;
        ev->base = dsl->BaseOfImage;
        ev->checksum = dsl->CheckSum;
        ev->timestamp = dsl->TimeDateStamp;
        ev->reparse = dsl->Reparse;
        lstrcpynA(ev->file, dsl->FileName, sizeof(ev->file));
        maybe_unload(proc, ev);
    }
    else if (action == CBA_DEBUG_INFO && data)
        lstrcpynA(ev->file, (const char *)(ULONG_PTR)data, sizeof(ev->file));
    else if (action == CBA_EVENT && data)
    {
        const IMAGEHLP_CBA_EVENT *e = (void *)(ULONG_PTR)data;
        if (e->desc) lstrcpynA(ev->file, e->desc, sizeof(ev->file));
    }
    return FALSE;
}

static BOOL CALLBACK cbW(HANDLE proc, ULONG action, ULONG64 data, ULONG64 ctx)
{
    struct cb_event *ev = log_add(proc, action, ctx, CB_W);

    if (!ev) return FALSE;
    ev->null_data = !data;
    if (is_deferred_action(action) && data)
    {
        const DEFERRED_LOADW64 *dsl = (void *)(ULONG_PTR)data;
        ev->size = dsl->SizeOfStruct;
        ev->base = dsl->BaseOfImage;
        ev->checksum = dsl->CheckSum;
        ev->timestamp = dsl->TimeDateStamp;
        ev->reparse = dsl->Reparse;
        WideCharToMultiByte(CP_ACP, 0, dsl->FileName, -1, ev->file, sizeof(ev->file), NULL, NULL);
        maybe_unload(proc, ev);
    }
    return FALSE;
}

static BOOL CALLBACK cb32(HANDLE proc, ULONG action, PVOID data, PVOID ctx)
{
    struct cb_event *ev = log_add(proc, action, (ULONG_PTR)ctx, CB_32);

    if (!ev) return FALSE;
    ev->null_data = !data;
    if (is_deferred_action(action) && data)
    {
        const DEFERRED_LOAD32 *dsl = data;
        ev->size = dsl->SizeOfStruct;
        ev->base = dsl->BaseOfImage;
        ev->checksum = dsl->CheckSum;
        ev->timestamp = dsl->TimeDateStamp;
        ev->reparse = dsl->Reparse;
        lstrcpynA(ev->file, dsl->FileName, sizeof(ev->file));
    }
    return FALSE;
}

/* CheckSum and TimeDateStamp from the file's PE headers. */
static BOOL read_pe_stamps(const char *path, DWORD *checksum, DWORD *timestamp)
{
    IMAGE_DOS_HEADER dos;
    IMAGE_NT_HEADERS nt;
    DWORD got;
    HANDLE file;
    BOOL ret;

    file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return FALSE;
    ret = ReadFile(file, &dos, sizeof(dos), &got, NULL) && got == sizeof(dos) &&
          SetFilePointer(file, dos.e_lfanew, NULL, FILE_BEGIN) != INVALID_SET_FILE_POINTER &&
          ReadFile(file, &nt, sizeof(nt), &got, NULL) && got == sizeof(nt);
    CloseHandle(file);
    if (!ret) return FALSE;
    *checksum = nt.OptionalHeader.CheckSum;
    *timestamp = nt.FileHeader.TimeDateStamp;
    return TRUE;
}

static BOOL ends_with_fixa(const char *file)
{
    size_t len = strlen(file);
    return len >= 8 && !_stricmp(file + len - 8, "fixa.dll");
}

static unsigned count_action(ULONG action)
{
    unsigned i, n = 0;

    for (i = 0; i < cb_log.count; i++)
        if (cb_log.ev[i].action == action) n++;
    return n;
}

/* The deferred-load events of the log, in order, must be START then
 * COMPLETE, both about `base`, with a well-formed payload. */
static void check_load_events(int line, HANDLE proc, DWORD64 base, ULONG64 ctx, enum cb_kind kind)
{
    static const DWORD sizes[] =
    {
        sizeof(IMAGEHLP_DEFERRED_SYMBOL_LOAD64), sizeof(DEFERRED_LOADW64), sizeof(DEFERRED_LOAD32)
    };
    const struct cb_event *ev[8];
    unsigned i, n = 0;

    for (i = 0; i < cb_log.count; i++)
        if (is_deferred_action(cb_log.ev[i].action) && n < ARRAY_SIZE(ev)) ev[n++] = &cb_log.ev[i];

    winetest_push_context("line %d", line);
    ok(n == 2, "got %u deferred-load events\n", n);
    if (n >= 1)
        ok(ev[0]->action == CBA_DEFERRED_SYMBOL_LOAD_START, "first event %#lx\n", ev[0]->action);
    /* A module with export symbols only might count as partial natively. */
    if (n >= 2)
        ok(ev[1]->action == CBA_DEFERRED_SYMBOL_LOAD_COMPLETE ||
           broken(ev[1]->action == CBA_DEFERRED_SYMBOL_LOAD_PARTIAL),
           "second event %#lx\n", ev[1]->action);
    for (i = 0; i < n && i < 2; i++)
    {
        winetest_push_context("event %u", i);
        ok(ev[i]->kind == kind, "wrong callback %d\n", ev[i]->kind);
        ok(ev[i]->proc == proc, "got process %p\n", ev[i]->proc);
        ok(ev[i]->ctx == ctx, "got context %#I64x, expected %#I64x\n", ev[i]->ctx, ctx);
        ok(!ev[i]->null_data, "no payload\n");
        ok(ev[i]->size == sizes[kind], "got SizeOfStruct %lu, expected %lu\n", ev[i]->size, sizes[kind]);
        ok(ev[i]->base == base, "got base %#I64x, expected %#I64x\n", ev[i]->base, base);
        ok(ev[i]->checksum == fixa_checksum, "got CheckSum %#lx, expected %#lx\n",
           ev[i]->checksum, fixa_checksum);
        ok(ev[i]->timestamp == fixa_timestamp, "got TimeDateStamp %#lx, expected %#lx\n",
           ev[i]->timestamp, fixa_timestamp);
        ok(ends_with_fixa(ev[i]->file), "got FileName %s\n", ev[i]->file);
        ok(!ev[i]->reparse, "Reparse set\n");
        winetest_pop_context();
    }
    winetest_pop_context();
}

static void test_register_errors(void)
{
    register_funcW64 pSymRegisterCallbackW64 = (void *)wtest_dbghelp_proc("SymRegisterCallbackW64");
    register_func32 pSymRegisterCallback = (void *)wtest_dbghelp_proc("SymRegisterCallback");
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = SymRegisterCallback64(never, cbA, 0);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "A: got %d, %lu\n", ret, GetLastError());
    if (pSymRegisterCallbackW64)
    {
        SetLastError(0xdeadbeef);
        ret = pSymRegisterCallbackW64(never, cbW, 0);
        ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "W: got %d, %lu\n", ret, GetLastError());
    }
    else win_skip("no SymRegisterCallbackW64\n");
    if (pSymRegisterCallback)
    {
        SetLastError(0xdeadbeef);
        ret = pSymRegisterCallback(never, cb32, NULL);
        ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "32: got %d, %lu\n", ret, GetLastError());
    }
    else win_skip("no 32-bit SymRegisterCallback\n");

    /* After SymCleanup the handle is unknown again. */
    SymInitialize(fake, NULL, FALSE);
    SymCleanup(fake);
    SetLastError(0xdeadbeef);
    ret = SymRegisterCallback64(fake, cbA, 0);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "after cleanup: got %d, %lu\n", ret, GetLastError());
}

static void test_load_unload(void)
{
    const ULONG64 ctx = 0x123456789abcdef0ull;  /* all 64 bits travel */
    DWORD old = SymGetOptions();
    char buffer[sizeof(SYMBOL_INFO) + 256];
    SYMBOL_INFO *si = (SYMBOL_INFO *)buffer;
    DWORD64 base;
    BOOL ret;

    ret = SymInitialize(fake, NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    ret = SymRegisterCallback64(fake, cbA, ctx);
    ok(ret, "SymRegisterCallback64 failed: %lu\n", GetLastError());

    /* SymSetOptions tells every registered process, once. */
    log_clear();
    SymSetOptions(old & ~(SYMOPT_DEFERRED_LOADS | SYMOPT_DEBUG));
    ok(cb_log.count == 1 && cb_log.ev[0].action == CBA_SET_OPTIONS, "got %u events, first %#lx\n",
       cb_log.count, cb_log.ev[0].action);
    if (cb_log.count)
        ok(cb_log.ev[0].proc == fake && cb_log.ev[0].ctx == ctx, "got process %p, context %#I64x\n",
           cb_log.ev[0].proc, cb_log.ev[0].ctx);

    /* Immediate load: START and COMPLETE inside SymLoadModuleEx. */
    log_clear();
    base = SymLoadModuleEx(fake, NULL, fixa_path, NULL, 0, 0, NULL, 0);
    ok(base == 0x10000000, "SymLoadModuleEx gave %#I64x, error %lu\n", base, GetLastError());
    check_load_events(__LINE__, fake, 0x10000000, ctx, CB_A);
    /* Without SYMOPT_DEBUG there is no debug chatter. */
    ok(!count_action(CBA_DEBUG_INFO), "got %u CBA_DEBUG_INFO\n", count_action(CBA_DEBUG_INFO));

    /* Using the symbols loads nothing again. */
    log_clear();
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = 256;
    ret = SymFromName(fake, "fixture_add", si);
    ok(ret, "SymFromName failed: %lu\n", GetLastError());
    ok(!cb_log.count, "got %u events, first %#lx\n", cb_log.count, cb_log.ev[0].action);

    /* No CBA_* at all on unload. */
    log_clear();
    ret = SymUnloadModule64(fake, base);
    ok(ret, "SymUnloadModule64 failed: %lu\n", GetLastError());
    ok(!cb_log.count, "unload raised %u events, first %#lx\n", cb_log.count, cb_log.ev[0].action);

    /* Deferred: nothing at load time ... */
    SymSetOptions(SymGetOptions() | SYMOPT_DEFERRED_LOADS);
    log_clear();
    base = SymLoadModuleEx(fake, NULL, fixa_path, NULL, 0x30000000, 0, NULL, 0);
    ok(base == 0x30000000, "SymLoadModuleEx gave %#I64x, error %lu\n", base, GetLastError());
    ok(!cb_log.count, "deferred load raised %u events, first %#lx\n", cb_log.count, cb_log.ev[0].action);

    /* ... the load happens when a symbol is needed ... */
    log_clear();
    memset(buffer, 0, sizeof(buffer));
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = 256;
    ret = SymFromName(fake, "fixture_mul", si);
    ok(ret, "SymFromName failed: %lu\n", GetLastError());
    ok(si->ModBase == 0x30000000, "got ModBase %#I64x\n", si->ModBase);
    check_load_events(__LINE__, fake, 0x30000000, ctx, CB_A);

    /* ... and only once. */
    log_clear();
    ret = SymFromName(fake, "fixture_add", si);
    ok(ret, "SymFromName failed: %lu\n", GetLastError());
    ok(!cb_log.count, "got %u events, first %#lx\n", cb_log.count, cb_log.ev[0].action);

    /* A deferred module that never loaded its symbols is freed silently. */
    base = SymLoadModuleEx(fake, NULL, fixa_path, NULL, 0x31000000, 0, NULL, 0);
    ok(base == 0x31000000, "SymLoadModuleEx gave %#I64x, error %lu\n", base, GetLastError());
    log_clear();
    ret = SymUnloadModule64(fake, 0x31000000);
    ok(ret, "SymUnloadModule64 failed: %lu\n", GetLastError());
    ok(!cb_log.count, "unload raised %u events, first %#lx\n", cb_log.count, cb_log.ev[0].action);

    /* SymCleanup with a module still loaded: no CBA_* either. */
    log_clear();
    ret = SymCleanup(fake);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
    ok(!cb_log.count, "cleanup raised %u events, first %#lx\n", cb_log.count, cb_log.ev[0].action);

    /* The callback went away with the process. */
    log_clear();
    SymSetOptions(old);
    ok(!cb_log.count, "got %u events after cleanup\n", cb_log.count);
}

static void test_W_and_32(void)
{
    register_funcW64 pSymRegisterCallbackW64 = (void *)wtest_dbghelp_proc("SymRegisterCallbackW64");
    register_func32 pSymRegisterCallback = (void *)wtest_dbghelp_proc("SymRegisterCallback");
    DWORD old = SymGetOptions();
    DWORD64 base;
    BOOL ret;

    SymSetOptions(old & ~(SYMOPT_DEFERRED_LOADS | SYMOPT_DEBUG));
    ret = SymInitialize(fake, NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());

    if (pSymRegisterCallbackW64)
    {
        /* The W callback gets the W payload: WCHAR FileName[MAX_PATH + 1]. */
        ret = pSymRegisterCallbackW64(fake, cbW, 0xfedcba9876543210ull);
        ok(ret, "SymRegisterCallbackW64 failed: %lu\n", GetLastError());
        log_clear();
        base = SymLoadModuleEx(fake, NULL, fixa_path, NULL, 0x40000000, 0, NULL, 0);
        ok(base == 0x40000000, "SymLoadModuleEx gave %#I64x, error %lu\n", base, GetLastError());
        check_load_events(__LINE__, fake, 0x40000000, 0xfedcba9876543210ull, CB_W);
        SymUnloadModule64(fake, base);
    }
    else win_skip("no SymRegisterCallbackW64\n");

    if (pSymRegisterCallback)
    {
        /* Registering again replaces the callback: only cb32 hears now,
         * with the 32-bit payload and its PVOID context. */
        ret = pSymRegisterCallback(fake, cb32, (PVOID)(ULONG_PTR)0x7777);
        ok(ret, "SymRegisterCallback failed: %lu\n", GetLastError());
        log_clear();
        base = SymLoadModuleEx(fake, NULL, fixa_path, NULL, 0x41000000, 0, NULL, 0);
        ok(base == 0x41000000, "SymLoadModuleEx gave %#I64x, error %lu\n", base, GetLastError());
        check_load_events(__LINE__, fake, 0x41000000, 0x7777, CB_32);
        SymUnloadModule64(fake, base);
    }
    else win_skip("no 32-bit SymRegisterCallback\n");

    /* And back to A: replaced again. */
    ret = SymRegisterCallback64(fake, cbA, 42);
    ok(ret, "SymRegisterCallback64 failed: %lu\n", GetLastError());
    log_clear();
    base = SymLoadModuleEx(fake, NULL, fixa_path, NULL, 0x42000000, 0, NULL, 0);
    ok(base == 0x42000000, "SymLoadModuleEx gave %#I64x, error %lu\n", base, GetLastError());
    check_load_events(__LINE__, fake, 0x42000000, 42, CB_A);
    SymUnloadModule64(fake, base);

    /* A callback belongs to one process: loads elsewhere stay silent. */
    ret = SymInitialize(fake2, NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    log_clear();
    base = SymLoadModuleEx(fake2, NULL, fixa_path, NULL, 0, 0, NULL, 0);
    ok(base == 0x10000000, "SymLoadModuleEx gave %#I64x, error %lu\n", base, GetLastError());
    ok(!cb_log.count, "got %u events for another process\n", cb_log.count);
    SymCleanup(fake2);

    /* A NULL callback unregisters. */
    SetLastError(0xdeadbeef);
    ret = SymRegisterCallback64(fake, NULL, 0);
    ok(ret, "SymRegisterCallback64(NULL) failed: %lu\n", GetLastError());
    log_clear();
    base = SymLoadModuleEx(fake, NULL, fixa_path, NULL, 0x43000000, 0, NULL, 0);
    ok(base == 0x43000000, "SymLoadModuleEx gave %#I64x, error %lu\n", base, GetLastError());
    SymSetOptions(old);
    ok(!cb_log.count, "got %u events after unregistering\n", cb_log.count);

    ret = SymCleanup(fake);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
}

/* SYMOPT_DEBUG sends diagnostics through the callback as CBA_DEBUG_INFO
 * (documented for SYMOPT_DEBUG; Wine 8.0 sends none). Their text is not
 * specified, only that it is a string. */
static void test_debug_info(void)
{
    DWORD old = SymGetOptions();
    unsigned i, n;
    DWORD64 base;
    BOOL ret;

    ret = SymInitialize(fake, NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    ret = SymRegisterCallback64(fake, cbA, 5);
    ok(ret, "SymRegisterCallback64 failed: %lu\n", GetLastError());
    SymSetOptions((old & ~SYMOPT_DEFERRED_LOADS) | SYMOPT_DEBUG);

    log_clear();
    base = SymLoadModuleEx(fake, NULL, fixa_path, NULL, 0, 0, NULL, 0);
    ok(base == 0x10000000, "SymLoadModuleEx gave %#I64x, error %lu\n", base, GetLastError());
    n = count_action(CBA_DEBUG_INFO);
    todo_wine ok(n > 0, "no CBA_DEBUG_INFO with SYMOPT_DEBUG\n");
    for (i = 0; i < cb_log.count; i++)
    {
        const struct cb_event *ev = &cb_log.ev[i];

        if (ev->action == CBA_DEBUG_INFO)
            ok(!ev->null_data && ev->file[0], "event %u: empty CBA_DEBUG_INFO\n", i);
        else if (ev->action == CBA_EVENT)
            ok(!ev->null_data, "event %u: CBA_EVENT without payload\n", i);
        if (ev->action == CBA_DEBUG_INFO || ev->action == CBA_EVENT)
            trace("%#lx: %s\n", ev->action, ev->file);
    }
    /* The load events are still there, chatter or not. */
    ok(count_action(CBA_DEFERRED_SYMBOL_LOAD_START) == 1, "got %u START\n",
       count_action(CBA_DEFERRED_SYMBOL_LOAD_START));
    ok(count_action(CBA_DEFERRED_SYMBOL_LOAD_COMPLETE) == 1 ||
       broken(count_action(CBA_DEFERRED_SYMBOL_LOAD_PARTIAL) == 1),
       "got %u COMPLETE\n", count_action(CBA_DEFERRED_SYMBOL_LOAD_COMPLETE));

    SymSetOptions(old);
    ret = SymCleanup(fake);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
}

static BOOL CALLBACK count_modules_cb(PCSTR name, DWORD64 base, PVOID ctx)
{
    DWORD64 *seen = ctx;

    (void)name;
    if (base == seen[0]) seen[1]++;
    seen[2]++;
    return TRUE;
}

/* Unloading the module whose symbols are being loaded, from the START
 * callback: the process must survive and the module list stay coherent.
 * Wine 8.0's builtin aborts on an assertion here, so it is not run there. */
static void test_unload_from_callback(void)
{
    DWORD old = SymGetOptions();
    IMAGEHLP_MODULE64 info;
    DWORD64 base, seen[3];
    BOOL ret, listed;

    if (wtest_platform == WTEST_WINE)
    {
        skip("Wine's builtin aborts when a module is unloaded during its own load\n");
        return;
    }

    SymSetOptions(old & ~(SYMOPT_DEFERRED_LOADS | SYMOPT_DEBUG));
    ret = SymInitialize(fake, NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    ret = SymRegisterCallback64(fake, cbA, 0);
    ok(ret, "SymRegisterCallback64 failed: %lu\n", GetLastError());

    log_clear();
    cb_log.unload_on_start = TRUE;
    base = SymLoadModuleEx(fake, NULL, fixa_path, NULL, 0x50000000, 0, NULL, 0);
    cb_log.unload_on_start = FALSE;
    ok(base == 0x50000000 || !base, "SymLoadModuleEx gave %#I64x\n", base);
    ok(cb_log.unload_calls == 1, "START seen %u times\n", cb_log.unload_calls);
    trace("SymLoadModuleEx gave %#I64x; unload in START gave %d (%lu)\n", base, cb_log.unload_ret,
          cb_log.unload_err);
    if (!cb_log.unload_ret)
        ok(cb_log.unload_err == ERROR_MOD_NOT_FOUND, "unload failed with %lu\n", cb_log.unload_err);

    /* Listed exactly when SymGetModuleInfo64 finds it. */
    seen[0] = 0x50000000;
    seen[1] = seen[2] = 0;
    ret = SymEnumerateModules64(fake, count_modules_cb, seen);
    ok(ret, "SymEnumerateModules64 failed: %lu\n", GetLastError());
    ok(seen[1] <= 1 && seen[2] == seen[1], "module listed %I64u times, %I64u modules\n", seen[1], seen[2]);
    listed = seen[1] == 1;
    memset(&info, 0, sizeof(info));
    info.SizeOfStruct = sizeof(info);
    SetLastError(0xdeadbeef);
    ret = SymGetModuleInfo64(fake, 0x50000000, &info);
    ok(ret == listed, "SymGetModuleInfo64 gave %d, listed %d\n", ret, listed);
    if (!ret) ok(GetLastError() == ERROR_MOD_NOT_FOUND, "got error %lu\n", GetLastError());
    if (listed)
    {
        ret = SymUnloadModule64(fake, 0x50000000);
        ok(ret, "SymUnloadModule64 failed: %lu\n", GetLastError());
    }

    /* The same address can be used again. */
    base = SymLoadModuleEx(fake, NULL, fixa_path, NULL, 0x50000000, 0, NULL, 0);
    ok(base == 0x50000000, "reload gave %#I64x, error %lu\n", base, GetLastError());

    ret = SymCleanup(fake);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
    SymSetOptions(old);
}

void func_callback(void);
START_TEST(callback)
{
    snprintf(fixa_path, sizeof(fixa_path), "%sfixa.dll", wtest_fixtures);
    ok(read_pe_stamps(fixa_path, &fixa_checksum, &fixa_timestamp), "cannot read %s\n", fixa_path);

    test_register_errors();
    test_load_unload();
    test_W_and_32();
    test_debug_info();
    test_unload_from_callback();
}
