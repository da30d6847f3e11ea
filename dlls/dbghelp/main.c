/*
 * main.c: DLL entry, global options, API version, string helpers.
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

WCHAR *dbg_strdup_AtoW(const char *str)
{
    WCHAR *ret;
    int len;

    if (!str) return NULL;
    len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
    if (!(ret = malloc(len * sizeof(WCHAR)))) return NULL;
    MultiByteToWideChar(CP_ACP, 0, str, -1, ret, len);
    return ret;
}

char *dbg_strdup_WtoA(const WCHAR *str)
{
    char *ret;
    int len;

    if (!str) return NULL;
    len = WideCharToMultiByte(CP_ACP, 0, str, -1, NULL, 0, NULL, NULL);
    if (!(ret = malloc(len))) return NULL;
    WideCharToMultiByte(CP_ACP, 0, str, -1, ret, len, NULL, NULL);
    return ret;
}

/* Fixed-size conversions always NUL-terminate, truncating if needed. */
/* Fixed-size conversions always NUL-terminate, truncating if needed, and
 * leave the last error alone (they run on success paths too). */
void dbg_WtoA(const WCHAR *src, char *dst, int dst_len)
{
    DWORD err = GetLastError();

    if (dst_len <= 0) return;
    WideCharToMultiByte(CP_ACP, 0, src, -1, dst, dst_len, NULL, NULL);
    dst[dst_len - 1] = 0;
    SetLastError(err);
}

