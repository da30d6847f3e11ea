/*
 * findfile.c: dbghelp's file helpers (MakeSureDirectoryPathExists,
 * SymMatchFileName(W), SearchTreeForFile(W), EnumDirTree(W), the home
 * directory), the small option calls (SymGetExtendedOption,
 * SymSetParentWindow), and walking symbols in address order
 * (SymGetSymNext/Prev(64), SymNext/SymPrev, SymUnDName(64)).
 *
 * Wine 8.0's builtin: SymGetSymNext/Prev fail with
 * ERROR_CALL_NOT_IMPLEMENTED, SymNext/SymPrev and SymGetHomeDirectory are
 * stubs that abort the caller (not called in the comparison run), and
 * SymSetHomeDirectory returns NULL.  The behaviour asserted is Microsoft's
 * documentation of each function.
 */
#include <stdio.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include <dbghelp.h>

typedef BOOL (CALLBACK *enumdir_cbW)(PCWSTR, PVOID);

/* Microsoft's values (dbghelp.h); not in mingw's header. */
#define EXOPT_DISABLE_ACCESS_TIME 0 /* SYMOPT_EX_DISABLEACCESSTIMEUPDATE */
#ifndef hdMax
#define hdMax 3
#endif

static BOOL (WINAPI *pMakeSureDirectoryPathExists)(PCSTR);
static BOOL (WINAPI *pSymMatchFileName)(PCSTR, PCSTR, PSTR *, PSTR *);
static BOOL (WINAPI *pSymMatchFileNameW)(PCWSTR, PCWSTR, PWSTR *, PWSTR *);
static BOOL (WINAPI *pSearchTreeForFile)(PSTR, PSTR, PSTR);
static BOOL (WINAPI *pSearchTreeForFileW)(PWSTR, PWSTR, PWSTR);
static BOOL (WINAPI *pEnumDirTree)(HANDLE, PSTR, PSTR, PSTR, PENUMDIRTREE_CALLBACK, PVOID);
static BOOL (WINAPI *pEnumDirTreeW)(HANDLE, PCWSTR, PCWSTR, PWSTR, enumdir_cbW, PVOID);
static PCHAR (WINAPI *pSymSetHomeDirectory)(HANDLE, PCSTR);
static PCHAR (WINAPI *pSymGetHomeDirectory)(DWORD, PSTR, size_t);
static BOOL (WINAPI *pSymGetExtendedOption)(DWORD);
static BOOL (WINAPI *pSymSetExtendedOption)(DWORD, BOOL);
static BOOL (WINAPI *pSymSetParentWindow)(HWND);
static BOOL (WINAPI *pSymGetSymNext64)(HANDLE, PIMAGEHLP_SYMBOL64);
static BOOL (WINAPI *pSymGetSymPrev64)(HANDLE, PIMAGEHLP_SYMBOL64);
static BOOL (WINAPI *pSymNext)(HANDLE, PSYMBOL_INFO);
static BOOL (WINAPI *pSymPrev)(HANDLE, PSYMBOL_INFO);
static BOOL (WINAPI *pSymUnDName64)(PIMAGEHLP_SYMBOL64, PSTR, DWORD);

static HANDLE proc = (HANDLE)(ULONG_PTR)0xf11ef11e;
static char fixa_path[MAX_PATH];

static BOOL is_dir(const char *path)
{
    DWORD attrs = GetFileAttributesA(path);
    return attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_DIRECTORY);
}

static void touch(const char *path)
{
    HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "cannot create %s: %lu\n", path, GetLastError());
    CloseHandle(h);
}

static void test_make_sure_path(void)
{
    char path[MAX_PATH], dir[MAX_PATH];

    /* Everything up to the last backslash; the last part is a file name. */
    snprintf(path, sizeof(path), "%smk\\a\\b\\file.txt", wtest_tmpdir);
    ok(pMakeSureDirectoryPathExists(path), "MakeSureDirectoryPathExists: %lu\n", GetLastError());
    snprintf(dir, sizeof(dir), "%smk\\a\\b", wtest_tmpdir);
    ok(is_dir(dir), "%s not created\n", dir);
    ok(!is_dir(path), "the file part was created as a directory\n");
    /* Existing directories are fine; a trailing backslash creates all. */
    snprintf(path, sizeof(path), "%smk\\a\\b\\c\\", wtest_tmpdir);
    ok(pMakeSureDirectoryPathExists(path), "trailing backslash: %lu\n", GetLastError());
    snprintf(dir, sizeof(dir), "%smk\\a\\b\\c", wtest_tmpdir);
    ok(is_dir(dir), "%s not created\n", dir);
    /* A file in the way. */
    snprintf(path, sizeof(path), "%smk\\a\\b\\c\\f", wtest_tmpdir);
    touch(path);
    snprintf(path, sizeof(path), "%smk\\a\\b\\c\\f\\g\\h", wtest_tmpdir);
    ok(!pMakeSureDirectoryPathExists(path), "a file was taken for a directory\n");
}

static void test_match_file_name(void)
{
    static char file[] = "c:\\src\\dir\\File.C", m1[] = "dir/file.c", m2[] = "other\\file.c";
    static WCHAR wfile[] = L"c:\\src\\dir\\File.C", wm1[] = L"DIR\\FILE.c";
    PSTR fstop, mstop;
    PWSTR wfstop, wmstop;

    ok(pSymMatchFileName(file, m1, &fstop, &mstop), "suffix not matched\n");
    ok(fstop == file + 6, "file stop at %d\n", (int)(fstop - file));
    ok(mstop - m1 == -1, "match stop at %d\n", (int)(mstop - m1));
    ok(!pSymMatchFileName(file, m2, &fstop, &mstop), "other directory matched\n");
    ok(fstop == file + 8 && mstop == m2 + 3, "stops at %d, %d\n", (int)(fstop - file),
       (int)(mstop - m2));
    ok(pSymMatchFileName(file, file, NULL, NULL), "a name does not match itself\n");
    ok(!pSymMatchFileName("a.c", "xa.c", NULL, NULL), "a longer match matched\n");
    ok(pSymMatchFileNameW(wfile, wm1, &wfstop, &wmstop), "wide suffix not matched\n");
    ok(wfstop == wfile + 6 && wmstop - wm1 == -1, "wide stops at %d, %d\n", (int)(wfstop - wfile),
       (int)(wmstop - wm1));
}

struct enum_ctx
{
    unsigned calls;
    unsigned stop_at;
    char last[MAX_PATH];
};

static BOOL CALLBACK enum_cb(PCSTR path, PVOID ctx)
{
    struct enum_ctx *c = ctx;

    lstrcpynA(c->last, path, MAX_PATH);
    return ++c->calls == c->stop_at;
}

static void test_tree(void)
{
    char root[MAX_PATH], path[MAX_PATH], out[MAX_PATH], name[] = "target.dat";
    char partial[] = "deep\\target.dat", missing[] = "missing.dat";
    WCHAR wroot[MAX_PATH], wname[] = L"target.dat", wout[MAX_PATH];
    struct enum_ctx ctx;

    snprintf(root, sizeof(root), "%stree", wtest_tmpdir);
    snprintf(path, sizeof(path), "%s\\one\\deep\\x", root);
    pMakeSureDirectoryPathExists(path);
    snprintf(path, sizeof(path), "%s\\two\\x", root);
    pMakeSureDirectoryPathExists(path);
    snprintf(path, sizeof(path), "%s\\one\\deep\\target.dat", root);
    touch(path);
    snprintf(path, sizeof(path), "%s\\two\\TARGET.DAT", root);
    touch(path);

    memset(out, 0, sizeof(out));
    ok(pSearchTreeForFile(root, name, out), "SearchTreeForFile: %lu\n", GetLastError());
    ok(strlen(out) > strlen(root) && !_strnicmp(out, root, strlen(root)) &&
       !_stricmp(out + strlen(out) - strlen(name), name), "found %s\n", out);
    ok(pSearchTreeForFile(root, partial, out), "partial path: %lu\n", GetLastError());
    snprintf(path, sizeof(path), "%s\\one\\deep\\target.dat", root);
    ok(!_stricmp(out, path), "partial path found %s\n", out);
    strcpy(out, "untouched");
    ok(!pSearchTreeForFile(root, missing, out), "missing file found\n");
    ok(!strcmp(out, "untouched"), "failure wrote %s\n", out);
    MultiByteToWideChar(CP_ACP, 0, root, -1, wroot, MAX_PATH);
    ok(pSearchTreeForFileW(wroot, wname, wout), "SearchTreeForFileW: %lu\n", GetLastError());

    /* EnumDirTree: every match reaches the callback until it says stop. */
    ok(SymInitialize(proc, NULL, FALSE), "SymInitialize: %lu\n", GetLastError());
    memset(&ctx, 0, sizeof(ctx));
    ok(!pEnumDirTree(proc, root, name, out, enum_cb, &ctx), "EnumDirTree stopped early\n");
    ok(ctx.calls == 2, "callback called %u times\n", ctx.calls);
    /* Not stopped: the buffer keeps the last match (Microsoft's
     * documentation). */
    todo_wine ok(!strcmp(out, ctx.last), "out %s, last match %s\n", out, ctx.last);
    memset(&ctx, 0, sizeof(ctx));
    ctx.stop_at = 1;
    ok(pEnumDirTree(proc, root, name, out, enum_cb, &ctx), "EnumDirTree did not stop\n");
    ok(ctx.calls == 1 && !strcmp(out, ctx.last), "stopped after %u, out %s\n", ctx.calls, out);
    /* No callback: the first match ends the walk (Wine's builtin calls the
     * NULL callback and faults). */
    if (wtest_platform != WTEST_WINE)
    {
        ok(pEnumDirTree(proc, root, name, out, NULL, NULL), "EnumDirTree without callback\n");
        /* The handle is optional. */
        ok(pEnumDirTree(NULL, root, name, out, NULL, NULL), "EnumDirTree without a handle\n");
        ok(pEnumDirTreeW(proc, wroot, wname, wout, NULL, NULL), "EnumDirTreeW: %lu\n",
           GetLastError());
    }
    ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
}

static void test_home_and_options(void)
{
    char dir[MAX_PATH], sym[MAX_PATH], want[MAX_PATH];
    PCHAR ret;
    BOOL old;

    ok(pSymSetParentWindow(NULL), "SymSetParentWindow: %lu\n", GetLastError());
    old = pSymSetExtendedOption(EXOPT_DISABLE_ACCESS_TIME, TRUE);
    /* Wine 8.0 keeps only its own options (1000 and up). */
    todo_wine ok(pSymGetExtendedOption(EXOPT_DISABLE_ACCESS_TIME), "extended option not set\n");
    pSymSetExtendedOption(EXOPT_DISABLE_ACCESS_TIME, old);
    ok(pSymGetExtendedOption(EXOPT_DISABLE_ACCESS_TIME) == old, "not restored\n");
    ok(!pSymGetExtendedOption(12345), "unknown option set\n");

    ok(SymInitialize(proc, NULL, FALSE), "SymInitialize: %lu\n", GetLastError());
    snprintf(dir, sizeof(dir), "%shome", wtest_tmpdir);
    ret = pSymSetHomeDirectory(proc, dir);
    todo_wine ok(ret && !strcmp(ret, dir), "SymSetHomeDirectory: %s\n", ret ? ret : "(null)");
    if (wtest_platform != WTEST_WINE) /* a stub that aborts in Wine's builtin */
    {
        ok(pSymGetHomeDirectory(hdBase, sym, sizeof(sym)) == sym && !strcmp(sym, dir),
           "hdBase: %s\n", sym);
        snprintf(want, sizeof(want), "%s\\sym", dir);
        ok(pSymGetHomeDirectory(hdSym, sym, sizeof(sym)) == sym && !strcmp(sym, want),
           "hdSym: %s\n", sym);
        snprintf(want, sizeof(want), "%s\\src", dir);
        ok(pSymGetHomeDirectory(hdSrc, sym, sizeof(sym)) == sym && !strcmp(sym, want),
           "hdSrc: %s\n", sym);
        SetLastError(0xdeadbeef);
        ok(!pSymGetHomeDirectory(hdMax, sym, sizeof(sym)), "hdMax accepted\n");
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "hdMax: error %lu\n", GetLastError());
        ok(!pSymGetHomeDirectory(hdBase, sym, 3), "a 3-byte buffer took %s\n", dir);
        /* NULL: back to the default, a directory that exists. */
        ret = pSymSetHomeDirectory(proc, NULL);
        ok(ret && is_dir(ret), "default home %s\n", ret ? ret : "(null)");
    }
    ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
}

/* fixa.dll's three exports, walked in address order. */
static void test_sym_next(void)
{
    static const char *const names[] = { "fixture_add", "fixture_mul", "fixture_name" };
    char buf[sizeof(IMAGEHLP_SYMBOL64) + 64], ibuf[sizeof(SYMBOL_INFO) + 64], und[64];
    IMAGEHLP_SYMBOL64 *sym = (IMAGEHLP_SYMBOL64 *)buf;
    SYMBOL_INFO *info = (SYMBOL_INFO *)ibuf;
    DWORD64 addr[3], first = ~0ull, last = 0, base;
    unsigned i, n;
    BOOL ret;

    ok(SymInitialize(proc, NULL, FALSE), "SymInitialize: %lu\n", GetLastError());
    base = SymLoadModuleEx(proc, NULL, fixa_path, NULL, 0, 0, NULL, 0);
    ok(base != 0, "SymLoadModuleEx: %lu\n", GetLastError());
    for (i = 0; i < 3; i++)
    {
        memset(buf, 0, sizeof(buf));
        sym->SizeOfStruct = sizeof(*sym);
        sym->MaxNameLength = 64;
        ok(SymGetSymFromName64(proc, names[i], sym), "%s not found\n", names[i]);
        addr[i] = sym->Address;
        if (addr[i] < first) first = addr[i];
        if (addr[i] > last) last = addr[i];
    }
    /* Forward from the lowest: each step lands on the next export up. */
    memset(buf, 0, sizeof(buf));
    sym->SizeOfStruct = sizeof(*sym);
    sym->MaxNameLength = 64;
    sym->Address = first;
    for (n = 0; n < 5; n++)
    {
        DWORD64 prev = sym->Address;

        ret = pSymGetSymNext64(proc, sym);
        if (!ret) break;
        ok(sym->Address > prev, "next went from %#I64x to %#I64x\n", prev, sym->Address);
    }
    todo_wine ok(n == 2, "%u steps up from the first export\n", n);
    todo_wine ok(!ret && GetLastError() == ERROR_NO_MORE_ITEMS, "past the last: %d %lu\n", ret,
                 GetLastError());
    todo_wine ok(sym->Address == last, "stopped at %#I64x, want %#I64x\n", sym->Address, last);
    ret = pSymGetSymPrev64(proc, sym);
    todo_wine ok(ret && sym->Address < last, "prev: %d %#I64x\n", ret, sym->Address);
    if (ret)
    {
        for (i = 0; i < 3; i++)
            if (addr[i] == sym->Address) break;
        ok(i < 3 && !strcmp(sym->Name, names[i]), "prev landed on %s at %#I64x\n", sym->Name,
           sym->Address);
    }
    /* SymUnDName undecorates the record's name. */
    strcpy(sym->Name, "?f@@YAHH@Z");
    ok(pSymUnDName64(sym, und, sizeof(und)), "SymUnDName64: %lu\n", GetLastError());
    ok(!strcmp(und, "int __cdecl f(int)"), "SymUnDName64: %s\n", und);

    if (wtest_platform != WTEST_WINE) /* stubs that abort in Wine's builtin */
    {
        memset(ibuf, 0, sizeof(ibuf));
        info->SizeOfStruct = sizeof(*info);
        info->MaxNameLen = 64;
        info->Address = first;
        ok(pSymNext(proc, info) && info->Address > first, "SymNext: %#I64x\n", info->Address);
        ok(pSymPrev(proc, info) && info->Address == first, "SymPrev: %#I64x\n", info->Address);
        ok(!pSymPrev(proc, info), "SymPrev below the first\n");
    }
    ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
}

/* SymRegisterFunctionEntryCallback64: asked for addresses no module's
 * function table covers (Microsoft's documentation: the callback
 * supplies entries for code the tables do not describe). */
static DWORD64 funcentry_addr;
static ULONG64 funcentry_ctx;
static DWORD funcentry_entry[4];

static PVOID CALLBACK funcentry_cb(HANDLE process, ULONG64 addr, ULONG64 ctx)
{
    (void)process;
    funcentry_addr = addr;
    funcentry_ctx = ctx;
    return funcentry_entry;
}

static void test_funcentry_callback(void)
{
    typedef BOOL (WINAPI *register_func)(HANDLE, PSYMBOL_FUNCENTRY_CALLBACK64, ULONG64);
    register_func reg = (void *)wtest_dbghelp_proc("SymRegisterFunctionEntryCallback64");
    DWORD64 where = 0x7ff012340000ull & (sizeof(void *) == 8 ? ~0ull : 0xffffffffull);
    void *entry;

    ok(reg != NULL, "SymRegisterFunctionEntryCallback64 not exported\n");
    if (!reg) return;
    SetLastError(0xdeadbeef);
    /* Wine's builtin fails every call with ERROR_INVALID_HANDLE, leaving
     * the error alone for an unknown handle. */
    todo_wine ok(!reg(proc, funcentry_cb, 0x1234) && GetLastError() == ERROR_INVALID_HANDLE,
                 "unknown handle: %lu\n", GetLastError());
    ok(SymInitialize(proc, NULL, FALSE), "SymInitialize: %lu\n", GetLastError());
    todo_wine ok(reg(proc, funcentry_cb, 0x1234), "register: %lu\n", GetLastError());
    funcentry_addr = 0;
    entry = SymFunctionTableAccess64(proc, where);
    todo_wine ok(entry == funcentry_entry && funcentry_addr == where && funcentry_ctx == 0x1234,
                 "entry %p, asked for %#I64x with %#I64x\n", entry, funcentry_addr, funcentry_ctx);
    todo_wine ok(reg(proc, NULL, 0), "unregister: %lu\n", GetLastError());
    funcentry_addr = 0;
    entry = SymFunctionTableAccess64(proc, where);
    ok(entry == NULL && funcentry_addr == 0, "after unregistering: %p\n", entry);
    ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
}

/* SymEnumProcesses, SymEnumSym, SymEnumSymbolsForAddr (stubs that abort
 * in Wine 8.0's builtin: ours only there). */
static unsigned procs_seen;

static BOOL CALLBACK procs_cb(HANDLE h, PVOID ctx)
{
    if (h == proc || h == (HANDLE)ctx) procs_seen++;
    return TRUE;
}

static unsigned syms_seen, add_seen;

static BOOL CALLBACK syms_cb(PSYMBOL_INFO si, ULONG size, PVOID ctx)
{
    (void)size; (void)ctx;
    syms_seen++;
    if (!strcmp(si->Name, "fixture_add")) add_seen++;
    return TRUE;
}

static void test_enum_extras(void)
{
    typedef BOOL (CALLBACK *procs_func)(HANDLE, PVOID);
    BOOL (WINAPI *pSymEnumProcesses)(procs_func, PVOID) = (void *)wtest_dbghelp_proc("SymEnumProcesses");
    BOOL (WINAPI *pSymEnumSym)(HANDLE, ULONG64, PSYM_ENUMERATESYMBOLS_CALLBACK, PVOID) =
        (void *)wtest_dbghelp_proc("SymEnumSym");
    BOOL (WINAPI *pSymEnumSymbolsForAddr)(HANDLE, DWORD64, PSYM_ENUMERATESYMBOLS_CALLBACK, PVOID) =
        (void *)wtest_dbghelp_proc("SymEnumSymbolsForAddr");
    HANDLE other = (HANDLE)(ULONG_PTR)0xabcabc;
    char buf[sizeof(SYMBOL_INFO) + 64];
    SYMBOL_INFO *si = (SYMBOL_INFO *)buf;
    DWORD64 base;

    if (wtest_platform == WTEST_WINE) return;
    ok(pSymEnumProcesses && pSymEnumSym && pSymEnumSymbolsForAddr, "not exported\n");
    if (!pSymEnumProcesses || !pSymEnumSym || !pSymEnumSymbolsForAddr) return;
    ok(SymInitialize(proc, NULL, FALSE) && SymInitialize(other, NULL, FALSE), "SymInitialize\n");
    procs_seen = 0;
    ok(pSymEnumProcesses(procs_cb, other) && procs_seen == 2, "processes: %u\n", procs_seen);
    ok(SymCleanup(other), "SymCleanup\n");
    procs_seen = 0;
    ok(pSymEnumProcesses(procs_cb, other) && procs_seen == 1, "after cleanup: %u\n", procs_seen);
    base = SymLoadModuleEx(proc, NULL, fixa_path, NULL, 0, 0, NULL, 0);
    syms_seen = add_seen = 0;
    ok(pSymEnumSym(proc, base, syms_cb, NULL) && syms_seen == 3 && add_seen == 1,
       "SymEnumSym: %u symbols\n", syms_seen);
    memset(buf, 0, sizeof(buf));
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = 64;
    ok(SymFromName(proc, "fixture_add", si), "SymFromName: %lu\n", GetLastError());
    syms_seen = add_seen = 0;
    ok(pSymEnumSymbolsForAddr(proc, si->Address, syms_cb, NULL) && add_seen == 1,
       "for addr: %u symbols, fixture_add %u\n", syms_seen, add_seen);
    SetLastError(0xdeadbeef);
    ok(!pSymEnumSymbolsForAddr(proc, 0x1000, syms_cb, NULL) && GetLastError() == ERROR_MOD_NOT_FOUND,
       "no module: %lu\n", GetLastError());
    ok(SymCleanup(proc), "SymCleanup\n");
}

/* SymGetUnwindInfo: the x64 UNWIND_INFO of a function, as the image holds
 * it (Microsoft's documentation; the bytes compared with what
 * RtlLookupFunctionEntry finds). */
static void test_unwind_info(void)
{
#ifdef _WIN64
    BOOL (WINAPI *pSymGetUnwindInfo)(HANDLE, DWORD64, PVOID, PULONG) = (void *)wtest_dbghelp_proc("SymGetUnwindInfo");
    HANDLE self = GetCurrentProcess();
    HMODULE mod = LoadLibraryA(fixa_path);
    DWORD64 addr, image_base = 0;
    RUNTIME_FUNCTION *rf;
    BYTE buf[256];
    ULONG size = 0;

    if (wtest_platform == WTEST_WINE || !mod) /* a stub that aborts in Wine's builtin */
    {
        if (mod) FreeLibrary(mod);
        return;
    }
    ok(pSymGetUnwindInfo != NULL, "SymGetUnwindInfo not exported\n");
    if (!pSymGetUnwindInfo) { FreeLibrary(mod); return; }
    addr = (DWORD64)(ULONG_PTR)GetProcAddress(mod, "fixture_add");
    ok(SymInitialize(self, NULL, FALSE), "SymInitialize: %lu\n", GetLastError());
    ok(SymLoadModuleEx(self, NULL, fixa_path, NULL, (DWORD64)(ULONG_PTR)mod, 0, NULL, 0) != 0,
       "SymLoadModuleEx: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!pSymGetUnwindInfo(self, addr, NULL, &size) && GetLastError() == ERROR_INSUFFICIENT_BUFFER &&
       size >= 4 && size <= sizeof(buf), "size query: %lu, size %lu\n", GetLastError(), size);
    ok(pSymGetUnwindInfo(self, addr, buf, &size), "SymGetUnwindInfo: %lu\n", GetLastError());
    rf = RtlLookupFunctionEntry(addr, &image_base, NULL);
    ok(rf != NULL, "no function entry\n");
    if (rf && size <= sizeof(buf))
        ok(!memcmp(buf, (BYTE *)(ULONG_PTR)image_base + rf->UnwindData, size), "unwind info differs\n");
    SetLastError(0xdeadbeef);
    ok(!pSymGetUnwindInfo(self, 0x1000, buf, &size) && GetLastError() == ERROR_MOD_NOT_FOUND,
       "no module: %lu\n", GetLastError());
    ok(SymCleanup(self), "SymCleanup: %lu\n", GetLastError());
    FreeLibrary(mod);
#endif
}

/* Our documented gaps (README's missing list; types are issue 10): they
 * fail cleanly, after the handle check. */
static void test_not_implemented(void)
{
    typedef BOOL (WINAPI *omaps_func)(HANDLE, DWORD64, void **, PDWORD64, void **, PDWORD64);
    typedef BOOL (WINAPI *token_func)(HANDLE, ULONG64, PCSTR, PVOID *, DWORD *);
    typedef BOOL (WINAPI *token_w_func)(HANDLE, ULONG64, PCWSTR, PVOID *, DWORD *);
    omaps_func omaps = (void *)wtest_dbghelp_proc("SymGetOmaps");
    token_func token = (void *)wtest_dbghelp_proc("SymGetSourceFileToken");
    token_w_func token_w = (void *)wtest_dbghelp_proc("SymGetSourceFileTokenW");
    void *to = (void *)(ULONG_PTR)1, *from = (void *)(ULONG_PTR)1;
    DWORD64 nto = 7, nfrom = 7;
    PVOID tok = (PVOID)(ULONG_PTR)1;
    DWORD size = 7;

    if (wtest_platform != WTEST_OURS) return;
    ok(omaps && token && token_w, "a PDB function is not exported\n");
    if (!omaps || !token || !token_w) return;
    SetLastError(0xdeadbeef);
    ok(!omaps(proc, 0, &to, &nto, &from, &nfrom) && GetLastError() == ERROR_INVALID_HANDLE,
       "unknown handle: %lu\n", GetLastError());
    ok(SymInitialize(proc, NULL, FALSE), "SymInitialize: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!omaps(proc, 0, &to, &nto, &from, &nfrom) && GetLastError() == ERROR_CALL_NOT_IMPLEMENTED,
       "SymGetOmaps: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!token(proc, 0, "a.c", &tok, &size) && GetLastError() == ERROR_CALL_NOT_IMPLEMENTED,
       "SymGetSourceFileToken: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!token_w(proc, 0, L"a.c", &tok, &size) && GetLastError() == ERROR_CALL_NOT_IMPLEMENTED,
       "SymGetSourceFileTokenW: %lu\n", GetLastError());
    ok(to == (void *)(ULONG_PTR)1 && nto == 7 && from == (void *)(ULONG_PTR)1 && nfrom == 7 &&
       tok == (PVOID)(ULONG_PTR)1 && size == 7, "out parameter touched\n");
    ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
}

#define GET(name) (p##name = (void *)wtest_dbghelp_proc(#name))

START_TEST(findfile)
{
    snprintf(fixa_path, sizeof(fixa_path), "%sfixa.dll", wtest_fixtures);
    ok(GET(MakeSureDirectoryPathExists) && GET(SymMatchFileName) && GET(SymMatchFileNameW) &&
       GET(SearchTreeForFile) && GET(SearchTreeForFileW) && GET(EnumDirTree) &&
       GET(EnumDirTreeW) && GET(SymSetHomeDirectory) && GET(SymGetHomeDirectory) &&
       GET(SymGetExtendedOption) && GET(SymSetExtendedOption) && GET(SymSetParentWindow) &&
       GET(SymGetSymNext64) && GET(SymGetSymPrev64) && GET(SymNext) && GET(SymPrev) &&
       GET(SymUnDName64), "dbghelp.dll lacks a function\n");
    if (!pSymUnDName64 || !pSymPrev || !pSymNext || !pSymGetSymPrev64 || !pSymGetSymNext64 ||
        !pSymSetParentWindow || !pSymSetExtendedOption || !pSymGetExtendedOption ||
        !pSymGetHomeDirectory || !pSymSetHomeDirectory || !pEnumDirTreeW || !pEnumDirTree ||
        !pSearchTreeForFileW || !pSearchTreeForFile || !pSymMatchFileNameW ||
        !pSymMatchFileName || !pMakeSureDirectoryPathExists)
        return;
    test_make_sure_path();
    test_match_file_name();
    test_tree();
    test_home_and_options();
    test_sym_next();
    test_funcentry_callback();
    test_enum_extras();
    test_unwind_info();
    test_not_implemented();
}
