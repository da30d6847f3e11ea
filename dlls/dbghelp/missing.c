/*
 * missing.c: exported dbghelp functions this DLL does not implement yet
 * (source-server tokens, OMAP, the old user dumps).
 *
 * A program binds to a DLL only if every function it imports is exported,
 * so these exist to let Wine's winedbg start on our dbghelp.dll.  Each one
 * fails cleanly: FALSE (or NULL) with ERROR_CALL_NOT_IMPLEMENTED, after the
 * same handle check the implemented functions do, and touches none of its
 * out parameters.
 */
#include "dbghelp_private.h"

/* Unknown handle first (as everywhere else), then "not implemented". */
static BOOL missing_fail(HANDLE handle)
{
    SetLastError(process_is_known(handle) ? ERROR_CALL_NOT_IMPLEMENTED : ERROR_INVALID_HANDLE);
    return FALSE;
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


/* ---- source servers, supplements, OMAP, inline comparison --------------------- */

/* These need what this DLL does not read yet: PDB srcsrv streams and OMAP
 * (issue 13) and an undocumented format.  No process
 * handle: the error alone. */
static BOOL not_implemented(void)
{
    SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
    return FALSE;
}

typedef BOOL (CALLBACK *user_dump_cb)(DWORD, PVOID *, LPDWORD, PVOID);
typedef BOOL (CALLBACK *source_tokens_cb)(PVOID, size_t);
BOOL WINAPI DbgHelpCreateUserDump(LPCSTR, user_dump_cb, PVOID);
BOOL WINAPI DbgHelpCreateUserDumpW(LPCWSTR, user_dump_cb, PVOID);
BOOL WINAPI SymGetOmaps(HANDLE, DWORD64, POMAP *, PDWORD64, POMAP *, PDWORD64);
PCWSTR WINAPI SymSrvDeltaNameW(HANDLE, PCWSTR, PCWSTR, PCWSTR, PCWSTR);
PCWSTR WINAPI SymSrvGetSupplementW(HANDLE, PCWSTR, PCWSTR, PCWSTR);
PCSTR WINAPI SymSrvStoreSupplement(HANDLE, PCSTR, PCSTR, PCSTR, DWORD);
PCWSTR WINAPI SymSrvStoreSupplementW(HANDLE, PCWSTR, PCWSTR, PCWSTR, DWORD);
BOOL WINAPI SymGetSourceFileW(HANDLE, ULONG64, PCWSTR, PCWSTR, PWSTR, DWORD);
BOOL WINAPI SymGetSourceFileFromTokenW(HANDLE, PVOID, PCWSTR, PWSTR, DWORD);
BOOL WINAPI SymGetSourceVarFromTokenW(HANDLE, PVOID, PCWSTR, PCWSTR, PWSTR, DWORD);
BOOL WINAPI SymFromTokenW(HANDLE, DWORD64, DWORD, PSYMBOL_INFOW);
BOOL WINAPI SymEnumSourceFileTokens(HANDLE, ULONG64, source_tokens_cb);
BOOL WINAPI SymAddSourceStreamA(HANDLE, ULONG64, PCSTR, PBYTE, size_t);
BOOL WINAPI SymAddSourceStreamW(HANDLE, ULONG64, PCWSTR, PBYTE, size_t);
ULONG WINAPI SymGetFileLineOffsets64(HANDLE, PCSTR, PCSTR, PDWORD64, ULONG);
DWORD WINAPI SymCompareInlineTrace(HANDLE, DWORD64, DWORD, DWORD64, DWORD64, DWORD64);
#ifdef _WIN64
typedef void *PIMAGE_DEBUG_INFORMATION;
PIMAGE_DEBUG_INFORMATION WINAPI MapDebugInformation(HANDLE, PSTR, PSTR, DWORD);
BOOL WINAPI UnmapDebugInformation(PIMAGE_DEBUG_INFORMATION);
#endif

BOOL WINAPI DbgHelpCreateUserDump(LPCSTR file, user_dump_cb cb, PVOID user)
{
    (void)file; (void)cb; (void)user;
    return not_implemented();
}

BOOL WINAPI DbgHelpCreateUserDumpW(LPCWSTR file, user_dump_cb cb, PVOID user)
{
    (void)file; (void)cb; (void)user;
    return not_implemented();
}

BOOL WINAPI SymGetOmaps(HANDLE handle, DWORD64 base, POMAP *to, PDWORD64 nto, POMAP *from,
                        PDWORD64 nfrom)
{
    (void)base; (void)to; (void)nto; (void)from; (void)nfrom;
    return missing_fail(handle);
}

PCSTR WINAPI SymSrvDeltaName(HANDLE handle, PCSTR path, PCSTR type, PCSTR file1, PCSTR file2)
{
    (void)path; (void)type; (void)file1; (void)file2;
    missing_fail(handle);
    return NULL;
}

PCWSTR WINAPI SymSrvDeltaNameW(HANDLE handle, PCWSTR path, PCWSTR type, PCWSTR file1, PCWSTR file2)
{
    (void)path; (void)type; (void)file1; (void)file2;
    missing_fail(handle);
    return NULL;
}

PCSTR WINAPI SymSrvGetSupplement(HANDLE handle, PCSTR path, PCSTR node, PCSTR file)
{
    (void)path; (void)node; (void)file;
    missing_fail(handle);
    return NULL;
}

PCWSTR WINAPI SymSrvGetSupplementW(HANDLE handle, PCWSTR path, PCWSTR node, PCWSTR file)
{
    (void)path; (void)node; (void)file;
    missing_fail(handle);
    return NULL;
}

PCSTR WINAPI SymSrvStoreSupplement(HANDLE handle, PCSTR path, PCSTR node, PCSTR file, DWORD flags)
{
    (void)path; (void)node; (void)file; (void)flags;
    missing_fail(handle);
    return NULL;
}

PCWSTR WINAPI SymSrvStoreSupplementW(HANDLE handle, PCWSTR path, PCWSTR node, PCWSTR file, DWORD flags)
{
    (void)path; (void)node; (void)file; (void)flags;
    missing_fail(handle);
    return NULL;
}

BOOL WINAPI SymGetSourceFile(HANDLE handle, ULONG64 base, PCSTR params, PCSTR spec, PSTR path,
                             DWORD size)
{
    (void)base; (void)params; (void)spec; (void)path; (void)size;
    return missing_fail(handle);
}

BOOL WINAPI SymGetSourceFileW(HANDLE handle, ULONG64 base, PCWSTR params, PCWSTR spec, PWSTR path,
                              DWORD size)
{
    (void)base; (void)params; (void)spec; (void)path; (void)size;
    return missing_fail(handle);
}

BOOL WINAPI SymGetSourceFileFromToken(HANDLE handle, PVOID token, PCSTR params, PSTR path, DWORD size)
{
    (void)token; (void)params; (void)path; (void)size;
    return missing_fail(handle);
}

BOOL WINAPI SymGetSourceFileFromTokenW(HANDLE handle, PVOID token, PCWSTR params, PWSTR path,
                                       DWORD size)
{
    (void)token; (void)params; (void)path; (void)size;
    return missing_fail(handle);
}

BOOL WINAPI SymGetSourceVarFromToken(HANDLE handle, PVOID token, PCSTR params, PCSTR var, PSTR value,
                                     DWORD size)
{
    (void)token; (void)params; (void)var; (void)value; (void)size;
    return missing_fail(handle);
}

BOOL WINAPI SymGetSourceVarFromTokenW(HANDLE handle, PVOID token, PCWSTR params, PCWSTR var,
                                      PWSTR value, DWORD size)
{
    (void)token; (void)params; (void)var; (void)value; (void)size;
    return missing_fail(handle);
}

BOOL WINAPI SymFromToken(HANDLE handle, DWORD64 base, DWORD token, PSYMBOL_INFO info)
{
    (void)base; (void)token; (void)info;
    return missing_fail(handle);
}

BOOL WINAPI SymFromTokenW(HANDLE handle, DWORD64 base, DWORD token, PSYMBOL_INFOW info)
{
    (void)base; (void)token; (void)info;
    return missing_fail(handle);
}

BOOL WINAPI SymEnumSourceFileTokens(HANDLE handle, ULONG64 base, source_tokens_cb cb)
{
    (void)base; (void)cb;
    return missing_fail(handle);
}

BOOL WINAPI SymAddSourceStream(HANDLE handle, ULONG64 base, PCSTR file, PBYTE buf, size_t size)
{
    (void)base; (void)file; (void)buf; (void)size;
    return missing_fail(handle);
}

BOOL WINAPI SymAddSourceStreamA(HANDLE handle, ULONG64 base, PCSTR file, PBYTE buf, size_t size)
{
    (void)base; (void)file; (void)buf; (void)size;
    return missing_fail(handle);
}

BOOL WINAPI SymAddSourceStreamW(HANDLE handle, ULONG64 base, PCWSTR file, PBYTE buf, size_t size)
{
    (void)base; (void)file; (void)buf; (void)size;
    return missing_fail(handle);
}

ULONG WINAPI SymGetFileLineOffsets64(HANDLE handle, PCSTR module, PCSTR file, PDWORD64 buf, ULONG n)
{
    (void)module; (void)file; (void)buf; (void)n;
    missing_fail(handle);
    return 0;
}

/* SYM_INLINE_COMP_ERROR */
DWORD WINAPI SymCompareInlineTrace(HANDLE handle, DWORD64 addr1, DWORD ctx1, DWORD64 ret1,
                                   DWORD64 addr2, DWORD64 ret2)
{
    (void)addr1; (void)ctx1; (void)ret1; (void)addr2; (void)ret2;
    missing_fail(handle);
    return 0;
}

PIMAGE_DEBUG_INFORMATION WINAPI MapDebugInformation(HANDLE file, PSTR name, PSTR path, DWORD base)
{
    (void)file; (void)name; (void)path; (void)base;
    not_implemented();
    return NULL;
}

/* Nothing is ever mapped: only NULL is a valid argument. */
BOOL WINAPI UnmapDebugInformation(PIMAGE_DEBUG_INFORMATION info)
{
    if (!info) return TRUE;
    return not_implemented();
}
