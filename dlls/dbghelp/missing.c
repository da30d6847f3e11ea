/*
 * missing.c: the dbghelp functions winedbg imports that this DLL does not
 * implement yet (type information, minidumps, file search), plus the two
 * small ones winedbg needs to run: SymSetExtendedOption and
 * SymSetScopeFromInlineContext.
 *
 * A program binds to a DLL only if every function it imports is exported,
 * so these exist to let Wine's winedbg start on our dbghelp.dll.  Each one
 * fails cleanly: FALSE (or NULL) with ERROR_CALL_NOT_IMPLEMENTED, after the
 * same handle check the implemented functions do, and touches none of its
 * out parameters.
 */
/* mingw's header declares SymFindFileInPathW with an ANSI result buffer;
 * the export follows Microsoft's declaration (a wide one). */
#define SymFindFileInPathW mingw_SymFindFileInPathW
#include "dbghelp_private.h"
#undef SymFindFileInPathW

BOOL WINAPI SymFindFileInPathW(HANDLE, PCWSTR, PCWSTR, PVOID, DWORD, DWORD, DWORD, PWSTR,
                               PFINDFILEINPATHCALLBACKW, PVOID);
/* Not in mingw's header. */
BOOL WINAPI SymSetExtendedOption(DWORD option, BOOL value);
BOOL WINAPI SymSetScopeFromInlineContext(HANDLE handle, ULONG64 addr, ULONG ctx);

/* Unknown handle first (as everywhere else), then "not implemented". */
static BOOL missing_fail(HANDLE handle)
{
    SetLastError(process_is_known(handle) ? ERROR_CALL_NOT_IMPLEMENTED : ERROR_INVALID_HANDLE);
    return FALSE;
}

BOOL WINAPI SymGetTypeInfo(HANDLE handle, DWORD64 base, ULONG type_id,
                           IMAGEHLP_SYMBOL_TYPE_INFO request, PVOID info)
{
    (void)base; (void)type_id; (void)request; (void)info;
    return missing_fail(handle);
}

BOOL WINAPI SymEnumTypes(HANDLE handle, ULONG64 base, PSYM_ENUMERATESYMBOLS_CALLBACK cb,
                         PVOID user)
{
    (void)base; (void)cb; (void)user;
    return missing_fail(handle);
}

BOOL WINAPI SymEnumTypesByName(HANDLE handle, ULONG64 base, PCSTR mask,
                               PSYM_ENUMERATESYMBOLS_CALLBACK cb, PVOID user)
{
    (void)base; (void)mask; (void)cb; (void)user;
    return missing_fail(handle);
}

BOOL WINAPI SymFindFileInPathW(HANDLE handle, PCWSTR search_path, PCWSTR file, PVOID id,
                               DWORD two, DWORD three, DWORD flags, PWSTR found,
                               PFINDFILEINPATHCALLBACKW cb, PVOID user)
{
    (void)search_path; (void)file; (void)id; (void)two; (void)three; (void)flags;
    (void)found; (void)cb; (void)user;
    return missing_fail(handle);
}

BOOL WINAPI MiniDumpWriteDump(HANDLE process, DWORD pid, HANDLE file, MINIDUMP_TYPE type,
                              PMINIDUMP_EXCEPTION_INFORMATION exception,
                              PMINIDUMP_USER_STREAM_INFORMATION user_streams,
                              PMINIDUMP_CALLBACK_INFORMATION callback)
{
    (void)process; (void)pid; (void)file; (void)type; (void)exception;
    (void)user_streams; (void)callback;
    SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
    return FALSE;
}

BOOL WINAPI MiniDumpReadDumpStream(PVOID base, ULONG stream, PMINIDUMP_DIRECTORY *dir,
                                   PVOID *ptr, ULONG *size)
{
    (void)base; (void)stream; (void)dir; (void)ptr; (void)size;
    SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
    return FALSE;
}

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

/* Locals are not read yet, so an inline context selects the same scope as
 * its address: the function that holds it. */
BOOL WINAPI SymSetScopeFromInlineContext(HANDLE handle, ULONG64 addr, ULONG ctx)
{
    (void)ctx;
    return SymSetScopeFromAddr(handle, addr);
}
