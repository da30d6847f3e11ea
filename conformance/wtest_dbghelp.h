/*
 * wtest_dbghelp.h: the dbghelp declarations the tests need beyond mingw's
 * <dbghelp.h>.  Written separately from the DLL's include/dbghelp_ext.h on
 * purpose: a layout mistake shared by the DLL and its tests would pass.
 */
#ifndef WTEST_DBGHELP_H
#define WTEST_DBGHELP_H

#include <windows.h>
#include <dbghelp.h>

/* SymEnumSourceLines flags, from Microsoft's documentation. */
#ifndef ESLFLAG_NEAREST
#define ESLFLAG_NEAREST 0x00000002
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#ifndef SLMFLAG_NO_SYMBOLS
#define SLMFLAG_NO_SYMBOLS 0x4  /* dbghelp.h; missing from mingw's copy */
#endif

/* The 32-bit IMAGEHLP_MODULE(W): on x86_64 mingw's <dbghelp.h> maps the
 * short names to the 64-bit ones, so the 32-bit exports are reached by
 * GetProcAddress with these layouts. */
struct module32
{
    DWORD    SizeOfStruct;
    DWORD    BaseOfImage;
    DWORD    ImageSize;
    DWORD    TimeDateStamp;
    DWORD    CheckSum;
    DWORD    NumSyms;
    SYM_TYPE SymType;
    CHAR     ModuleName[32];
    CHAR     ImageName[256];
    CHAR     LoadedImageName[256];
};
typedef struct module32 MODULE_INFO32;

struct module32w
{
    DWORD    SizeOfStruct;
    DWORD    BaseOfImage;
    DWORD    ImageSize;
    DWORD    TimeDateStamp;
    DWORD    CheckSum;
    DWORD    NumSyms;
    SYM_TYPE SymType;
    WCHAR    ModuleName[32];
    WCHAR    ImageName[256];
    WCHAR    LoadedImageName[256];
};

/* CBA_DEFERRED_SYMBOL_LOAD_* payload of a W registration (not in mingw). */
typedef struct
{
    DWORD SizeOfStruct;
    DWORD64 BaseOfImage;
    DWORD CheckSum;
    DWORD TimeDateStamp;
    WCHAR FileName[MAX_PATH + 1];
    BOOLEAN Reparse;
    HANDLE hFile;
    DWORD Flags;
} DEFERRED_LOADW64;

/* The same payload for a 32-bit registration, hidden by _IMAGEHLP64. */
typedef struct
{
    DWORD SizeOfStruct;
    DWORD BaseOfImage;
    DWORD CheckSum;
    DWORD TimeDateStamp;
    CHAR FileName[MAX_PATH];
    BOOLEAN Reparse;
    HANDLE hFile;
} DEFERRED_LOAD32;

/* Symbols and lines (the symbol and line areas reach every one of these
 * through GetProcAddress, so a dbghelp.dll lacking one fails checks, not
 * the program's load). */
#ifndef SYMENUM_OPTIONS_DEFAULT
#define SYMENUM_OPTIONS_DEFAULT 0x00000001
#endif
#ifndef SYMENUM_OPTIONS_INLINE
#define SYMENUM_OPTIONS_INLINE 0x00000002
#endif

/* SymTagEnum values (cvconst.h, not shipped by mingw). */
#define WTEST_SymTagFunction     5
#define WTEST_SymTagData         7
#define WTEST_SymTagPublicSymbol 10
#define WTEST_SymTagInlineSite   32
#ifndef SymTagFunction
#define SymTagFunction     WTEST_SymTagFunction
#define SymTagData         WTEST_SymTagData
#define SymTagPublicSymbol WTEST_SymTagPublicSymbol
#endif

/* The 32-bit IMAGEHLP_LINE and IMAGEHLP_SYMBOL, hidden by _IMAGEHLP64. */
struct line32
{
    DWORD SizeOfStruct;
    PVOID Key;
    DWORD LineNumber;
    PCHAR FileName;
    DWORD Address;
};
struct symbol32
{
    DWORD SizeOfStruct;
    DWORD Address;
    DWORD Size;
    DWORD Flags;
    DWORD MaxNameLength;
    CHAR Name[1];
};

typedef BOOL (WINAPI *SymEnumSymbolsEx_fn)(HANDLE, ULONG64, PCSTR, PSYM_ENUMERATESYMBOLS_CALLBACK,
                                           PVOID, DWORD);
typedef BOOL (WINAPI *SymEnumSymbolsExW_fn)(HANDLE, ULONG64, PCWSTR,
                                            PSYM_ENUMERATESYMBOLS_CALLBACKW, PVOID, DWORD);
typedef BOOL (WINAPI *SymSetScopeFromAddr_fn)(HANDLE, ULONG64);
typedef DWORD (WINAPI *SymAddrIncludeInlineTrace_fn)(HANDLE, DWORD64);
typedef BOOL (WINAPI *SymQueryInlineTrace_fn)(HANDLE, DWORD64, DWORD, DWORD64, DWORD64,
                                              LPDWORD, LPDWORD);
typedef BOOL (WINAPI *SymFromInlineContext_fn)(HANDLE, DWORD64, ULONG, PDWORD64, PSYMBOL_INFO);
typedef BOOL (WINAPI *SymFromInlineContextW_fn)(HANDLE, DWORD64, ULONG, PDWORD64,
                                                PSYMBOL_INFOW);
typedef BOOL (WINAPI *SymGetLineFromInlineContext_fn)(HANDLE, DWORD64, ULONG, DWORD64, PDWORD,
                                                      PIMAGEHLP_LINE64);
typedef BOOL (WINAPI *SymGetLineFromInlineContextW_fn)(HANDLE, DWORD64, ULONG, DWORD64, PDWORD,
                                                       PIMAGEHLP_LINEW64);
/* SymEnumLinesW takes a wide file name (mingw's header says PCSTR). */
typedef BOOL (CALLBACK *enumlinesW_cb)(PSRCCODEINFOW, PVOID);
typedef BOOL (WINAPI *SymEnumLinesW_fn)(HANDLE, ULONG64, PCWSTR, PCWSTR, enumlinesW_cb, PVOID);

#endif /* WTEST_DBGHELP_H */
