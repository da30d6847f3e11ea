/*
 * imagehlp.c: imagehlp.dll exports the symbol handler too, by forwarding to
 * dbghelp.dll, so both DLLs share one process list, one option mask and one
 * callback per process.
 */
#include <stdio.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include <dbghelp.h>



typedef BOOL (WINAPI *init_func)(HANDLE, PCSTR, BOOL);
typedef BOOL (WINAPI *handle_func)(HANDLE);
typedef DWORD (WINAPI *get_options_func)(void);
typedef DWORD (WINAPI *set_options_func)(DWORD);
typedef BOOL (WINAPI *get_path_func)(HANDLE, PSTR, DWORD);
typedef BOOL (WINAPI *set_path_func)(HANDLE, PCSTR);
typedef DWORD64 (WINAPI *load64_func)(HANDLE, HANDLE, PCSTR, PCSTR, DWORD64, DWORD);
typedef DWORD (WINAPI *load32_func)(HANDLE, HANDLE, PCSTR, PCSTR, DWORD, DWORD);
typedef BOOL (WINAPI *unload64_func)(HANDLE, DWORD64);
typedef BOOL (WINAPI *unload32_func)(HANDLE, DWORD);
typedef DWORD64 (WINAPI *base64_func)(HANDLE, DWORD64);
typedef DWORD (WINAPI *base32_func)(HANDLE, DWORD);
typedef BOOL (WINAPI *info64_func)(HANDLE, DWORD64, IMAGEHLP_MODULE64 *);
typedef BOOL (WINAPI *info32_func)(HANDLE, DWORD, MODULE_INFO32 *);
typedef BOOL (CALLBACK *enum_cb32)(PCSTR, ULONG, PVOID);
typedef BOOL (WINAPI *enum64_func)(HANDLE, PSYM_ENUMMODULES_CALLBACK64, PVOID);
typedef BOOL (WINAPI *enum32_func)(HANDLE, enum_cb32, PVOID);
typedef BOOL (WINAPI *enum_loaded64_func)(HANDLE, PENUMLOADED_MODULES_CALLBACK64, PVOID);
typedef BOOL (WINAPI *register64_func)(HANDLE, PSYMBOL_REGISTERED_CALLBACK64, ULONG64);
typedef API_VERSION *(WINAPI *version_func)(void);

static HANDLE fake = (HANDLE)(ULONG_PTR)0xcafef00d;
static HMODULE imagehlp;
static char fixa_path[MAX_PATH];

static void *iproc(const char *name)
{
    return (void *)GetProcAddress(imagehlp, name);
}

/* The symbol-handler exports of imagehlp.dll: the 32-bit names included
 * (Wine 8.0 exports all of these from its 64-bit imagehlp, as do mingw's
 * import libraries, which follow Microsoft's). */
static const char *const exported[] =
{
    "SymInitialize", "SymCleanup", "SymSetOptions", "SymGetOptions",
    "SymSetSearchPath", "SymGetSearchPath", "SymLoadModule", "SymLoadModule64",
    "SymUnloadModule", "SymUnloadModule64", "SymEnumerateModules", "SymEnumerateModules64",
    "SymGetModuleInfo", "SymGetModuleInfoW", "SymGetModuleInfo64", "SymGetModuleInfoW64",
    "SymGetModuleBase", "SymGetModuleBase64", "SymRegisterCallback", "SymRegisterCallback64",
    "EnumerateLoadedModules", "EnumerateLoadedModules64", "ImagehlpApiVersion",
    "ImagehlpApiVersionEx",
    /* The symbol and line lookups (a program linked with -limagehlp that
     * calls SymGetSymFromAddr64 must find it there). */
    "SymEnumSymbols", "SymEnumTypes", "SymEnumerateSymbols", "SymEnumerateSymbols64",
    "SymEnumerateSymbolsW", "SymEnumerateSymbolsW64", "SymFromAddr", "SymFromName",
    "SymGetLineFromAddr", "SymGetLineFromAddr64", "SymGetLineFromName", "SymGetLineFromName64",
    "SymGetLineNext", "SymGetLineNext64", "SymGetLinePrev", "SymGetLinePrev64",
    "SymGetSymFromAddr", "SymGetSymFromAddr64", "SymGetSymFromName", "SymGetSymFromName64",
    "SymGetTypeInfo", "SymMatchString", "SymSetContext",
};

/* In Microsoft's imagehlp (mingw-w64's imagehlp import library lists them)
 * but not in Wine 8.0's. */
static const char *const exported_native[] =
{
    "EnumerateLoadedModulesW64", "EnumerateLoadedModulesEx", "EnumerateLoadedModulesExW",
    "StackWalkEx", "SymAddrIncludeInlineTrace", "SymEnumSymbolsEx", "SymEnumSymbolsExW",
    "SymEnumTypesByName", "SymFindFileInPathW", "SymFromInlineContext", "SymFromInlineContextW",
    "SymFunctionTableAccess64AccessRoutines", "SymGetLineFromInlineContext",
    "SymGetLineFromInlineContextW", "SymMatchStringA", "SymMatchStringW", "SymQueryInlineTrace",
    "SymSetScopeFromAddr", "SymSetScopeFromInlineContext",
};

/* dbghelp-only: neither Wine's imagehlp nor Microsoft's (per mingw-w64's
 * import library) exports these. */
static const char *const not_exported[] =
{
    "SymLoadModuleEx", "SymLoadModuleExW", "SymInitializeW", "SymRegisterCallbackW64",
    "SymRefreshModuleList", "SymEnumerateModulesW64", "SymGetSearchPathW", "SymSetSearchPathW",
};

static void test_exports(void)
{
    unsigned i;
    void *ip, *dp;

    for (i = 0; i < ARRAY_SIZE(exported); i++)
    {
        winetest_push_context("%s", exported[i]);
        ip = iproc(exported[i]);
        dp = (void *)wtest_dbghelp_proc(exported[i]);
        ok(ip != NULL, "not exported by imagehlp\n");
        /* A forwarder resolves to the dbghelp function itself.  Wine 8.0's
         * imagehlp exports these four as stubs of its own. */
        if (ip && dp)
            todo_wine_if(!strcmp(exported[i], "SymEnumerateSymbolsW") ||
                         !strcmp(exported[i], "SymEnumerateSymbolsW64") ||
                         !strcmp(exported[i], "SymGetLineFromName") ||
                         !strcmp(exported[i], "SymGetLineFromName64"))
            ok(ip == dp || broken(ip != dp), "imagehlp %p, dbghelp %p\n", ip, dp);
        winetest_pop_context();
    }
    for (i = 0; i < ARRAY_SIZE(exported_native); i++)
    {
        ip = iproc(exported_native[i]);
        todo_wine ok(ip != NULL, "%s not exported by imagehlp\n", exported_native[i]);
    }
    for (i = 0; i < ARRAY_SIZE(not_exported); i++)
    {
        ip = iproc(not_exported[i]);
        ok(ip == NULL, "%s exported by imagehlp\n", not_exported[i]);
        dp = (void *)wtest_dbghelp_proc(not_exported[i]);
        ok(dp != NULL, "%s not exported by dbghelp\n", not_exported[i]);
    }
}

static BOOL CALLBACK find_cb(PCSTR name, DWORD64 base, PVOID ctx)
{
    DWORD64 *want = ctx;

    (void)name;
    if (base == want[0]) want[1]++;
    return TRUE;
}

static BOOL CALLBACK find_cb32(PCSTR name, ULONG base, PVOID ctx)
{
    DWORD64 *want = ctx;

    (void)name;
    if (base == want[0]) want[1]++;
    return TRUE;
}

static unsigned cb_events;

static BOOL CALLBACK count_cb(HANDLE proc, ULONG action, ULONG64 data, ULONG64 ctx)
{
    (void)proc; (void)data;
    if (ctx == 0x1234 && action == CBA_DEFERRED_SYMBOL_LOAD_START) cb_events++;
    return FALSE;
}

static BOOL CALLBACK find_loaded_cb(PCSTR name, DWORD64 base, ULONG size, PVOID ctx)
{
    DWORD64 *want = ctx;

    (void)name; (void)size;
    if (base == want[0]) want[1]++;
    return TRUE;
}

/* One process list behind both DLLs. */
static void test_shared_state(void)
{
    init_func i_SymInitialize = iproc("SymInitialize");
    handle_func i_SymCleanup = iproc("SymCleanup");
    get_options_func i_SymGetOptions = iproc("SymGetOptions");
    set_options_func i_SymSetOptions = iproc("SymSetOptions");
    get_path_func i_SymGetSearchPath = iproc("SymGetSearchPath");
    set_path_func i_SymSetSearchPath = iproc("SymSetSearchPath");
    load64_func i_SymLoadModule64 = iproc("SymLoadModule64");
    unload64_func i_SymUnloadModule64 = iproc("SymUnloadModule64");
    base64_func i_SymGetModuleBase64 = iproc("SymGetModuleBase64");
    info64_func i_SymGetModuleInfo64 = iproc("SymGetModuleInfo64");
    enum64_func i_SymEnumerateModules64 = iproc("SymEnumerateModules64");
    register64_func i_SymRegisterCallback64 = iproc("SymRegisterCallback64");
    enum_loaded64_func i_EnumerateLoadedModules64 = iproc("EnumerateLoadedModules64");
    version_func i_ImagehlpApiVersion = iproc("ImagehlpApiVersion");
    IMAGEHLP_MODULE64 info;
    DWORD old = SymGetOptions(), opts;
    DWORD64 base, want[2];
    char path[64];
    BOOL ret;

    if (!i_SymInitialize || !i_SymCleanup || !i_SymGetOptions || !i_SymSetOptions ||
        !i_SymGetSearchPath || !i_SymSetSearchPath || !i_SymLoadModule64 || !i_SymUnloadModule64 ||
        !i_SymGetModuleBase64 || !i_SymGetModuleInfo64 || !i_SymEnumerateModules64 ||
        !i_SymRegisterCallback64 || !i_EnumerateLoadedModules64 || !i_ImagehlpApiVersion)
    {
        ok(0, "imagehlp lacks symbol exports\n");
        return;
    }

    /* One option mask. */
    opts = i_SymSetOptions(SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    ok(opts == (SYMOPT_UNDNAME | SYMOPT_LOAD_LINES), "imagehlp SymSetOptions gave %#lx\n", opts);
    opts = SymGetOptions();
    ok(opts == (SYMOPT_UNDNAME | SYMOPT_LOAD_LINES), "dbghelp sees %#lx\n", opts);
    SymSetOptions(SYMOPT_UNDNAME);
    opts = i_SymGetOptions();
    ok(opts == SYMOPT_UNDNAME, "imagehlp sees %#lx\n", opts);

    /* Initialised through imagehlp, used through dbghelp and back. */
    ret = i_SymInitialize(fake, "c:\\via_imagehlp", FALSE);
    ok(ret, "imagehlp SymInitialize failed: %lu\n", GetLastError());
    ret = SymGetSearchPath(fake, path, sizeof(path));
    ok(ret && !strcmp(path, "c:\\via_imagehlp"), "dbghelp sees %d, %s\n", ret, path);
    ret = SymSetSearchPath(fake, "c:\\via_dbghelp");
    ok(ret, "dbghelp SymSetSearchPath failed: %lu\n", GetLastError());
    ret = i_SymGetSearchPath(fake, path, sizeof(path));
    ok(ret && !strcmp(path, "c:\\via_dbghelp"), "imagehlp sees %d, %s\n", ret, path);

    ret = i_SymRegisterCallback64(fake, count_cb, 0x1234);
    ok(ret, "imagehlp SymRegisterCallback64 failed: %lu\n", GetLastError());
    cb_events = 0;
    base = SymLoadModuleEx(fake, NULL, fixa_path, NULL, 0, 0, NULL, 0);
    ok(base == 0x10000000, "dbghelp SymLoadModuleEx gave %#I64x, error %lu\n", base, GetLastError());
    ok(cb_events == 1, "callback registered through imagehlp saw %u loads\n", cb_events);

    /* Symbols looked up through imagehlp's forwarders. */
    {
        typedef BOOL (WINAPI *from_name_func)(HANDLE, PCSTR, PSYMBOL_INFO);
        typedef BOOL (WINAPI *sym_from_addr64_func)(HANDLE, DWORD64, PDWORD64, PIMAGEHLP_SYMBOL64);
        from_name_func i_SymFromName = iproc("SymFromName");
        sym_from_addr64_func i_SymGetSymFromAddr64 = iproc("SymGetSymFromAddr64");
        char buf[sizeof(SYMBOL_INFO) + 64], buf2[sizeof(IMAGEHLP_SYMBOL64) + 64];
        SYMBOL_INFO *si = (SYMBOL_INFO *)buf;
        IMAGEHLP_SYMBOL64 *hs = (IMAGEHLP_SYMBOL64 *)buf2;
        DWORD64 disp = 1;

        ok(i_SymFromName && i_SymGetSymFromAddr64, "imagehlp lacks SymFromName/SymGetSymFromAddr64\n");
        if (i_SymFromName && i_SymGetSymFromAddr64)
        {
            memset(buf, 0, sizeof(buf));
            si->SizeOfStruct = sizeof(*si);
            si->MaxNameLen = 64;
            ret = i_SymFromName(fake, "fixture_mul", si);
            ok(ret, "imagehlp SymFromName failed: %lu\n", GetLastError());
            memset(buf2, 0, sizeof(buf2));
            hs->SizeOfStruct = sizeof(*hs);
            hs->MaxNameLength = 64;
            ret = ret && i_SymGetSymFromAddr64(fake, si->Address, &disp, hs);
            ok(ret && !strcmp(hs->Name, "fixture_mul") && disp == 0,
               "imagehlp SymGetSymFromAddr64: %d %s +%I64u\n", ret, hs->Name, disp);
        }
    }

    base = i_SymGetModuleBase64(fake, 0x10001000);
    ok(base == 0x10000000, "imagehlp SymGetModuleBase64 gave %#I64x\n", base);
    memset(&info, 0, sizeof(info));
    info.SizeOfStruct = sizeof(info);
    ret = i_SymGetModuleInfo64(fake, 0x10000000, &info);
    ok(ret, "imagehlp SymGetModuleInfo64 failed: %lu\n", GetLastError());
    ok(!strcmp(info.ModuleName, "fixa"), "got %s\n", info.ModuleName);
    want[0] = 0x10000000;
    want[1] = 0;
    ret = i_SymEnumerateModules64(fake, find_cb, want);
    ok(ret && want[1] == 1, "imagehlp SymEnumerateModules64: %d, seen %I64u times\n", ret, want[1]);

    /* Loaded through imagehlp, seen by dbghelp. */
    base = i_SymLoadModule64(fake, NULL, fixa_path, NULL, 0x30000000, 0);
    ok(base == 0x30000000, "imagehlp SymLoadModule64 gave %#I64x, error %lu\n", base, GetLastError());
    base = SymGetModuleBase64(fake, 0x30000010);
    ok(base == 0x30000000, "dbghelp SymGetModuleBase64 gave %#I64x\n", base);

    /* Unloaded through imagehlp: gone for dbghelp too. */
    SetLastError(0xdeadbeef);
    ret = i_SymUnloadModule64(fake, 0x10000000);
    ok(ret, "imagehlp SymUnloadModule64 failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = SymUnloadModule64(fake, 0x10000000);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "dbghelp second unload: %d, %lu\n", ret, GetLastError());
    ret = SymUnloadModule64(fake, 0x30000000);
    ok(ret, "dbghelp SymUnloadModule64 failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = i_SymUnloadModule64(fake, 0x30000000);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "imagehlp second unload: %d, %lu\n", ret, GetLastError());

    /* Cleaned up through imagehlp: dbghelp no longer knows the handle. */
    ret = i_SymCleanup(fake);
    ok(ret, "imagehlp SymCleanup failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = SymCleanup(fake);
    ok(!ret, "dbghelp SymCleanup succeeded after imagehlp's\n");
    todo_wine ok(GetLastError() == ERROR_INVALID_HANDLE, "got error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = SymGetSearchPath(fake, path, sizeof(path));
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "dbghelp SymGetSearchPath: %d, %lu\n", ret, GetLastError());

    /* And the other way round. */
    ret = SymInitialize(fake, NULL, FALSE);
    ok(ret, "dbghelp SymInitialize failed: %lu\n", GetLastError());
    ret = i_SymCleanup(fake);
    ok(ret, "imagehlp SymCleanup failed: %lu\n", GetLastError());
    ret = i_SymCleanup(fake);
    ok(!ret, "imagehlp second SymCleanup succeeded\n");

    /* The live-process walk and the version through imagehlp. */
    want[0] = (DWORD_PTR)GetModuleHandleA("kernel32.dll");
    want[1] = 0;
    ret = i_EnumerateLoadedModules64(GetCurrentProcess(), find_loaded_cb, want);
    ok(ret && want[1] == 1, "imagehlp EnumerateLoadedModules64: %d, kernel32 seen %I64u times\n", ret, want[1]);
    ok(i_ImagehlpApiVersion() == ImagehlpApiVersion() || broken(i_ImagehlpApiVersion() != NULL),
       "imagehlp reports another version block\n");

    SymSetOptions(old);
}

/* The 32-bit entry points of imagehlp still work in a 64-bit process for
 * addresses below 4 GB. */
static void test_32bit_exports(void)
{
    load32_func i_SymLoadModule = iproc("SymLoadModule");
    unload32_func i_SymUnloadModule = iproc("SymUnloadModule");
    base32_func i_SymGetModuleBase = iproc("SymGetModuleBase");
    info32_func i_SymGetModuleInfo = iproc("SymGetModuleInfo");
    enum32_func i_SymEnumerateModules = iproc("SymEnumerateModules");
    MODULE_INFO32 info;
    DWORD base;
    DWORD64 want[2];
    BOOL ret;

    if (!i_SymLoadModule || !i_SymUnloadModule || !i_SymGetModuleBase || !i_SymGetModuleInfo ||
        !i_SymEnumerateModules)
    {
        win_skip("no 32-bit symbol exports in imagehlp\n");
        return;
    }

    ret = SymInitialize(fake, NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());

    base = i_SymLoadModule(fake, NULL, fixa_path, NULL, 0x10000000, 0);
    ok(base == 0x10000000, "SymLoadModule gave %#lx, error %lu\n", base, GetLastError());
    base = i_SymGetModuleBase(fake, 0x10001000);
    ok(base == 0x10000000, "SymGetModuleBase gave %#lx\n", base);

    memset(&info, 0xcc, sizeof(info));
    info.SizeOfStruct = sizeof(info);
    ret = i_SymGetModuleInfo(fake, 0x10001000, &info);
    ok(ret, "SymGetModuleInfo failed: %lu\n", GetLastError());
    if (ret)
    {
        ok(info.SizeOfStruct == sizeof(info), "got SizeOfStruct %lu\n", info.SizeOfStruct);
        ok(info.BaseOfImage == 0x10000000, "got base %#lx\n", info.BaseOfImage);
        ok(info.ImageSize > 0x1000, "got size %#lx\n", info.ImageSize);
        ok(!strcmp(info.ModuleName, "fixa"), "got %s\n", info.ModuleName);
    }

    want[0] = 0x10000000;
    want[1] = 0;
    ret = i_SymEnumerateModules(fake, find_cb32, want);
    ok(ret && want[1] == 1, "SymEnumerateModules: %d, seen %I64u times\n", ret, want[1]);

    SetLastError(0xdeadbeef);
    ret = i_SymUnloadModule(fake, 0x10000000);
    ok(ret, "SymUnloadModule failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = i_SymUnloadModule(fake, 0x10000000);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "second SymUnloadModule: %d, %lu\n", ret, GetLastError());
    ok(!SymGetModuleBase64(fake, 0x10001000), "dbghelp still finds the module\n");

    /* An address inside the module unloads it as the 64-bit call does. */
    base = i_SymLoadModule(fake, NULL, fixa_path, NULL, 0x20000000, 0);
    ok(base == 0x20000000, "SymLoadModule gave %#lx, error %lu\n", base, GetLastError());
    ret = i_SymUnloadModule(fake, 0x20000010);
    ok(ret, "SymUnloadModule(inside) failed: %lu\n", GetLastError());

    ret = SymCleanup(fake);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = i_SymUnloadModule(fake, 0x20000000);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "after cleanup: %d, %lu\n", ret, GetLastError());
}

void func_imagehlp(void);
START_TEST(imagehlp)
{
    snprintf(fixa_path, sizeof(fixa_path), "%sfixa.dll", wtest_fixtures);
    imagehlp = wtest_imagehlp();
    if (!imagehlp) return;

    test_exports();
    test_shared_state();
    test_32bit_exports();
}
