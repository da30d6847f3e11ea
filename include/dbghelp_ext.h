/*
 * dbghelp_ext.h: what mingw-w64's <dbghelp.h> lacks of Microsoft's, for the
 * DLL, the tools and the tests.  Include after <dbghelp.h>.
 */
#ifndef DBGHELP_EXT_H
#define DBGHELP_EXT_H

#include <windows.h>
#include <dbghelp.h>

#ifndef STATUS_INVALID_CID
#define STATUS_INVALID_CID ((DWORD)0xC000000B)
#endif
/* SymGetOmaps' entries (Microsoft's dbghelp.h). */
typedef struct _OMAP { ULONG rva; ULONG rvaTo; } OMAP, *POMAP;

/* SymEnumSourceLines' flags (Microsoft's dbghelp.h). */
#ifndef ESLFLAG_FULLPATH
#define ESLFLAG_FULLPATH 0x1
#define ESLFLAG_NEAREST  0x2
#define ESLFLAG_PREV     0x4
#define ESLFLAG_NEXT     0x8
#endif
#ifndef SLMFLAG_ALT_INDEX
#define SLMFLAG_ALT_INDEX 0x2
#endif
#ifndef SLMFLAG_NO_SYMBOLS
#define SLMFLAG_NO_SYMBOLS 0x4
#endif

/* The Unicode payload of the CBA_DEFERRED_SYMBOL_LOAD_* actions. */
typedef struct _IMAGEHLP_DEFERRED_SYMBOL_LOADW64
{
    DWORD SizeOfStruct;
    DWORD64 BaseOfImage;
    DWORD CheckSum;
    DWORD TimeDateStamp;
    WCHAR FileName[MAX_PATH + 1];
    BOOLEAN Reparse;
    HANDLE hFile;
    DWORD Flags;
} IMAGEHLP_DEFERRED_SYMBOL_LOADW64, *PIMAGEHLP_DEFERRED_SYMBOL_LOADW64;

BOOL WINAPI SymRegisterCallbackW64(HANDLE, PSYMBOL_REGISTERED_CALLBACK64, ULONG64);

/* The 32-bit structures and callbacks: the SDK header replaces them with
 * the 64-bit ones on Win64, but both DLLs export the 32-bit functions. */
#ifdef _WIN64
typedef struct dbg_imagehlp_module32
{
    DWORD SizeOfStruct;
    DWORD BaseOfImage;
    DWORD ImageSize;
    DWORD TimeDateStamp;
    DWORD CheckSum;
    DWORD NumSyms;
    SYM_TYPE SymType;
    CHAR ModuleName[32];
    CHAR ImageName[256];
    CHAR LoadedImageName[256];
} DBG_IMAGEHLP_MODULE32;

typedef struct dbg_imagehlp_modulew32
{
    DWORD SizeOfStruct;
    DWORD BaseOfImage;
    DWORD ImageSize;
    DWORD TimeDateStamp;
    DWORD CheckSum;
    DWORD NumSyms;
    SYM_TYPE SymType;
    WCHAR ModuleName[32];
    WCHAR ImageName[256];
    WCHAR LoadedImageName[256];
} DBG_IMAGEHLP_MODULEW32;
#else
/* On Win32 the SDK has them under their own names. */
typedef IMAGEHLP_MODULE DBG_IMAGEHLP_MODULE32;
typedef IMAGEHLP_MODULEW DBG_IMAGEHLP_MODULEW32;
#endif

typedef struct dbg_imagehlp_deferred_symbol_load32
{
    DWORD SizeOfStruct;
    DWORD BaseOfImage;
    DWORD CheckSum;
    DWORD TimeDateStamp;
    CHAR FileName[MAX_PATH];
    BOOLEAN Reparse;
    HANDLE hFile;
} DBG_IMAGEHLP_DEFERRED_SYMBOL_LOAD32;

typedef BOOL (CALLBACK *DBG_ENUMMODULES_CALLBACK32)(PCSTR, ULONG, PVOID);
typedef BOOL (CALLBACK *DBG_ENUMLOADED_CALLBACK32)(PCSTR, ULONG, ULONG, PVOID);
typedef BOOL (CALLBACK *DBG_REGISTERED_CALLBACK32)(HANDLE, ULONG, PVOID, PVOID);

/* IMAGEHLP_SYMBOL and IMAGEHLP_LINE, the 32-bit forms (hidden on Win64). */
#ifdef _WIN64
typedef struct dbg_imagehlp_symbol32
{
    DWORD SizeOfStruct;
    DWORD Address;
    DWORD Size;
    DWORD Flags;
    DWORD MaxNameLength;
    CHAR Name[1];
} DBG_IMAGEHLP_SYMBOL32;

typedef struct dbg_imagehlp_line32
{
    DWORD SizeOfStruct;
    PVOID Key;
    DWORD LineNumber;
    PCHAR FileName;
    DWORD Address;
} DBG_IMAGEHLP_LINE32;
#else
typedef IMAGEHLP_SYMBOL DBG_IMAGEHLP_SYMBOL32;
typedef IMAGEHLP_LINE DBG_IMAGEHLP_LINE32;
#endif
typedef BOOL (CALLBACK *DBG_ENUMSYMBOLS_CALLBACK32)(PCSTR, ULONG, ULONG, PVOID);
typedef BOOL (CALLBACK *DBG_ENUMSYMBOLS_CALLBACKW32)(PCWSTR, ULONG, ULONG, PVOID);

/* ---- symbols and inline frames (not in mingw's header) ---------------- */

#ifndef SYMENUM_OPTIONS_DEFAULT
#define SYMENUM_OPTIONS_DEFAULT 0x00000001
#define SYMENUM_OPTIONS_INLINE 0x00000002
#endif
#ifndef SYMFLAG_PUBLIC_CODE
#define SYMFLAG_PUBLIC_CODE 0x00400000
#endif

BOOL WINAPI SymEnumSymbolsEx(HANDLE, ULONG64, PCSTR, PSYM_ENUMERATESYMBOLS_CALLBACK, PVOID, DWORD);
BOOL WINAPI SymEnumSymbolsExW(HANDLE, ULONG64, PCWSTR, PSYM_ENUMERATESYMBOLS_CALLBACKW, PVOID, DWORD);
BOOL WINAPI SymSetScopeFromAddr(HANDLE, ULONG64);
BOOL WINAPI SymMatchStringA(PCSTR, PCSTR, BOOL);
DWORD WINAPI SymAddrIncludeInlineTrace(HANDLE, DWORD64);
BOOL WINAPI SymQueryInlineTrace(HANDLE, DWORD64, DWORD, DWORD64, DWORD64, LPDWORD, LPDWORD);
BOOL WINAPI SymFromInlineContext(HANDLE, DWORD64, ULONG, PDWORD64, PSYMBOL_INFO);
BOOL WINAPI SymFromInlineContextW(HANDLE, DWORD64, ULONG, PDWORD64, PSYMBOL_INFOW);
BOOL WINAPI SymGetLineFromInlineContext(HANDLE, DWORD64, ULONG, DWORD64, PDWORD, PIMAGEHLP_LINE64);
BOOL WINAPI SymGetLineFromInlineContextW(HANDLE, DWORD64, ULONG, DWORD64, PDWORD, PIMAGEHLP_LINEW64);

/* ---- stack walking (not in mingw's header) ----------------------------- */

#ifndef SYM_STKWALK_DEFAULT
#define SYM_STKWALK_DEFAULT 0x00000000
#define SYM_STKWALK_FORCE_FRAMEPTR 0x00000001
#endif

BOOL WINAPI StackWalkEx(DWORD, HANDLE, HANDLE, LPSTACKFRAME_EX, PVOID, PREAD_PROCESS_MEMORY_ROUTINE64,
                        PFUNCTION_TABLE_ACCESS_ROUTINE64, PGET_MODULE_BASE_ROUTINE64,
                        PTRANSLATE_ADDRESS_ROUTINE64, DWORD);
PVOID WINAPI SymFunctionTableAccess64AccessRoutines(HANDLE, DWORD64, PREAD_PROCESS_MEMORY_ROUTINE64,
                                                    PGET_MODULE_BASE_ROUTINE64);

#endif /* DBGHELP_EXT_H */
