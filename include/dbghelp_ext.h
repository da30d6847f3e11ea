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

#endif /* DBGHELP_EXT_H */
