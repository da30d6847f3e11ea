/*
 * process.c: the per-process part of the symbol handler: SymInitialize(W),
 * SymCleanup, the global options, the search path, SymRefreshModuleList and
 * the ImagehlpApiVersion(Ex) pair.
 *
 * A process handle is only a key: most tests use a made-up value
 * (0xcafef00d), the invade/refresh tests use the real current process.
 */
#include <stdio.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include <dbghelp.h>

#ifndef STATUS_INVALID_CID
#define STATUS_INVALID_CID ((DWORD)0xC000000B)
#endif
#ifndef STATUS_INFO_LENGTH_MISMATCH
#define STATUS_INFO_LENGTH_MISMATCH ((DWORD)0xC0000004)
#endif
#ifndef STATUS_PARTIAL_COPY
#define STATUS_PARTIAL_COPY ((DWORD)0x8000000D)
#endif

static HANDLE fake = (HANDLE)(ULONG_PTR)0xcafef00d;
static HANDLE fake2 = (HANDLE)(ULONG_PTR)0xcafef11d;
static HANDLE never = (HANDLE)(ULONG_PTR)0x0badf00d;

/* Modules seen by SymEnumerateModules64. */
struct mod_list
{
    unsigned count;
    char name[64][64];
    DWORD64 base[64];
};

static BOOL CALLBACK collect_cb(PCSTR name, DWORD64 base, PVOID ctx)
{
    struct mod_list *list = ctx;

    if (list->count < ARRAY_SIZE(list->base))
    {
        lstrcpynA(list->name[list->count], name, sizeof(list->name[0]));
        list->base[list->count] = base;
    }
    list->count++;
    return TRUE;
}

static BOOL enum_sym_modules(HANDLE proc, struct mod_list *list)
{
    memset(list, 0, sizeof(*list));
    return SymEnumerateModules64(proc, collect_cb, list);
}

/* Index of the module at `base` in the list, or -1. */
static int find_base(const struct mod_list *list, DWORD64 base)
{
    unsigned i;

    for (i = 0; i < list->count && i < ARRAY_SIZE(list->base); i++)
        if (list->base[i] == base) return i;
    return -1;
}

static DWORD image_size(HMODULE mod)
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)mod;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)((const BYTE *)mod + dos->e_lfanew);
    return nt->OptionalHeader.SizeOfImage;
}

/* "C:\dir\dbghelp_test.exe" -> "dbghelp_test" (what ModuleName holds). */
static void module_name_of(HMODULE mod, char *out, size_t size)
{
    char path[MAX_PATH], *start, *dot;

    GetModuleFileNameA(mod, path, sizeof(path));
    start = strrchr(path, '\\');
    start = start ? start + 1 : path;
    if ((dot = strrchr(start, '.'))) *dot = 0;
    lstrcpynA(out, start, size);
}

/* SymRefreshModuleList sometimes fails transiently on Windows 11 (it sits on
 * top of EnumerateLoadedModulesW64 there); retry, but never on Wine. */
static BOOL refresh_module_list(HANDLE proc)
{
    int tries = wtest_platform == WTEST_WINDOWS ? 5 : 1;
    BOOL ret;

    do
    {
        ret = SymRefreshModuleList(proc);
        if (ret || (GetLastError() != STATUS_INFO_LENGTH_MISMATCH &&
                    GetLastError() != STATUS_PARTIAL_COPY))
            break;
        Sleep(10);
    } while (--tries > 0);
    return ret;
}

/* Before anything sets them, the options hold SYMOPT_UNDNAME only (Wine
 * 8.0; Microsoft documents SYMOPT_UNDNAME as "on by default" and gives no
 * full value, so other native bits are accepted there). */
static void test_default_options(void)
{
    DWORD opts = SymGetOptions();

    ok(opts == SYMOPT_UNDNAME || broken(opts & SYMOPT_UNDNAME),
       "default options %#lx\n", opts);
}

/* Options are global (no handle); SymSetOptions returns the new mask. */
static void test_SymSetOptions(void)
{
    static const DWORD values[] =
    {
        0,
        SYMOPT_UNDNAME,
        SYMOPT_UNDNAME | SYMOPT_DEFERRED_LOADS,
        SYMOPT_CASE_INSENSITIVE | SYMOPT_LOAD_LINES,
        SYMOPT_DEBUG | SYMOPT_DEFERRED_LOADS,
        SYMOPT_INCLUDE_32BIT_MODULES | SYMOPT_UNDNAME | SYMOPT_AUTO_PUBLICS,
    };
    DWORD old = SymGetOptions(), ret;
    unsigned i;
    BOOL bret;

    for (i = 0; i < ARRAY_SIZE(values); i++)
    {
        winetest_push_context("values[%u]", i);
        ret = SymSetOptions(values[i]);
        ok(ret == values[i], "SymSetOptions returned %#lx\n", ret);
        ret = SymGetOptions();
        ok(ret == values[i], "SymGetOptions returned %#lx\n", ret);
        winetest_pop_context();
    }

    /* Set before SymInitialize, still there after SymInitialize and after
     * SymCleanup: nothing per-process about them. */
    SymSetOptions(SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    bret = SymInitialize(fake, NULL, FALSE);
    ok(bret, "SymInitialize failed: %lu\n", GetLastError());
    ret = SymGetOptions();
    ok(ret == (SYMOPT_UNDNAME | SYMOPT_LOAD_LINES), "options after init %#lx\n", ret);
    bret = SymCleanup(fake);
    ok(bret, "SymCleanup failed: %lu\n", GetLastError());
    ret = SymGetOptions();
    ok(ret == (SYMOPT_UNDNAME | SYMOPT_LOAD_LINES), "options after cleanup %#lx\n", ret);

    SymSetOptions(old);
}

static void test_SymInitialize(void)
{
    struct mod_list list;
    char path[256];
    BOOL ret;

    /* A made-up handle is a valid key. */
    SetLastError(0xdeadbeef);
    ret = SymInitialize(fake, NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    ret = enum_sym_modules(fake, &list);
    ok(ret, "SymEnumerateModules64 failed: %lu\n", GetLastError());
    ok(list.count == 0, "got %u modules\n", list.count);

    /* Current Windows refuses a second SymInitialize of the same handle;
     * older dbghelp and Wine accept it. Either way the first one survives. */
    SetLastError(0xdeadbeef);
    ret = SymInitialize(fake, "c:\\other", FALSE);
    todo_wine ok(!ret || broken(ret), "second SymInitialize succeeded\n");
    if (!ret)
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "got error %lu\n", GetLastError());
    ret = SymGetSearchPath(fake, path, sizeof(path));
    ok(ret, "SymGetSearchPath failed: %lu\n", GetLastError());
    if (ret) trace("search path after second SymInitialize: %s\n", path);

    SetLastError(0xdeadbeef);
    ret = SymCleanup(fake);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());

    /* Double cleanup: the handle is unknown now. Wine returns FALSE without
     * setting an error. */
    SetLastError(0xdeadbeef);
    ret = SymCleanup(fake);
    ok(!ret, "second SymCleanup succeeded\n");
    todo_wine ok(GetLastError() == ERROR_INVALID_HANDLE, "got error %lu\n", GetLastError());

    /* A handle that was never initialised. */
    SetLastError(0xdeadbeef);
    ret = SymCleanup(never);
    ok(!ret, "SymCleanup of an unknown handle succeeded\n");
    todo_wine ok(GetLastError() == ERROR_INVALID_HANDLE, "got error %lu\n", GetLastError());

    /* Everything else on a cleaned-up handle fails with ERROR_INVALID_HANDLE. */
    SetLastError(0xdeadbeef);
    ret = SymGetSearchPath(fake, path, sizeof(path));
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "SymGetSearchPath: %d, %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = enum_sym_modules(fake, &list);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "SymEnumerateModules64: %d, %lu\n", ret, GetLastError());

    /* Initialising again after cleanup starts from scratch. */
    ret = SymInitialize(fake, "c:\\again", FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    ret = SymGetSearchPath(fake, path, sizeof(path));
    ok(ret && !strcmp(path, "c:\\again"), "got %d, %s\n", ret, path);
    ret = SymCleanup(fake);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());

    /* Two handles are two independent processes. */
    ret = SymInitialize(fake, "c:\\one", FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    ret = SymInitialize(fake2, "c:\\two", FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    ret = SymGetSearchPath(fake, path, sizeof(path));
    ok(ret && !strcmp(path, "c:\\one"), "got %d, %s\n", ret, path);
    ret = SymCleanup(fake);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
    ret = SymGetSearchPath(fake2, path, sizeof(path));
    ok(ret && !strcmp(path, "c:\\two"), "got %d, %s\n", ret, path);
    ret = SymCleanup(fake2);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());

    /* Invading a handle that is not a process fails (Wine: FALSE with
     * ERROR_INVALID_PARAMETER) and leaves nothing registered. */
    SetLastError(0xdeadbeef);
    ret = SymInitialize(fake, NULL, TRUE);
    ok(!ret || broken(ret), "SymInitialize(invade) of a fake handle succeeded\n");
    if (!ret)
    {
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "got error %lu\n", GetLastError());
        ret = SymCleanup(fake);
        ok(!ret, "the failed SymInitialize left the handle registered\n");
    }
    else SymCleanup(fake);
}

static void test_SymInitializeW(void)
{
    WCHAR pathW[64];
    char path[64];
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = SymInitializeW(fake, L"w:\\one;w:\\two", FALSE);
    ok(ret, "SymInitializeW failed: %lu\n", GetLastError());
    ret = SymGetSearchPathW(fake, pathW, ARRAY_SIZE(pathW));
    ok(ret && !wcscmp(pathW, L"w:\\one;w:\\two"), "got %d, %ls\n", ret, pathW);
    ret = SymGetSearchPath(fake, path, sizeof(path));
    ok(ret && !strcmp(path, "w:\\one;w:\\two"), "got %d, %s\n", ret, path);

    SetLastError(0xdeadbeef);
    ret = SymInitializeW(fake, NULL, FALSE);
    todo_wine ok(!ret || broken(ret), "second SymInitializeW succeeded\n");
    if (!ret)
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "got error %lu\n", GetLastError());

    ret = SymCleanup(fake);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());

    ret = SymInitializeW(fake, NULL, FALSE);
    ok(ret, "SymInitializeW failed: %lu\n", GetLastError());
    ret = SymGetSearchPathW(fake, pathW, ARRAY_SIZE(pathW));
    ok(ret && !wcscmp(pathW, L"."), "got %d, %ls\n", ret, pathW);
    ret = SymCleanup(fake);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
}

static void check_path(int line, HANDLE proc, const char *expect)
{
    char path[1024];
    BOOL ret;

    memset(path, 'x', sizeof(path));
    ret = SymGetSearchPath(proc, path, sizeof(path));
    ok(ret, "line %d: SymGetSearchPath failed: %lu\n", line, GetLastError());
    ok(!strcmp(path, expect), "line %d: got %s, expected %s\n", line, path, expect);
}

/* The default path is ".[;%_NT_SYMBOL_PATH%][;%_NT_ALT_SYMBOL_PATH%]",
 * read when SymInitialize gets no path and whenever SymSetSearchPath gets
 * NULL (Wine's tests check the same on Windows). */
static void test_search_path(void)
{
    char path[1024], big[800];
    WCHAR pathW[64];
    unsigned i;
    BOOL ret;

    SetEnvironmentVariableA("_NT_SYMBOL_PATH", NULL);
    SetEnvironmentVariableA("_NT_ALT_SYMBOL_PATH", NULL);
    SetEnvironmentVariableA("_NT_ALTERNATE_SYMBOL_PATH", NULL);

    ret = SymInitialize(fake, NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    check_path(__LINE__, fake, ".");

    SetLastError(0xdeadbeef);
    ret = SymSetSearchPath(fake, "W:\\syms;V:\\more");
    ok(ret, "SymSetSearchPath failed: %lu\n", GetLastError());
    check_path(__LINE__, fake, "W:\\syms;V:\\more");

    ret = SymSetSearchPath(fake, NULL);
    ok(ret, "SymSetSearchPath(NULL) failed: %lu\n", GetLastError());
    check_path(__LINE__, fake, ".");

    SetEnvironmentVariableA("_NT_SYMBOL_PATH", "X:\\sym");
    ret = SymSetSearchPath(fake, NULL);
    ok(ret, "SymSetSearchPath(NULL) failed: %lu\n", GetLastError());
    check_path(__LINE__, fake, ".;X:\\sym");

    SetEnvironmentVariableA("_NT_ALT_SYMBOL_PATH", "Y:\\alt");
    ret = SymSetSearchPath(fake, NULL);
    ok(ret, "SymSetSearchPath(NULL) failed: %lu\n", GetLastError());
    check_path(__LINE__, fake, ".;X:\\sym;Y:\\alt");

    /* The environment is read at SymInitialize too. */
    ret = SymInitialize(fake2, NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    check_path(__LINE__, fake2, ".;X:\\sym;Y:\\alt");
    /* ... but a path given to SymInitialize is used as is. */
    SymCleanup(fake2);
    ret = SymInitialize(fake2, "Z:\\only", FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    check_path(__LINE__, fake2, "Z:\\only");
    SymCleanup(fake2);

    SetEnvironmentVariableA("_NT_SYMBOL_PATH", NULL);
    ret = SymSetSearchPath(fake, NULL);
    ok(ret, "SymSetSearchPath(NULL) failed: %lu\n", GetLastError());
    check_path(__LINE__, fake, ".;Y:\\alt");
    SetEnvironmentVariableA("_NT_ALT_SYMBOL_PATH", NULL);
    ret = SymSetSearchPath(fake, NULL);
    ok(ret, "SymSetSearchPath(NULL) failed: %lu\n", GetLastError());
    check_path(__LINE__, fake, ".");

    /* An empty path is kept as empty (Wine; no native evidence). */
    ret = SymSetSearchPath(fake, "");
    ok(ret, "SymSetSearchPath(\"\") failed: %lu\n", GetLastError());
    check_path(__LINE__, fake, "");

    /* No fixed-size buffer behind the path. */
    for (i = 0; i < sizeof(big) - 1; i++) big[i] = (i % 10 == 9) ? ';' : 'a' + i % 10;
    big[sizeof(big) - 1] = 0;
    ret = SymSetSearchPath(fake, big);
    ok(ret, "SymSetSearchPath(long) failed: %lu\n", GetLastError());
    check_path(__LINE__, fake, big);

    /* W round trip, visible through A and back. */
    ret = SymSetSearchPathW(fake, L"U:\\wide");
    ok(ret, "SymSetSearchPathW failed: %lu\n", GetLastError());
    check_path(__LINE__, fake, "U:\\wide");
    ret = SymSetSearchPath(fake, "abc;def");
    ok(ret, "SymSetSearchPath failed: %lu\n", GetLastError());
    ret = SymGetSearchPathW(fake, pathW, ARRAY_SIZE(pathW));
    ok(ret && !wcscmp(pathW, L"abc;def"), "got %d, %ls\n", ret, pathW);
    ret = SymSetSearchPathW(fake, NULL);
    ok(ret, "SymSetSearchPathW(NULL) failed: %lu\n", GetLastError());
    check_path(__LINE__, fake, ".");

    /* A buffer too small gets the truncated, terminated path and the call
     * still succeeds (Wine; as lstrcpyn would do). */
    SymSetSearchPath(fake, "abc;def");
    memset(path, 'x', sizeof(path));
    SetLastError(0xdeadbeef);
    ret = SymGetSearchPath(fake, path, 4);
    ok(ret, "SymGetSearchPath(4) failed: %lu\n", GetLastError());
    ok(!strcmp(path, "abc"), "got %.8s\n", path);
    memset(path, 'x', sizeof(path));
    ret = SymGetSearchPath(fake, path, 1);
    ok(ret, "SymGetSearchPath(1) failed: %lu\n", GetLastError());
    ok(!path[0], "got %.8s\n", path);
    memset(pathW, 'x', sizeof(pathW));
    ret = SymGetSearchPathW(fake, pathW, 4);
    ok(ret, "SymGetSearchPathW(4) failed: %lu\n", GetLastError());
    ok(!wcscmp(pathW, L"abc"), "got %.8ls\n", pathW);
    ok(pathW[4] == 0x7878, "wrote past the buffer: %#x\n", pathW[4]);

    /* A NULL buffer must not crash: Wine returns TRUE, a parameter error
     * is just as good. */
    SetLastError(0xdeadbeef);
    ret = SymGetSearchPath(fake, NULL, 10);
    ok(ret || GetLastError() == ERROR_INVALID_PARAMETER, "got %d, %lu\n", ret, GetLastError());

    ret = SymCleanup(fake);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());

    /* Unknown handles. */
    SetLastError(0xdeadbeef);
    ret = SymSetSearchPath(never, "x");
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "SymSetSearchPath: %d, %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = SymSetSearchPathW(never, L"x");
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "SymSetSearchPathW: %d, %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = SymGetSearchPath(never, path, sizeof(path));
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "SymGetSearchPath: %d, %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = SymGetSearchPathW(never, pathW, ARRAY_SIZE(pathW));
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "SymGetSearchPathW: %d, %lu\n", ret, GetLastError());
}

/* The modules of the current process the tests rely on. */
static void check_process_modules(const struct mod_list *list, BOOL todo)
{
    static const char *const dlls[] = { NULL /* the exe */, "ntdll.dll", "kernel32.dll" };
    IMAGEHLP_MODULE64 info;
    char name[64];
    unsigned i;
    BOOL ret;
    int idx;

    for (i = 0; i < ARRAY_SIZE(dlls); i++)
    {
        HMODULE mod = GetModuleHandleA(dlls[i]);

        winetest_push_context("%s", dlls[i] ? dlls[i] : "exe");
        module_name_of(mod, name, sizeof(name));
        idx = find_base(list, (DWORD_PTR)mod);
        todo_wine_if(todo) ok(idx >= 0, "module at %p not listed\n", mod);
        if (idx >= 0)
            ok(!_stricmp(list->name[idx], name), "got name %s, expected %s\n", list->name[idx], name);

        memset(&info, 0, sizeof(info));
        info.SizeOfStruct = sizeof(info);
        ret = SymGetModuleInfo64(GetCurrentProcess(), (DWORD_PTR)mod, &info);
        todo_wine_if(todo) ok(ret, "SymGetModuleInfo64 failed: %lu\n", GetLastError());
        if (ret)
        {
            ok(info.BaseOfImage == (DWORD_PTR)mod, "got base %#I64x\n", info.BaseOfImage);
            ok(info.ImageSize == image_size(mod), "got size %#lx, expected %#lx\n",
               info.ImageSize, image_size(mod));
            ok(!_stricmp(info.ModuleName, name), "got module name %s\n", info.ModuleName);
        }
        winetest_pop_context();
    }
}

static void test_invade(void)
{
    struct mod_list list;
    BOOL ret;

    ret = SymInitialize(GetCurrentProcess(), NULL, TRUE);
    ok(ret, "SymInitialize(invade) failed: %lu\n", GetLastError());
    ret = enum_sym_modules(GetCurrentProcess(), &list);
    ok(ret, "SymEnumerateModules64 failed: %lu\n", GetLastError());
    ok(list.count >= 3, "got %u modules\n", list.count);
    check_process_modules(&list, FALSE);
    ret = SymCleanup(GetCurrentProcess());
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());

    ret = SymInitializeW(GetCurrentProcess(), NULL, TRUE);
    ok(ret, "SymInitializeW(invade) failed: %lu\n", GetLastError());
    ret = enum_sym_modules(GetCurrentProcess(), &list);
    ok(ret, "SymEnumerateModules64 failed: %lu\n", GetLastError());
    ok(list.count >= 3, "got %u modules\n", list.count);
    ret = SymCleanup(GetCurrentProcess());
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());

    /* Without invading, the list starts empty. */
    ret = SymInitialize(GetCurrentProcess(), NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    ret = enum_sym_modules(GetCurrentProcess(), &list);
    ok(ret && list.count == 0, "got %d, %u modules\n", ret, list.count);
    ret = SymCleanup(GetCurrentProcess());
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
}

/* SymRefreshModuleList adds the modules loaded in the process and keeps the
 * ones that went away (native behaviour, checked by Wine's newer tests;
 * Wine 8.0 only resynchronises its ELF list and adds no PE module). */
static void test_SymRefreshModuleList(void)
{
    struct mod_list list;
    char path[MAX_PATH];
    unsigned invaded;
    HANDLE event;
    HMODULE mod;
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = SymRefreshModuleList(never);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: %d, %lu\n", ret, GetLastError());

    /* A key that is no process handle: STATUS_INVALID_CID as a Win32 error. */
    ret = SymInitialize(fake, NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = SymRefreshModuleList(fake);
    ok(!ret, "SymRefreshModuleList of a fake handle succeeded\n");
    todo_wine ok(GetLastError() == STATUS_INVALID_CID, "got error %#lx\n", GetLastError());
    ret = enum_sym_modules(fake, &list);
    ok(ret && list.count == 0, "got %d, %u modules\n", ret, list.count);
    SymCleanup(fake);

    /* Same for a real handle of another kind. */
    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    ret = SymInitialize(event, NULL, FALSE);
    ok(ret, "SymInitialize(event) failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = SymRefreshModuleList(event);
    ok(!ret, "SymRefreshModuleList of an event succeeded\n");
    todo_wine ok(GetLastError() == STATUS_INVALID_CID, "got error %#lx\n", GetLastError());
    SymCleanup(event);
    CloseHandle(event);

    /* The number of modules an invading SymInitialize finds. */
    SymInitialize(GetCurrentProcess(), NULL, TRUE);
    enum_sym_modules(GetCurrentProcess(), &list);
    invaded = list.count;
    SymCleanup(GetCurrentProcess());

    ret = SymInitialize(GetCurrentProcess(), NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    ret = refresh_module_list(GetCurrentProcess());
    ok(ret, "SymRefreshModuleList failed: %#lx\n", GetLastError());
    ret = enum_sym_modules(GetCurrentProcess(), &list);
    ok(ret, "SymEnumerateModules64 failed: %lu\n", GetLastError());
    todo_wine ok(list.count == invaded, "got %u modules, invade found %u\n", list.count, invaded);
    check_process_modules(&list, TRUE);

    /* A DLL loaded later appears only after a refresh. */
    snprintf(path, sizeof(path), "%sfixb.dll", wtest_fixtures);
    ok(!GetModuleHandleA("fixb.dll"), "fixb.dll already loaded\n");
    mod = LoadLibraryA(path);
    ok(mod != NULL, "LoadLibrary(%s) failed: %lu\n", path, GetLastError());
    if (mod)
    {
        enum_sym_modules(GetCurrentProcess(), &list);
        ok(find_base(&list, (DWORD_PTR)mod) < 0, "fixb listed before the refresh\n");
        ret = refresh_module_list(GetCurrentProcess());
        ok(ret, "SymRefreshModuleList failed: %#lx\n", GetLastError());
        enum_sym_modules(GetCurrentProcess(), &list);
        todo_wine ok(find_base(&list, (DWORD_PTR)mod) >= 0, "fixb not listed after the refresh\n");
        if (find_base(&list, (DWORD_PTR)mod) >= 0)
            ok(!_stricmp(list.name[find_base(&list, (DWORD_PTR)mod)], "fixb"), "got name %s\n",
               list.name[find_base(&list, (DWORD_PTR)mod)]);

        /* Unloading the DLL does not remove it: a refresh only adds. */
        FreeLibrary(mod);
        ret = refresh_module_list(GetCurrentProcess());
        ok(ret, "SymRefreshModuleList failed: %#lx\n", GetLastError());
        enum_sym_modules(GetCurrentProcess(), &list);
        todo_wine ok(find_base(&list, (DWORD_PTR)mod) >= 0, "fixb dropped by the refresh\n");
    }

    /* Refreshing twice adds nothing twice. */
    enum_sym_modules(GetCurrentProcess(), &list);
    invaded = list.count;
    refresh_module_list(GetCurrentProcess());
    enum_sym_modules(GetCurrentProcess(), &list);
    ok(list.count == invaded, "count went from %u to %u\n", invaded, list.count);

    ret = SymCleanup(GetCurrentProcess());
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
}

/* dbghelp reports the imagehlp API version {4, 0, 2, 0} (Wine, whose value
 * our DLL matches); Microsoft's DLLs report their own, newer numbers. */
static BOOL is_api_4_0_2(const API_VERSION *v)
{
    return v->MajorVersion == 4 && v->MinorVersion == 0 && v->Revision == 2 && !v->Reserved;
}

static void test_ImagehlpApiVersion(void)
{
    API_VERSION *v, *v2, app;

    v = ImagehlpApiVersion();
    ok(v != NULL, "ImagehlpApiVersion returned NULL\n");
    if (!v) return;
    ok(is_api_4_0_2(v) || broken(v->MajorVersion > 4), "got %u.%u.%u.%u\n",
       v->MajorVersion, v->MinorVersion, v->Revision, v->Reserved);
    /* A static structure: the same pointer every time. */
    v2 = ImagehlpApiVersion();
    ok(v2 == v, "got %p then %p\n", v, v2);

    /* Ex fills the caller's structure with the library version and returns
     * it (Wine); native may answer with its own static copy instead. */
    app.MajorVersion = 99;
    app.MinorVersion = 98;
    app.Revision = 97;
    app.Reserved = 96;
    v2 = ImagehlpApiVersionEx(&app);
    ok(v2 == &app || broken(v2 == v), "got %p, expected %p\n", v2, &app);
    if (v2 == &app)
        ok(is_api_4_0_2(&app), "got %u.%u.%u.%u\n", app.MajorVersion, app.MinorVersion,
           app.Revision, app.Reserved);
    /* The caller's numbers do not change what the library reports. */
    v2 = ImagehlpApiVersion();
    ok(v2 == v && (is_api_4_0_2(v) || broken(v->MajorVersion > 4)), "got %u.%u.%u.%u\n",
       v->MajorVersion, v->MinorVersion, v->Revision, v->Reserved);

    app.MajorVersion = 4;
    app.MinorVersion = 0;
    app.Revision = 5;
    app.Reserved = 0;
    v2 = ImagehlpApiVersionEx(&app);
    ok(v2 == &app || broken(v2 == v), "got %p, expected %p\n", v2, &app);
    if (v2 == &app) ok(app.Revision == 2, "got revision %u\n", app.Revision);

    /* NULL gives NULL (Wine); native may dereference it, so not there. */
    if (wtest_platform != WTEST_WINDOWS)
    {
        v2 = ImagehlpApiVersionEx(NULL);
        ok(v2 == NULL, "got %p\n", v2);
    }
}

void func_process(void);
START_TEST(process)
{
    test_default_options();
    test_SymSetOptions();
    test_SymInitialize();
    test_SymInitializeW();
    test_search_path();
    test_invade();
    test_SymRefreshModuleList();
    test_ImagehlpApiVersion();
}
