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

BOOL WINAPI SymSetExtendedOption(DWORD option, BOOL value);
BOOL WINAPI SymGetExtendedOption(DWORD option);

/* The extended options are process-wide flags, not per handle.  0-3 are
 * Microsoft's SYMOPT_EX_* (SYMOPT_EX_MAX is 4); 1000 and 1001 are Wine's
 * (SYMOPT_EX_WINE_NATIVE_MODULES, SYMOPT_EX_WINE_MODULE_REAL_PATH, set by
 * winedbg): remembered and returned, with no effect on this DLL, which
 * never reports ELF modules.  The result is the option's previous value;
 * an unknown option is FALSE and changes nothing. */
static LONG extended_options[6];

static LONG *extended_option_slot(DWORD option)
{
    if (option < 4) return &extended_options[option];
    if (option == 1000 || option == 1001) return &extended_options[4 + option - 1000];
    return NULL;
}

BOOL WINAPI SymSetExtendedOption(DWORD option, BOOL value)
{
    LONG *slot = extended_option_slot(option);

    if (!slot) return FALSE;
    return InterlockedExchange(slot, value ? 1 : 0) != 0;
}

BOOL WINAPI SymGetExtendedOption(DWORD option)
{
    LONG *slot = extended_option_slot(option);

    return slot && *slot;
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

/* The parent window of symbol-server dialogs: there are none here (no
 * network, no prompts), so it is only remembered. */
static HWND parent_window;

BOOL WINAPI SymSetParentWindow(HWND hwnd)
{
    parent_window = hwnd;
    return TRUE;
}

/* The WinDbg extension entry points (wdbgexts.h): WinDbg may load
 * dbghelp.dll as an extension DLL; it asks the interface version and hands
 * over its callback table, which is kept.  The DLL offers no extension
 * commands. */
struct ext_api_version { USHORT MajorVersion, MinorVersion, Revision, Reserved; };
#define EXT_API_VERSION_NUMBER 5
#define EXT_API_VERSION_NUMBER64 6
static struct ext_api_version ext_version =
    { 5, 5, sizeof(void *) == 8 ? EXT_API_VERSION_NUMBER64 : EXT_API_VERSION_NUMBER, 0 };
static void *ext_apis;
static USHORT ext_major, ext_minor;

struct ext_api_version *WINAPI ExtensionApiVersion(void);
struct ext_api_version *WINAPI ExtensionApiVersion(void)
{
    return &ext_version;
}

void WINAPI WinDbgExtensionDllInit(void *apis, USHORT major, USHORT minor);
void WINAPI WinDbgExtensionDllInit(void *apis, USHORT major, USHORT minor)
{
    ext_apis = apis;
    ext_major = major;
    ext_minor = minor;
}

/* The symbol load error (GetSymLoadError/SetSymLoadError): one value for
 * the DLL, set by the caller (a symbol server reports through it). */
static volatile LONG sym_load_error;

DWORD WINAPI GetSymLoadError(void);
DWORD WINAPI GetSymLoadError(void)
{
    return (DWORD)sym_load_error;
}

void WINAPI SetSymLoadError(DWORD error);
void WINAPI SetSymLoadError(DWORD error)
{
    InterlockedExchange(&sym_load_error, (LONG)error);
}
