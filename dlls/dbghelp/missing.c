/*
 * missing.c: exported dbghelp functions this DLL does not implement yet
 * (type information and symbol indices, minidumps, source-server
 * tokens).
 *
 * A program binds to a DLL only if every function it imports is exported,
 * so these exist to let Wine's winedbg start on our dbghelp.dll.  Each one
 * fails cleanly: FALSE (or NULL) with ERROR_CALL_NOT_IMPLEMENTED, after the
 * same handle check the implemented functions do, and touches none of its
 * out parameters.
 */
/* mingw's header declares SymEnumTypesByNameW with an ANSI mask; the
 * export follows Microsoft's declaration (a wide one). */
#define SymEnumTypesByNameW mingw_SymEnumTypesByNameW
#include "dbghelp_private.h"
#undef SymEnumTypesByNameW

/* Not in mingw's header. */
BOOL WINAPI SymEnumTypesW(HANDLE, ULONG64, PSYM_ENUMERATESYMBOLS_CALLBACKW, PVOID);
BOOL WINAPI SymEnumTypesByNameW(HANDLE, ULONG64, PCWSTR, PSYM_ENUMERATESYMBOLS_CALLBACKW, PVOID);
BOOL WINAPI SymGetTypeInfoEx(HANDLE, DWORD64, PVOID);
BOOL WINAPI SymSetScopeFromIndex(HANDLE, ULONG64, DWORD);

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

BOOL WINAPI SymEnumTypesW(HANDLE handle, ULONG64 base, PSYM_ENUMERATESYMBOLS_CALLBACKW cb,
                          PVOID user)
{
    (void)base; (void)cb; (void)user;
    return missing_fail(handle);
}

BOOL WINAPI SymEnumTypesByNameW(HANDLE handle, ULONG64 base, PCWSTR mask,
                                PSYM_ENUMERATESYMBOLS_CALLBACKW cb, PVOID user)
{
    (void)base; (void)mask; (void)cb; (void)user;
    return missing_fail(handle);
}

BOOL WINAPI SymGetTypeFromName(HANDLE handle, ULONG64 base, PCSTR name, PSYMBOL_INFO info)
{
    (void)base; (void)name; (void)info;
    return missing_fail(handle);
}

BOOL WINAPI SymGetTypeFromNameW(HANDLE handle, ULONG64 base, PCWSTR name, PSYMBOL_INFOW info)
{
    (void)base; (void)name; (void)info;
    return missing_fail(handle);
}

BOOL WINAPI SymGetTypeInfoEx(HANDLE handle, DWORD64 base, PVOID params)
{
    (void)base; (void)params;
    return missing_fail(handle);
}

/* Symbol indices come with the type model (SymGetTypeInfo's
 * TI_GET_SYMINDEX); until then no index names a symbol. */
BOOL WINAPI SymFromIndex(HANDLE handle, ULONG64 base, DWORD index, PSYMBOL_INFO info)
{
    (void)base; (void)index; (void)info;
    return missing_fail(handle);
}

BOOL WINAPI SymFromIndexW(HANDLE handle, ULONG64 base, DWORD index, PSYMBOL_INFOW info)
{
    (void)base; (void)index; (void)info;
    return missing_fail(handle);
}

BOOL WINAPI SymSetScopeFromIndex(HANDLE handle, ULONG64 base, DWORD index)
{
    (void)base; (void)index;
    return missing_fail(handle);
}

/* Source-server tokens live in a PDB's srcsrv stream (the PDB reader is
 * issue 13). */
BOOL WINAPI SymGetSourceFileToken(HANDLE handle, ULONG64 base, PCSTR spec, PVOID *token,
                                  DWORD *size)
{
    (void)base; (void)spec; (void)token; (void)size;
    return missing_fail(handle);
}

BOOL WINAPI SymGetSourceFileTokenW(HANDLE handle, ULONG64 base, PCWSTR spec, PVOID *token,
                                   DWORD *size)
{
    (void)base; (void)spec; (void)token; (void)size;
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

