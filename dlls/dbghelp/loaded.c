/*
 * loaded.c: the modules really loaded in a live process
 * (EnumerateLoadedModules*), read through the process-status API, not the
 * symbol list.
 */
#include <stdlib.h>
#include <string.h>
#include "dbghelp_private.h"

#include <psapi.h>

BOOL process_is_live(HANDLE handle)
{
    DWORD err = GetLastError();
    BOOL live = GetProcessId(handle) != 0;

    SetLastError(err);
    return live;
}

/* The machine of the image mapped at base in the target, 0 if unreadable. */
static WORD image_machine(HANDLE process, DWORD64 base)
{
    struct target_memory m;
    DWORD lfanew = 0;
    WORD machine = 0;

    memset(&m, 0, sizeof(m));
    m.process = process;
    if (!target_read(&m, base + 0x3c, &lfanew, sizeof(lfanew)) || lfanew > 0x10000000 ||
        !target_read(&m, base + lfanew + 4, &machine, sizeof(machine)))
        return 0;
    return machine;
}

/* SYMOPT_INCLUDE_32BIT_MODULES: "when debugging on 64-bit Windows, include
 * any 32-bit modules" (Microsoft's documentation).  A 64-bit dbghelp lists
 * the 64-bit modules of a WOW64 process, and its 32-bit ones only with the
 * option (Microsoft's tlist sets it for that).  Wine 8.0's process-status
 * functions ignore LIST_MODULES_* and return the 32-bit modules whatever
 * the flag, so the machine of each image is checked here too. */
static BOOL skip_32bit_modules(HANDLE process)
{
#ifdef _WIN64
    BOOL wow64 = FALSE;

    return !(dbghelp_options & SYMOPT_INCLUDE_32BIT_MODULES) && IsWow64Process(process, &wow64) && wow64;
#else
    (void)process;
    return FALSE;
#endif
}

/* The modules under a process-status filter; machine, when not 0, keeps
 * only the images of that machine, skip32 drops the 32-bit ones. */
static BOOL modules_list(HANDLE process, DWORD filter, WORD machine, BOOL skip32, loaded_module_fn fn,
                         void *ctx)
{
    HMODULE *mods = NULL, *grown;
    DWORD needed = 0, count = 64, i;
    WCHAR path[MAX_PATH];
    MODULEINFO info;

    /* The list can grow between calls: retry until it fits. */
    for (;;)
    {
        if (!(grown = realloc(mods, count * sizeof(*mods))))
        {
            free(mods);
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return FALSE;
        }
        mods = grown;
        if (!K32EnumProcessModulesEx(process, mods, count * sizeof(*mods), &needed, filter))
        {
            DWORD err = GetLastError();

            free(mods);
            /* A handle that is not a process cannot be listed. */
            SetLastError(err == ERROR_INVALID_HANDLE || !err ? (DWORD)STATUS_INVALID_CID : err);
            return FALSE;
        }
        if (needed <= count * sizeof(*mods)) break;
        count = needed / sizeof(*mods) + 16;
    }
    count = needed / sizeof(*mods);
    for (i = 0; i < count; i++)
    {
        if (!K32GetModuleInformation(process, mods[i], &info, sizeof(info))) continue;
        if (machine || skip32)
        {
            WORD m = image_machine(process, (DWORD64)(ULONG_PTR)info.lpBaseOfDll);

            if (machine ? m != machine : m == IMAGE_FILE_MACHINE_I386) continue;
        }
        if (!K32GetModuleFileNameExW(process, mods[i], path, ARRAY_SIZE(path))) continue;
        if (!fn(path, (DWORD64)(ULONG_PTR)info.lpBaseOfDll, info.SizeOfImage, ctx)) break;
    }
    free(mods);
    return TRUE;
}

BOOL loaded_modules_enum(HANDLE process, loaded_module_fn fn, void *ctx)
{
    DWORD filter = dbghelp_options & SYMOPT_INCLUDE_32BIT_MODULES ? LIST_MODULES_ALL : LIST_MODULES_DEFAULT;

    return modules_list(process, filter, 0, skip_32bit_modules(process), fn, ctx);
}

BOOL loaded_modules_of_machine(HANDLE process, WORD machine, loaded_module_fn fn, void *ctx)
{
    return modules_list(process, LIST_MODULES_ALL, machine, FALSE, fn, ctx);
}

enum loaded_form { LOADED_32, LOADED_64, LOADED_W64 };

struct loaded_ctx
{
    enum loaded_form form;
    void *callback;
    PVOID user;
};

static BOOL loaded_cb(const WCHAR *path, DWORD64 base, DWORD size, void *ctx)
{
    struct loaded_ctx *lc = ctx;
    char pathA[MAX_PATH * 2];

    switch (lc->form)
    {
    case LOADED_W64:
        return ((PENUMLOADED_MODULES_CALLBACKW64)lc->callback)(path, base, size, lc->user);
    case LOADED_64:
        dbg_WtoA(path, pathA, sizeof(pathA));
        return ((PENUMLOADED_MODULES_CALLBACK64)lc->callback)(pathA, base, size, lc->user);
    default:
        dbg_WtoA(path, pathA, sizeof(pathA));
        return ((DBG_ENUMLOADED_CALLBACK32)lc->callback)(pathA, (ULONG)base, size, lc->user);
    }
}

static BOOL enum_loaded(HANDLE process, enum loaded_form form, void *callback, PVOID user)
{
    struct loaded_ctx lc = { form, callback, user };

    /* The handle is checked first: what is not a process gives
     * STATUS_INVALID_CID, as on Windows. */
    if (!process_is_live(process))
    {
        SetLastError(STATUS_INVALID_CID);
        return FALSE;
    }
    if (!callback)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return loaded_modules_enum(process, loaded_cb, &lc);
}

BOOL WINAPI EnumerateLoadedModulesW64(HANDLE process, PENUMLOADED_MODULES_CALLBACKW64 cb,
                                      PVOID user)
{
    return enum_loaded(process, LOADED_W64, (void *)cb, user);
}

BOOL WINAPI EnumerateLoadedModules64(HANDLE process, PENUMLOADED_MODULES_CALLBACK64 cb,
                                     PVOID user)
{
    return enum_loaded(process, LOADED_64, (void *)cb, user);
}

BOOL WINAPI EnumerateLoadedModules(HANDLE process, DBG_ENUMLOADED_CALLBACK32 cb, PVOID user)
{
    return enum_loaded(process, LOADED_32, (void *)cb, user);
}

BOOL WINAPI EnumerateLoadedModulesExW(HANDLE process, PENUMLOADED_MODULES_CALLBACKW64 cb,
                                      PVOID user)
{
    return enum_loaded(process, LOADED_W64, (void *)cb, user);
}

BOOL WINAPI EnumerateLoadedModulesEx(HANDLE process, PENUMLOADED_MODULES_CALLBACK64 cb,
                                     PVOID user)
{
    return enum_loaded(process, LOADED_64, (void *)cb, user);
}
