/*
 * wtest_dbghelp.h: the dbghelp declarations the tests need beyond mingw's
 * <dbghelp.h>.  Written separately from the DLL's include/dbghelp_ext.h on
 * purpose: a layout mistake shared by the DLL and its tests would pass.
 */
#ifndef WTEST_DBGHELP_H
#define WTEST_DBGHELP_H

#include <windows.h>
#include <dbghelp.h>

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

#endif /* WTEST_DBGHELP_H */
