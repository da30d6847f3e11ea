/*
 * enum.c: enumerating modules. SymEnumerateModules* walk the symbol
 * handler's own module list (what SymLoadModuleEx put there);
 * EnumerateLoadedModules* walk the modules really mapped in a process and
 * need no SymInitialize at all.
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
#ifndef SLMFLAG_VIRTUAL
#define SLMFLAG_VIRTUAL 0x1
#endif

/* The 32-bit exports, hidden by the 64-bit names under _IMAGEHLP64. */
typedef BOOL (CALLBACK *enum_modules_cb32)(PCSTR name, ULONG base, PVOID ctx);
typedef BOOL (WINAPI *enum_modules_func32)(HANDLE, enum_modules_cb32, PVOID);
typedef BOOL (CALLBACK *enum_loaded_cb32)(PCSTR name, ULONG base, ULONG size, PVOID ctx);
typedef BOOL (WINAPI *enum_loaded_func32)(HANDLE, enum_loaded_cb32, PVOID);
typedef BOOL (WINAPI *enum_loaded_func64)(HANDLE, PENUMLOADED_MODULES_CALLBACK64, PVOID);
typedef BOOL (WINAPI *enum_loaded_funcW64)(HANDLE, PENUMLOADED_MODULES_CALLBACKW64, PVOID);

static HANDLE fake = (HANDLE)(ULONG_PTR)0xcafef00d;
static HANDLE never = (HANDLE)(ULONG_PTR)0x0badf00d;
static char fixa_path[MAX_PATH], fixb_path[MAX_PATH];

/* What one SymEnumerateModules* run reported. */
struct sym_seen
{
    HANDLE proc;
    unsigned count;
    unsigned stop_after;     /* return FALSE from this callback on (1-based) */
    int unload;              /* 1: unload another module, 2: unload each one */
    DWORD64 unloaded;        /* what mode 1 unloaded */
    unsigned unload_ok;      /* successful unloads from the callback */
    BOOL bad_ctx;
    char name[128][64];
    DWORD64 base[128];
};

static void sym_seen_init(struct sym_seen *seen, HANDLE proc)
{
    memset(seen, 0, sizeof(*seen));
    seen->proc = proc;
    seen->stop_after = ~0u;
}

static BOOL sym_seen_add(struct sym_seen *seen, const char *name, DWORD64 base)
{
    unsigned i = seen->count++;

    if (i < ARRAY_SIZE(seen->base))
    {
        lstrcpynA(seen->name[i], name, sizeof(seen->name[0]));
        seen->base[i] = base;
    }
    if (seen->unload == 1 && !seen->unloaded)
    {
        /* Unload a module not visited yet: it must not be reported. */
        seen->unloaded = base == 0x20000000 ? 0x10000000 : 0x20000000;
        if (SymUnloadModule64(seen->proc, seen->unloaded)) seen->unload_ok++;
    }
    else if (seen->unload == 2)
    {
        if (SymUnloadModule64(seen->proc, base)) seen->unload_ok++;
    }
    return seen->count < seen->stop_after;
}

static BOOL CALLBACK sym_cb(PCSTR name, DWORD64 base, PVOID ctx)
{
    return sym_seen_add(ctx, name, base);
}

static BOOL CALLBACK sym_cbW(PCWSTR nameW, DWORD64 base, PVOID ctx)
{
    char name[64];

    WideCharToMultiByte(CP_ACP, 0, nameW, -1, name, sizeof(name), NULL, NULL);
    return sym_seen_add(ctx, name, base);
}

static struct sym_seen *seen32;

/* The 32-bit callback gets its context back too; it must be ours. */
static BOOL CALLBACK sym_cb32(PCSTR name, ULONG base, PVOID ctx)
{
    if (ctx != seen32) seen32->bad_ctx = TRUE;
    return sym_seen_add(seen32, name, base);
}

static int sym_seen_find(const struct sym_seen *seen, DWORD64 base)
{
    unsigned i;

    for (i = 0; i < seen->count && i < ARRAY_SIZE(seen->base); i++)
        if (seen->base[i] == base) return i;
    return -1;
}

static const struct
{
    const char *name;
    DWORD64 base;
}
expect_mods[] =
{
    /* in load order */
    { "fixa", 0x10000000 },
    { "fixb", 0x20000000 },
    { "virt1", 0x50000000 },
    { "virt2", 0x40000000 },  /* loaded with ModuleName "myname" */
};

static BOOL load_test_modules(void)
{
    DWORD64 base;
    BOOL ret = TRUE;

    base = SymLoadModuleEx(fake, NULL, fixa_path, NULL, 0, 0, NULL, 0);
    ret &= ok(base == 0x10000000, "loading fixa gave %#I64x, error %lu\n", base, GetLastError());
    base = SymLoadModuleEx(fake, NULL, fixb_path, NULL, 0, 0, NULL, 0);
    ret &= ok(base == 0x20000000, "loading fixb gave %#I64x, error %lu\n", base, GetLastError());
    /* Virtual modules: the name comes from the image name, or ModuleName. */
    base = SymLoadModuleEx(fake, NULL, "virt1", NULL, 0x50000000, 0x1000, NULL, SLMFLAG_VIRTUAL);
    ret &= ok(base == 0x50000000, "loading virt1 gave %#I64x, error %lu\n", base, GetLastError());
    base = SymLoadModuleEx(fake, NULL, "c:\\nowhere\\virt2.dll", "myname", 0x40000000, 0x1000,
                           NULL, SLMFLAG_VIRTUAL);
    ret &= ok(base == 0x40000000, "loading myname gave %#I64x, error %lu\n", base, GetLastError());
    return ret;
}

static void check_all_seen(const struct sym_seen *seen)
{
    unsigned i;
    int idx;

    ok(seen->count == ARRAY_SIZE(expect_mods), "got %u modules\n", seen->count);
    for (i = 0; i < ARRAY_SIZE(expect_mods); i++)
    {
        idx = sym_seen_find(seen, expect_mods[i].base);
        ok(idx >= 0, "%s not reported\n", expect_mods[i].name);
        /* The caller's ModuleName is only an alias: native reports the
         * image's base name (Wine's test_load_modules_details, which passes
         * on Windows); Wine 8.0 reports the alias. */
        if (idx >= 0)
            todo_wine_if(!strcmp(expect_mods[i].name, "virt2"))
            ok(!strcmp(seen->name[idx], expect_mods[i].name), "got name %s, expected %s\n",
               seen->name[idx], expect_mods[i].name);
    }
    /* Native reports modules in load order (Wine's newer tests rely on it,
     * and Wine now appends to its list); Wine 8.0 reports the newest first. */
    for (i = 0; i < ARRAY_SIZE(expect_mods) && i < seen->count; i++)
        if (seen->base[i] != expect_mods[i].base) break;
    todo_wine ok(i == ARRAY_SIZE(expect_mods), "not in load order: index %u is %s\n", i,
                 i < seen->count ? seen->name[i] : "(none)");
}

static unsigned count_sym_modules(HANDLE proc)
{
    struct sym_seen seen;

    sym_seen_init(&seen, proc);
    SymEnumerateModules64(proc, sym_cb, &seen);
    return seen.count;
}

static void test_SymEnumerateModules(void)
{
    enum_modules_func32 pSymEnumerateModules = (void *)wtest_dbghelp_proc("SymEnumerateModules");
    struct sym_seen seen;
    BOOL ret;

    /* Unknown handle. */
    sym_seen_init(&seen, never);
    SetLastError(0xdeadbeef);
    ret = SymEnumerateModules64(never, sym_cb, &seen);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "got %d, %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = SymEnumerateModulesW64(never, sym_cbW, &seen);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "W: got %d, %lu\n", ret, GetLastError());
    ok(!seen.count, "callback called %u times\n", seen.count);

    ret = SymInitialize(fake, NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());

    /* Empty list: success, no call. */
    sym_seen_init(&seen, fake);
    ret = SymEnumerateModules64(fake, sym_cb, &seen);
    ok(ret && !seen.count, "empty list: got %d, %u calls\n", ret, seen.count);
    /* A NULL callback is never called for an empty list. */
    SetLastError(0xdeadbeef);
    ret = SymEnumerateModules64(fake, NULL, NULL);
    ok(ret || GetLastError() == ERROR_INVALID_PARAMETER, "NULL callback: got %d, %lu\n", ret, GetLastError());

    if (!load_test_modules())
    {
        SymCleanup(fake);
        return;
    }

    winetest_push_context("A");
    sym_seen_init(&seen, fake);
    ret = SymEnumerateModules64(fake, sym_cb, &seen);
    ok(ret, "SymEnumerateModules64 failed: %lu\n", GetLastError());
    check_all_seen(&seen);
    winetest_pop_context();

    winetest_push_context("W");
    sym_seen_init(&seen, fake);
    ret = SymEnumerateModulesW64(fake, sym_cbW, &seen);
    ok(ret, "SymEnumerateModulesW64 failed: %lu\n", GetLastError());
    check_all_seen(&seen);
    winetest_pop_context();

    winetest_push_context("32");
    if (pSymEnumerateModules)
    {
        sym_seen_init(&seen, fake);
        seen32 = &seen;
        ret = pSymEnumerateModules(fake, sym_cb32, &seen);
        ok(ret, "SymEnumerateModules failed: %lu\n", GetLastError());
        ok(!seen.bad_ctx, "wrong context passed\n");
        check_all_seen(&seen);
        SetLastError(0xdeadbeef);
        ret = pSymEnumerateModules(never, sym_cb32, &seen);
        ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "got %d, %lu\n", ret, GetLastError());
    }
    else win_skip("no 32-bit SymEnumerateModules export\n");
    winetest_pop_context();

    /* The callback stops the walk; the walk itself still succeeded. */
    sym_seen_init(&seen, fake);
    seen.stop_after = 1;
    ret = SymEnumerateModules64(fake, sym_cb, &seen);
    ok(ret, "stopped walk returned FALSE, error %lu\n", GetLastError());
    ok(seen.count == 1, "got %u calls after stopping at 1\n", seen.count);
    sym_seen_init(&seen, fake);
    seen.stop_after = 2;
    ret = SymEnumerateModulesW64(fake, sym_cbW, &seen);
    ok(ret && seen.count == 2, "W: got %d, %u calls after stopping at 2\n", ret, seen.count);

    /* A NULL callback with modules listed must not crash our DLL (Wine's
     * builtin calls it; native behaviour unknown, so only checked on ours). */
    if (wtest_platform == WTEST_OURS)
    {
        SetLastError(0xdeadbeef);
        ret = SymEnumerateModules64(fake, NULL, NULL);
        ok(ret || GetLastError() == ERROR_INVALID_PARAMETER, "NULL callback: got %d, %lu\n",
           ret, GetLastError());
    }

    /* Unloading a module not visited yet from the callback: the walk goes
     * on and never reports it. */
    sym_seen_init(&seen, fake);
    seen.unload = 1;
    ret = SymEnumerateModules64(fake, sym_cb, &seen);
    ok(ret, "SymEnumerateModules64 failed: %lu\n", GetLastError());
    ok(seen.unload_ok == 1, "unload from the callback failed\n");
    ok(seen.count == ARRAY_SIZE(expect_mods) - 1, "got %u calls\n", seen.count);
    ok(sym_seen_find(&seen, seen.unloaded) < 0, "the unloaded module %#I64x was reported\n", seen.unloaded);
    ok(count_sym_modules(fake) == ARRAY_SIZE(expect_mods) - 1, "got %u modules\n", count_sym_modules(fake));

    /* Unloading the module being visited: every other module is still
     * visited once, and the list ends empty. */
    sym_seen_init(&seen, fake);
    seen.unload = 2;
    ret = SymEnumerateModules64(fake, sym_cb, &seen);
    ok(ret, "SymEnumerateModules64 failed: %lu\n", GetLastError());
    ok(seen.count == ARRAY_SIZE(expect_mods) - 1, "got %u calls\n", seen.count);
    ok(seen.unload_ok == seen.count, "%u of %u unloads failed\n", seen.count - seen.unload_ok, seen.count);
    ok(count_sym_modules(fake) == 0, "got %u modules\n", count_sym_modules(fake));

    ret = SymCleanup(fake);
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());

    /* After SymCleanup the handle is unknown again. */
    sym_seen_init(&seen, fake);
    SetLastError(0xdeadbeef);
    ret = SymEnumerateModules64(fake, sym_cb, &seen);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "got %d, %lu\n", ret, GetLastError());
}

/* What one EnumerateLoadedModules* run reported. */
struct loaded_seen
{
    unsigned count;
    unsigned stop_after;
    BOOL bad_ctx;
    struct
    {
        char name[MAX_PATH];
        DWORD64 base;
        ULONG size;
    } mods[256];
};

static struct loaded_seen *loaded32;

static BOOL loaded_add(struct loaded_seen *seen, const char *name, DWORD64 base, ULONG size)
{
    unsigned i = seen->count++;

    if (i < ARRAY_SIZE(seen->mods))
    {
        lstrcpynA(seen->mods[i].name, name, sizeof(seen->mods[i].name));
        seen->mods[i].base = base;
        seen->mods[i].size = size;
    }
    return seen->count < seen->stop_after;
}

static BOOL CALLBACK loaded_cb(PCSTR name, DWORD64 base, ULONG size, PVOID ctx)
{
    return loaded_add(ctx, name, base, size);
}

static BOOL CALLBACK loaded_cbW(PCWSTR nameW, DWORD64 base, ULONG size, PVOID ctx)
{
    char name[MAX_PATH];

    WideCharToMultiByte(CP_ACP, 0, nameW, -1, name, sizeof(name), NULL, NULL);
    return loaded_add(ctx, name, base, size);
}

static BOOL CALLBACK loaded_cb32(PCSTR name, ULONG base, ULONG size, PVOID ctx)
{
    if (ctx != loaded32) loaded32->bad_ctx = TRUE;
    return loaded_add(loaded32, name, base, size);
}

enum loaded_variant { EL_64, EL_W64, EL_EX, EL_EXW, EL_32, EL_COUNT };
static const char *const variant_names[EL_COUNT] =
{
    "EnumerateLoadedModules64", "EnumerateLoadedModulesW64", "EnumerateLoadedModulesEx",
    "EnumerateLoadedModulesExW", "EnumerateLoadedModules"
};

/* Calls one variant; NULL proc pointer -> -1. Windows 11 sometimes fails
 * with STATUS_INFO_LENGTH_MISMATCH for no reason (see Wine's tests): retry
 * there, never elsewhere. */
static int call_loaded(enum loaded_variant v, HANDLE proc, struct loaded_seen *seen, BOOL null_cb)
{
    void *func = (void *)wtest_dbghelp_proc(variant_names[v]);
    int tries = wtest_platform == WTEST_WINDOWS ? 5 : 1;
    BOOL ret = FALSE;

    if (!func) return -1;
    do
    {
        unsigned stop = seen->stop_after;

        memset(seen, 0, sizeof(*seen));
        seen->stop_after = stop;
        loaded32 = seen;
        SetLastError(0xdeadbeef);
        switch (v)
        {
        case EL_64:
        case EL_EX:
            ret = ((enum_loaded_func64)func)(proc, null_cb ? NULL : loaded_cb, seen);
            break;
        case EL_W64:
        case EL_EXW:
            ret = ((enum_loaded_funcW64)func)(proc, null_cb ? NULL : loaded_cbW, seen);
            break;
        case EL_32:
            ret = ((enum_loaded_func32)func)(proc, null_cb ? NULL : loaded_cb32, seen);
            break;
        default:
            break;
        }
        if (ret || GetLastError() != STATUS_INFO_LENGTH_MISMATCH) break;
        Sleep(10);
    } while (--tries > 0);
    return ret;
}

static int loaded_find(const struct loaded_seen *seen, DWORD64 base)
{
    unsigned i;

    for (i = 0; i < seen->count && i < ARRAY_SIZE(seen->mods); i++)
        if (seen->mods[i].base == base) return i;
    return -1;
}

static DWORD image_size(HMODULE mod)
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)mod;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)((const BYTE *)mod + dos->e_lfanew);
    return nt->OptionalHeader.SizeOfImage;
}

/* One loaded module as reported: base, SizeOfImage, and the full path as
 * GetModuleFileName gives it (native, per Wine's newer tests comparing the
 * names with the system directory; Wine 8.0 passes "kernel32"). */
static void check_loaded_module(const struct loaded_seen *seen, HMODULE mod, BOOL is32)
{
    char path[MAX_PATH];
    DWORD64 base = is32 ? (ULONG)(DWORD_PTR)mod : (DWORD_PTR)mod;
    int idx = loaded_find(seen, base);

    GetModuleFileNameA(mod, path, sizeof(path));
    ok(idx >= 0, "%s (%p) not reported\n", path, mod);
    if (idx < 0) return;
    ok(seen->mods[idx].size == image_size(mod), "%s: got size %#lx, expected %#lx\n", path,
       seen->mods[idx].size, image_size(mod));
    todo_wine ok(!_stricmp(seen->mods[idx].name, path), "got name %s, expected %s\n",
                 seen->mods[idx].name, path);
}

static void test_EnumerateLoadedModules(void)
{
    static const HANDLE bad_handles[] = { (HANDLE)(ULONG_PTR)0xcafef00d, (HANDLE)(ULONG_PTR)0xffffffc0 };
    struct loaded_seen *seen = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*seen));
    HANDLE dup;
    HMODULE fixa;
    unsigned v, i;
    int ret;

    ok(!GetModuleHandleA("fixa.dll"), "fixa.dll already loaded\n");
    DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), &dup, 0, FALSE,
                    DUPLICATE_SAME_ACCESS);

    for (v = 0; v < EL_COUNT; v++)
    {
        BOOL is32 = v == EL_32;

        winetest_push_context("%s", variant_names[v]);
        seen->stop_after = ~0u;
        /* No SymInitialize needed: this is about the live process. */
        ret = call_loaded(v, GetCurrentProcess(), seen, FALSE);
        if (ret < 0)
        {
            win_skip("not exported\n");
            winetest_pop_context();
            continue;
        }
        ok(ret, "failed: %lu\n", GetLastError());
        ok(!seen->bad_ctx, "wrong context\n");
        check_loaded_module(seen, GetModuleHandleA(NULL), is32);
        check_loaded_module(seen, GetModuleHandleA("ntdll.dll"), is32);
        check_loaded_module(seen, GetModuleHandleA("kernel32.dll"), is32);

        /* A real handle to ourselves works as the pseudo handle does. */
        seen->stop_after = ~0u;
        ret = call_loaded(v, dup, seen, FALSE);
        ok(ret > 0, "duplicated handle: failed: %lu\n", GetLastError());
        if (ret > 0) check_loaded_module(seen, GetModuleHandleA("kernel32.dll"), is32);

        /* The walk follows LoadLibrary and FreeLibrary at once. */
        fixa = LoadLibraryA(fixa_path);
        ok(fixa != NULL, "LoadLibrary failed: %lu\n", GetLastError());
        seen->stop_after = ~0u;
        ret = call_loaded(v, GetCurrentProcess(), seen, FALSE);
        ok(ret > 0, "failed: %lu\n", GetLastError());
        if (fixa) check_loaded_module(seen, fixa, is32);
        FreeLibrary(fixa);
        seen->stop_after = ~0u;
        ret = call_loaded(v, GetCurrentProcess(), seen, FALSE);
        ok(ret > 0, "failed: %lu\n", GetLastError());
        ok(loaded_find(seen, is32 ? (ULONG)(DWORD_PTR)fixa : (DWORD_PTR)fixa) < 0,
           "fixa still reported after FreeLibrary\n");

        /* Returning FALSE stops the walk (native, and Wine since 9.x; Wine
         * 8.0 ignores the return value); the call still succeeds. */
        seen->stop_after = 1;
        ret = call_loaded(v, GetCurrentProcess(), seen, FALSE);
        ok(ret > 0, "stopped walk failed: %lu\n", GetLastError());
        todo_wine ok(seen->count == 1, "got %u calls after stopping at 1\n", seen->count);

        /* Not a process: STATUS_INVALID_CID as the Win32 error (native, per
         * Wine's newer tests; Wine 8.0 gives ERROR_INVALID_HANDLE). The
         * callback is not needed to find that out. */
        for (i = 0; i < ARRAY_SIZE(bad_handles); i++)
        {
            seen->stop_after = ~0u;
            ret = call_loaded(v, bad_handles[i], seen, FALSE);
            ok(!ret, "handle %p: succeeded\n", bad_handles[i]);
            ok(!seen->count, "handle %p: %u calls\n", bad_handles[i], seen->count);
            todo_wine ok(GetLastError() == STATUS_INVALID_CID, "handle %p: got error %#lx\n",
                         bad_handles[i], GetLastError());
        }
        ret = call_loaded(v, bad_handles[1], seen, TRUE);
        ok(!ret, "NULL callback: succeeded\n");
        todo_wine ok(GetLastError() == STATUS_INVALID_CID, "NULL callback: got error %#lx\n", GetLastError());

        winetest_pop_context();
    }

    CloseHandle(dup);
    HeapFree(GetProcessHeap(), 0, seen);
}

#ifdef _WIN64
/* The modules of a WOW64 process as a 64-bit dbghelp lists them. */
struct wow64_seen
{
    HANDLE process;
    unsigned count, i386, amd64;
    DWORD64 kernel32;     /* base of a 32-bit kernel32.dll, 0 if none */
};

static WORD remote_machine(HANDLE process, DWORD64 base)
{
    DWORD lfanew = 0;
    WORD machine = 0;
    SIZE_T done;

    if (!ReadProcessMemory(process, (char *)(ULONG_PTR)base + 0x3c, &lfanew, sizeof(lfanew), &done) ||
        !ReadProcessMemory(process, (char *)(ULONG_PTR)base + lfanew + 4, &machine, sizeof(machine), &done))
        return 0;
    return machine;
}

static BOOL CALLBACK wow64_cb(PCWSTR name, DWORD64 base, ULONG size, PVOID ctx)
{
    struct wow64_seen *seen = ctx;
    const WCHAR *file = wcsrchr(name, '\\') ? wcsrchr(name, '\\') + 1 : name;
    WORD machine = remote_machine(seen->process, base);

    seen->count++;
    if (machine == IMAGE_FILE_MACHINE_I386)
    {
        seen->i386++;
        /* Wine 8.0's builtin passes the module name ("kernel32"). */
        if (!_wcsicmp(file, L"kernel32.dll") || !_wcsicmp(file, L"kernel32")) seen->kernel32 = base;
    }
    else if (machine == IMAGE_FILE_MACHINE_AMD64) seen->amd64++;
    return TRUE;
}

/* SYMOPT_INCLUDE_32BIT_MODULES: "when debugging on 64-bit Windows, include
 * any 32-bit modules" (Microsoft's documentation of SymSetOptions).  A
 * 32-bit program (syswow64's cmd.exe) stopped at its initial breakpoint:
 * without the option only its 64-bit modules are listed (on Windows the
 * WOW64 layer; under Wine 8.0, whose 32-bit processes hold only 32-bit
 * modules, none), with it its 32-bit ones too.  Wine's builtin lists the
 * 32-bit modules either way. */
static void test_wow64_modules(void)
{
    char path[MAX_PATH], cmd[MAX_PATH + 16];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    struct wow64_seen seen;
    DEBUG_EVENT ev;
    DWORD options = SymGetOptions();
    BOOL ret, stopped = FALSE;

    if (!GetSystemWow64DirectoryA(path, sizeof(path)))
    {
        skip("no WOW64 (no 32-bit system directory)\n");
        return;
    }
    snprintf(cmd, sizeof(cmd), "%s\\cmd.exe /c exit 0", path);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, DEBUG_ONLY_THIS_PROCESS, NULL, NULL, &si, &pi))
    {
        skip("cannot start %s: %lu\n", cmd, GetLastError());
        return;
    }
    while (WaitForDebugEvent(&ev, 30000))
    {
        if (ev.dwDebugEventCode == CREATE_PROCESS_DEBUG_EVENT && ev.u.CreateProcessInfo.hFile)
            CloseHandle(ev.u.CreateProcessInfo.hFile);
        if (ev.dwDebugEventCode == LOAD_DLL_DEBUG_EVENT && ev.u.LoadDll.hFile) CloseHandle(ev.u.LoadDll.hFile);
        if (ev.dwDebugEventCode == EXCEPTION_DEBUG_EVENT)
        {
            stopped = TRUE;
            break;
        }
        if (ev.dwDebugEventCode == EXIT_PROCESS_DEBUG_EVENT) break;
        ContinueDebugEvent(ev.dwProcessId, ev.dwThreadId, DBG_CONTINUE);
    }
    ok(stopped, "no initial breakpoint\n");
    if (stopped)
    {
        ret = IsWow64Process(pi.hProcess, &stopped) && stopped;
        ok(ret, "cmd.exe of %s is not a WOW64 process\n", path);

        SymSetOptions(options & ~SYMOPT_INCLUDE_32BIT_MODULES);
        memset(&seen, 0, sizeof(seen));
        seen.process = pi.hProcess;
        ret = EnumerateLoadedModulesW64(pi.hProcess, wow64_cb, &seen);
        ok(ret, "EnumerateLoadedModulesW64 failed: %lu\n", GetLastError());
        todo_wine ok(!seen.i386, "without the option: %u 32-bit modules of %u\n", seen.i386, seen.count);

        SymSetOptions(options | SYMOPT_INCLUDE_32BIT_MODULES);
        memset(&seen, 0, sizeof(seen));
        seen.process = pi.hProcess;
        ret = EnumerateLoadedModulesW64(pi.hProcess, wow64_cb, &seen);
        ok(ret, "EnumerateLoadedModulesW64 failed: %lu\n", GetLastError());
        ok(seen.i386 > 0 && seen.kernel32, "with the option: %u 32-bit modules of %u, kernel32 at %#I64x\n",
           seen.i386, seen.count, seen.kernel32);

        /* An invading SymInitialize follows the same rule. */
        ret = SymInitialize(pi.hProcess, NULL, TRUE);
        ok(ret, "SymInitialize failed: %lu\n", GetLastError());
        if (ret && seen.kernel32)
            ok(SymGetModuleBase64(pi.hProcess, seen.kernel32 + 0x1000) == seen.kernel32,
               "the 32-bit kernel32 is not in the module list\n");
        if (ret) SymCleanup(pi.hProcess);
        SymSetOptions(options);
        TerminateProcess(pi.hProcess, 0);
        ContinueDebugEvent(ev.dwProcessId, ev.dwThreadId, DBG_CONTINUE);
        while (WaitForDebugEvent(&ev, 30000))
        {
            if (ev.dwDebugEventCode == LOAD_DLL_DEBUG_EVENT && ev.u.LoadDll.hFile) CloseHandle(ev.u.LoadDll.hFile);
            ContinueDebugEvent(ev.dwProcessId, ev.dwThreadId, DBG_CONTINUE);
            if (ev.dwDebugEventCode == EXIT_PROCESS_DEBUG_EVENT) break;
        }
    }
    else TerminateProcess(pi.hProcess, 0);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}
#endif

/* Both lists are independent: a module loaded into the symbol list is not
 * a loaded module, and an invading SymInitialize lists what
 * EnumerateLoadedModules64 reports. */
static void test_lists_differ(void)
{
    struct loaded_seen *seen = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*seen));
    struct sym_seen syms;
    DWORD64 base;
    unsigned i, missing = 0;
    BOOL ret;

    ret = SymInitialize(GetCurrentProcess(), NULL, FALSE);
    ok(ret, "SymInitialize failed: %lu\n", GetLastError());
    base = SymLoadModuleEx(GetCurrentProcess(), NULL, "virtonly", NULL, 0x60000000, 0x1000, NULL,
                           SLMFLAG_VIRTUAL);
    ok(base == 0x60000000, "got %#I64x, error %lu\n", base, GetLastError());
    seen->stop_after = ~0u;
    ret = call_loaded(EL_64, GetCurrentProcess(), seen, FALSE);
    ok(ret > 0, "EnumerateLoadedModules64 failed: %lu\n", GetLastError());
    ok(loaded_find(seen, 0x60000000) < 0, "a virtual symbol module was reported as loaded\n");
    ret = SymCleanup(GetCurrentProcess());
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());

    ret = SymInitialize(GetCurrentProcess(), NULL, TRUE);
    ok(ret, "SymInitialize(invade) failed: %lu\n", GetLastError());
    sym_seen_init(&syms, GetCurrentProcess());
    SymEnumerateModules64(GetCurrentProcess(), sym_cb, &syms);
    seen->stop_after = ~0u;
    call_loaded(EL_64, GetCurrentProcess(), seen, FALSE);
    for (i = 0; i < seen->count && i < ARRAY_SIZE(seen->mods); i++)
    {
        /* only the first 128 symbol modules are recorded */
        if (syms.count > ARRAY_SIZE(syms.base)) break;
        if (sym_seen_find(&syms, seen->mods[i].base) < 0)
        {
            trace("%s not in the symbol list\n", seen->mods[i].name);
            missing++;
        }
    }
    ok(!missing, "%u loaded modules missing from the invaded list\n", missing);
    ret = SymCleanup(GetCurrentProcess());
    ok(ret, "SymCleanup failed: %lu\n", GetLastError());
    HeapFree(GetProcessHeap(), 0, seen);
}

void func_enum(void);
START_TEST(enum)
{
    snprintf(fixa_path, sizeof(fixa_path), "%sfixa.dll", wtest_fixtures);
    snprintf(fixb_path, sizeof(fixb_path), "%sfixb.dll", wtest_fixtures);

    test_SymEnumerateModules();
    test_EnumerateLoadedModules();
    test_lists_differ();
#ifdef _WIN64
    test_wow64_modules();
#endif
}
