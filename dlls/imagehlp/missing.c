/*
 * missing.c: imagehlp exports for the debug formats of the 1990s that this
 * DLL does not write: .dbg files (SplitSymbols, UpdateDebugInfoFile(Ex),
 * MapDebugInformation) and private CodeView NB09 symbols
 * (RemovePrivateCvSymbolic(Ex)).  Each fails with ERROR_CALL_NOT_IMPLEMENTED
 * and touches none of its out parameters; README lists them.  They exist so
 * that programs importing them bind.
 */
#include "imagehlp_private.h"

/* Not in mingw's header, or only on 32-bit targets. */
BOOL WINAPI RemovePrivateCvSymbolic(PCHAR, PCHAR *, ULONG *);
BOOL WINAPI RemovePrivateCvSymbolicEx(PCHAR, ULONG, PCHAR *, ULONG *);
#ifdef _WIN64
typedef void *PIMAGE_DEBUG_INFORMATION;
PIMAGE_DEBUG_INFORMATION WINAPI MapDebugInformation(HANDLE, PSTR, PSTR, DWORD);
BOOL WINAPI UnmapDebugInformation(PIMAGE_DEBUG_INFORMATION);
#endif

static BOOL not_implemented(void)
{
    SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
    return FALSE;
}

BOOL WINAPI SplitSymbols(PSTR image, PCSTR symbols_path, PSTR symbol_file, DWORD flags)
{
    (void)image; (void)symbols_path; (void)symbol_file; (void)flags;
    return not_implemented();
}

BOOL WINAPI UpdateDebugInfoFile(PCSTR image, PCSTR symbol_path, PSTR debug_file,
                                PIMAGE_NT_HEADERS32 nt)
{
    (void)image; (void)symbol_path; (void)debug_file; (void)nt;
    return not_implemented();
}

BOOL WINAPI UpdateDebugInfoFileEx(PCSTR image, PCSTR symbol_path, PSTR debug_file,
                                  PIMAGE_NT_HEADERS32 nt, DWORD old_checksum)
{
    (void)image; (void)symbol_path; (void)debug_file; (void)nt; (void)old_checksum;
    return not_implemented();
}

BOOL WINAPI RemovePrivateCvSymbolic(PCHAR data, PCHAR *new_data, ULONG *new_size)
{
    (void)data; (void)new_data; (void)new_size;
    return not_implemented();
}

BOOL WINAPI RemovePrivateCvSymbolicEx(PCHAR data, ULONG size, PCHAR *new_data, ULONG *new_size)
{
    (void)data; (void)size; (void)new_data; (void)new_size;
    return not_implemented();
}

PIMAGE_DEBUG_INFORMATION WINAPI MapDebugInformation(HANDLE file, PSTR name, PSTR symbol_path,
                                                    DWORD base)
{
    (void)file; (void)name; (void)symbol_path; (void)base;
    not_implemented();
    return NULL;
}

/* Nothing is ever mapped: only NULL is a valid argument. */
BOOL WINAPI UnmapDebugInformation(PIMAGE_DEBUG_INFORMATION info)
{
    if (!info) return TRUE;
    return not_implemented();
}
