/*
 * main.c: DLL entry, global options, API version.
 */
#include <stdlib.h>
#include "dbghelp_private.h"

SRWLOCK dbghelp_lock = SRWLOCK_INIT;

/* SymSetOptions is global to the DLL, not per process, as in Microsoft's
 * dbghelp.  SYMOPT_UNDNAME is the documented default. */
DWORD dbghelp_options = SYMOPT_UNDNAME;

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved);
BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH) DisableThreadLibraryCalls(inst);
    return TRUE;
}

DWORD WINAPI SymSetOptions(DWORD opts)
{
    /* A plain store: options are read without the lock.  Every process
     * with a callback hears of the change once. */
    InterlockedExchange((LONG *)&dbghelp_options, (LONG)opts);
    process_callback_all(CBA_SET_OPTIONS, &opts);
    return opts;
}

DWORD WINAPI SymGetOptions(void)
{
    return dbghelp_options;
}

/* The version reported by ImagehlpApiVersion, the same as Wine's builtin;
 * ImagehlpApiVersionEx writes ours into the caller's structure. */
static API_VERSION api_version = { 4, 0, 2, 0 };

LPAPI_VERSION WINAPI ImagehlpApiVersion(void)
{
    return &api_version;
}

LPAPI_VERSION WINAPI ImagehlpApiVersionEx(LPAPI_VERSION app)
{
    if (!app) return NULL;
    *app = api_version;
    return app;
}
